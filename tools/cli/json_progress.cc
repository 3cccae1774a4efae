#include "tools/cli/json_progress.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/util/json_util.h"

namespace baton::cli {
namespace {

std::string Quote(absl::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          absl::StrAppend(&out, "\\u00", absl::Hex(static_cast<unsigned char>(c), absl::kZeroPad2));
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

}  // namespace

std::string OneLineJson(const google::protobuf::Message& message) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  return json;
}

void JsonProgress::StepStarted(const executor::PlannedStep& step, int attempt) {
  out_ << absl::StrCat("{\"event\":\"step_started\",\"index\":", step.index,
                       ",\"agent\":", Quote(step.step.agent()), ",\"note\":", Quote(step.step.note()),
                       ",\"attempt\":", attempt, "}")
       << std::endl;
}

void JsonProgress::StepFinished(const handoff::StepRecord& record) {
  out_ << "{\"event\":\"step_finished\",\"record\":" << OneLineJson(record) << "}" << std::endl;
}

void JsonProgress::StepRetrying(const handoff::StepRecord& record, absl::Duration delay) {
  out_ << "{\"event\":\"step_retrying\",\"delay_ms\":" << absl::ToInt64Milliseconds(delay)
       << ",\"record\":" << OneLineJson(record) << "}" << std::endl;
}

void JsonProgress::WaitingForHuman(const executor::PlannedStep& step) {
  out_ << absl::StrCat("{\"event\":\"waiting_for_human\",\"index\":", step.index,
                       ",\"gate\":", Quote(step.step.note()), "}")
       << std::endl;
}

void JsonProgress::WorkspaceRestored(const std::vector<std::string>& paths) {
  std::vector<std::string> quoted;
  for (const std::string& path : paths) quoted.push_back(Quote(path));
  out_ << "{\"event\":\"workspace_restored\",\"paths\":[" << absl::StrJoin(quoted, ",") << "]}"
       << std::endl;
}

void JsonProgress::CheckpointDiscarded(const std::string& message) {
  out_ << "{\"event\":\"checkpoint_discarded\",\"message\":" << Quote(message) << "}"
       << std::endl;
}

}  // namespace baton::cli
