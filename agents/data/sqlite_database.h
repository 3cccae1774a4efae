// A small RAII handle on one SQLite database (a file or ":memory:"), for the
// data agents' throwaway staging databases.
//
// Not thread-safe: use one SqliteDatabase from one thread at a time.
// Errors carry SQLite's own message and the statement that failed.
#ifndef BATON_AGENTS_DATA_SQLITE_DATABASE_H_
#define BATON_AGENTS_DATA_SQLITE_DATABASE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

struct sqlite3;

namespace baton::agents::data {

// One result row; std::nullopt is SQL NULL.
using SqlRow = std::vector<std::optional<std::string>>;

class SqliteDatabase {
 public:
  // Opens (creating if needed) the database at `path`; ":memory:" gives a
  // private in-memory database. Unavailable when SQLite cannot open it.
  static absl::StatusOr<SqliteDatabase> Open(const std::string& path);

  SqliteDatabase(SqliteDatabase&& other) noexcept;
  SqliteDatabase& operator=(SqliteDatabase&& other) noexcept;
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;
  ~SqliteDatabase();

  // Runs every statement of `sql` in order, stopping at the first failure.
  // InvalidArgument for a statement SQLite cannot compile, FailedPrecondition
  // for one that fails while running; the message is SQLite's error followed
  // by `in statement: <the statement>`.
  absl::Status Exec(absl::string_view sql);

  // Runs one statement and returns its rows as text. Errors as for Exec;
  // InvalidArgument when `sql` holds more than one statement.
  absl::StatusOr<std::vector<SqlRow>> Query(absl::string_view sql);

  // The first column of the first row as an integer. NotFound when the query
  // returns no row or NULL; other errors as for Query.
  absl::StatusOr<int64_t> QueryInt(absl::string_view sql);

  const std::string& path() const { return path_; }

 private:
  SqliteDatabase(sqlite3* db, std::string path);

  sqlite3* db_;
  std::string path_;
};

// `name` quoted as an SQL identifier ("users" -> "\"users\"").
std::string QuoteIdentifier(absl::string_view name);

}  // namespace baton::agents::data

#endif  // BATON_AGENTS_DATA_SQLITE_DATABASE_H_
