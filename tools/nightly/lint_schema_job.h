// The LINT_SCHEMA job kind: `baton lint-schema` on the repository's
// migrations (or the job's `path`): the schema SQLite builds from them,
// checked against the data card's rules (agents/schema/schema_lint.h).
// Fails on ERROR findings, or when the SQL does not load. Thread-safe.
#ifndef BATON_TOOLS_NIGHTLY_LINT_SCHEMA_JOB_H_
#define BATON_TOOLS_NIGHTLY_LINT_SCHEMA_JOB_H_

#include "tools/nightly/job_context.h"
#include "tools/nightly/nightly_config.pb.h"
#include "tools/nightly/nightly_report.pb.h"

namespace baton::nightly {

void RunLintSchemaJob(const Job& job, const JobContext& context, JobReport* report);

}  // namespace baton::nightly

#endif  // BATON_TOOLS_NIGHTLY_LINT_SCHEMA_JOB_H_
