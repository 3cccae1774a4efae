// The security-auditor agent.
//
// Workflows:
//   "Database Schema Design": audits the run's files — secrets (BLOCKER:
//   the commit is refused), plaintext database transport, personal data in
//   new columns (agents/schema/audit_step.h).
//   "Backup & Recovery": the same audit plus the backup scripts' encryption
//   (agents/backup/backup_audit_step.h).
// Other workflows fail with "security-auditor is not implemented for
// workflow <name>" (agents/common/agent_main.h).
#include "agents/backup/backup_audit_step.h"
#include "agents/common/agent_main.h"
#include "agents/schema/audit_step.h"

int main() {
  const baton::agents::HandlerTable handlers = {
      {"Database Schema Design", baton::agents::schema::SecurityAuditStep},
      {"Backup & Recovery", baton::agents::backup::BackupAuditStep},
  };
  return baton::agents::RunAgentMain("security-auditor", handlers);
}
