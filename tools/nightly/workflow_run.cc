#include "tools/nightly/workflow_run.h"

#include <map>
#include <memory>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "executor/run_directory.h"
#include "executor/step_plan.h"
#include "gitops/committer.h"
#include "tools/nightly/proposal_commit.h"
#include "tools/nightly/review_branch.h"

namespace baton::nightly {
namespace {

// Creating a run adds a worktree and edits .git/info/exclude: one at a
// time per repository.
absl::Mutex& RepositoryMutex(const std::string& repo) {
  static absl::Mutex registry_mu;
  static auto* mutexes = new std::map<std::string, std::unique_ptr<absl::Mutex>>();
  absl::MutexLock lock(&registry_mu);
  std::unique_ptr<absl::Mutex>& mu = (*mutexes)[repo];
  if (mu == nullptr) mu = std::make_unique<absl::Mutex>();
  return *mu;
}

// What the run's folder says about it (for a run we have not advanced).
cli::RunOutcome LoadOutcome(const cli::RunOptions& options, const std::string& run_id) {
  cli::RunOutcome outcome;
  outcome.run_id = run_id;
  absl::StatusOr<std::string> root = cli::ResolveRunsRoot(options.repo, options.runs_root);
  if (!root.ok()) return outcome;
  absl::StatusOr<executor::RunDirectory> run = executor::RunDirectory::Open(*root, run_id);
  if (!run.ok()) return outcome;
  outcome.run_dir = run->path();
  absl::StatusOr<handoff::RunManifest> manifest = run->ReadManifest();
  if (manifest.ok()) {
    outcome.repo = manifest->repo();
    outcome.workspace = manifest->workspace();
    outcome.branch = manifest->branch();
  }
  absl::StatusOr<handoff::Checkpoint> latest = run->LatestCheckpoint();
  if (latest.ok()) outcome.handoff = latest->handoff();
  return outcome;
}

std::string FirstLine(const std::string& text) {
  return std::string(text.substr(0, text.find('\n')));
}

// Commits what the chain left uncommitted (if asked) and gives the commit
// its review branch.
void Publish(const WorkflowRunSpec& spec, WorkflowRunResult* result) {
  const cli::RunOutcome& outcome = result->outcome;
  if (outcome.branch.empty()) return;  // In place: never commit for it.
  std::string commit_id = outcome.handoff.commit().commit_id();
  if (commit_id.empty() && spec.commit_proposal) {
    absl::StatusOr<std::optional<gitops::CommitInfo>> committed =
        CommitProposal(outcome.workspace, outcome.handoff, spec.tag);
    if (!committed.ok()) {
      result->status = JobReport::FAILED;
      result->reason = std::string(committed.status().message());
      return;
    }
    if (committed->has_value()) commit_id = (*committed)->id;
  }
  if (commit_id.empty()) return;
  absl::StatusOr<gitops::CommitInfo> info = gitops::DescribeCommit(outcome.workspace, commit_id);
  CommitMade made;
  made.set_id(commit_id);
  made.set_branch(outcome.branch);
  if (info.ok()) {
    made.set_subject(FirstLine(info->message));
    for (const std::string& file : info->files) made.add_files(file);
  }
  if (!spec.review_branch.empty()) {
    absl::StatusOr<std::string> branch =
        CreateReviewBranch(outcome.repo, spec.review_branch, commit_id);
    if (!branch.ok()) {
      result->status = JobReport::FAILED;
      result->reason = std::string(branch.status().message());
    } else {
      made.set_branch(*branch);
    }
  }
  result->commit = made;
}

}  // namespace

WorkflowRunResult RunWorkflow(const WorkflowRunSpec& spec, const JobContext& context,
                              std::ostream& log) {
  WorkflowRunResult result;
  cli::RunOptions options = spec.options;
  options.output = cli::OutputMode::kJson;
  std::string run_id = spec.resume_run_id;
  if (run_id.empty()) {
    options.max_steps = 0;  // Create the run (and its worktree), run nothing yet.
    absl::StatusOr<cli::RunOutcome> started = absl::UnknownError("not started");
    {
      absl::MutexLock lock(&RepositoryMutex(options.repo));
      started = cli::StartRun(context.installation, options, log);
    }
    if (!started.ok()) {
      result.reason = absl::StrCat("the run did not start: ", started.status().message());
      return result;
    }
    result.outcome = *started;
    run_id = started->run_id;
    if (spec.prepare) {
      absl::Status prepared = spec.prepare(result.outcome);
      if (!prepared.ok()) {
        result.reason = std::string(prepared.message());
        return result;
      }
    }
  } else {
    result.outcome = LoadOutcome(options, run_id);
    log << "{\"event\":\"nightly_resume\",\"run_id\":\"" << run_id << "\"}" << std::endl;
  }

  options.max_steps = 1;  // One stage per call: a stop lands between stages.
  int completed = -1;
  while (true) {
    JobReport::Status stop_status = JobReport::STOPPED;
    const std::string stop = StopReason(context, &stop_status);
    if (!stop.empty()) {
      result.status = stop_status;
      result.reason = absl::StrCat(stop, "; run ", run_id, " stopped at a step boundary, resume it with: baton resume ", run_id);
      log << "{\"event\":\"nightly_stop\",\"run_id\":\"" << run_id << "\"}" << std::endl;
      return result;
    }
    absl::StatusOr<cli::RunOutcome> advanced =
        cli::ResumeRun(context.installation, options, run_id, /*approve_gate=*/false, log);
    if (!advanced.ok()) {
      result.reason = std::string(advanced.status().message());
      return result;
    }
    result.outcome = *advanced;
    if (!advanced->status.ok()) {
      result.reason = std::string(advanced->status.message());
      return result;
    }
    const handoff::Handoff& handoff = advanced->handoff;
    if (handoff.status() == handoff::RUN_SUCCEEDED) break;
    if (handoff.status() == handoff::RUN_WAITING_FOR_HUMAN) {
      result.status = JobReport::STOPPED;
      result.reason = absl::StrCat("the run waits for a person at a gate: baton resume ", run_id,
                                   " --approve");
      return result;
    }
    const int now = executor::StepPlan(handoff.workflow()).CompletedCount(handoff);
    if (now <= completed) {
      result.reason = absl::StrCat("run ", run_id, " made no progress (status ",
                                   handoff::RunStatus_Name(handoff.status()), ")");
      return result;
    }
    completed = now;
  }
  result.status = JobReport::SUCCEEDED;
  Publish(spec, &result);
  return result;
}

void RecordRun(const WorkflowRunResult& result, const JobContext& context, JobReport* report) {
  const cli::RunOutcome& outcome = result.outcome;
  if (outcome.run_id.empty()) return;
  report->add_run_ids(outcome.run_id);
  if (!outcome.run_dir.empty()) {
    report->add_run_dirs(outcome.run_dir);
    report->add_run_links(RelativeToReport(context, outcome.run_dir));
  }
  for (const handoff::StepRecord& record : outcome.handoff.steps()) {
    StepSpan* span = report->add_steps();
    span->set_name(record.agent().empty() ? absl::StrCat("gate: ", record.note()) : record.agent());
    std::string status = handoff::StepStatus_Name(record.status());
    if (absl::StartsWith(status, "STEP_")) status = status.substr(5);
    span->set_status(status);
    span->set_started_unix_ms(record.started_unix_ms());
    span->set_duration_ms(record.duration_ms());
    span->set_summary(record.error().empty() ? record.summary() : record.error());
    span->set_run_id(outcome.run_id);
    if (!record.stderr_log().empty() && !outcome.run_dir.empty()) {
      span->set_log(RelativeToReport(context, absl::StrCat(outcome.run_dir, "/", record.stderr_log())));
    }
  }
  for (const handoff::Finding& finding : outcome.handoff.findings()) {
    *report->add_findings() = finding;
  }
  if (result.commit.has_value()) {
    *report->add_commits() = *result.commit;
    report->add_branches(result.commit->branch());
  } else if (!outcome.branch.empty()) {
    report->add_branches(outcome.branch);
  }
  if (result.status != JobReport::SUCCEEDED && report->resume_command().empty()) {
    report->set_resume_command(absl::StrCat("baton resume ", outcome.run_id, " --repo ",
                                            outcome.repo.empty() ? report->repo() : outcome.repo));
  }
}

}  // namespace baton::nightly
