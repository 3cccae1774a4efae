// The PostgreSQL backup kit the infrastructure-specialist writes for the
// Backup & Recovery workflow, under database/backup/:
//   backup.sh            pg_dump --format=custom piped straight into
//                        openssl enc -aes-256-cbc -pbkdf2 (the dump never
//                        lands on disk unencrypted), written to a .partial
//                        file and renamed, then prunes encrypted dumps older
//                        than the retention (30 days by default);
//   restore.sh           openssl enc -d piped into pg_restore;
//   baton-backup.service / baton-backup.timer   a daily systemd schedule;
//   README.md            how to install, run, restore and rotate the key.
// The scripts never hold a credential: the database URL, the key file and
// the password (PGPASSFILE / ~/.pgpass) come from the environment or
// arguments. Pure text generation; thread-safe.
#ifndef BATON_AGENTS_BACKUP_BACKUP_SCRIPTS_H_
#define BATON_AGENTS_BACKUP_BACKUP_SCRIPTS_H_

#include <string>
#include <vector>

namespace baton::agents::backup {

inline constexpr char kBackupDir[] = "database/backup";
inline constexpr char kBackupScript[] = "database/backup/backup.sh";
inline constexpr char kRestoreScript[] = "database/backup/restore.sh";
inline constexpr int kDefaultRetentionDays = 30;

struct BackupKitOptions {
  int retention_days = kDefaultRetentionDays;
  // systemd OnCalendar= value of the schedule (daily at 02:15 UTC).
  std::string on_calendar = "*-*-* 02:15:00 UTC";
};

struct GeneratedFile {
  std::string path;  // Repository-relative.
  std::string text;
  bool executable = false;
};

// backup.sh, restore.sh, the systemd service and timer, and README.md, in
// that order.
std::vector<GeneratedFile> GenerateBackupKit(const BackupKitOptions& options);

}  // namespace baton::agents::backup

#endif  // BATON_AGENTS_BACKUP_BACKUP_SCRIPTS_H_
