// The real StepRunner: each step is a subprocess (executor/subprocess.h)
// started with an argv (never a shell), in the workspace, with a scrubbed
// environment. How it talks to Baton depends on the agent's protocol:
//
//   proto   the binary AgentRequest on stdin; stdout must be one binary
//           AgentResult.
//   json    the request as JSON on stdin; stdout must be one AgentResult in
//           JSON (executor/json_protocol.h).
//           The request is streamed to stdin from memory; it is written to
//           the step folder (request.pb / request.json) when the command
//           names it with {request}, and after a step that did not succeed,
//           for inspection.
//   prompt  a markdown prompt (prompt.md, executor/prompt_protocol.h) on stdin,
//           or through {prompt} / {prompt_text}; stdout is the step's report.
//           Its first line is the summary; the whole report is kept as a
//           REPORT artifact (commit=false) at <workspace>/.baton/reports/
//           <run-id>/<step folder name>/report.md. Every file the
//           command created or changed in the workspace (git status before
//           and after) becomes an artifact to commit; changes outside the
//           workspace (elsewhere in the repository, or symlinks leading out)
//           fail the step. Deleted files become WARNING findings.
//
// Command agents (not built-ins) may write only beneath the workspace, the
// step's scratch and step folders, and HOME when HOME is allowlisted: the
// kernel refuses other writes where it supports Landlock (subprocess.h).
// Command arguments get their placeholders replaced (kCommandPlaceholders in
// executor/agent_registry.h). When an agent has may_write_files=false, the
// step fails if the command changed any workspace file, whatever its
// protocol. Exit code 75 (EX_TEMPFAIL) counts as a transient failure, so the
// executor retries it up to the agent's max_attempts.
//
// Thread-safety: stateless; RunStep may run concurrently for different steps.
#ifndef BATON_EXECUTOR_PROCESS_STEP_RUNNER_H_
#define BATON_EXECUTOR_PROCESS_STEP_RUNNER_H_

#include <string>
#include <vector>

#include "executor/step_runner.h"

namespace baton::executor {

class ProcessStepRunner : public StepRunner {
 public:
  // Errors, each naming the agent (and its log where there is one), besides
  // those of StepRunner: Unavailable (exit code 75), Internal for JSON that
  // does not parse or fit AgentResult (naming the offending path) and for a
  // prompt agent that printed no report, PermissionDenied for writes outside the workspace or by
  // an agent that may not write, FailedPrecondition when changes must be
  // watched but the workspace is not in a git repository.
  absl::StatusOr<handoff::AgentResult> RunStep(const AgentSpec& agent,
                                               const handoff::AgentRequest& request,
                                               const StepPaths& paths,
                                               StepTelemetry* telemetry) override;
};

// The environment an agent gets: PATH, HOME and TMPDIR (the scratch dir),
// LANG, then each allowlisted variable that is set in Baton's environment
// (an allowlisted PATH, HOME or LANG replaces the base value).
std::vector<std::string> ScrubbedEnvironment(const AgentSpec& agent,
                                             const std::string& scratch_dir);

}  // namespace baton::executor

#endif  // BATON_EXECUTOR_PROCESS_STEP_RUNNER_H_
