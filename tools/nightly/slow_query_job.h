// The SLOW_QUERIES job kind (PostgreSQL): reads the slowest queries from
// pg_stat_statements of `stats_url` and runs the Query Optimization
// workflow on each, one run per query: the query is saved in the run's
// worktree as database/queries/nightly/<date>-<job>-<n>.sql and committed
// on the run's branch, the workflow analyzes it on throwaway staging
// databases (the job's `staging` server), and its proposal (index
// migrations, rewritten query) is committed on the same branch, which
// becomes the review branch baton/nightly/<date>/<job>-q<n>. Never the
// default branch. The job fails when any query's run fails.
// Thread-safe.
#ifndef BATON_TOOLS_NIGHTLY_SLOW_QUERY_JOB_H_
#define BATON_TOOLS_NIGHTLY_SLOW_QUERY_JOB_H_

#include "tools/nightly/job_context.h"
#include "tools/nightly/nightly_config.pb.h"
#include "tools/nightly/nightly_report.pb.h"

namespace baton::nightly {

void RunSlowQueryJob(const Job& job, const JobContext& context, JobReport* report);

}  // namespace baton::nightly

#endif  // BATON_TOOLS_NIGHTLY_SLOW_QUERY_JOB_H_
