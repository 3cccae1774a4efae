#include "agents/data/sqlite_database.h"

#include <sqlite3.h>

#include <algorithm>
#include <cstdlib>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace baton::agents::data {
namespace {

// Finalizes a prepared statement when it goes out of scope.
class StatementGuard {
 public:
  explicit StatementGuard(sqlite3_stmt* statement) : statement_(statement) {}
  StatementGuard(const StatementGuard&) = delete;
  StatementGuard& operator=(const StatementGuard&) = delete;
  ~StatementGuard() { sqlite3_finalize(statement_); }

 private:
  sqlite3_stmt* statement_;
};

std::string Describe(sqlite3* db, absl::string_view statement) {
  return absl::StrCat(sqlite3_errmsg(db),
                      " in statement: ", absl::StripAsciiWhitespace(statement));
}

// Steps `statement` to completion, appending rows to `rows` when non-null.
absl::Status RunPrepared(sqlite3* db, sqlite3_stmt* statement,
                         absl::string_view text, std::vector<SqlRow>* rows) {
  while (true) {
    int code = sqlite3_step(statement);
    if (code == SQLITE_DONE) return absl::OkStatus();
    if (code != SQLITE_ROW) {
      return absl::FailedPreconditionError(Describe(db, text));
    }
    if (rows == nullptr) continue;
    SqlRow row;
    int columns = sqlite3_column_count(statement);
    for (int i = 0; i < columns; ++i) {
      if (sqlite3_column_type(statement, i) == SQLITE_NULL) {
        row.push_back(std::nullopt);
      } else {
        const unsigned char* value = sqlite3_column_text(statement, i);
        int size = sqlite3_column_bytes(statement, i);
        row.push_back(std::string(reinterpret_cast<const char*>(value),
                                  static_cast<size_t>(size)));
      }
    }
    rows->push_back(std::move(row));
  }
}

}  // namespace

absl::StatusOr<SqliteDatabase> SqliteDatabase::Open(const std::string& path) {
  sqlite3* db = nullptr;
  int code = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (code != SQLITE_OK) {
    std::string message =
        db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code);
    sqlite3_close(db);
    return absl::UnavailableError(
        absl::StrCat("cannot open SQLite database ", path, ": ", message));
  }
  sqlite3_extended_result_codes(db, 1);
  return SqliteDatabase(db, path);
}

SqliteDatabase::SqliteDatabase(sqlite3* db, std::string path)
    : db_(db), path_(std::move(path)) {}

SqliteDatabase::SqliteDatabase(SqliteDatabase&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)) {}

SqliteDatabase& SqliteDatabase::operator=(SqliteDatabase&& other) noexcept {
  if (this != &other) {
    sqlite3_close(db_);
    db_ = std::exchange(other.db_, nullptr);
    path_ = std::move(other.path_);
  }
  return *this;
}

SqliteDatabase::~SqliteDatabase() { sqlite3_close(db_); }

absl::Status SqliteDatabase::Exec(absl::string_view sql) {
  const char* next = sql.data();
  const char* end = sql.data() + sql.size();
  while (next < end) {
    sqlite3_stmt* statement = nullptr;
    const char* tail = nullptr;
    int code = sqlite3_prepare_v2(db_, next, static_cast<int>(end - next),
                                  &statement, &tail);
    StatementGuard guard(statement);
    if (code != SQLITE_OK) {
      // On a compile error the tail is unreliable: report the text up to
      // the next semicolon.
      absl::string_view rest(next, static_cast<size_t>(end - next));
      size_t semicolon = rest.find(';');
      absl::string_view failing = semicolon == absl::string_view::npos
                                      ? rest
                                      : rest.substr(0, semicolon + 1);
      return absl::InvalidArgumentError(Describe(db_, failing));
    }
    if (statement == nullptr && tail == next) {
      // SQLite stops reading at a NUL byte without moving on.
      const absl::string_view before(sql.data(), static_cast<size_t>(next - sql.data()));
      return absl::InvalidArgumentError(absl::StrCat(
          "SQL holds a NUL byte at line ", 1 + std::count(before.begin(), before.end(), '\n'),
          " (byte ", before.size(), "); SQL must be text"));
    }
    absl::string_view text(next, static_cast<size_t>(tail - next));
    next = tail;
    if (statement == nullptr) continue;  // Whitespace or a comment.
    absl::Status status = RunPrepared(db_, statement, text, nullptr);
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<SqlRow>> SqliteDatabase::Query(
    absl::string_view sql) {
  sqlite3_stmt* statement = nullptr;
  const char* tail = nullptr;
  int code = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()),
                                &statement, &tail);
  StatementGuard guard(statement);
  if (code != SQLITE_OK) {
    return absl::InvalidArgumentError(Describe(db_, sql));
  }
  if (statement == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("no statement to query in: ", sql));
  }
  absl::string_view rest(tail,
                         static_cast<size_t>(sql.data() + sql.size() - tail));
  if (!absl::StripAsciiWhitespace(rest).empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("Query takes one statement; found more in: ", sql));
  }
  std::vector<SqlRow> rows;
  absl::Status status = RunPrepared(db_, statement, sql, &rows);
  if (!status.ok()) return status;
  return rows;
}

absl::StatusOr<int64_t> SqliteDatabase::QueryInt(absl::string_view sql) {
  absl::StatusOr<std::vector<SqlRow>> rows = Query(sql);
  if (!rows.ok()) return rows.status();
  if (rows->empty() || rows->front().empty() || !rows->front()[0].has_value()) {
    return absl::NotFoundError(absl::StrCat("no value returned by: ", sql));
  }
  const std::string& text = *rows->front()[0];
  char* parse_end = nullptr;
  long long value = std::strtoll(text.c_str(), &parse_end, 10);
  if (parse_end == text.c_str() || *parse_end != '\0') {
    return absl::InvalidArgumentError(
        absl::StrCat("not an integer: \"", text, "\" returned by: ", sql));
  }
  return static_cast<int64_t>(value);
}

std::string QuoteIdentifier(absl::string_view name) {
  return absl::StrCat("\"", absl::StrReplaceAll(name, {{"\"", "\"\""}}), "\"");
}

}  // namespace baton::agents::data
