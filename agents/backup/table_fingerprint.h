// Per-table fingerprints of a PostgreSQL database, to prove a restore holds
// exactly what was backed up: for every ordinary table outside the system
// schemas, its row count and the md5 of its rows as text, ordered by that
// text (so the order rows come back in does not matter, their content does).
// Not thread-safe (uses the given connection).
#ifndef BATON_AGENTS_BACKUP_TABLE_FINGERPRINT_H_
#define BATON_AGENTS_BACKUP_TABLE_FINGERPRINT_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "agents/data/postgres_database.h"

namespace baton::agents::backup {

struct TableFingerprint {
  int64_t rows = 0;
  std::string md5;  // 32 hex digits.
  bool operator==(const TableFingerprint& other) const {
    return rows == other.rows && md5 == other.md5;
  }
};

// "schema.table" (schema omitted for public) -> fingerprint.
using DatabaseFingerprint = std::map<std::string, TableFingerprint>;

// Errors: those of the queries (PostgresDatabase::Query).
absl::StatusOr<DatabaseFingerprint> FingerprintDatabase(data::PostgresDatabase& db);

// Every difference between `source` and `restored`, one line each:
// "orders: 500 rows backed up, 499 restored", "orders: checksum differs
// (ab12… vs cd34…)", "audit_log: missing after the restore",
// "tmp: only in the restore". Empty when they match.
std::vector<std::string> CompareFingerprints(const DatabaseFingerprint& source,
                                             const DatabaseFingerprint& restored);

}  // namespace baton::agents::backup

#endif  // BATON_AGENTS_BACKUP_TABLE_FINGERPRINT_H_
