// The security-auditor's step: audits what the run produced and what is
// about to be committed, not the repository's history — the handoff's
// artifacts, the files named with --file, and every changed or untracked
// file of the workspace (security_audit.h). Secrets become BLOCKER findings,
// which stop the git-workflow-manager from committing; personal data in new
// columns becomes WARNING findings with the encryption or masking to apply.
// The step itself succeeds whatever it finds.
// Facts: security.files_audited, security.pii_columns, security.secrets.
// Thread-compatible: reads the request's workspace.
#ifndef BATON_AGENTS_SCHEMA_AUDIT_STEP_H_
#define BATON_AGENTS_SCHEMA_AUDIT_STEP_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "executor/handoff.pb.h"

namespace baton::agents::schema {

// Errors: those of AuditFiles (the workspace is not a folder).
absl::StatusOr<handoff::AgentResult> SecurityAuditStep(
    const handoff::AgentRequest& request);

// What the step audits, deduplicated, in this order: artifacts, --file
// paths, changed files (none when the workspace is not a git repository).
std::vector<std::string> FilesToAudit(const handoff::AgentRequest& request);

}  // namespace baton::agents::schema

#endif  // BATON_AGENTS_SCHEMA_AUDIT_STEP_H_
