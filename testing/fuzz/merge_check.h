// The executor-side check shared by the agent-result fuzz targets: merging
// a decoded AgentResult into a handoff (executor/result_merger) either
// succeeds with every artifact inside the workspace, or fails and leaves the
// handoff untouched. The workspace is a scratch folder with a few files, a
// symlink leading out of it and a file outside it.
// Thread-safety: call from the fuzzing thread only.
#ifndef BATON_TESTING_FUZZ_MERGE_CHECK_H_
#define BATON_TESTING_FUZZ_MERGE_CHECK_H_

#include "absl/strings/string_view.h"
#include "executor/handoff.pb.h"

namespace baton::fuzz {

// Creates the workspace (once per process).
void SetUpMergeWorkspace();

// Merges `result` as agent "fuzz-agent" and checks the invariants above;
// `input` is quoted when one is broken.
void CheckMerge(const handoff::AgentResult& result, absl::string_view input);

}  // namespace baton::fuzz

#endif  // BATON_TESTING_FUZZ_MERGE_CHECK_H_
