// Fuzz target: the `json` agent protocol's result decoding
// (executor/json_protocol ParseJsonAgentResult, what ProcessStepRunner does
// with a JSON agent's stdout), then the executor's merge of the result.
// Invariants: errors are InvalidArgument naming the agent; a result that
// decodes survives MessageToAgentJson -> ParseJsonAgentResult unchanged;
// merging keeps artifacts inside the workspace or changes nothing.
#include <cstddef>
#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "executor/handoff.pb.h"
#include "executor/json_protocol.h"
#include "testing/fuzz/fuzz_support.h"
#include "testing/fuzz/merge_check.h"

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  baton::fuzz::InitFuzzTarget((*argv)[0]);
  baton::fuzz::SetUpMergeWorkspace();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view json = baton::fuzz::AsText(data, size);
  if (size > 64 * 1024) return 0;
  const absl::StatusOr<baton::handoff::AgentResult> parsed =
      baton::executor::ParseJsonAgentResult(json, "fuzz-agent");
  if (!parsed.ok()) {
    FUZZ_CHECK(parsed.status().code() == absl::StatusCode::kInvalidArgument, json);
    FUZZ_CHECK(absl::StrContains(parsed.status().message(), "agent fuzz-agent"), json);
    return 0;
  }
  const std::string again = baton::executor::MessageToAgentJson(*parsed);
  const absl::StatusOr<baton::handoff::AgentResult> reparsed =
      baton::executor::ParseJsonAgentResult(again, "fuzz-agent");
  FUZZ_CHECK(reparsed.ok(), json);
  FUZZ_CHECK(baton::fuzz::SameMessage(*parsed, *reparsed), json);
  baton::fuzz::CheckMerge(*parsed, json);
  return 0;
}
