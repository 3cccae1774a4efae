// Prints a run's progress for a person: one line per step with its agent,
// note, duration and outcome. On a live terminal, a running step also shows
// a spinner and its elapsed time, redrawn in place ten times a second.
// Thread-safety: the executor serialises calls; the spinner thread shares
// state under a mutex.
#ifndef BATON_TOOLS_CLI_TERMINAL_PROGRESS_H_
#define BATON_TOOLS_CLI_TERMINAL_PROGRESS_H_

#include <map>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "executor/progress_sink.h"

namespace baton::cli {

class TerminalProgress : public executor::ProgressSink {
 public:
  // `out` must outlive this object. `total_steps` is the chain's length.
  // `live`: draw the spinner line (only for a terminal).
  TerminalProgress(std::ostream& out, int total_steps, bool live = false);
  ~TerminalProgress() override;

  void StepStarted(const executor::PlannedStep& step, int attempt) override;
  void StepFinished(const handoff::StepRecord& record) override;
  void StepRetrying(const handoff::StepRecord& record, absl::Duration delay) override;
  void WaitingForHuman(const executor::PlannedStep& step) override;
  void WorkspaceRestored(const std::vector<std::string>& paths) override;
  void CheckpointDiscarded(const std::string& message) override;

 private:
  std::string Label(int index, const std::string& agent, const std::string& note) const;
  void Spin();
  void ClearLiveLine();

  std::ostream& out_;
  int total_steps_;
  bool live_;
  absl::Mutex mu_;
  // Running steps: index -> (label, start).
  std::map<int, std::pair<std::string, absl::Time>> running_ ABSL_GUARDED_BY(mu_);
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  bool line_drawn_ ABSL_GUARDED_BY(mu_) = false;
  std::thread spinner_;
};

// True when `fd` is a terminal (and TERM is not "dumb").
bool IsLiveTerminal(int fd);

}  // namespace baton::cli

#endif  // BATON_TOOLS_CLI_TERMINAL_PROGRESS_H_
