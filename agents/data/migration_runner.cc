#include "agents/data/migration_runner.h"

#include "absl/strings/str_cat.h"

namespace baton::agents::data {

absl::string_view DirectionName(Direction direction) {
  return direction == Direction::kUp ? "up" : "down";
}

namespace {

template <typename Database>
absl::Status ApplyOne(Database& db, const Migration& migration,
                      Direction direction) {
  const bool up = direction == Direction::kUp;
  absl::Status status = db.Exec(up ? migration.sql.up : migration.sql.down);
  if (status.ok()) return status;
  return absl::FailedPreconditionError(
      absl::StrCat(up ? migration.up_file : migration.down_file, " (",
                   DirectionName(direction), "): ", status.message()));
}

template <typename Database>
absl::Status ApplyAll(Database& db, const std::vector<Migration>& migrations,
                      Direction direction) {
  if (direction == Direction::kUp) {
    for (const Migration& migration : migrations) {
      absl::Status status = ApplyOne(db, migration, direction);
      if (!status.ok()) return status;
    }
  } else {
    for (auto it = migrations.rbegin(); it != migrations.rend(); ++it) {
      absl::Status status = ApplyOne(db, *it, direction);
      if (!status.ok()) return status;
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ApplyMigration(SqliteDatabase& db, const Migration& migration,
                            Direction direction) {
  return ApplyOne(db, migration, direction);
}

absl::Status ApplyMigrations(SqliteDatabase& db,
                             const std::vector<Migration>& migrations,
                             Direction direction) {
  return ApplyAll(db, migrations, direction);
}

absl::Status ApplyMigration(StagingDatabase& db, const Migration& migration,
                            Direction direction) {
  return ApplyOne(db, migration, direction);
}

absl::Status ApplyMigrations(StagingDatabase& db,
                             const std::vector<Migration>& migrations,
                             Direction direction) {
  return ApplyAll(db, migrations, direction);
}

}  // namespace baton::agents::data
