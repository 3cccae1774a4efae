#include "agents/data/sqlite_staging.h"

#include <filesystem>
#include <system_error>
#include <utility>

#include "absl/strings/str_cat.h"

namespace baton::agents::data {

absl::StatusOr<std::unique_ptr<SqliteStaging>> SqliteStaging::CreateFresh(
    const std::string& path) {
  if (path != ":memory:") {
    std::error_code error;
    std::filesystem::remove(path, error);
    std::filesystem::create_directories(
        std::filesystem::path(path).parent_path(), error);
  }
  absl::StatusOr<SqliteDatabase> db = SqliteDatabase::Open(path);
  if (!db.ok()) return db.status();
  absl::Status status = db->Exec("PRAGMA foreign_keys = ON;");
  if (!status.ok()) return status;
  return std::unique_ptr<SqliteStaging>(new SqliteStaging(*std::move(db)));
}

std::string SqliteStaging::Describe() const {
  return absl::StrCat("SQLite ", db_.path());
}

absl::Status SqliteStaging::Exec(absl::string_view sql) { return db_.Exec(sql); }

absl::StatusOr<std::vector<SqlRow>> SqliteStaging::Query(absl::string_view sql) {
  return db_.Query(sql);
}

absl::StatusOr<SchemaSnapshot> SqliteStaging::Schema() {
  return TakeSchemaSnapshot(db_);
}

absl::StatusOr<std::map<std::string, int64_t>> SqliteStaging::RowCounts() {
  return CountRowsPerTable(db_);
}

absl::StatusOr<QueryPlan> SqliteStaging::Explain(
    absl::string_view query,
    const std::map<std::string, std::string>& aliases) {
  absl::StatusOr<std::vector<SqlRow>> rows =
      db_.Query(absl::StrCat("EXPLAIN QUERY PLAN ", query));
  if (!rows.ok()) return rows.status();
  return ParseSqlitePlan(*rows, aliases);
}

absl::Status SqliteStaging::Analyze() { return db_.Exec("ANALYZE;"); }

}  // namespace baton::agents::data
