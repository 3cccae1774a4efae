#include "tools/cli/pipeline.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <utility>

#include "absl/random/random.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "domains/card_loader.h"
#include "executor/agent_identity.h"
#include "executor/agent_registry.h"
#include "executor/executor.h"
#include "executor/git_workspace_tracker.h"
#include "executor/process_step_runner.h"
#include "executor/registry_file.h"
#include "executor/run_directory.h"
#include "executor/step_plan.h"
#include "gitops/committer.h"
#include "gitops/repository.h"
#include "gitops/worktree.h"
#include "router/router.h"
#include "google/protobuf/wrappers.pb.h"
#include "tools/cli/json_progress.h"
#include "tools/cli/working_directory.h"
#include "tools/cli/terminal_progress.h"

namespace baton::cli {
namespace {

std::string NewRunId() {
  absl::BitGen random;
  return absl::StrCat(absl::FormatTime("%Y%m%d-%H%M%S", absl::Now(), absl::UTCTimeZone()),
                      "-", absl::StrFormat("%06x", absl::Uniform<uint32_t>(random, 0, 1 << 24)));
}

std::string RunsRoot(const RunOptions& options, const std::string& repo) {
  return options.runs_root.empty() ? absl::StrCat(repo, "/.baton/runs") : options.runs_root;
}

absl::StatusOr<router::RouteDecision> Decide(const domains::DomainCatalog& catalog,
                                             const RunOptions& options) {
  absl::StatusOr<router::Router> router = router::Router::Create(catalog);
  if (!router.ok()) return router.status();
  router::RouteQuery query{options.request, options.files};
  if (!options.domain.empty() || !options.workflow.empty()) {
    if (options.domain.empty()) {
      return absl::InvalidArgumentError("--workflow needs --domain as well");
    }
    return router->Override(options.domain, options.workflow, query);
  }
  return router->Route(query);
}

const domains::DomainCard* FindCard(const domains::DomainCatalog& catalog,
                                    absl::string_view domain) {
  for (const domains::DomainCard& card : catalog.cards()) {
    if (card.domain() == domain) return &card;
  }
  return nullptr;
}

const domains::Workflow* FindWorkflow(const domains::DomainCard& card,
                                      absl::string_view name) {
  for (const domains::Workflow& workflow : card.workflows()) {
    if (workflow.name() == name) return &workflow;
  }
  return nullptr;
}

// The agents a run may use. The one place runs build their registry.
// The built-ins plus the repository's agents.textproto (or --agents FILE);
// a registry file with problems stops the run before it starts.
absl::StatusOr<executor::AgentRegistry> MakeRegistry(const Installation& installation,
                                                     const RunOptions& options) {
  absl::StatusOr<std::string> repo = gitops::FindRepositoryRoot(options.repo);
  if (!repo.ok()) return repo.status();
  return executor::LoadAgentRegistry(installation.agents_root, *repo, options.agents_file);
}

// The state directory's prefix when it lies inside the workspace (a
// --state-dir there), so restoring the workspace never touches it.
std::vector<std::string> StateInsideWorkspace(const std::string& run_dir,
                                              const std::string& workspace) {
  std::string runs_root = std::filesystem::path(run_dir).parent_path().string();
  std::string prefix = absl::StrCat(workspace, "/");
  if (!absl::StartsWith(runs_root, prefix)) return {};
  return {absl::StrCat(runs_root.substr(prefix.size()), "/")};
}

// postgres://user:secret@host/db -> postgres://user@host/db, moving the
// password into `variable` (PGPASSWORD, MYSQL_PWD) for the agents (which
// allow those variables).
std::string RedactPassword(const std::string& url, const char* variable = "PGPASSWORD") {
  size_t scheme = url.find("://");
  size_t at = url.find('@', scheme == std::string::npos ? 0 : scheme + 3);
  if (scheme == std::string::npos || at == std::string::npos) return url;
  size_t colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  ::setenv(variable, url.substr(colon + 1, at - colon - 1).c_str(), 1);
  return url.substr(0, colon) + url.substr(at);
}

std::unique_ptr<executor::ProgressSink> MakeProgress(const RunOptions& options,
                                                     const domains::Workflow& workflow,
                                                     std::ostream& out) {
  switch (options.output) {
    case OutputMode::kJson:
      return std::make_unique<JsonProgress>(out);
    case OutputMode::kQuiet:
      return std::make_unique<executor::ProgressSink>();
    case OutputMode::kHuman:
      break;
  }
  return std::make_unique<TerminalProgress>(out, executor::StepPlan(workflow).size(),
                                            &out == &std::cout && IsLiveTerminal(1));
}

// Advances `run` in `manifest.workspace()`, printing progress to `out`.
absl::StatusOr<RunOutcome> Advance(const executor::AgentRegistry& registry,
                                   const RunOptions& options,
                                   const handoff::RunManifest& manifest,
                                   executor::RunDirectory run,
                                   const executor::AdvanceOptions& advance,
                                   const domains::Workflow& workflow, std::ostream& out) {
  executor::ProcessStepRunner runner;
  std::unique_ptr<executor::ProgressSink> progress = MakeProgress(options, workflow, out);
  executor::GitWorkspaceTracker tracker(
      manifest.workspace(), manifest.run_id(), !manifest.in_place(),
      {manifest.protected_paths().begin(), manifest.protected_paths().end()},
      StateInsideWorkspace(run.path(), manifest.workspace()));
  executor::ExecutorOptions executor_options;
  executor_options.workspace = manifest.workspace();
  executor_options.retry_base_delay = options.retry_base_delay;
  executor_options.tracker = &tracker;
  executor::Executor executor(registry, runner, *progress, executor_options);

  RunOutcome outcome;
  outcome.run_id = run.run_id();
  outcome.run_dir = run.path();
  outcome.repo = manifest.repo();
  outcome.workspace = manifest.workspace();
  outcome.branch = manifest.branch();
  absl::StatusOr<handoff::Handoff> advanced = executor.Advance(run, advance);
  if (advanced.ok()) {
    outcome.handoff = *std::move(advanced);
    return outcome;
  }
  if (absl::IsFailedPrecondition(advanced.status()) &&
      absl::StrContains(advanced.status().message(), "being advanced")) {
    return advanced.status();  // Locked by another process: nothing of ours ran.
  }
  outcome.status = advanced.status();
  absl::StatusOr<handoff::Checkpoint> latest = run.LatestCheckpoint();
  if (latest.ok()) outcome.handoff = latest->handoff();
  return outcome;
}

// Where a new run works: a worktree on its own branch, or the checkout
// itself (refusing a dirty one unless allowed). Fills the manifest's
// workspace, branch, in_place and protected_paths.
absl::Status PrepareWorkspace(const std::string& repo, const RunOptions& options,
                              handoff::RunManifest* manifest) {
  manifest->set_repo(repo);
  manifest->set_in_place(options.in_place);
  absl::StatusOr<std::vector<std::string>> dirty = gitops::DirtyPaths(repo, {".baton/"});
  if (!dirty.ok()) return dirty.status();
  if (options.in_place) {
    if (!dirty->empty() && !options.allow_dirty) {
      return absl::FailedPreconditionError(absl::StrCat(
          "repository ", repo, " has uncommitted changes (",
          absl::StrJoin(dirty->begin(), dirty->begin() + std::min<size_t>(dirty->size(), 5), ", "),
          dirty->size() > 5 ? ", ..." : "",
          "); commit or stash them first, pass --allow-dirty to leave them alone, "
          "or drop --in-place to run in a worktree"));
    }
    manifest->set_workspace(repo);
    for (const std::string& path : *dirty) manifest->add_protected_paths(path);
    return absl::OkStatus();
  }
  const std::string branch = absl::StrCat("baton/", manifest->run_id());
  const std::string worktree = absl::StrCat(repo, "/.baton/worktrees/", manifest->run_id());
  absl::Status added = gitops::AddWorktree(repo, manifest->run_id(), worktree, branch);
  if (!added.ok()) return added;
  manifest->set_workspace(worktree);
  manifest->set_branch(branch);
  return absl::OkStatus();
}

// The nearest existing folder at or above `path`.
std::string ExistingAncestor(std::string path) {
  std::error_code error;
  while (!path.empty() && !std::filesystem::exists(path, error)) {
    path = std::filesystem::path(path).parent_path().string();
  }
  return path;
}

// A run writes its branch and commit into the git directory and its state
// under the runs root: refuse a read-only one before anything is made.
absl::Status CheckWritable(const std::string& repo, const std::string& runs_root) {
  std::vector<std::pair<std::string, std::string>> needed;
  absl::StatusOr<std::string> git_dir = gitops::GitCommonDir(repo);
  if (!git_dir.ok()) return git_dir.status();
  needed.push_back({*git_dir, "its git directory (the run's branch and commit)"});
  needed.push_back({ExistingAncestor(runs_root), "the run's state"});
  for (const auto& [path, what] : needed) {
    if (::access(path.c_str(), W_OK) == 0) continue;
    const int error = errno;
    return absl::FailedPreconditionError(absl::StrCat(
        "repository ", repo, " is not writable: ", path, " (", what, "): ",
        error == EROFS ? "read-only file system" : std::strerror(error),
        ". No run was started and nothing was changed; make it writable",
        path == *git_dir ? "" : ", or pass --state-dir DIR on a writable disk",
        ", then run the request again"));
  }
  return absl::OkStatus();
}

// Refuses to resume a run whose card or agents changed since it started.
absl::Status CheckPins(const handoff::RunManifest& manifest,
                       const executor::AgentRegistry& registry,
                       const domains::Workflow& workflow, bool accept) {
  std::vector<std::string> changes;
  absl::StatusOr<domains::DomainCard> card = domains::LoadCard(manifest.card_path());
  if (!card.ok()) {
    changes.push_back(absl::StrCat("the card ", manifest.card_path(),
                                   " cannot be read (", card.status().message(), ")"));
  } else if (card->content_sha256() != manifest.card_sha256()) {
    changes.push_back(absl::StrCat("the card ", manifest.card_path(), " changed (sha256 ",
                                   manifest.card_sha256().substr(0, 12), " -> ",
                                   card->content_sha256().substr(0, 12), ")"));
  }
  std::map<std::string, std::string> now = executor::WorkflowAgentIdentities(registry, workflow);
  for (const auto& [agent, identity] : manifest.agent_identities()) {
    auto it = now.find(agent);
    if (it == now.end() || it->second != identity) {
      changes.push_back(absl::StrCat("agent ", agent, " changed (", identity, " -> ",
                                     it == now.end() ? "unregistered" : it->second, ")"));
    }
  }
  if (changes.empty() || accept) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      "run ", manifest.run_id(), " was started with a different setup: ",
      absl::StrJoin(changes, "; "),
      ". Start a new run, or resume anyway with --accept-card-change"));
}

