#include "agents/data/staging.h"

#include "absl/strings/str_cat.h"
#include "agents/data/postgres_database.h"
#include "agents/data/postgres_staging.h"
#include "agents/data/sqlite_staging.h"

namespace baton::agents::data {

absl::StatusOr<SqlDialect> TargetDialect(const StagingTarget& target) {
  if (target.kind.empty() || target.kind == "sqlite") return SqlDialect::kSqlite;
  if (target.kind == "postgres") {
    if (!IsPostgresUrl(target.url)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "staging kind \"postgres\" needs a postgres:// or postgresql:// URL, "
          "got \"", RedactUrl(target.url), "\""));
    }
    return SqlDialect::kPostgres;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown staging database kind \"", target.kind,
      "\" (known: sqlite, postgres)"));
}

absl::StatusOr<std::unique_ptr<StagingDatabase>> OpenThrowawayDatabase(
    const StagingTarget& target, absl::string_view purpose) {
  absl::StatusOr<SqlDialect> dialect = TargetDialect(target);
  if (!dialect.ok()) return dialect.status();
  if (*dialect == SqlDialect::kPostgres) {
    absl::StatusOr<std::unique_ptr<PostgresStaging>> db =
        PostgresStaging::Create(target.url);
    if (!db.ok()) return db.status();
    return std::unique_ptr<StagingDatabase>(std::move(*db));
  }
  const std::string path =
      target.scratch_dir.empty()
          ? ":memory:"
          : absl::StrCat(target.scratch_dir, "/", purpose, ".sqlite3");
  absl::StatusOr<std::unique_ptr<SqliteStaging>> db =
      SqliteStaging::CreateFresh(path);
  if (!db.ok()) return db.status();
  return std::unique_ptr<StagingDatabase>(std::move(*db));
}

}  // namespace baton::agents::data
