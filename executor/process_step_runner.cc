#include "executor/process_step_runner.h"

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <system_error>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "executor/atomic_file.h"
#include "executor/json_protocol.h"
#include "executor/prompt_protocol.h"
#include "executor/protocol_version.h"
#include "executor/result_merger.h"
#include "executor/subprocess.h"
#include "executor/workspace_changes.h"

namespace baton::executor {
namespace {

namespace fs = std::filesystem;

// EX_TEMPFAIL from sysexits.h: "try again later".
constexpr int kExitTemporaryFailure = 75;
// Linux caps one argv element at 128 KiB (MAX_ARG_STRLEN).
constexpr size_t kMaxArgumentBytes = 128 * 1024 - 1;

bool UsesPlaceholder(const AgentSpec& agent, absl::string_view placeholder) {
  for (size_t i = 1; i < agent.argv.size(); ++i) {
    if (absl::StrContains(agent.argv[i], placeholder)) return true;
  }
  return false;
}

std::string DescribeChanges(const std::vector<FileChange>& changes) {
  std::vector<std::string> names;
  for (const FileChange& change : changes) {
    names.push_back(absl::StrCat(change.path, change.deleted ? " (deleted)" : ""));
  }
  return absl::StrJoin(names, ", ");
}

// The prompt agent's result: its report, and the files it changed.
absl::StatusOr<handoff::AgentResult> PromptResult(const AgentSpec& agent,
                                                  const handoff::AgentRequest& request,
                                                  const StepPaths& paths,
                                                  const std::string& report,
                                                  const std::vector<FileChange>& changes,
                                                  const std::string& who) {
  handoff::AgentResult result;
  result.set_protocol_version(kProtocolVersion);
  result.set_summary(ReportSummary(report));
  if (result.summary().empty()) {
    return absl::InternalError(absl::StrCat(
        who, " printed no report on stdout (a prompt agent's stdout is its report)"));
  }
  result.set_outcome(handoff::AgentResult::SUCCEEDED);

  // The report is an artifact, so it lives in the workspace, under Baton's
  // own (git-excluded) folder; the step folder may be elsewhere (--state-dir)
  // and loses its inputs once the step succeeds.
  const std::string report_path =
      absl::StrCat(".baton/reports/", request.handoff().run_id(), "/",
                   fs::path(paths.step_dir).filename().string(), "/report.md");
  std::error_code error;
  fs::create_directories((fs::path(paths.workspace) / report_path).parent_path(), error);
  absl::Status written =
      WriteFileAtomically(absl::StrCat(paths.workspace, "/", report_path), report);
  if (!written.ok()) return written;
  handoff::Artifact* artifact = result.add_artifacts();
  artifact->set_path(report_path);
  artifact->set_kind(handoff::Artifact::REPORT);
  artifact->set_description(absl::StrCat("report of ", agent.name));
  artifact->set_commit(false);
  (*result.mutable_facts())[absl::StrCat(agent.name, ".report")] = report_path;

  for (const FileChange& change : changes) {
    if (change.deleted) {
      handoff::Finding* finding = result.add_findings();
      finding->set_severity(handoff::Finding::WARNING);
      finding->set_rule("prompt-agent-deleted-file");
      finding->set_message(absl::StrCat(agent.name, " deleted ", change.path,
                                        "; Baton records and commits only files that exist"));
      finding->set_location(change.path);
      continue;
    }
    handoff::Artifact* changed = result.add_artifacts();
    changed->set_path(change.path);
    changed->set_kind(GuessArtifactKind(change.path));
    changed->set_description(absl::StrCat("written by ", agent.name));
    changed->set_commit(true);
  }
  return result;
}

// Fails when the command changed files it must not: outside the workspace
// (elsewhere in the repository, or a symlink that leads out) or any file
// when the agent may not write.
absl::Status CheckChanges(const AgentSpec& agent, const std::vector<FileChange>& changes,
                          const std::string& workspace, const std::string& who) {
  std::vector<std::string> outside;
  for (const FileChange& change : changes) {
    if (change.outside_workspace) {
      outside.push_back(absl::StrCat(change.path, " (outside the workspace, in the repository)"));
      continue;
    }
    if (change.deleted) continue;
    absl::StatusOr<std::string> resolved = ResolveInsideWorkspace(workspace, change.path);
    if (absl::IsPermissionDenied(resolved.status())) {
      outside.push_back(std::string(resolved.status().message()));
    } else if (absl::IsNotFound(resolved.status())) {
      outside.push_back(absl::StrCat(change.path, " (a symlink to a missing target)"));
    }
  }
  if (!outside.empty()) {
    return absl::PermissionDeniedError(absl::StrCat(
        who, " wrote outside the workspace ", workspace, ": ", absl::StrJoin(outside, "; "),
        ". Nothing of this step is recorded; remove those files before resuming"));
  }
  if (!agent.may_write_files && !changes.empty()) {
    return absl::PermissionDeniedError(absl::StrCat(
        who, " may not write files (may_write_files: false, ", agent.source,
        ") but changed ", DescribeChanges(changes),
        ". Revert them, or allow it in the agent registry"));
  }
  return absl::OkStatus();
}

}  // namespace

std::vector<std::string> ScrubbedEnvironment(const AgentSpec& agent,
                                             const std::string& scratch_dir) {
  std::vector<std::string> env = {
      "PATH=/usr/local/bin:/usr/bin:/bin",
      absl::StrCat("HOME=", scratch_dir),
      absl::StrCat("TMPDIR=", scratch_dir),
      "LANG=C.UTF-8",
  };
  for (const std::string& name : agent.env_allowlist) {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) continue;
    const std::string prefix = absl::StrCat(name, "=");
    std::erase_if(env, [&prefix](const std::string& entry) {
      return absl::StartsWith(entry, prefix);
    });
    env.push_back(absl::StrCat(prefix, value));
  }
  return env;
}

