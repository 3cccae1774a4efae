// One Baton run inside a nightly job, advanced one stage at a time so that
// it can stop cleanly between stages: when the job's timeout passes or the
// nightly is asked to stop (SIGTERM), the run is left at its last
// checkpoint, resumable with `baton resume <run-id>` or by the next
// invocation of the same night. A step already running finishes first (its
// agent's own timeout bounds it).
//
// The run works in its own worktree on baton/<run-id>. With a review branch
// name, a successful run's commit (the chain's, or the proposal the nightly
// commits when the chain leaves its files uncommitted) also gets that
// branch. Nothing ever lands on the checkout's branch.
// Thread-safe: runs of the same repository are created one at a time
// (worktrees share the repository's git files); their steps run in
// parallel.
#ifndef BATON_TOOLS_NIGHTLY_WORKFLOW_RUN_H_
#define BATON_TOOLS_NIGHTLY_WORKFLOW_RUN_H_

#include <functional>
#include <optional>
#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "tools/cli/pipeline.h"
#include "tools/nightly/job_context.h"
#include "tools/nightly/nightly_report.pb.h"

namespace baton::nightly {

struct WorkflowRunSpec {
  // request, domain, workflow, files, repo, staging_url, agents_file,
  // runs_root. Output and max_steps are set here.
  cli::RunOptions options;
  // Continue this run instead of starting a new one.
  std::string resume_run_id;
  // Called once for a new run, after it exists and before its first step
  // (e.g. to put the query to optimize into its workspace). An error fails
  // the job; the run stays.
  std::function<absl::Status(const cli::RunOutcome& run)> prepare;
  // REVIEW_BRANCH: the branch to give the run's commit; "" keeps only
  // baton/<run-id>.
  std::string review_branch;
  // Commit artifacts the chain left uncommitted (on the run's branch).
  bool commit_proposal = false;
  // Baton-Nightly trailer: "<date>/<job>".
  std::string tag;
};

struct WorkflowRunResult {
  JobReport::Status status = JobReport::FAILED;
  std::string reason;  // Why it failed or stopped.
  // run_id is empty when no run was created.
  cli::RunOutcome outcome;
  std::optional<CommitMade> commit;
};

// Starts (or resumes) the run and advances it stage by stage until it
// ends, fails, or must stop. Progress goes to `log` as JSON Lines.
WorkflowRunResult RunWorkflow(const WorkflowRunSpec& spec, const JobContext& context,
                              std::ostream& log);

// Adds the run to the job's report: run id and folder, its steps as
// timeline spans (logs relative to the report), findings, commit and
// branch.
void RecordRun(const WorkflowRunResult& result, const JobContext& context, JobReport* report);

}  // namespace baton::nightly

#endif  // BATON_TOOLS_NIGHTLY_WORKFLOW_RUN_H_
