// The real StepRunner: each step is a subprocess (executor/subprocess.h) fed
// the binary AgentRequest on stdin; its stdout must be one AgentResult.
// Thread-safety: stateless; RunStep may run concurrently.
#ifndef BATON_EXECUTOR_PROCESS_STEP_RUNNER_H_
#define BATON_EXECUTOR_PROCESS_STEP_RUNNER_H_

#include "executor/step_runner.h"

namespace baton::executor {

class ProcessStepRunner : public StepRunner {
 public:
  absl::StatusOr<handoff::AgentResult> RunStep(const AgentSpec& agent,
                                               const handoff::AgentRequest& request,
                                               const StepPaths& paths,
                                               StepTelemetry* telemetry) override;
};

// The environment an agent gets: PATH, HOME and TMPDIR (the scratch dir),
// LANG, plus each allowlisted variable that is set in Baton's environment.
std::vector<std::string> ScrubbedEnvironment(const AgentSpec& agent,
                                             const std::string& scratch_dir);

}  // namespace baton::executor

#endif  // BATON_EXECUTOR_PROCESS_STEP_RUNNER_H_
