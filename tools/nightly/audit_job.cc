#include "tools/nightly/audit_job.h"

#include "absl/strings/str_cat.h"
#include "agents/schema/schema_lint.h"
#include "agents/schema/security_audit.h"
#include "tools/nightly/check_span.h"

namespace baton::nightly {

void RunAuditJob(const Job& job, const JobContext& context, JobReport* report) {
  (void)context;
  CheckSpan span("security-audit", report);
  agents::schema::AuditOptions options;
  options.root = job.repo();
  options.agent = "security-audit";
  absl::StatusOr<std::vector<std::string>> files =
      agents::schema::CollectAuditFiles(job.path().empty() ? job.repo()
                                                           : absl::StrCat(job.repo(), "/", job.path()));
  if (!files.ok()) {
    span.Fail(std::string(files.status().message()));
    return;
  }
  for (const std::string& file : *files) {
    options.files.push_back(job.path().empty() ? file : absl::StrCat(job.path(), "/", file));
  }
  absl::StatusOr<agents::schema::AuditReport> audit = agents::schema::AuditFiles(options);
  if (!audit.ok()) {
    span.Fail(std::string(audit.status().message()));
    return;
  }
  AddFindings(audit->findings, report);
  const int serious = agents::schema::CountAtLeast(audit->findings, handoff::Finding::ERROR);
  if (serious > 0) {
    span.Fail(absl::StrCat(serious, " finding(s) of severity ERROR or BLOCKER; ", audit->Summary()));
    return;
  }
  span.Succeed(audit->Summary());
}

}  // namespace baton::nightly
