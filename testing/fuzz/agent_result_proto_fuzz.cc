// Fuzz target: the binary handoff protocol's decoding. The input is read as
// the AgentResult a built-in (proto) agent prints on stdout (what
// ProcessStepRunner parses), and as a Handoff (what the executor reads back
// from checkpoints and `baton edit` shows as text). Invariants: a result
// that decodes re-encodes to an equal message, goes through the json
// protocol's encoder and decoder unchanged, and merges safely (see
// merge_check.h); a handoff survives HandoffToText -> HandoffFromText.
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "executor/handoff.pb.h"
#include "executor/handoff_edit.h"
#include "executor/json_protocol.h"
#include "testing/fuzz/fuzz_support.h"
#include "testing/fuzz/merge_check.h"

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  baton::fuzz::InitFuzzTarget((*argv)[0]);
  baton::fuzz::SetUpMergeWorkspace();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view bytes = baton::fuzz::AsText(data, size);
  if (size > 64 * 1024) return 0;

  baton::handoff::AgentResult result;
  // ProcessStepRunner refuses a result without an outcome, and so does the
  // json protocol: only results it accepts go on.
  if (result.ParseFromArray(data, static_cast<int>(size)) &&
      result.outcome() != baton::handoff::AgentResult::OUTCOME_UNSPECIFIED) {
    baton::handoff::AgentResult copy;
    FUZZ_CHECK(copy.ParseFromString(result.SerializeAsString()), bytes);
    FUZZ_CHECK(baton::fuzz::SameMessage(result, copy), bytes);
    // The JSON mapping has no place for unknown fields.
    result.DiscardUnknownFields();
    const std::string json = baton::executor::MessageToAgentJson(result);
    const absl::StatusOr<baton::handoff::AgentResult> from_json =
        baton::executor::ParseJsonAgentResult(json, "fuzz-agent");
    FUZZ_CHECK(from_json.ok(), bytes);
    FUZZ_CHECK(baton::fuzz::SameMessage(result, *from_json), bytes);
    baton::fuzz::CheckMerge(result, bytes);
  }

  baton::handoff::Handoff handoff;
  if (handoff.ParseFromArray(data, static_cast<int>(size))) {
    handoff.DiscardUnknownFields();
    const absl::StatusOr<baton::handoff::Handoff> from_text =
        baton::executor::HandoffFromText(baton::executor::HandoffToText(handoff));
    FUZZ_CHECK(from_text.ok(), bytes);
    FUZZ_CHECK(baton::fuzz::SameMessage(handoff, *from_text), bytes);
  }
  return 0;
}
