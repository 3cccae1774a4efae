// The security-auditor's step of the Backup & Recovery workflow ("verify
// encryption"): the usual audit of the run's files (agents/schema/
// audit_step.h: secrets are BLOCKERs, so no credential reaches the
// repository) plus a review of every backup and restore script among them
// (encryption_check.h): the dump must be piped into openssl before it
// reaches the disk, and the key must not be in the script. A run whose files
// hold no backup script gets a BLOCKER "backup-script-missing". The step
// succeeds whatever it finds; BLOCKER findings stop the
// git-workflow-manager from committing.
// Facts: those of SecurityAuditStep, plus security.backup_scripts and
// security.backup_encrypted ("true" when every dump is piped into
// openssl AES-256 and no encryption BLOCKER stands).
// Thread-compatible.
#ifndef BATON_AGENTS_BACKUP_BACKUP_AUDIT_STEP_H_
#define BATON_AGENTS_BACKUP_BACKUP_AUDIT_STEP_H_

#include "absl/status/statusor.h"
#include "executor/handoff.pb.h"

namespace baton::agents::backup {

// Errors: those of SecurityAuditStep (the workspace is not a folder).
absl::StatusOr<handoff::AgentResult> BackupAuditStep(const handoff::AgentRequest& request);

}  // namespace baton::agents::backup

#endif  // BATON_AGENTS_BACKUP_BACKUP_AUDIT_STEP_H_
