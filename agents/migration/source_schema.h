// The schema of a MySQL/MariaDB database as the migration needs it: tables,
// columns (with their exact MySQL column types), indexes, foreign keys,
// AUTO_INCREMENT counters, row counts and zero dates, read from
// information_schema. Plain data (what the schema translator takes) plus the
// reader that fills it from a live source.
// Thread-compatible.
#ifndef BATON_AGENTS_MIGRATION_SOURCE_SCHEMA_H_
#define BATON_AGENTS_MIGRATION_SOURCE_SCHEMA_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "agents/migration/mysql_source.h"

namespace baton::agents::migration {

struct SourceColumn {
  std::string name;
  std::string data_type;    // Lower case: "int", "varchar", "enum", "datetime", ...
  std::string column_type;  // As MySQL writes it: "int(10) unsigned", "enum('a','B')".
  bool nullable = true;
  // information_schema.COLUMNS.COLUMN_DEFAULT as the server reports it
  // (MariaDB quotes string literals and writes NULL; MySQL does neither).
  std::optional<std::string> default_value;
  bool auto_increment = false;
  std::string extra;      // e.g. "on update current_timestamp()".
  std::string charset;    // "utf8mb4", "latin1"; empty for non-text columns.
  std::string collation;  // "utf8mb4_unicode_ci"; empty for non-text columns.
  int64_t max_length = -1;  // CHARACTER_MAXIMUM_LENGTH; -1 when not applicable.
  int precision = -1;       // NUMERIC_PRECISION; -1 when not applicable.
  int scale = -1;           // NUMERIC_SCALE / DATETIME_PRECISION.
};

struct SourceIndex {
  std::string name;  // "PRIMARY" for the primary key.
  bool unique = false;
  std::string type;  // "BTREE", "HASH", "FULLTEXT", "SPATIAL".
  std::vector<std::string> columns;
  std::vector<int> prefix_lengths;  // SUB_PART per column; 0 = whole column.
};

struct SourceForeignKey {
  std::string name;
  std::vector<std::string> columns;
  std::string referenced_table;
  std::vector<std::string> referenced_columns;
  std::string on_delete = "RESTRICT";  // As MySQL spells it: CASCADE, SET NULL, ...
  std::string on_update = "RESTRICT";
};

struct SourceTable {
  std::string name;
  std::string collation;  // Table default, e.g. "latin1_swedish_ci".
  int64_t auto_increment = 0;  // The next AUTO_INCREMENT value; 0 when none.
  int64_t rows = 0;            // Exact COUNT(*) (ReadSourceSchema counts).
  std::vector<SourceColumn> columns;
  std::vector<SourceIndex> indexes;  // PRIMARY first when there is one.
  std::vector<SourceForeignKey> foreign_keys;
  // Column -> rows holding a zero or partial-zero date ('0000-00-00',
  // '2024-00-10'), which PostgreSQL cannot store.
  std::map<std::string, int64_t> zero_dates;

  const SourceColumn* FindColumn(const std::string& column) const;
  const SourceIndex* PrimaryKey() const;
};

struct SourceSchema {
  std::string database;
  std::string server_version;
  std::vector<SourceTable> tables;  // Base tables, by name.
  std::vector<std::string> views;   // Not migrated; reported.

  int64_t TotalRows() const;
};

// Reads every base table of the connected database, counting rows and zero
// dates exactly (one COUNT per table and per date column).
// Errors: those of MysqlSource::Query; NotFound when the database has no
// table.
absl::StatusOr<SourceSchema> ReadSourceSchema(MysqlSource& source);

// True for a date/datetime/timestamp text MySQL allows and PostgreSQL
// refuses: any zero year, month or day ("0000-00-00", "2024-00-10 ...").
bool IsZeroDate(const std::string& value);

}  // namespace baton::agents::migration

#endif  // BATON_AGENTS_MIGRATION_SOURCE_SCHEMA_H_
