// Time travel over a run's checkpoints: rewind a run to an earlier
// checkpoint, or start a new run from one (fork). Nothing is deleted: a
// rewind writes the old checkpoint again as the newest one, so the later
// checkpoints and the journal keep the whole history.
#ifndef BATON_EXECUTOR_RUN_HISTORY_H_
#define BATON_EXECUTOR_RUN_HISTORY_H_

#include <string>

#include "absl/status/statusor.h"
#include "executor/run_directory.h"

namespace baton::executor {

// Makes checkpoint `sequence` the run's current state again (takes the run's
// lock). The next Advance restores the workspace to it. Returns the new
// checkpoint's sequence number. NotFound for an unknown checkpoint.
absl::StatusOr<int> RewindRun(RunDirectory& run, int sequence);

// Creates run `manifest.run_id()` under `runs_root` whose first checkpoint
// is checkpoint `sequence` of `source` (with the new run id), and writes its
// manifest. The caller has prepared the new run's workspace.
absl::StatusOr<RunDirectory> ForkRun(const RunDirectory& source, int sequence,
                                     const std::string& runs_root,
                                     handoff::RunManifest manifest);

}  // namespace baton::executor

#endif  // BATON_EXECUTOR_RUN_HISTORY_H_
