// A real backup and restore with the repository's own scripts, the
// infrastructure-specialist's proof that what it wrote works:
//   1. creates a throwaway source database on the staging PostgreSQL server
//      (baton_backup_src_<random>) with seed rows in three tables (NULLs,
//      non-ASCII text, numerics, timestamps, a foreign key);
//   2. leaves two stale encrypted backups in the backup folder, 31 and 29
//      days old;
//   3. runs `bash backup.sh --database URL --dir DIR --key-file KEY` (argv,
//      no shell string) with a random key in a 0600 file;
//   4. checks the new file is openssl's salted format ("Salted__"), not a
//      plaintext pg_dump archive ("PGDMP"), that the folder holds no
//      plaintext dump, that the 31-day-old backup was pruned and the 29-day
//      one kept;
//   5. creates a fresh database (baton_backup_dst_<random>), runs
//      `bash restore.sh --file BACKUP --database URL --key-file KEY`;
//   6. compares per-table row counts and checksums (table_fingerprint.h).
// Both databases are dropped afterwards, whatever happened.
// Thread-compatible.
#ifndef BATON_AGENTS_BACKUP_RESTORE_DRILL_H_
#define BATON_AGENTS_BACKUP_RESTORE_DRILL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "agents/backup/table_fingerprint.h"

namespace baton::agents::backup {

struct RestoreDrillOptions {
  // A postgres:// URL of the staging server (its database is only used to
  // connect; the drill creates its own).
  std::string server_url;
  // Absolute paths of the scripts to run.
  std::string backup_script;
  std::string restore_script;
  // A writable folder for the key, the backups and the scripts' logs.
  std::string scratch_dir;
  absl::Duration timeout = absl::Minutes(5);
};

struct RestoreDrillReport {
  DatabaseFingerprint source;
  DatabaseFingerprint restored;
  // Empty when the restore matches (CompareFingerprints).
  std::vector<std::string> differences;
  std::string backup_file;  // Absolute.
  int64_t backup_bytes = 0;
  // Stale backups backup.sh deleted / kept (file names).
  std::vector<std::string> pruned;
  std::vector<std::string> kept;
  absl::Duration backup_time;
  absl::Duration restore_time;

  int64_t TotalRows() const;
  // "customers=200:1a2b3c4d…,orders=…" (first 12 hex digits of each md5).
  std::string Checksums() const;
  // "backed up 3 tables (1150 rows, 41230 encrypted bytes) and restored them
  // into a fresh database: row counts and checksums match".
  std::string Summary() const;
};

// Errors: FailedPrecondition when a script fails (its exit and the end of
// its stderr), when the backup is not encrypted, or retention did not prune
// as it should; Unavailable when the server cannot be reached; Internal for
// local file trouble. Differences between source and restore are not an
// error: see RestoreDrillReport::differences.
absl::StatusOr<RestoreDrillReport> RunRestoreDrill(const RestoreDrillOptions& options);

// `url` (postgres://…/db?params) with its database replaced by `database`.
std::string UrlWithDatabase(const std::string& url, const std::string& database);

}  // namespace baton::agents::backup

#endif  // BATON_AGENTS_BACKUP_RESTORE_DRILL_H_
