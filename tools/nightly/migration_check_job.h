// The VERIFY_MIGRATIONS job kind: every migration of the repository up,
// down and up again on a throwaway staging database (SQLite, or the job's
// PostgreSQL server), seeds kept (agents/data/migration_verifier.h).
// Scratch databases go to <job_dir>/scratch. Thread-safe.
#ifndef BATON_TOOLS_NIGHTLY_MIGRATION_CHECK_JOB_H_
#define BATON_TOOLS_NIGHTLY_MIGRATION_CHECK_JOB_H_

#include "tools/nightly/job_context.h"
#include "tools/nightly/nightly_config.pb.h"
#include "tools/nightly/nightly_report.pb.h"

namespace baton::nightly {

void RunMigrationCheckJob(const Job& job, const JobContext& context, JobReport* report);

}  // namespace baton::nightly

#endif  // BATON_TOOLS_NIGHTLY_MIGRATION_CHECK_JOB_H_
