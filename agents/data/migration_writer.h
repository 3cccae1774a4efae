// Turns a MigrationRequest into the SQL of a new migration, checked against
// the current schema.
//
// Adding a column follows phase 1 of the card's zero-downtime pattern: the
// column is added NULLable, and the down drops it.
//
// Dialects: SQLite (3.35+, for DROP COLUMN) has no ADD COLUMN IF NOT EXISTS,
// so its migrations guard only what SQLite can (CREATE INDEX IF NOT EXISTS,
// DROP INDEX IF EXISTS); PostgreSQL migrations are idempotent throughout
// (ADD COLUMN IF NOT EXISTS, DROP COLUMN IF EXISTS) and build indexes with
// CREATE INDEX CONCURRENTLY IF NOT EXISTS, which must run outside a
// transaction (Baton's runner does; dbmate files say transaction:false).
// The dialect follows the staging database (see migration_author.h).
// Stateless; thread-safe.
#ifndef BATON_AGENTS_DATA_MIGRATION_WRITER_H_
#define BATON_AGENTS_DATA_MIGRATION_WRITER_H_

#include <string>

#include "absl/status/statusor.h"
#include "agents/data/migration_layout.h"
#include "agents/data/migration_request.h"
#include "agents/data/schema_snapshot.h"
#include "agents/data/sql_dialect.h"

namespace baton::agents::data {

struct GeneratedMigration {
  NewMigration migration;  // Name, header comment and up/down SQL.
  // The change in one line: "ADD COLUMN phone_number VARCHAR(20) NULL".
  std::string change;
  // The table as the schema spells it.
  std::string table;
};

// The migration for `request` against `current`. FailedPrecondition when the
// table does not exist (the message lists the tables that do), when an added
// column or index already exists, when a dropped column does not exist or is
// indexed or part of the primary key.
absl::StatusOr<GeneratedMigration> GenerateMigration(
    const MigrationRequest& request, const SchemaSnapshot& current,
    SqlDialect dialect = SqlDialect::kSqlite);

}  // namespace baton::agents::data

#endif  // BATON_AGENTS_DATA_MIGRATION_WRITER_H_
