// Runs one agent step. An interface so that the executor's loop can be tested
// with scripted fakes; ProcessStepRunner is the real one.
#ifndef BATON_EXECUTOR_STEP_RUNNER_H_
#define BATON_EXECUTOR_STEP_RUNNER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "executor/agent_registry.h"
#include "executor/handoff.pb.h"

namespace baton::executor {

// Where a step's files go.
struct StepPaths {
  std::string workspace;   // The agent's working directory.
  std::string step_dir;    // request.pb and stderr.log live here.
  std::string scratch_dir; // The agent's private scratch space.
  // Besides the three above, where the agent may write (the repository's
  // git directory, so that the git-workflow-manager can commit).
  std::vector<std::string> extra_writable;
};

// How the agent process ended, for the step record.
struct StepTelemetry {
  int exit_code = -1;
  int term_signal = 0;
  absl::Duration elapsed;
};

class StepRunner {
 public:
  virtual ~StepRunner() = default;

  // Runs `agent` on `request`. Returns the agent's result when it spoke the
  // protocol (whatever its outcome). Errors, each naming the agent and its
  // log: NotFound (program missing), DeadlineExceeded (timeout),
  // ResourceExhausted (output cap), Internal (non-zero exit, crash by
  // signal, stdout that is not an AgentResult of this protocol version).
  virtual absl::StatusOr<handoff::AgentResult> RunStep(
      const AgentSpec& agent, const handoff::AgentRequest& request,
      const StepPaths& paths, StepTelemetry* telemetry) = 0;
};

}  // namespace baton::executor

#endif  // BATON_EXECUTOR_STEP_RUNNER_H_
