#include "agents/data/migration_runner.h"

#include "absl/strings/str_cat.h"

namespace baton::agents::data {

absl::string_view DirectionName(Direction direction) {
  return direction == Direction::kUp ? "up" : "down";
}

absl::Status ApplyMigration(SqliteDatabase& db, const Migration& migration,
                            Direction direction) {
  const bool up = direction == Direction::kUp;
  absl::Status status = db.Exec(up ? migration.sql.up : migration.sql.down);
  if (status.ok()) return status;
  return absl::FailedPreconditionError(
      absl::StrCat(up ? migration.up_file : migration.down_file, " (",
                   DirectionName(direction), "): ", status.message()));
}

absl::Status ApplyMigrations(SqliteDatabase& db,
                             const std::vector<Migration>& migrations,
                             Direction direction) {
  if (direction == Direction::kUp) {
    for (const Migration& migration : migrations) {
      absl::Status status = ApplyMigration(db, migration, direction);
      if (!status.ok()) return status;
    }
  } else {
    for (auto it = migrations.rbegin(); it != migrations.rend(); ++it) {
      absl::Status status = ApplyMigration(db, *it, direction);
      if (!status.ok()) return status;
    }
  }
  return absl::OkStatus();
}

}  // namespace baton::agents::data
