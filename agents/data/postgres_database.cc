#include "agents/data/postgres_database.h"

#include <postgresql/libpq-fe.h>

#include <cstdlib>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "agents/data/sql_parser.h"
#include "re2/re2.h"

namespace baton::agents::data {
namespace {

// Frees a PGresult when it goes out of scope.
class ResultGuard {
 public:
  explicit ResultGuard(PGresult* result) : result_(result) {}
  ResultGuard(const ResultGuard&) = delete;
  ResultGuard& operator=(const ResultGuard&) = delete;
  ~ResultGuard() { PQclear(result_); }
  PGresult* get() const { return result_; }

 private:
  PGresult* result_;
};

void IgnoreNotice(void*, const char*) {}

std::string Field(const PGresult* result, int code) {
  const char* value = PQresultErrorField(result, code);
  return value != nullptr ? value : "";
}

// The error of a failed `result` for `statement`.
absl::Status StatementError(PGconn* connection, const PGresult* result,
                            absl::string_view statement) {
  std::string message = Field(result, PG_DIAG_MESSAGE_PRIMARY);
  if (message.empty()) {
    message = std::string(absl::StripTrailingAsciiWhitespace(
        result != nullptr ? PQresultErrorMessage(result)
                          : PQerrorMessage(connection)));
  }
  const std::string state = Field(result, PG_DIAG_SQLSTATE);
  std::string text = message;
  if (!state.empty()) absl::StrAppend(&text, " (SQLSTATE ", state, ")");
  int position = 0;
  if (absl::SimpleAtoi(Field(result, PG_DIAG_STATEMENT_POSITION), &position) &&
      position > 0) {
    absl::StrAppend(&text, " at ", DescribePosition(statement, position - 1));
  }
  absl::StrAppend(&text,
                  " in statement: ", absl::StripAsciiWhitespace(statement));
  if (absl::StartsWith(state, "42")) return absl::InvalidArgumentError(text);
  if (PQstatus(connection) != CONNECTION_OK) {
    return absl::UnavailableError(text);
  }
  return absl::FailedPreconditionError(text);
}

}  // namespace

std::string RedactUrl(absl::string_view url) {
  static const RE2 kPassword(R"(^([a-zA-Z]+://[^:/@]*):[^@/]*@)");
  static const RE2 kKeyword(R"((password\s*=\s*)('[^']*'|\S+))");
  std::string text(url);
  RE2::Replace(&text, kPassword, "\\1:***@");
  RE2::GlobalReplace(&text, kKeyword, "\\1***");
  return text;
}

bool IsPostgresUrl(absl::string_view url) {
  return absl::StartsWith(url, "postgres://") ||
         absl::StartsWith(url, "postgresql://");
}

absl::StatusOr<PostgresDatabase> PostgresDatabase::Connect(
    const std::string& url, const std::string& database) {
  std::vector<const char*> keywords = {"dbname", "application_name",
                                       "connect_timeout"};
  std::vector<const char*> values = {url.c_str(), "baton", "10"};
  if (!database.empty()) {
    keywords.push_back("dbname");
    values.push_back(database.c_str());
  }
  keywords.push_back(nullptr);
  values.push_back(nullptr);
  PGconn* connection =
      PQconnectdbParams(keywords.data(), values.data(), /*expand_dbname=*/1);
  if (connection == nullptr) {
    return absl::ResourceExhaustedError("libpq could not allocate a connection");
  }
  if (PQstatus(connection) != CONNECTION_OK) {
    std::string message(
        absl::StripTrailingAsciiWhitespace(PQerrorMessage(connection)));
    PQfinish(connection);
    return absl::UnavailableError(absl::StrCat(
        "cannot connect to PostgreSQL at ", RedactUrl(url),
        database.empty() ? "" : absl::StrCat(" (database ", database, ")"),
        ": ", message));
  }
  PQsetNoticeProcessor(connection, IgnoreNotice, nullptr);
  return PostgresDatabase(connection);
}

PostgresDatabase::PostgresDatabase(pg_conn* connection)
    : connection_(connection) {}

PostgresDatabase::PostgresDatabase(PostgresDatabase&& other) noexcept
    : connection_(std::exchange(other.connection_, nullptr)) {}

PostgresDatabase& PostgresDatabase::operator=(
    PostgresDatabase&& other) noexcept {
  if (this != &other) {
    if (connection_ != nullptr) PQfinish(connection_);
    connection_ = std::exchange(other.connection_, nullptr);
  }
  return *this;
}

PostgresDatabase::~PostgresDatabase() {
  if (connection_ != nullptr) PQfinish(connection_);
}

absl::Status PostgresDatabase::Exec(absl::string_view sql) {
  absl::StatusOr<std::vector<SqlStatement>> statements =
      SplitSqlStatements(sql);
  if (!statements.ok()) return statements.status();
  for (const SqlStatement& statement : *statements) {
    ResultGuard result(PQexec(connection_, statement.text.c_str()));
    ExecStatusType status = PQresultStatus(result.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK &&
        status != PGRES_EMPTY_QUERY) {
      return StatementError(connection_, result.get(), statement.text);
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<SqlRow>> PostgresDatabase::Query(
    absl::string_view sql) {
  const std::string text(sql);
  // The extended protocol runs exactly one statement.
  ResultGuard result(PQexecParams(connection_, text.c_str(), 0, nullptr,
                                  nullptr, nullptr, nullptr, 0));
  ExecStatusType status = PQresultStatus(result.get());
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    return StatementError(connection_, result.get(), text);
  }
  std::vector<SqlRow> rows;
  const int row_count = PQntuples(result.get());
  const int column_count = PQnfields(result.get());
  rows.reserve(static_cast<size_t>(row_count));
  for (int r = 0; r < row_count; ++r) {
    SqlRow row;
    row.reserve(static_cast<size_t>(column_count));
    for (int c = 0; c < column_count; ++c) {
      if (PQgetisnull(result.get(), r, c)) {
        row.push_back(std::nullopt);
      } else {
        row.push_back(std::string(PQgetvalue(result.get(), r, c),
                                  static_cast<size_t>(PQgetlength(result.get(), r, c))));
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

absl::StatusOr<int64_t> PostgresDatabase::QueryInt(absl::string_view sql) {
  absl::StatusOr<std::vector<SqlRow>> rows = Query(sql);
  if (!rows.ok()) return rows.status();
  if (rows->empty() || rows->front().empty() || !rows->front()[0].has_value()) {
    return absl::NotFoundError(absl::StrCat("no value returned by: ", sql));
  }
  int64_t value = 0;
  if (!absl::SimpleAtoi(*rows->front()[0], &value)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "not an integer: \"", *rows->front()[0], "\" returned by: ", sql));
  }
  return value;
}

std::string PostgresDatabase::database() const {
  return connection_ != nullptr ? PQdb(connection_) : "";
}

std::string PostgresDatabase::server() const {
  if (connection_ == nullptr) return "";
  const char* host = PQhost(connection_);
  const char* port = PQport(connection_);
  return absl::StrCat(host != nullptr ? host : "", ":",
                      port != nullptr ? port : "");
}

}  // namespace baton::agents::data
