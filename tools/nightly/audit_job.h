// The SECURITY_AUDIT job kind: `baton audit` on every file of the
// repository (or the job's `path`): secrets (BLOCKER), plaintext database
// transport, personal data in columns (agents/schema/security_audit.h).
// Fails on ERROR or BLOCKER findings, as `baton audit` exits 1.
// Thread-safe.
#ifndef BATON_TOOLS_NIGHTLY_AUDIT_JOB_H_
#define BATON_TOOLS_NIGHTLY_AUDIT_JOB_H_

#include "tools/nightly/job_context.h"
#include "tools/nightly/nightly_config.pb.h"
#include "tools/nightly/nightly_report.pb.h"

namespace baton::nightly {

void RunAuditJob(const Job& job, const JobContext& context, JobReport* report);

}  // namespace baton::nightly

#endif  // BATON_TOOLS_NIGHTLY_AUDIT_JOB_H_
