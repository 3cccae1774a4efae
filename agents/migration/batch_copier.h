// Copies the rows of every translated table from the MySQL source to the
// PostgreSQL target in batches, paging by key (keyset pagination: WHERE key >
// last key ORDER BY key LIMIT batch), inside one consistent read-only
// snapshot of the source.
//
// Resumable and idempotent: a table with a single integer key resumes after
// the target's max(key); other keyed tables start over and skip rows already
// there (INSERT ... ON CONFLICT DO NOTHING); a table without any key is
// emptied and copied again unless it already holds the source's row count.
// Running the copy twice therefore leaves one copy of every row.
//
// Values travel through value_codec.h (zero dates become NULL and are
// counted). The target tables must exist (Translation::schema_up); the
// constraints (Translation::constraints_up) are best added afterwards.
// Not thread-safe (uses the given connections).
#ifndef BATON_AGENTS_MIGRATION_BATCH_COPIER_H_
#define BATON_AGENTS_MIGRATION_BATCH_COPIER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "agents/data/postgres_database.h"
#include "agents/migration/mysql_source.h"
#include "agents/migration/schema_translator.h"

namespace baton::agents::migration {

struct CopyOptions {
  int batch_size = 1000;
};

struct TableCopy {
  std::string table;
  int64_t source_rows = 0;
  int64_t inserted = 0;          // Rows this run added to the target.
  int64_t already_present = 0;   // Rows found in the target (resume, re-run).
  int64_t batches = 0;
  int64_t zero_dates_nulled = 0;
  std::string resumed_after;     // The key the copy resumed after; empty: from the start.
  absl::Duration elapsed;
};

struct CopyReport {
  std::vector<TableCopy> tables;
  absl::Duration elapsed;

  int64_t TotalInserted() const;
  int64_t TotalSourceRows() const;
  // "copied 3 tables: users 6 rows (1 batch), ... in 40 ms".
  std::string Summary() const;
};

// Errors: those of the connections; InvalidArgument naming the table, key
// and column of a value PostgreSQL cannot store; FailedPrecondition when
// PostgreSQL refuses a batch (its message, the statement shortened).
absl::StatusOr<CopyReport> CopyData(MysqlSource& source, data::PostgresDatabase& target,
                                    const Translation& translation, const CopyOptions& options);

// The SELECT list for `table`'s columns on the MySQL side, and the key
// ordering (shared with the validator).
std::string MysqlColumnList(const TargetTable& table);
std::string MysqlKeyOrder(const TargetTable& table, bool descending = false);

}  // namespace baton::agents::migration

#endif  // BATON_AGENTS_MIGRATION_BATCH_COPIER_H_
