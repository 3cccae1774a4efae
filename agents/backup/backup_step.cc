#include "agents/backup/backup_step.h"

#include <sys/stat.h>

#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "agents/backup/backup_scripts.h"
#include "agents/backup/restore_drill.h"
#include "agents/common/agent_main.h"
#include "agents/data/postgres_database.h"
#include "agents/schema/workspace_files.h"

namespace baton::agents::backup {
namespace {

constexpr char kAgent[] = "infrastructure-specialist";

handoff::Artifact::Kind KindOf(const GeneratedFile& file) {
  if (file.executable) return handoff::Artifact::CODE;
  if (absl::EndsWith(file.path, ".md")) return handoff::Artifact::REPORT;
  return handoff::Artifact::CONFIG;
}

}  // namespace

absl::StatusOr<handoff::AgentResult> BackupSetupStep(const handoff::AgentRequest& request) {
  const handoff::Staging& staging = request.handoff().staging();
  if (staging.kind() != "postgres" || !data::IsPostgresUrl(staging.url())) {
    return absl::FailedPreconditionError(
        "Backup & Recovery needs a PostgreSQL staging server: the infrastructure-specialist "
        "runs the backup and restore scripts it writes for real (pg_dump, pg_restore), which "
        "the SQLite staging default cannot do; run again with --staging "
        "postgresql://user@host:port/db");
  }
  const std::string workspace = schema::WorkspaceOf(request);
  BackupKitOptions kit_options;
  const std::vector<GeneratedFile> kit = GenerateBackupKit(kit_options);
  std::vector<std::string> paths;
  for (const GeneratedFile& file : kit) {
    if (absl::Status s = schema::WriteWorkspaceFile(workspace, file.path, file.text); !s.ok()) {
      return s;
    }
    if (file.executable) {
      ::chmod(absl::StrCat(workspace, "/", file.path).c_str(), 0755);
    }
    paths.push_back(file.path);
  }

  RestoreDrillOptions drill;
  drill.server_url = staging.url();
  drill.backup_script = absl::StrCat(workspace, "/", kBackupScript);
  drill.restore_script = absl::StrCat(workspace, "/", kRestoreScript);
  drill.scratch_dir = request.scratch_dir();
  if (drill.scratch_dir.empty()) {
    const char* tmp = std::getenv("TMPDIR");
    drill.scratch_dir = tmp != nullptr ? tmp : "/tmp";
  }
  absl::StatusOr<RestoreDrillReport> report = RunRestoreDrill(drill);
  if (!report.ok()) {
    return absl::Status(
        report.status().code(),
        absl::StrCat("the backup scripts failed their restore drill on ",
                     data::RedactUrl(staging.url()), ": ", report.status().message()));
  }
  if (!report->differences.empty()) {
    return absl::FailedPreconditionError(absl::StrCat("the restore does not match the backup: ",
                                                      absl::StrJoin(report->differences, "; ")));
  }

  handoff::AgentResult result = Succeeded(absl::StrCat(
      "wrote ", kit.size(), " files to ", kBackupDir,
      "/ (pg_dump --format=custom | openssl enc -aes-256-cbc -pbkdf2, ", kit_options.retention_days,
      "-day retention, daily systemd timer); verified on ", "PostgreSQL: ", report->Summary(),
      "; retention pruned the 31-day-old backup and kept the "
      "29-day-old one"));
  for (const GeneratedFile& file : kit) {
    absl::StatusOr<handoff::Artifact> artifact =
        MakeArtifact(workspace, file.path, KindOf(file), kAgent,
                     file.executable ? "encrypted PostgreSQL backup script"
                                     : "backup schedule and documentation",
                     /*commit=*/true);
    if (!artifact.ok()) return artifact.status();
    *result.add_artifacts() = *std::move(artifact);
  }
  auto& facts = *result.mutable_facts();
  facts["backup.files"] = absl::StrJoin(paths, ",");
  facts["backup.retention_days"] = absl::StrCat(kit_options.retention_days);
  facts["backup.schedule"] = kit_options.on_calendar;
  facts["backup.encryption"] = "aes-256-cbc, pbkdf2 (200000 iterations), key from a file";
  facts["backup.restore_verified"] = "true";
  facts["backup.tables"] = absl::StrCat(report->source.size());
  facts["backup.rows"] = absl::StrCat(report->TotalRows());
  facts["backup.checksums"] = report->Checksums();
  facts["backup.bytes"] = absl::StrCat(report->backup_bytes);
  facts["backup.pruned"] = absl::StrJoin(report->pruned, ",");
  facts["backup.backup_ms"] = absl::StrCat(absl::ToInt64Milliseconds(report->backup_time));
  facts["backup.restore_ms"] = absl::StrCat(absl::ToInt64Milliseconds(report->restore_time));
  return result;
}

}  // namespace baton::agents::backup