executor::AdvanceOptions AdvanceOptionsFor(const RunOptions& options) {
  executor::AdvanceOptions advance;
  advance.max_steps = options.max_steps;
  advance.pause_before_agent = options.pause_before_agent;
  advance.until_agent = options.until_agent;
  return advance;
}

}  // namespace

namespace {

// A status message as a JSON string value (via a protobuf StringValue).
google::protobuf::StringValue ErrorMessage(const absl::Status& status) {
  google::protobuf::StringValue value;
  value.set_value(std::string(status.message()));
  return value;
}

}  // namespace

std::string DefaultRepoPath() { return WorkingDirectory(); }

absl::StatusOr<std::string> ResolveRunsRoot(const std::string& repo_hint,
                                            const std::string& state_dir) {
  if (!state_dir.empty()) return state_dir;
  absl::StatusOr<std::string> repo =
      gitops::FindRepositoryRoot(repo_hint.empty() ? DefaultRepoPath() : repo_hint);
  if (!repo.ok()) return repo.status();
  return absl::StrCat(*repo, "/.baton/runs");
}

absl::StatusOr<router::RouteDecision> RouteOnly(const Installation& installation,
                                                const RunOptions& options) {
  absl::StatusOr<domains::DomainCatalog> catalog =
      domains::LoadCardDirectory(installation.cards_dir);
  if (!catalog.ok()) return catalog.status();
  absl::StatusOr<router::RouteDecision> decision = Decide(*catalog, options);
  if (!decision.ok()) return decision.status();
  return decision;
}

