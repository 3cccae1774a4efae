// StagingDatabase on SQLite: a file (or in-memory) database with foreign
// keys enforced. Not thread-safe.
#ifndef BATON_AGENTS_DATA_SQLITE_STAGING_H_
#define BATON_AGENTS_DATA_SQLITE_STAGING_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "agents/data/sqlite_database.h"
#include "agents/data/staging_database.h"

namespace baton::agents::data {

class SqliteStaging : public StagingDatabase {
 public:
  // Opens `path` (":memory:" for a private database), replacing any file
  // already there, with PRAGMA foreign_keys = ON. Unavailable when SQLite
  // cannot create it.
  static absl::StatusOr<std::unique_ptr<SqliteStaging>> CreateFresh(
      const std::string& path);

  SqlDialect dialect() const override { return SqlDialect::kSqlite; }
  std::string Describe() const override;
  absl::Status Exec(absl::string_view sql) override;
  absl::StatusOr<std::vector<SqlRow>> Query(absl::string_view sql) override;
  absl::StatusOr<SchemaSnapshot> Schema() override;
  absl::StatusOr<std::map<std::string, int64_t>> RowCounts() override;
  absl::StatusOr<QueryPlan> Explain(
      absl::string_view query,
      const std::map<std::string, std::string>& aliases) override;
  absl::Status Analyze() override;

  SqliteDatabase& database() { return db_; }

 private:
  explicit SqliteStaging(SqliteDatabase db) : db_(std::move(db)) {}

  SqliteDatabase db_;
};

}  // namespace baton::agents::data

#endif  // BATON_AGENTS_DATA_SQLITE_STAGING_H_
