#include "tools/nightly/lint_schema_job.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "agents/schema/finding_format.h"
#include "agents/schema/schema_lint.h"
#include "agents/schema/schema_loader.h"
#include "tools/nightly/check_span.h"

namespace baton::nightly {

void RunLintSchemaJob(const Job& job, const JobContext& context, JobReport* report) {
  (void)context;
  CheckSpan span("lint-schema", report);
  const std::string target = job.path().empty() ? job.repo() : absl::StrCat(job.repo(), "/", job.path());
  agents::schema::LoadOptions load;
  load.display_prefix = job.path();
  absl::StatusOr<agents::schema::LoadedSchema> schema = agents::schema::LoadSchema(target, load);
  if (!schema.ok()) {
    span.Fail(absl::StrCat("the schema does not load: ", schema.status().message()));
    return;
  }
  agents::schema::LintOptions options;
  options.agent = "lint-schema";
  const std::vector<handoff::Finding> findings = agents::schema::LintSchema(*schema, options);
  AddFindings(findings, report);
  const std::string summary = absl::StrCat(schema->origin, " (", schema->snapshot.tables.size(),
                                           " tables): ", agents::schema::CountFindings(findings));
  const int errors = agents::schema::CountAtLeast(findings, handoff::Finding::ERROR);
  if (errors > 0) {
    span.Fail(absl::StrCat(errors, " finding(s) of severity ERROR or worse; ", summary));
    return;
  }
  span.Succeed(summary);
}

}  // namespace baton::nightly
