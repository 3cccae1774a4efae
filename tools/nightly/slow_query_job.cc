#include "tools/nightly/slow_query_job.h"

#include <filesystem>
#include <fstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "gitops/committer.h"
#include "tools/nightly/review_branch.h"
#include "tools/nightly/slow_query_source.h"
#include "tools/nightly/workflow_run.h"

namespace baton::nightly {
namespace {

// Writes the query into the run's worktree and commits it on the run's
// branch, so the proposal on the review branch shows what it optimizes.
absl::Status AddQueryFile(const cli::RunOutcome& run, const std::string& relative,
                          const std::string& text, const std::string& tag) {
  const std::filesystem::path path = std::filesystem::path(run.workspace) / relative;
  std::error_code error;
  std::filesystem::create_directories(path.parent_path(), error);
  std::ofstream out(path);
  out << text;
  out.close();
  if (!out) return absl::InternalError(absl::StrCat("cannot write ", path.string()));
  gitops::CommitRequest request;
  request.repo = run.workspace;
  request.paths = {relative};
  request.message = absl::StrCat("chore(db): slow query from pg_stat_statements (", relative, ")");
  request.trailers = {{"Baton-Run", run.run_id}, {"Baton-Nightly", tag}};
  absl::StatusOr<gitops::CommitInfo> commit = gitops::CommitPaths(request);
  if (!commit.ok()) return commit.status();
  return absl::OkStatus();
}

}  // namespace

void RunSlowQueryJob(const Job& job, const JobContext& context, JobReport* report) {
  std::error_code error;
  std::filesystem::create_directories(context.job_dir, error);
  const std::string log_path = absl::StrCat(context.job_dir, "/job.log");
  std::ofstream log(log_path, std::ios::app);
  report->set_log(RelativeToReport(context, log_path));
  const absl::Time started = absl::Now();

  absl::StatusOr<std::vector<SlowQuery>> queries =
      ReadSlowQueries(job.stats_url(), job.slow_query_count(), job.min_mean_ms());
  StepSpan* read = report->add_steps();
  read->set_name("pg_stat_statements");
  read->set_started_unix_ms(absl::ToUnixMillis(started));
  read->set_duration_ms(absl::ToInt64Milliseconds(absl::Now() - started));
  if (!queries.ok()) {
    read->set_status("FAILED");
    read->set_summary(std::string(queries.status().message()));
    report->set_status(JobReport::FAILED);
    report->set_reason(std::string(queries.status().message()));
    return;
  }
  read->set_status("SUCCEEDED");
  read->set_summary(absl::StrCat(queries->size(), " slow quer", queries->size() == 1 ? "y" : "ies"));

  report->set_status(JobReport::SUCCEEDED);
  int optimized = 0;
  int already_fast = 0;
  std::vector<std::string> problems;
  for (size_t i = 0; i < queries->size(); ++i) {
    const SlowQuery& query = (*queries)[i];
    const std::string suffix = absl::StrCat("q", i + 1);
    const std::string relative =
        absl::StrCat("database/queries/nightly/", context.date, "-", job.name(), "-", suffix, ".sql");
    WorkflowRunSpec spec;
    // The statistics go into the query's file; the request stays short (it
    // becomes the commit's subject).
    spec.options.request = absl::StrCat("Optimize slow query ", i + 1, " from pg_stat_statements");
    spec.options.domain = "data";
    spec.options.workflow = "Query Optimization";
    spec.options.files = {relative};
    spec.options.repo = job.repo();
    spec.options.staging_url = job.staging();
    spec.options.agents_file = job.agents_file();
    spec.options.runs_root = job.state_dir();
    if (i < context.resume_run_ids.size()) spec.resume_run_id = context.resume_run_ids[i];
    spec.tag = absl::StrCat(context.date, "/", job.name(), "/", suffix);
    spec.commit_proposal = true;
    if (job.branch_policy() == Job::REVIEW_BRANCH) {
      spec.review_branch = absl::StrCat(ReviewBranchName(context.date, job.name()), "-", suffix);
    }
    const std::string text = SlowQueryFile(query, context.date);
    spec.prepare = [&](const cli::RunOutcome& run) {
      return AddQueryFile(run, relative, text, spec.tag);
    };
    WorkflowRunResult result = RunWorkflow(spec, context, log);
    RecordRun(result, context, report);
    if (result.status == JobReport::SUCCEEDED) {
      ++optimized;
      continue;
    }
    if (result.status == JobReport::FAILED &&
        absl::StrContains(result.reason, "nothing to optimize")) {
      ++already_fast;  // The analysis found the plan already good: not a failure.
      continue;
    }
    problems.push_back(absl::StrCat("query ", i + 1, ": ", result.reason));
    if (report->status() == JobReport::SUCCEEDED || result.status != JobReport::FAILED) {
      report->set_status(result.status);
    }
    if (result.status != JobReport::FAILED) break;  // Timed out or stopped: stop here.
  }
  report->set_summary(absl::StrCat(queries->size(), " slow quer",
                                   queries->size() == 1 ? "y" : "ies", " from pg_stat_statements, ",
                                   optimized, " optimized on review branches",
                                   already_fast > 0
                                       ? absl::StrCat(", ", already_fast, " already use a good plan")
                                       : ""));
  if (!problems.empty()) report->set_reason(absl::StrJoin(problems, "; "));
}

}  // namespace baton::nightly
