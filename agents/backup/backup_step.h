// The infrastructure-specialist's step of the Backup & Recovery workflow
// ("Set up automated backups", "Restore from backup"): writes the backup kit
// (backup_scripts.h) into the workspace as artifacts to commit, then proves
// it works before handing off: a real backup and restore on the staging
// PostgreSQL server with those very scripts (restore_drill.h). The card's
// chain has no qa-specialist for this workflow, so the agent that writes the
// scripts verifies them, and the security-auditor after it reviews files
// that are known to work.
// Facts: backup.files, backup.retention_days, backup.schedule,
// backup.encryption, backup.restore_verified, backup.tables, backup.rows,
// backup.checksums, backup.bytes, backup.pruned, backup.backup_ms,
// backup.restore_ms.
// Thread-compatible.
#ifndef BATON_AGENTS_BACKUP_BACKUP_STEP_H_
#define BATON_AGENTS_BACKUP_BACKUP_STEP_H_

#include "absl/status/statusor.h"
#include "executor/handoff.pb.h"

namespace baton::agents::backup {

// Errors: FailedPrecondition when the staging database is not PostgreSQL
// (nothing is written then), when a script fails or the restore does not
// match the backup (the differences are in the message); Unavailable when
// the server cannot be reached.
absl::StatusOr<handoff::AgentResult> BackupSetupStep(const handoff::AgentRequest& request);

}  // namespace baton::agents::backup

#endif  // BATON_AGENTS_BACKUP_BACKUP_STEP_H_