absl::StatusOr<RunOutcome> StartRun(const Installation& installation,
                                    const RunOptions& options, std::ostream& out) {
  absl::StatusOr<std::string> repo = gitops::FindRepositoryRoot(options.repo);
  if (!repo.ok()) return repo.status();
  absl::StatusOr<domains::DomainCatalog> catalog =
      domains::LoadCardDirectory(installation.cards_dir);
  if (!catalog.ok()) return catalog.status();
  absl::StatusOr<router::RouteDecision> decision = Decide(*catalog, options);
  if (!decision.ok()) return decision.status();

  if (options.output == OutputMode::kHuman) {
    out << router::FormatDecision(*decision) << "\n";
  } else if (options.output == OutputMode::kJson) {
    out << "{\"event\":\"routed\",\"decision\":" << OneLineJson(*decision) << "}" << std::endl;
  }
  if (decision->outcome() != router::RouteDecision::MATCHED &&
      decision->outcome() != router::RouteDecision::OVERRIDDEN) {
    return absl::FailedPreconditionError(absl::StrCat(
        "no run started: the request did not route to one workflow; rephrase it, "
        "or choose with --domain NAME --workflow \"NAME\" (baton route shows the candidates)"));
  }
  const domains::DomainCard* card = FindCard(*catalog, decision->domain());
  const domains::Workflow* workflow =
      card == nullptr ? nullptr : FindWorkflow(*card, decision->workflow());
  if (workflow == nullptr) {
    return absl::InternalError(absl::StrCat("routed to unknown workflow ",
                                            decision->domain(), "/", decision->workflow()));
  }
  absl::StatusOr<executor::AgentRegistry> registry = MakeRegistry(installation, options);
  if (!registry.ok()) return registry.status();
  registry->ApplyCardTimeouts(*card);
  absl::Status agents = registry->CheckWorkflow(*workflow);
  if (!agents.ok()) return agents;

  absl::Status writable = CheckWritable(*repo, RunsRoot(options, *repo));
  if (!writable.ok()) return writable;
  absl::Status excluded = gitops::ExcludeFromGit(*repo, "/.baton/");
  if (!excluded.ok()) return excluded;
  handoff::RunManifest manifest;
  manifest.set_run_id(NewRunId());
  absl::Status prepared = PrepareWorkspace(*repo, options, &manifest);
  if (!prepared.ok()) return prepared;
  manifest.set_card_path(card->source_path());
  manifest.set_card_sha256(card->content_sha256());
  for (const auto& [agent, identity] : executor::WorkflowAgentIdentities(*registry, *workflow)) {
    (*manifest.mutable_agent_identities())[agent] = identity;
  }
  manifest.set_created_unix_ms(absl::ToUnixMillis(absl::Now()));

  handoff::Handoff initial;
  initial.set_run_id(manifest.run_id());
  initial.mutable_request()->set_text(options.request);
  for (const std::string& file : options.files) initial.mutable_request()->add_files(file);
  initial.mutable_request()->set_created_unix_ms(manifest.created_unix_ms());
  *initial.mutable_route() = *decision;
  *initial.mutable_workflow() = *workflow;
  initial.set_domain(card->domain());
  initial.set_domain_card_sha256(card->content_sha256());
  initial.mutable_staging()->set_kind("sqlite");
  if (!options.staging_url.empty()) {
    initial.mutable_staging()->set_kind("postgres");
    // The password never reaches the handoff or its checkpoints on disk:
    // agents get it as PGPASSWORD (libpq reads it) from Baton's environment.
    initial.mutable_staging()->set_url(RedactPassword(options.staging_url));
  }
  if (!options.source_url.empty()) {
    initial.mutable_source()->set_kind("mysql");
    initial.mutable_source()->set_url(RedactPassword(options.source_url, "MYSQL_PWD"));
  }
  *initial.mutable_standards() = card->quality_standards();

  executor::ProcessStepRunner runner;
  executor::ProgressSink progress;  // Start runs no step.
  executor::GitWorkspaceTracker tracker(manifest.workspace(), manifest.run_id(),
                                        !manifest.in_place(), {});
  executor::ExecutorOptions starter_options;
  starter_options.workspace = manifest.workspace();
  starter_options.tracker = &tracker;
  executor::Executor starter(*registry, runner, progress, starter_options);
  absl::StatusOr<executor::RunDirectory> run =
      starter.Start(RunsRoot(options, *repo), std::move(initial), manifest);
  if (!run.ok()) {
    // No run exists to resume: its worktree and branch go too, so that
    // running the request again starts from a clean repository.
    if (manifest.in_place()) return run.status();
    absl::Status discarded =
        gitops::DiscardWorktree(*repo, manifest.run_id(), manifest.branch());
    if (discarded.ok()) return run.status();
    return absl::Status(run.status().code(),
                        absl::StrCat(run.status().message(), "; also, its worktree ",
                                     manifest.workspace(), " could not be removed (",
                                     discarded.message(), "): remove it with `git worktree remove ",
                                     manifest.workspace(), "` and `git branch -D ",
                                     manifest.branch(), "`"));
  }
  if (options.output == OutputMode::kHuman) {
    out << "Run " << run->run_id() << "\n  state: " << run->path() << "\n  workspace: "
        << manifest.workspace()
        << (manifest.in_place() ? " (in place)"
                                : absl::StrCat(" (branch ", manifest.branch(), ")"))
        << "\n";
  } else if (options.output == OutputMode::kJson) {
    out << "{\"event\":\"run_started\",\"manifest\":" << OneLineJson(manifest) << "}"
        << std::endl;
  }
  executor::AdvanceOptions advance = AdvanceOptionsFor(options);
  advance.restore_workspace = false;
  return Advance(*registry, options, manifest, *std::move(run), advance, *workflow, out);
}

