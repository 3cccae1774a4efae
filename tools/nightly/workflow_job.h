// The WORKFLOW job kind: the job's request (or domain + workflow) as one
// Baton run in a worktree, stage by stage (workflow_run.h), its result on
// the review branch baton/nightly/<date>/<job>.
// Thread-safe (see workflow_run.h).
#ifndef BATON_TOOLS_NIGHTLY_WORKFLOW_JOB_H_
#define BATON_TOOLS_NIGHTLY_WORKFLOW_JOB_H_

#include "tools/nightly/job_context.h"
#include "tools/nightly/nightly_config.pb.h"
#include "tools/nightly/nightly_report.pb.h"

namespace baton::nightly {

// Runs (or, with context.resume_run_ids, resumes) the job's run; its log
// is <job_dir>/job.log. Fills `report` (status, reason, summary, steps,
// findings, commits, branches, run ids).
void RunWorkflowJob(const Job& job, const JobContext& context, JobReport* report);

}  // namespace baton::nightly

#endif  // BATON_TOOLS_NIGHTLY_WORKFLOW_JOB_H_
