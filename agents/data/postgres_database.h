// A small RAII handle on one PostgreSQL connection (libpq), the PostgreSQL
// counterpart of SqliteDatabase.
//
// Not thread-safe: use one PostgresDatabase from one thread at a time.
// Server notices (e.g. "relation already exists, skipping") are dropped.
// Errors carry PostgreSQL's message, its SQLSTATE, the position in the
// statement and the statement itself.
#ifndef BATON_AGENTS_DATA_POSTGRES_DATABASE_H_
#define BATON_AGENTS_DATA_POSTGRES_DATABASE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "agents/data/sqlite_database.h"

struct pg_conn;

namespace baton::agents::data {

class PostgresDatabase {
 public:
  // Connects to `url` (a libpq URL, postgres://user@host:port/db, or a
  // keyword string). A non-empty `database` replaces the URL's database:
  // the same server and credentials, another database.
  // Unavailable when the server cannot be reached or refuses the login (the
  // message names the URL without its password).
  static absl::StatusOr<PostgresDatabase> Connect(const std::string& url,
                                                  const std::string& database = "");

  PostgresDatabase(PostgresDatabase&& other) noexcept;
  PostgresDatabase& operator=(PostgresDatabase&& other) noexcept;
  PostgresDatabase(const PostgresDatabase&) = delete;
  PostgresDatabase& operator=(const PostgresDatabase&) = delete;
  ~PostgresDatabase();

  // Splits `sql` into statements with libpg_query and runs each on its own,
  // outside any transaction block (so CREATE INDEX CONCURRENTLY works),
  // stopping at the first failure. InvalidArgument when the script does not
  // parse (libpg_query's message and position) or a statement names
  // something that does not exist (SQLSTATE class 42), FailedPrecondition
  // for other failures; the message ends with `in statement: <statement>`.
  absl::Status Exec(absl::string_view sql);

  // Runs one statement and returns its rows as text (NULL as nullopt).
  // Errors as for Exec; the server rejects more than one statement.
  absl::StatusOr<std::vector<SqlRow>> Query(absl::string_view sql);

  // The first column of the first row as an integer. NotFound when there is
  // no row or it is NULL.
  absl::StatusOr<int64_t> QueryInt(absl::string_view sql);

  // The connected database's name, and "host:port".
  std::string database() const;
  std::string server() const;

 private:
  explicit PostgresDatabase(pg_conn* connection);

  pg_conn* connection_;
};

// `url` with any password replaced by "***".
std::string RedactUrl(absl::string_view url);

// True for postgres:// and postgresql:// URLs.
bool IsPostgresUrl(absl::string_view url);

}  // namespace baton::agents::data

#endif  // BATON_AGENTS_DATA_POSTGRES_DATABASE_H_
