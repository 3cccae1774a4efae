// Progress as JSON Lines for automation (`--json`): one object per event,
// {"event": "step_started", "index": 0, "agent": "...", ...}, flushed as it
// happens.
#ifndef BATON_TOOLS_CLI_JSON_PROGRESS_H_
#define BATON_TOOLS_CLI_JSON_PROGRESS_H_

#include <ostream>
#include <string>
#include <vector>

#include "executor/progress_sink.h"

namespace baton::cli {

class JsonProgress : public executor::ProgressSink {
 public:
  explicit JsonProgress(std::ostream& out) : out_(out) {}

  void StepStarted(const executor::PlannedStep& step, int attempt) override;
  void StepFinished(const handoff::StepRecord& record) override;
  void StepRetrying(const handoff::StepRecord& record, absl::Duration delay) override;
  void WaitingForHuman(const executor::PlannedStep& step) override;
  void WorkspaceRestored(const std::vector<std::string>& paths) override;
  void CheckpointDiscarded(const std::string& message) override;

 private:
  std::ostream& out_;
};

// `message` in the proto3 JSON mapping on one line.
std::string OneLineJson(const google::protobuf::Message& message);

}  // namespace baton::cli

#endif  // BATON_TOOLS_CLI_JSON_PROGRESS_H_
