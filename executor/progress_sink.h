// Receives the executor's progress, for a terminal printer, a JSON event
// stream, or a test. Called on the executor's thread; methods must not block.
// (Not named "Status": that name belongs to absl::Status.)
#ifndef BATON_EXECUTOR_PROGRESS_SINK_H_
#define BATON_EXECUTOR_PROGRESS_SINK_H_

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "executor/handoff.pb.h"
#include "executor/step_plan.h"

namespace baton::executor {

class ProgressSink {
 public:
  virtual ~ProgressSink() = default;
  virtual void StepStarted(const PlannedStep& step, int attempt) {}
  // Called for succeeded, failed and approved steps alike.
  virtual void StepFinished(const handoff::StepRecord& record) {}
  virtual void StepRetrying(const handoff::StepRecord& record, absl::Duration delay) {}
  // A human gate paused the run.
  virtual void WaitingForHuman(const PlannedStep& step) {}
  // Advancing a run put these workspace paths back to the checkpoint.
  virtual void WorkspaceRestored(const std::vector<std::string>& paths) {}
  // A corrupt checkpoint was moved aside (RunDirectory::RecoverLatestCheckpoint);
  // `message` names it and the checkpoint the run continues from.
  virtual void CheckpointDiscarded(const std::string& message) {}
};

}  // namespace baton::executor

#endif  // BATON_EXECUTOR_PROGRESS_SINK_H_
