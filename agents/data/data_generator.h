// Deterministic test data, so query plans on a staging database are
// meaningful: row i of a table gets values computed from i alone, honouring
// the column's type and length, primary keys and unique indexes (distinct
// values), NOT NULL, and foreign keys (values that exist in the parent's
// generated rows).
//
// Each table is filled by one INSERT ... SELECT over a row-number series:
// generate_series on PostgreSQL, a recursive CTE on SQLite (all tables in one
// transaction there). The same schema and row counts give the same data on
// every run and on both databases. Stateless functions; thread-compatible.
#ifndef BATON_AGENTS_DATA_DATA_GENERATOR_H_
#define BATON_AGENTS_DATA_DATA_GENERATOR_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "agents/data/schema_snapshot.h"
#include "agents/data/staging_database.h"

namespace baton::agents::data {

struct GeneratedTable {
  std::string table;
  int64_t rows = 0;
  int64_t first_index = 1;  // Row number of the first generated row.
};

struct GeneratedData {
  std::vector<GeneratedTable> tables;  // In insertion order (parents first).
  double seconds = 0;

  const GeneratedTable* Find(absl::string_view table) const;
  // "users: 100000 rows, roles: 1000 rows".
  std::string Summary() const;
};

// How many rows to generate: `rows` for each of `tables`, `parent_rows` for
// every table they reference through a foreign key (transitively) that is
// not itself in `tables`. A table whose primary key consists of foreign keys
// only is capped at the number of distinct combinations.
std::map<std::string, int64_t> PlanRows(const SchemaSnapshot& schema,
                                        const std::vector<std::string>& tables,
                                        int64_t rows, int64_t parent_rows);

// Inserts `rows` (table -> count) into `db`, parents before children, then
// refreshes the planner's statistics. FailedPrecondition naming the table
// and the database's error when an insert fails, or naming the column when
// a NOT NULL column without default has a type the generator does not know.
absl::StatusOr<GeneratedData> GenerateRows(
    StagingDatabase& db, const SchemaSnapshot& schema,
    const std::map<std::string, int64_t>& rows);

// The value GenerateRows put into `table`.`column` of generated row `n`
// (1-based), as an SQL literal ('user50000@example.com', 42, ...), read back
// from `db`. NotFound when the table was not generated or has no such
// column.
absl::StatusOr<std::string> GeneratedLiteral(StagingDatabase& db,
                                             const SchemaSnapshot& schema,
                                             const GeneratedData& data,
                                             absl::string_view table,
                                             absl::string_view column,
                                             int64_t n);

}  // namespace baton::agents::data

#endif  // BATON_AGENTS_DATA_DATA_GENERATOR_H_
