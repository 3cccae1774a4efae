// The qa-specialist's data validation of a MySQL -> PostgreSQL migration:
// for every translated table, on both servers,
//   - row counts (COUNT(*) each side);
//   - a checksum computed comparably: every value is put in canonical form
//     (value_codec.h), each row's canonical text is hashed (md5) and the
//     hashes are added up modulo 2^128, so neither side's row order or
//     value rendering matters, only the values;
//   - sample records (the first and last rows by key) fetched by key on both
//     sides and compared column by column.
// When a count or checksum differs, the rows are matched by key to name
// every missing, extra and differing row (with the differing columns and
// both values). That diff holds the table's canonical rows in memory.
// Not thread-safe (uses the given connections).
#ifndef BATON_AGENTS_MIGRATION_DATA_VALIDATOR_H_
#define BATON_AGENTS_MIGRATION_DATA_VALIDATOR_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "agents/data/postgres_database.h"
#include "agents/migration/mysql_source.h"
#include "agents/migration/schema_translator.h"

namespace baton::agents::migration {

struct ValidationOptions {
  int samples_from_start = 3;
  int samples_from_end = 2;
  // Row-level mismatches listed per table; the rest are counted.
  int max_listed_per_table = 100;
};

struct RowMismatch {
  std::string table;
  std::string key;     // "id=2", or the row's values for a table without key.
  std::string kind;    // "missing in PostgreSQL", "only in PostgreSQL", "differs".
  std::string detail;  // For "differs": "email: MySQL 'a' vs PostgreSQL 'b'; ...".
};

struct TableValidation {
  std::string table;
  int64_t source_rows = 0;
  int64_t target_rows = 0;
  std::string source_checksum;  // 32 hex digits.
  std::string target_checksum;
  int samples = 0;
  int64_t mismatched_rows = 0;  // All of them, listed or not.

  bool ok() const {
    return source_rows == target_rows && source_checksum == target_checksum &&
           mismatched_rows == 0;
  }
};

struct ValidationReport {
  std::vector<TableValidation> tables;
  std::vector<RowMismatch> mismatches;  // Listed ones, table by table.

  bool ok() const;
  int64_t TotalSourceRows() const;
  int64_t MismatchedRows() const;
  // "3 tables, 1157 rows: row counts, checksums and 15 sample records match"
  // or "2 of 3 tables differ: users checksum differs (1 row), ...".
  std::string Summary() const;
  // The report as markdown (a table per table, then every listed mismatch).
  std::string Markdown(const std::string& source, const std::string& target) const;
};

// Errors: those of the connections (a failed query); mismatches are not
// errors, they are in the report.
absl::StatusOr<ValidationReport> ValidateMigration(MysqlSource& source,
                                                   data::PostgresDatabase& target,
                                                   const Translation& translation,
                                                   const ValidationOptions& options);

}  // namespace baton::agents::migration

#endif  // BATON_AGENTS_MIGRATION_DATA_VALIDATOR_H_
