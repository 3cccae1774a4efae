// Builds a LoadedSchema by running SQL on a private in-memory SQLite
// database statement by statement, remembering the file and line where each
// table and column came into being (CREATE TABLE, ALTER TABLE ADD COLUMN).
// SQLite itself parses the SQL and reports what is wrong with it.
//
// Not thread-safe (one SQLite connection); use from one thread.
#ifndef BATON_AGENTS_SCHEMA_SCHEMA_BUILDER_H_
#define BATON_AGENTS_SCHEMA_SCHEMA_BUILDER_H_

#include <set>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "agents/data/sqlite_database.h"
#include "agents/schema/loaded_schema.h"

namespace baton::agents::schema {

struct ApplyOptions {
  // Run only schema statements (CREATE / ALTER / DROP); skip INSERT,
  // UPDATE, BEGIN, ... (schema files and seeds mix both).
  bool schema_only = false;
  // A statement that fails because a table it names does not exist yet is
  // set aside and retried by Finish() after everything else ran (for
  // folders of schema files whose order is alphabetical, not dependency
  // order).
  bool defer_missing_tables = false;
};

class SchemaBuilder {
 public:
  // Unavailable when SQLite cannot open an in-memory database.
  static absl::StatusOr<SchemaBuilder> Create();

  SchemaBuilder(SchemaBuilder&&) = default;
  SchemaBuilder& operator=(SchemaBuilder&&) = default;

  // Runs the statements of `sql`, which starts on line `first_line` of
  // `file` (as it should appear in locations). Errors name the statement's
  // location, then SQLite's message and the statement:
  //   InvalidArgument     "db/a.sql:3: near \"CREAT\": syntax error in
  //                        statement: CREAT TABLE ..." (does not compile)
  //   FailedPrecondition  a statement that compiles but fails when run.
  // Statements before a failing one stay applied.
  absl::Status Apply(absl::string_view sql, absl::string_view file,
                     int first_line, const ApplyOptions& options);

  // Statements set aside by defer_missing_tables, retried until a round
  // makes no progress; the first that still fails is returned as an error
  // (as for Apply). Then the schema as SQLite reports it.
  absl::StatusOr<LoadedSchema> Finish(absl::string_view origin);

  // The database, e.g. to snapshot it mid-way.
  data::SqliteDatabase& db() { return db_; }

 private:
  struct Deferred {
    std::string sql;
    SourceLocation location;
    absl::Status error;
  };

  explicit SchemaBuilder(data::SqliteDatabase db) : db_(std::move(db)) {}

  // Runs one statement and records what it defined.
  absl::Status RunStatement(const std::string& statement,
                            const SourceLocation& location);
  absl::Status Track(const std::string& statement,
                     const SourceLocation& location);

  data::SqliteDatabase db_;
  // Lower-cased table -> lower-cased columns, as of the last statement.
  std::map<std::string, std::set<std::string>> known_;
  // Lower-cased table -> its CREATE text in sqlite_master.
  std::map<std::string, std::string> table_sql_;
  std::map<std::string, SourceLocation> table_locations_;
  std::map<std::string, SourceLocation> column_locations_;
  std::vector<std::string> files_;
  std::vector<Deferred> deferred_;
};

// For CREATE TABLE text: lower-cased column name -> 0-based line offset of
// its definition from the statement's first line. Table constraints
// (PRIMARY KEY (...), FOREIGN KEY, CONSTRAINT, CHECK, UNIQUE) are skipped;
// empty for statements without a column list.
std::map<std::string, int> ColumnLineOffsets(absl::string_view create_table);

}  // namespace baton::agents::schema

#endif  // BATON_AGENTS_SCHEMA_SCHEMA_BUILDER_H_
