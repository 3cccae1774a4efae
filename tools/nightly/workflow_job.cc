#include "tools/nightly/workflow_job.h"

#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "tools/nightly/review_branch.h"
#include "tools/nightly/workflow_run.h"

namespace baton::nightly {

void RunWorkflowJob(const Job& job, const JobContext& context, JobReport* report) {
  std::error_code error;
  std::filesystem::create_directories(context.job_dir, error);
  const std::string log_path = absl::StrCat(context.job_dir, "/job.log");
  std::ofstream log(log_path, std::ios::app);
  report->set_log(RelativeToReport(context, log_path));

  WorkflowRunSpec spec;
  spec.options.request = job.request().empty()
                             ? absl::StrCat(job.workflow(), " (nightly job ", job.name(), ")")
                             : job.request();
  spec.options.domain = job.domain();
  spec.options.workflow = job.workflow();
  spec.options.files.assign(job.file().begin(), job.file().end());
  spec.options.repo = job.repo();
  if (job.staging() != "sqlite") spec.options.staging_url = job.staging();
  spec.options.agents_file = job.agents_file();
  spec.options.runs_root = job.state_dir();
  spec.options.retry_base_delay = absl::Milliseconds(200);
  if (!context.resume_run_ids.empty()) spec.resume_run_id = context.resume_run_ids.front();
  if (job.branch_policy() == Job::REVIEW_BRANCH) {
    spec.review_branch = ReviewBranchName(context.date, job.name());
    spec.commit_proposal = true;
  }
  spec.tag = absl::StrCat(context.date, "/", job.name());

  WorkflowRunResult result = RunWorkflow(spec, context, log);
  report->set_resumed(!spec.resume_run_id.empty());
  report->set_status(result.status);
  report->set_reason(result.reason);
  const handoff::Handoff& handoff = result.outcome.handoff;
  if (result.status == JobReport::SUCCEEDED) {
    report->set_summary(absl::StrCat(handoff.domain(), " / ", handoff.workflow().name(), ": ",
                                     handoff.steps_size(), " step(s)",
                                     result.commit.has_value()
                                         ? absl::StrCat(", commit ", result.commit->id().substr(0, 12),
                                                        " on ", result.commit->branch())
                                         : ", no commit"));
  }
  RecordRun(result, context, report);
}

}  // namespace baton::nightly
