#include "agents/backup/backup_audit_step.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "agents/backup/encryption_check.h"
#include "agents/schema/audit_step.h"
#include "agents/schema/workspace_files.h"

namespace baton::agents::backup {
namespace {

bool ReadFile(const std::string& path, std::string* text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  *text = buffer.str();
  return true;
}

}  // namespace

absl::StatusOr<handoff::AgentResult> BackupAuditStep(const handoff::AgentRequest& request) {
  absl::StatusOr<handoff::AgentResult> result = schema::SecurityAuditStep(request);
  if (!result.ok()) return result;
  const std::string agent =
      request.step().agent().empty() ? "security-auditor" : request.step().agent();
  const std::string workspace = schema::WorkspaceOf(request);

  std::vector<std::string> scripts;
  int blockers = 0;
  int dumps = 0;
  int encrypted = 0;
  bool backup_script_seen = false;
  for (const std::string& file : schema::FilesToAudit(request)) {
    std::string text;
    if (!ReadFile(absl::StrCat(workspace, "/", file), &text)) continue;
    const std::string name = std::filesystem::path(file).filename().string();
    const bool shell = absl::EndsWith(name, ".sh");
    if (!shell && !absl::StrContains(text, "pg_dump") && !absl::StrContains(text, "pg_restore")) {
      continue;
    }
    if (!shell && !absl::StartsWith(text, "#!")) continue;  // Docs mention pg_dump too.
    const bool backup_script = absl::StartsWith(name, "backup") && shell;
    backup_script_seen = backup_script_seen || backup_script;
    ScriptReview review = ReviewBackupScript(file, text, backup_script);
    scripts.push_back(file);
    dumps += review.dumps;
    encrypted += review.encrypted_dumps;
    for (handoff::Finding& finding : review.findings) {
      if (finding.severity() == handoff::Finding::BLOCKER) ++blockers;
      finding.set_agent(agent);
      *result->add_findings() = std::move(finding);
    }
  }
  if (!backup_script_seen) {
    ++blockers;
    handoff::Finding finding;
    finding.set_severity(handoff::Finding::BLOCKER);
    finding.set_rule("backup-script-missing");
    finding.set_message(
        "the run produced no backup script (backup*.sh) whose encryption could be verified");
    finding.set_location("database/backup/backup.sh");
    finding.set_agent(agent);
    finding.set_fix("have the infrastructure-specialist write database/backup/backup.sh");
    *result->add_findings() = std::move(finding);
  }
  const bool verified = blockers == 0 && dumps > 0 && encrypted == dumps;
  std::string summary = result->summary();
  if (verified) {
    absl::StrAppend(&summary, "; backup encryption verified in ", scripts.size(),
                    " scripts: every pg_dump is piped into openssl AES-256 (PBKDF2, key read "
                    "at run time), no plaintext dump reaches the disk");
  } else {
    absl::StrAppend(&summary, "; backup encryption NOT verified: ", blockers, " BLOCKER finding",
                    blockers == 1 ? "" : "s", " in the backup scripts");
  }
  result->set_summary(summary);
  auto& facts = *result->mutable_facts();
  facts["security.backup_scripts"] = absl::StrJoin(scripts, ",");
  facts["security.backup_encrypted"] = verified ? "true" : "false";
  return result;
}

}  // namespace baton::agents::backup
