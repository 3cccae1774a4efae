#include "executor/process_step_runner.h"

#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "executor/atomic_file.h"
#include "executor/protocol_version.h"
#include "executor/subprocess.h"

namespace baton::executor {

std::vector<std::string> ScrubbedEnvironment(const AgentSpec& agent,
                                             const std::string& scratch_dir) {
  std::vector<std::string> env = {
      "PATH=/usr/local/bin:/usr/bin:/bin",
      absl::StrCat("HOME=", scratch_dir),
      absl::StrCat("TMPDIR=", scratch_dir),
      "LANG=C.UTF-8",
  };
  for (const std::string& name : agent.env_allowlist) {
    if (const char* value = std::getenv(name.c_str())) {
      env.push_back(absl::StrCat(name, "=", value));
    }
  }
  return env;
}

absl::StatusOr<handoff::AgentResult> ProcessStepRunner::RunStep(
    const AgentSpec& agent, const handoff::AgentRequest& request,
    const StepPaths& paths, StepTelemetry* telemetry) {
  SubprocessOptions options;
  options.argv = agent.argv;
  options.working_dir = paths.workspace;
  options.env = ScrubbedEnvironment(agent, paths.scratch_dir);
  options.stdin_path = absl::StrCat(paths.step_dir, "/request.pb");
  options.stderr_path = absl::StrCat(paths.step_dir, "/stderr.log");
  options.timeout = agent.timeout;
  options.max_stdout_bytes = agent.max_stdout_bytes;
  options.max_stderr_bytes = agent.max_stderr_bytes;

  absl::Status written =
      WriteFileAtomically(options.stdin_path, request.SerializeAsString());
  if (!written.ok()) return written;

  const std::string who = absl::StrCat("agent ", agent.name, " (", agent.argv[0], ")");
  const std::string log_hint = absl::StrCat("; see its log ", options.stderr_path);
  absl::StatusOr<SubprocessResult> ran = RunSubprocess(options);
  if (!ran.ok()) {
    return absl::Status(ran.status().code(),
                        absl::StrCat(who, " could not start: ", ran.status().message(),
                                     " (is it built and registered?)"));
  }
  telemetry->exit_code = ran->exit_code;
  telemetry->term_signal = ran->term_signal;
  telemetry->elapsed = ran->elapsed;

  const std::string ending = DescribeEnding(*ran, options);
  if (ran->timed_out) {
    return absl::DeadlineExceededError(absl::StrCat(who, " ", ending, log_hint));
  }
  if (!ran->output_limit_exceeded.empty()) {
    return absl::ResourceExhaustedError(absl::StrCat(who, " ", ending, log_hint));
  }
  if (ran->term_signal != 0 || ran->exit_code != 0) {
    return absl::InternalError(absl::StrCat(who, " failed: ", ending, log_hint));
  }
  handoff::AgentResult result;
  if (!result.ParseFromString(ran->stdout_bytes) ||
      result.outcome() == handoff::AgentResult::OUTCOME_UNSPECIFIED) {
    return absl::InternalError(absl::StrCat(
        who, " wrote ", ran->stdout_bytes.size(),
        " bytes to stdout that are not a binary baton.handoff.AgentResult "
        "(agents must print nothing else on stdout)",
        log_hint));
  }
  if (result.protocol_version() != kProtocolVersion) {
    return absl::InternalError(absl::StrCat(
        who, " answered with handoff protocol version ", result.protocol_version(),
        "; this Baton speaks ", kProtocolVersion, log_hint));
  }
  return result;
}

}  // namespace baton::executor
