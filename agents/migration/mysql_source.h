// A connection to a MySQL or MariaDB server (the migration's source), through
// Debian's MariaDB Connector/C (libmariadb). The counterpart of
// data::PostgresDatabase for the Data Migration workflow.
//
// The session uses utf8mb4 (latin1 and utf8mb3 columns arrive as UTF-8) and
// UTC (TIMESTAMP columns arrive in UTC). A source is only ever read: the
// migration runs SELECTs, inside a consistent snapshot when asked.
//
// Not thread-safe: use one MysqlSource from one thread at a time.
#ifndef BATON_AGENTS_MIGRATION_MYSQL_SOURCE_H_
#define BATON_AGENTS_MIGRATION_MYSQL_SOURCE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

struct st_mysql;

namespace baton::agents::migration {

// A row as the server sent it: NULL as nullopt, other values as their bytes
// (binary columns raw, everything else as text).
using SourceRow = std::vector<std::optional<std::string>>;

// The parts of mysql://user[:password]@host[:port]/database.
struct MysqlUrl {
  std::string user;
  std::string password;  // Empty: MYSQL_PWD from the environment, if set.
  std::string host;
  int port = 3306;
  std::string database;
};

// InvalidArgument naming the URL (password redacted) and the expected form
// when it is not mysql:// or mariadb://, or has no host or database.
absl::StatusOr<MysqlUrl> ParseMysqlUrl(absl::string_view url);

// True for mysql:// and mariadb:// URLs.
bool IsMysqlUrl(absl::string_view url);

class MysqlSource {
 public:
  // Unavailable when the server cannot be reached or refuses the login (the
  // message names the URL without its password and the server's reason);
  // InvalidArgument for a malformed URL.
  static absl::StatusOr<MysqlSource> Connect(const std::string& url);

  MysqlSource(MysqlSource&& other) noexcept;
  MysqlSource& operator=(MysqlSource&& other) noexcept;
  MysqlSource(const MysqlSource&) = delete;
  MysqlSource& operator=(const MysqlSource&) = delete;
  ~MysqlSource();

  // Runs one statement and returns its rows (none for statements without a
  // result). InvalidArgument for errors in the statement (unknown table or
  // column, syntax), Unavailable when the connection is lost,
  // FailedPrecondition otherwise; the message holds the server's error
  // number and text and the statement.
  absl::StatusOr<std::vector<SourceRow>> Query(absl::string_view sql);

  // As Query, but hands the rows to `visit` one at a time as they arrive
  // (for tables that do not fit in memory). `visit` returning an error stops
  // the scan with that error.
  absl::Status Stream(absl::string_view sql,
                      const std::function<absl::Status(const SourceRow&)>& visit);

  // The first column of the first row as an integer. NotFound when there is
  // no row or it is NULL.
  absl::StatusOr<int64_t> QueryInt(absl::string_view sql);

  // Quotes `text` as a string literal for this connection's character set.
  std::string Quote(absl::string_view text);

  // The connected database's name and "host:port" (for messages).
  const std::string& database() const { return database_; }
  const std::string& server() const { return server_; }
  // The server's version string, e.g. "10.11.6-MariaDB-0+deb12u1".
  std::string version() const;

 private:
  MysqlSource(st_mysql* connection, std::string database, std::string server);
  absl::Status Error(absl::string_view sql) const;

  st_mysql* connection_;
  std::string database_;
  std::string server_;
};

// `name` quoted as a MySQL identifier: `name`.
std::string QuoteMysqlIdentifier(absl::string_view name);

}  // namespace baton::agents::migration

#endif  // BATON_AGENTS_MIGRATION_MYSQL_SOURCE_H_