absl::StatusOr<RunOutcome> ResumeRun(const Installation& installation,
                                     const RunOptions& options,
                                     const std::string& run_id, bool approve_gate,
                                     std::ostream& out) {
  absl::StatusOr<std::string> repo = gitops::FindRepositoryRoot(options.repo);
  if (!repo.ok()) return repo.status();
  absl::StatusOr<executor::RunDirectory> run =
      executor::RunDirectory::Open(RunsRoot(options, *repo), run_id);
  if (!run.ok()) return run.status();
  absl::StatusOr<handoff::RunManifest> manifest = run->ReadManifest();
  if (!manifest.ok()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "run ", run_id, " has no readable run.pb (", manifest.status().message(),
        "); it crashed while starting: start the request again"));
  }
  // A corrupt newest checkpoint is moved aside here, and said so.
  absl::StatusOr<executor::CheckpointRecovery> recovered = run->RecoverLatestCheckpoint();
  if (!recovered.ok()) return recovered.status();
  const handoff::Checkpoint* latest = &recovered->checkpoint;
  for (const std::string& line : recovered->discarded) {
    if (options.output == OutputMode::kJson) {
      out << "{\"event\":\"checkpoint_discarded\",\"message\":"
          << OneLineJson(ErrorMessage(absl::DataLossError(line))) << "}" << std::endl;
    } else {
      out << "! " << line << "\n";
    }
  }
  const domains::Workflow workflow = latest->handoff().workflow();
  absl::StatusOr<executor::AgentRegistry> registry = MakeRegistry(installation, options);
  if (!registry.ok()) return registry.status();
  absl::StatusOr<domains::DomainCard> pinned_card = domains::LoadCard(manifest->card_path());
  if (pinned_card.ok()) registry->ApplyCardTimeouts(*pinned_card);
  absl::Status pinned = CheckPins(*manifest, *registry, workflow, options.accept_card_change);
  if (!pinned.ok()) return pinned;
  if (options.output == OutputMode::kHuman) {
    out << "Resuming run " << run_id << " (" << latest->handoff().domain() << " / "
        << workflow.name() << ") from checkpoint " << latest->sequence() << "\n";
  }
  executor::AdvanceOptions advance = AdvanceOptionsFor(options);
  advance.approve_gate = approve_gate;
  return Advance(*registry, options, *manifest, *std::move(run), advance, workflow, out);
}

