// A schema that SQLite built from real SQL, with where each table and column
// was defined: what schema lint, the security audit and the schema designer
// read. Produced by SchemaBuilder (schema_builder.h). A value;
// thread-compatible.
#ifndef BATON_AGENTS_SCHEMA_LOADED_SCHEMA_H_
#define BATON_AGENTS_SCHEMA_LOADED_SCHEMA_H_

#include <map>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "agents/data/schema_snapshot.h"

namespace baton::agents::schema {

// A file and 1-based line; line 0 when only the file is known.
struct SourceLocation {
  std::string file;
  int line = 0;

  // "file:line", or "file" when the line is unknown.
  std::string ToString() const;
};

// One FOREIGN KEY / REFERENCES constraint, from PRAGMA foreign_key_list.
struct ForeignKey {
  std::string table;
  std::vector<std::string> columns;
  std::string parent;
  // Empty when the constraint names no columns (the parent's primary key).
  std::vector<std::string> parent_columns;
  std::string on_delete;  // "CASCADE", "NO ACTION", ...
};

struct LoadedSchema {
  data::SchemaSnapshot snapshot;
  std::vector<ForeignKey> foreign_keys;  // In table order.
  // Keys are lower-cased: "users" and "users.email".
  std::map<std::string, SourceLocation> table_locations;
  std::map<std::string, SourceLocation> column_locations;
  // Files whose SQL was applied, in order, as they appear in locations.
  std::vector<std::string> files;
  // What was loaded, for people: "3 migrations in database/migrations".
  std::string origin;

  // nullptr when unknown.
  const SourceLocation* FindTableLocation(absl::string_view table) const;
  const SourceLocation* FindColumnLocation(absl::string_view table,
                                           absl::string_view column) const;
  // "file:line" where the table (column) was defined when known, else
  // "table" ("table.column").
  std::string TableLocation(absl::string_view table) const;
  std::string ColumnLocation(absl::string_view table,
                             absl::string_view column) const;
  // The foreign keys declared on `table` (case-insensitive).
  std::vector<const ForeignKey*> ForeignKeysOf(absl::string_view table) const;
};

}  // namespace baton::agents::schema

#endif  // BATON_AGENTS_SCHEMA_LOADED_SCHEMA_H_
