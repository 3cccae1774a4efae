// Applies migrations to a staging database (SQLite or PostgreSQL), one
// direction at a time, with errors that name the migration file and the
// direction. Thread-compatible (as the database).
#ifndef BATON_AGENTS_DATA_MIGRATION_RUNNER_H_
#define BATON_AGENTS_DATA_MIGRATION_RUNNER_H_

#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "agents/data/migration_layout.h"
#include "agents/data/sqlite_database.h"
#include "agents/data/staging_database.h"

namespace baton::agents::data {

enum class Direction { kUp, kDown };

// "up" or "down".
absl::string_view DirectionName(Direction direction);

// Runs the up or down SQL of `migration` on `db`. FailedPrecondition
// "<file> (<up|down>): <SQLite's error> in statement: <statement>" when a
// statement fails; statements before it stay applied.
absl::Status ApplyMigration(SqliteDatabase& db, const Migration& migration,
                            Direction direction);

// Ups in the given order, or downs in reverse order; stops at the first
// failure (errors as ApplyMigration).
absl::Status ApplyMigrations(SqliteDatabase& db,
                             const std::vector<Migration>& migrations,
                             Direction direction);

// The same on any staging database; on PostgreSQL each statement runs on its
// own, outside a transaction block (CREATE INDEX CONCURRENTLY works), and the
// message carries PostgreSQL's error, SQLSTATE and position.
absl::Status ApplyMigration(StagingDatabase& db, const Migration& migration,
                            Direction direction);
absl::Status ApplyMigrations(StagingDatabase& db,
                             const std::vector<Migration>& migrations,
                             Direction direction);

}  // namespace baton::agents::data

#endif  // BATON_AGENTS_DATA_MIGRATION_RUNNER_H_
