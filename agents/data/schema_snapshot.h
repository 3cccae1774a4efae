// The schema of a SQLite database in a normalized, comparable form: what the
// migration verifier compares before and after a migration, and what the
// migration author checks a request against.
//
// Built from sqlite_master and PRAGMA table_info / index_list / index_info /
// foreign_key_list, so two databases built by different DDL text (CREATE
// TABLE with a column vs. CREATE TABLE + ALTER TABLE ADD COLUMN) compare equal
// when their structure is equal. Snapshots are values; thread-compatible.
#ifndef BATON_AGENTS_DATA_SCHEMA_SNAPSHOT_H_
#define BATON_AGENTS_DATA_SCHEMA_SNAPSHOT_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "agents/data/sqlite_database.h"

namespace baton::agents::data {

struct ColumnInfo {
  std::string name;
  std::string type;  // As declared, upper-cased ("VARCHAR(20)").
  bool not_null = false;
  std::optional<std::string> default_value;
  int primary_key_position = 0;  // 0 when not part of the primary key.
};

struct IndexInfo {
  std::string name;
  bool unique = false;
  std::string origin;  // "c" CREATE INDEX, "u" UNIQUE, "pk" PRIMARY KEY.
  bool partial = false;
  std::vector<std::string> columns;
};

struct TableInfo {
  std::string name;
  std::vector<ColumnInfo> columns;  // In declaration order.
  std::vector<IndexInfo> indexes;   // Sorted by name.
  // "(user_id) -> users(id) ON UPDATE NO ACTION ON DELETE CASCADE", sorted.
  std::vector<std::string> foreign_keys;

  // The column named `name` (ASCII case-insensitive), or nullptr.
  const ColumnInfo* FindColumn(absl::string_view name) const;
};

struct SchemaSnapshot {
  std::vector<TableInfo> tables;  // User tables, sorted by name.
  // Views and triggers: "view <name>: <sql>", sorted.
  std::vector<std::string> other_objects;

  // The table named `name` (ASCII case-insensitive), or nullptr.
  const TableInfo* FindTable(absl::string_view name) const;
  std::vector<std::string> TableNames() const;
  bool empty() const { return tables.empty() && other_objects.empty(); }

  // One self-contained line per fact, e.g.
  //   "column users.email #2 VARCHAR(255) NOT NULL"
  //   "index users.idx_users_email UNIQUE (email)"
  std::vector<std::string> Lines() const;
  std::string ToText() const;  // Lines() joined with '\n'.

  friend bool operator==(const SchemaSnapshot& a, const SchemaSnapshot& b) {
    return a.Lines() == b.Lines();
  }
};

// Reads the schema of `db`. Errors are SQLite's (see SqliteDatabase::Query).
absl::StatusOr<SchemaSnapshot> TakeSchemaSnapshot(SqliteDatabase& db);

// A readable diff: "- <line>" for facts only in `before`, "+ <line>" for
// facts only in `after`, one per line; empty when the snapshots are equal.
std::string DiffSnapshots(const SchemaSnapshot& before,
                          const SchemaSnapshot& after);

// Row count of every user table of `db`, by table name.
absl::StatusOr<std::map<std::string, int64_t>> CountRowsPerTable(
    SqliteDatabase& db);

}  // namespace baton::agents::data

#endif  // BATON_AGENTS_DATA_SCHEMA_SNAPSHOT_H_
