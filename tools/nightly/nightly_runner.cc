#include "tools/nightly/nightly_runner.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <optional>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "executor/atomic_file.h"
#include "gitops/repository.h"
#include "gitops/worktree.h"
#include "tools/nightly/audit_job.h"
#include "tools/nightly/html_report.h"
#include "tools/nightly/job_context.h"
#include "tools/nightly/job_ledger.h"
#include "tools/nightly/lint_schema_job.h"
#include "tools/nightly/migration_check_job.h"
#include "tools/nightly/night_history.h"
#include "tools/nightly/nightly_config.h"
#include "tools/nightly/slow_query_job.h"
#include "tools/nightly/workflow_job.h"

namespace baton::nightly {
namespace {

// What to do with one job, decided before any job runs.
struct Plan {
  const Job* job = nullptr;
  JobReport report;                 // Name, kind, repo, head, fingerprint.
  std::optional<JobReport> skipped;  // Set: not run (done already).
  std::vector<std::string> resume_run_ids;
  std::string problem;  // Set: fails without running (e.g. no repository).
};

std::string Clock(int64_t unix_ms) {
  return absl::FormatTime("%H:%M:%S", absl::FromUnixMillis(unix_ms), absl::LocalTimeZone());
}

Plan PlanJob(const Job& job, const NightlyOptions& options, const std::string& job_dir) {
  Plan plan;
  plan.job = &job;
  plan.report.set_name(job.name());
  plan.report.set_kind(KindName(job.kind()));
  plan.report.set_repo(job.repo());
  absl::StatusOr<std::string> root = gitops::FindRepositoryRoot(job.repo());
  if (!root.ok()) {
    plan.problem = absl::StrCat("no git repository at ", job.repo(), ": ", root.status().message());
    return plan;
  }
  absl::StatusOr<std::string> head = gitops::HeadCommitId(*root);
  if (head.ok()) plan.report.set_head(*head);
  plan.report.set_fingerprint(JobFingerprint(job, plan.report.head()));

  absl::StatusOr<std::optional<JobReport>> previous = ReadJobResult(job_dir);
  if (!previous.ok() || !previous->has_value() || options.force) return plan;
  const JobReport& before = **previous;
  if (before.fingerprint() != plan.report.fingerprint()) return plan;
  if (before.status() == JobReport::SUCCEEDED) {
    JobReport skipped = before;
    skipped.set_status(JobReport::SKIPPED);
    skipped.set_reason(absl::StrCat(
        "already completed for ", options.date, " at ", Clock(before.finished_unix_ms()),
        " with the same inputs (config and HEAD ", before.head().substr(0, 12),
        "); --force runs it again"));
    plan.skipped = std::move(skipped);
  } else if ((before.status() == JobReport::TIMED_OUT || before.status() == JobReport::STOPPED) &&
             before.run_ids_size() > 0) {
    plan.resume_run_ids.assign(before.run_ids().begin(), before.run_ids().end());
  }
  return plan;
}

void RunPlanned(const Plan& plan, const NightlyOptions& options, const std::string& day_dir,
                JobReport* report) {
  *report = plan.report;
  report->set_started_unix_ms(absl::ToUnixMillis(absl::Now()));
  const Job& job = *plan.job;
  JobContext context;
  context.installation = options.installation;
  context.date = options.date;
  context.report_dir = day_dir;
  context.job_dir = absl::StrCat(day_dir, "/jobs/", job.name());
  context.timeout = absl::Seconds(job.timeout_seconds());
  context.deadline = absl::Now() + context.timeout;
  context.stop = options.stop;
  context.resume_run_ids = plan.resume_run_ids;

  JobReport::Status stop_status = JobReport::STOPPED;
  const std::string stop = options.stop != nullptr && options.stop->requested()
                               ? StopReason(context, &stop_status)
                               : "";
  if (!plan.problem.empty()) {
    report->set_status(JobReport::FAILED);
    report->set_reason(plan.problem);
  } else if (!stop.empty()) {
    report->set_status(stop_status);
    report->set_reason(absl::StrCat("not started: ", stop));
  } else {
    switch (job.kind()) {
      case Job::LINT_SCHEMA: RunLintSchemaJob(job, context, report); break;
      case Job::VERIFY_MIGRATIONS: RunMigrationCheckJob(job, context, report); break;
      case Job::SECURITY_AUDIT: RunAuditJob(job, context, report); break;
      case Job::SLOW_QUERIES: RunSlowQueryJob(job, context, report); break;
      default: RunWorkflowJob(job, context, report); break;
    }
  }
  report->set_finished_unix_ms(absl::ToUnixMillis(absl::Now()));
  (void)WriteJobResult(context.job_dir, *report);
}

std::string Hostname() {
  char name[256] = {};
  if (::gethostname(name, sizeof(name) - 1) != 0) return "";
  return name;
}

}  // namespace

int NightExitCode(const NightReport& report) {
  for (const JobReport& job : report.job()) {
    if (job.status() != JobReport::SUCCEEDED && job.status() != JobReport::SKIPPED) return 1;
  }
  return 0;
}

absl::Status WriteNightReport(const std::string& day_dir, const NightReport& report) {
  absl::Status made = executor::MakeDirectories(day_dir);
  if (!made.ok()) return made;
  absl::Status json = executor::WriteFileAtomically(absl::StrCat(day_dir, "/report.json"),
                                                    ToJson(report));
  if (!json.ok()) return json;
  return executor::WriteFileAtomically(absl::StrCat(day_dir, "/report.html"),
                                       RenderHtmlReport(report));
}

absl::StatusOr<NightResult> RunNight(const NightlyOptions& options, std::ostream& out) {
  const std::set<std::string> only(options.only_jobs.begin(), options.only_jobs.end());
  std::set<std::string> known;
  for (const Job& job : options.config.job()) known.insert(job.name());
  for (const std::string& name : only) {
    if (known.count(name) == 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("no job \"", name, "\" in ", options.config_path));
    }
  }
  const std::string day_dir = absl::StrCat(options.config.report_dir(), "/", options.date);
  NightReport night;
  night.set_date(options.date);
  night.set_started_unix_ms(absl::ToUnixMillis(absl::Now()));
  night.set_host(Hostname());
  night.set_pid(::getpid());
  night.set_config(options.config_path);
  night.set_parallel(options.parallel);
  night.set_overlap(options.overlap);