namespace {

// One line per finding: "  finding [SEVERITY] rule: message (location)".
void PrintFindings(const google::protobuf::RepeatedPtrField<handoff::Finding>& findings,
                   std::ostream& out) {
  for (const handoff::Finding& finding : findings) {
    out << absl::StrFormat("  finding [%s] %s: %s%s\n",
                           handoff::Finding::Severity_Name(finding.severity()), finding.rule(),
                           finding.message(),
                           finding.location().empty() ? "" : absl::StrCat(" (", finding.location(), ")"));
  }
}

}  // namespace

void PrintOutcome(const RunOutcome& outcome, std::ostream& out, OutputMode mode) {
  const handoff::Handoff& handoff = outcome.handoff;
  if (mode == OutputMode::kJson) {
    out << absl::StrCat("{\"event\":\"run_finished\",\"run_id\":\"", outcome.run_id,
                        "\",\"status\":\"", handoff::RunStatus_Name(handoff.status()),
                        "\",\"error\":", OneLineJson(ErrorMessage(outcome.status)),
                        ",\"run_dir\":\"", outcome.run_dir, "\",\"branch\":\"", outcome.branch,
                        "\",\"commit\":", OneLineJson(handoff.commit()), "}")
        << std::endl;
    return;
  }
  if (mode == OutputMode::kQuiet) {
    out << "run " << outcome.run_id << ": "
        << (outcome.status.ok() ? handoff::RunStatus_Name(handoff.status())
                                : absl::StrCat("FAILED: ", outcome.status.message()))
        << (handoff.commit().commit_id().empty()
                ? ""
                : absl::StrCat(" (commit ", handoff.commit().commit_id().substr(0, 12), ")"))
        << "\n";
    return;
  }
  out << "\nRun " << outcome.run_id << ": ";
  if (!outcome.status.ok()) {
    out << "FAILED\n  " << outcome.status.message() << "\n";
    if (handoff.steps_size() > 0) {
      PrintFindings(handoff.steps(handoff.steps_size() - 1).findings(), out);
    }
    out << "  State kept in " << outcome.run_dir << "\n"
        << "  Fix the cause, then: baton resume " << outcome.run_id << "\n";
    return;
  }
  switch (handoff.status()) {
    case handoff::RUN_SUCCEEDED: out << "succeeded\n"; break;
    case handoff::RUN_WAITING_FOR_HUMAN:
      out << "waiting for a person\n  Continue with: baton resume " << outcome.run_id
          << " --approve\n";
      break;
    default: out << "paused\n  Continue with: baton resume " << outcome.run_id << "\n";
  }
  out << "  State: " << outcome.run_dir << "\n";
  PrintFindings(handoff.findings(), out);
  if (!handoff.commit().commit_id().empty()) {
    absl::StatusOr<gitops::CommitInfo> commit =
        gitops::DescribeCommit(outcome.workspace.empty() ? outcome.repo : outcome.workspace, handoff.commit().commit_id());
    if (commit.ok()) {
      out << "Commit " << commit->id << " on " << commit->branch << "\n";
      for (absl::string_view line : absl::StrSplit(commit->message, '\n')) {
        out << "    " << line << "\n";
      }
      out << "  Files:\n";
      for (const std::string& file : commit->files) out << "    " << file << "\n";
      if (!outcome.branch.empty()) {
        out << "  The commit is on branch " << outcome.branch << " (worktree "
            << outcome.workspace << "); your checkout is untouched.\n"
            << "  Merge it with: git -C " << outcome.repo << " merge " << outcome.branch << "\n";
      }
    } else {
      out << "Commit " << handoff.commit().commit_id() << " (cannot describe it: "
          << commit.status().message() << ")\n";
    }
  } else if (handoff.status() == handoff::RUN_SUCCEEDED &&
             !executor::StepPlan(handoff.workflow()).Commits()) {
    out << "  No commit: the \"" << handoff.workflow().name()
        << "\" chain has no git-workflow-manager; its changes are left uncommitted in "
        << outcome.workspace
        << (outcome.branch.empty() ? "" : absl::StrCat(" (branch ", outcome.branch, ")")) << ":\n";
    for (const handoff::Artifact& artifact : handoff.artifacts()) {
      if (artifact.commit()) out << "    " << artifact.path() << "\n";
    }
    bool reports = false;
    for (const handoff::Artifact& artifact : handoff.artifacts()) {
      if (artifact.commit()) continue;
      if (!reports) out << "  Reports (not for committing):\n";
      reports = true;
      out << "    " << artifact.path() << "\n";
    }
  }
}

}  // namespace baton::cli
