// Prints a run's progress for a person at a terminal: one line per step with
// its agent, note, duration and outcome.
#ifndef BATON_TOOLS_CLI_TERMINAL_PROGRESS_H_
#define BATON_TOOLS_CLI_TERMINAL_PROGRESS_H_

#include <ostream>

#include "absl/time/time.h"
#include "executor/progress_sink.h"

namespace baton::cli {

class TerminalProgress : public executor::ProgressSink {
 public:
  // `out` must outlive this object. `total_steps` is the chain's length.
  TerminalProgress(std::ostream& out, int total_steps)
      : out_(out), total_steps_(total_steps) {}

  void StepStarted(const executor::PlannedStep& step, int attempt) override;
  void StepFinished(const handoff::StepRecord& record) override;
  void StepRetrying(const handoff::StepRecord& record, absl::Duration delay) override;
  void WaitingForHuman(const executor::PlannedStep& step) override;
  void WorkspaceRestored(const std::vector<std::string>& paths) override;

 private:
  std::ostream& out_;
  int total_steps_;
};

}  // namespace baton::cli

#endif  // BATON_TOOLS_CLI_TERMINAL_PROGRESS_H_