  std::vector<Plan> plans;
  for (const Job& job : options.config.job()) {
    if (!only.empty() && only.count(job.name()) == 0) continue;
    plans.push_back(PlanJob(job, options, absl::StrCat(day_dir, "/jobs/", job.name())));
  }
  std::vector<JobReport> reports(plans.size());
  std::atomic<size_t> next{0};
  absl::Mutex out_mu;
  auto worker = [&] {
    for (size_t i = next++; i < plans.size(); i = next++) {
      if (plans[i].skipped.has_value()) {
        reports[i] = *plans[i].skipped;
      } else {
        RunPlanned(plans[i], options, day_dir, &reports[i]);
      }
      const JobReport& report = reports[i];
      absl::MutexLock lock(&out_mu);
      out << absl::StrFormat("job %s (%s): %s%s\n", report.name(), report.kind(),
                             JobReport::Status_Name(report.status()),
                             report.reason().empty() ? absl::StrCat(": ", report.summary())
                                                     : absl::StrCat(": ", report.reason()))
          << std::flush;
    }
  };
  std::vector<std::thread> threads;
  const int workers = std::max(1, std::min<int>(options.parallel, plans.size()));
  for (int i = 0; i < workers; ++i) threads.emplace_back(worker);
  for (std::thread& thread : threads) thread.join();

  for (JobReport& report : reports) {
    for (const handoff::Finding& finding : report.findings()) {
      ++(*night.mutable_findings_by_severity())[handoff::Finding::Severity_Name(finding.severity())];
    }
    *night.add_job() = std::move(report);
  }
  Invocation self_record = options.invocation;
  self_record.set_date(options.date);
  if (self_record.outcome().empty() || self_record.outcome() == "running") {
    const bool stopped = options.stop != nullptr && options.stop->requested();
    self_record.set_outcome(stopped ? "stopped" : "ran");
    if (stopped) self_record.set_reason(options.stop->reason());
  }
  self_record.set_finished_unix_ms(absl::ToUnixMillis(absl::Now()));
  absl::StatusOr<std::vector<Invocation>> history = ReadInvocations(options.config.report_dir());
  if (history.ok()) {
    bool self = false;
    for (const Invocation& invocation : *history) {
      if (invocation.date() != options.date) continue;
      Invocation copy = invocation;
      if (copy.pid() == options.invocation.pid() &&
          copy.started_unix_ms() == options.invocation.started_unix_ms()) {
        copy = self_record;
        self = true;
      }
      *night.add_invocation() = copy;
    }
    if (!self) *night.add_invocation() = self_record;
    for (const MissedNight& missed : FindMissedNights(*history, options.date)) {
      *night.add_missed() = missed;
    }
  }
  night.set_finished_unix_ms(absl::ToUnixMillis(absl::Now()));
  night.set_status(NightExitCode(night) == 0 ? "SUCCEEDED" : "FAILED");

  NightResult result;
  result.report = night;
  result.invocation = self_record;
  result.json_path = absl::StrCat(day_dir, "/report.json");
  result.html_path = absl::StrCat(day_dir, "/report.html");
  absl::Status written = WriteNightReport(day_dir, night);
  if (!written.ok()) return written;
  return result;
}

}  // namespace baton::nightly
