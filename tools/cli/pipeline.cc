#include "tools/cli/pipeline.h"

#include <utility>

#include "absl/random/random.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "domains/card_loader.h"
#include "executor/agent_registry.h"
#include "executor/executor.h"
#include "executor/process_step_runner.h"
#include "executor/run_directory.h"
#include "executor/step_plan.h"
#include "gitops/committer.h"
#include "gitops/repository.h"
#include "router/router.h"
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

absl::StatusOr<RunOutcome> Advance(const Installation& installation,
                                   const RunOptions& options, const std::string& repo,
                                   executor::RunDirectory run,
                                   const executor::AdvanceOptions& advance,
                                   const domains::Workflow& workflow, std::ostream& out) {
  executor::AgentRegistry registry = executor::BuiltinAgentRegistry(installation.agents_root);
  executor::ProcessStepRunner runner;
  TerminalProgress progress(out, executor::StepPlan(workflow).size());
  executor::ExecutorOptions executor_options;
  executor_options.workspace = repo;
  executor_options.retry_base_delay = options.retry_base_delay;
  executor::Executor executor(registry, runner, progress, executor_options);

  RunOutcome outcome;
  outcome.run_id = run.run_id();
  outcome.run_dir = run.path();
  outcome.repo = repo;
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

}  // namespace

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

  out << router::FormatDecision(*decision) << "\n";
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

  if (!options.allow_dirty) {
    absl::StatusOr<std::vector<std::string>> dirty =
        gitops::DirtyPaths(*repo, {".baton/"});
    if (!dirty.ok()) return dirty.status();
    if (!dirty->empty()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "repository ", *repo, " has uncommitted changes (",
          absl::StrJoin(dirty->begin(), dirty->begin() + std::min<size_t>(dirty->size(), 5), ", "),
          dirty->size() > 5 ? ", ..." : "",
          "); commit or stash them first, or pass --allow-dirty"));
    }
  }
  absl::Status excluded = gitops::ExcludeFromGit(*repo, "/.baton/");
  if (!excluded.ok()) return excluded;

  handoff::Handoff initial;
  initial.set_run_id(NewRunId());
  initial.mutable_request()->set_text(options.request);
  for (const std::string& file : options.files) initial.mutable_request()->add_files(file);
  initial.mutable_request()->set_created_unix_ms(absl::ToUnixMillis(absl::Now()));
  *initial.mutable_route() = *decision;
  *initial.mutable_workflow() = *workflow;
  initial.set_domain(card->domain());
  initial.set_domain_card_sha256(card->content_sha256());
  initial.mutable_staging()->set_kind("sqlite");
  *initial.mutable_standards() = card->quality_standards();

  executor::AgentRegistry registry = executor::BuiltinAgentRegistry(installation.agents_root);
  executor::ProcessStepRunner runner;
  TerminalProgress progress(out, 0);
  executor::Executor starter(registry, runner, progress, {});
  absl::StatusOr<executor::RunDirectory> run =
      starter.Start(RunsRoot(options, *repo), std::move(initial));
  if (!run.ok()) return run.status();
  out << "Run " << run->run_id() << " (state: " << run->path() << ")\n";
  executor::AdvanceOptions advance;
  advance.max_steps = options.max_steps;
  return Advance(installation, options, *repo, *std::move(run), advance, *workflow, out);
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
  absl::StatusOr<handoff::Checkpoint> latest = run->LatestCheckpoint();
  if (!latest.ok()) return latest.status();
  out << "Resuming run " << run_id << " (" << latest->handoff().domain() << " / "
      << latest->handoff().workflow().name() << ") from checkpoint "
      << latest->sequence() << "\n";
  executor::AdvanceOptions advance;
  advance.max_steps = options.max_steps;
  advance.approve_gate = approve_gate;
  domains::Workflow workflow = latest->handoff().workflow();
  return Advance(installation, options, *repo, *std::move(run), advance, workflow, out);
}

void PrintOutcome(const RunOutcome& outcome, std::ostream& out) {
  const handoff::Handoff& handoff = outcome.handoff;
  out << "\nRun " << outcome.run_id << ": ";
  if (!outcome.status.ok()) {
    out << "FAILED\n  " << outcome.status.message() << "\n"
        << "  State kept in " << outcome.run_dir << "\n"
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
  for (const handoff::Finding& finding : handoff.findings()) {
    out << absl::StrFormat("  finding [%s] %s: %s%s\n",
                           handoff::Finding::Severity_Name(finding.severity()), finding.rule(),
                           finding.message(),
                           finding.location().empty() ? "" : absl::StrCat(" (", finding.location(), ")"));
  }
  if (!handoff.commit().commit_id().empty()) {
    absl::StatusOr<gitops::CommitInfo> commit =
        gitops::DescribeCommit(outcome.repo, handoff.commit().commit_id());
    if (commit.ok()) {
      out << "Commit " << commit->id << " on " << commit->branch << "\n";
      for (absl::string_view line : absl::StrSplit(commit->message, '\n')) {
        out << "    " << line << "\n";
      }
      out << "  Files:\n";
      for (const std::string& file : commit->files) out << "    " << file << "\n";
    } else {
      out << "Commit " << handoff.commit().commit_id() << " (cannot describe it: "
          << commit.status().message() << ")\n";
    }
  } else if (handoff.status() == handoff::RUN_SUCCEEDED &&
             !executor::StepPlan(handoff.workflow()).Commits()) {
    out << "  No commit: the \"" << handoff.workflow().name()
        << "\" chain has no git-workflow-manager; its changes are left in the working tree:\n";
    for (const handoff::Artifact& artifact : handoff.artifacts()) {
      out << "    " << artifact.path() << "\n";
    }
  }
}

}  // namespace baton::cli