absl::StatusOr<handoff::AgentResult> ProcessStepRunner::RunStep(
    const AgentSpec& agent, const handoff::AgentRequest& request,
    const StepPaths& paths, StepTelemetry* telemetry) {
  if (agent.argv.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("agent ", agent.name, " has no command"));
  }
  const bool binary = agent.protocol == AgentProtocol::kProto;
  const bool prompt = agent.protocol == AgentProtocol::kPrompt;
  const std::string who = absl::StrCat("agent ", agent.name, " (", agent.argv[0], ")");
  const std::string stderr_path = absl::StrCat(paths.step_dir, "/stderr.log");
  const std::string log_hint = absl::StrCat("; see its log ", stderr_path);

  // The files the command reads. The request goes to stdin from memory; it
  // is a file only when the command names it (and after a failure, below).
  const std::string request_file =
      absl::StrCat(paths.step_dir, binary ? "/request.pb" : "/request.json");
  const std::string request_bytes =
      prompt ? std::string() : binary ? request.SerializeAsString() : MessageToAgentJson(request);
  const bool request_named = UsesPlaceholder(agent, "{request}");
  absl::Status written;
  if (request_named || prompt) {
    // Inputs need no fsync: a re-run rebuilds them from the checkpoint.
    written = WriteScratchFile(request_file, prompt ? MessageToAgentJson(request) : request_bytes);
    if (!written.ok()) return written;
  }
  // A step that does not succeed leaves the request it was given in its
  // folder (the executor keeps a failed step's folder for inspection).
  bool succeeded = false;
  struct KeepRequestUnlessSucceeded {
    const bool& succeeded;
    const bool written;
    const std::string& file;
    const std::string& bytes;
    ~KeepRequestUnlessSucceeded() {
      if (!succeeded && !written) (void)WriteScratchFile(file, bytes);
    }
  } keep_request{succeeded, request_named || prompt, request_file, request_bytes};
  const std::string handoff_file =
      absl::StrCat(paths.step_dir, binary ? "/handoff.pb" : "/handoff.json");
  if (UsesPlaceholder(agent, "{handoff}")) {
    written = WriteScratchFile(handoff_file, binary ? request.handoff().SerializeAsString()
                                                    : MessageToAgentJson(request.handoff()));
    if (!written.ok()) return written;
  }
  std::string prompt_text;
  const std::string prompt_file = absl::StrCat(paths.step_dir, "/prompt.md");
  if (prompt) {
    prompt_text = RenderPrompt(request);
    written = WriteScratchFile(prompt_file, prompt_text);
    if (!written.ok()) return written;
    if (UsesPlaceholder(agent, "{prompt_text}") && prompt_text.size() > kMaxArgumentBytes) {
      return absl::FailedPreconditionError(absl::StrCat(
          who, ": the prompt (", prompt_text.size(),
          " bytes) is too long for {prompt_text}; pass it on stdin or with {prompt}"));
    }
  }

  SubprocessOptions options;
  options.argv.push_back(agent.argv[0]);
  for (size_t i = 1; i < agent.argv.size(); ++i) {
    options.argv.push_back(absl::StrReplaceAll(
        agent.argv[i], {{"{request}", request_file},
                        {"{handoff}", handoff_file},
                        {"{workspace}", paths.workspace},
                        {"{scratch}", paths.scratch_dir},
                        {"{step_dir}", paths.step_dir},
                        {"{prompt}", prompt_file},
                        {"{prompt_text}", prompt_text}}));
  }
  options.working_dir = paths.workspace;
  options.env = ScrubbedEnvironment(agent, paths.scratch_dir);
  const bool prompt_in_argv =
      UsesPlaceholder(agent, "{prompt}") || UsesPlaceholder(agent, "{prompt_text}");
  if (prompt) {
    options.stdin_path = prompt_in_argv ? "" : prompt_file;
  } else {
    options.stdin_bytes = &request_bytes;
  }
  options.stderr_path = stderr_path;
  if (agent.confine_writes) {
    // Every agent may write only in the workspace, its scratch and step
    // folders, the extra folders the run allows (the git directory), and
    // HOME when a command agent is given the real one, where the kernel
    // supports it (Landlock); the git status check below holds everywhere.
    std::error_code error;
    fs::create_directories(paths.scratch_dir, error);
    options.writable_paths = {paths.workspace, paths.scratch_dir, paths.step_dir};
    options.writable_paths.insert(options.writable_paths.end(), paths.extra_writable.begin(),
                                  paths.extra_writable.end());
    for (const std::string& name : agent.env_allowlist) {
      const char* home = std::getenv("HOME");
      if (name == "HOME" && home != nullptr) options.writable_paths.push_back(home);
    }
  }
  options.timeout = agent.timeout;
  options.max_stdout_bytes = agent.max_stdout_bytes;
  options.max_stderr_bytes = agent.max_stderr_bytes;

  // Which files the command changes: git status before and after.
  std::optional<WorkspaceBaseline> before;
  if (prompt || !agent.may_write_files) {
    absl::StatusOr<WorkspaceBaseline> snapshot = TakeWorkspaceBaseline(paths.workspace);
    if (!snapshot.ok()) {
      return absl::Status(snapshot.status().code(),
                          absl::StrCat(who, ": ", snapshot.status().message()));
    }
    before = *std::move(snapshot);
  }

  absl::StatusOr<SubprocessResult> ran = RunSubprocess(options);
  if (!ran.ok()) {
    return absl::Status(
        ran.status().code(),
        absl::StrCat(who, " could not start: ", ran.status().message(),
                     agent.builtin ? " (is it built and registered?)"
                                   : absl::StrCat(" (check its entry at ", agent.source, ")")));
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
  if (ran->term_signal == 0 && ran->exit_code == kExitTemporaryFailure) {
    return absl::UnavailableError(
        absl::StrCat(who, " failed for now (exit code 75, EX_TEMPFAIL)", log_hint));
  }
  if (ran->term_signal != 0 || ran->exit_code != 0) {
    return absl::InternalError(absl::StrCat(who, " failed: ", ending, log_hint));
  }

  std::vector<FileChange> changes;
  if (before.has_value()) {
    absl::StatusOr<std::vector<FileChange>> changed = ChangesSince(*before);
    if (!changed.ok()) {
      return absl::Status(changed.status().code(),
                          absl::StrCat(who, ": ", changed.status().message()));
    }
    changes = *std::move(changed);
    absl::Status allowed = CheckChanges(agent, changes, paths.workspace, who);
    if (!allowed.ok()) return allowed;
  }

  if (prompt) return PromptResult(agent, request, paths, ran->stdout_bytes, changes, who);

  handoff::AgentResult result;
  if (binary) {
    if (!result.ParseFromString(ran->stdout_bytes) ||
        result.outcome() == handoff::AgentResult::OUTCOME_UNSPECIFIED) {
      return absl::InternalError(absl::StrCat(
          who, " wrote ", ran->stdout_bytes.size(),
          " bytes to stdout that are not a binary baton.handoff.AgentResult "
          "(agents must print nothing else on stdout)",
          log_hint));
    }
  } else {
    absl::StatusOr<handoff::AgentResult> parsed = ParseJsonAgentResult(ran->stdout_bytes, who);
    if (!parsed.ok()) {
      return absl::InternalError(absl::StrCat(parsed.status().message(), log_hint));
    }
    result = *std::move(parsed);
  }
  if (result.protocol_version() != kProtocolVersion) {
    return absl::InternalError(absl::StrCat(
        who, " answered with handoff protocol version ", result.protocol_version(),
        "; this Baton speaks ", kProtocolVersion, log_hint));
  }
  succeeded = result.outcome() == handoff::AgentResult::SUCCEEDED;
  return result;
}

}  // namespace baton::executor
