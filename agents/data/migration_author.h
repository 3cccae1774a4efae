// The infrastructure-specialist's "Database Migration" step: read the
// request, check it against the schema the existing migrations build, and
// write the new migration into the repository in its own convention.
// Thread-compatible: writes files under `repo_root`.
#ifndef BATON_AGENTS_DATA_MIGRATION_AUTHOR_H_
#define BATON_AGENTS_DATA_MIGRATION_AUTHOR_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "agents/data/migration_layout.h"
#include "agents/data/migration_request.h"
#include "agents/data/sql_dialect.h"

namespace baton::agents::data {

struct AuthoredMigration {
  MigrationRequest request;
  std::string table;    // As the schema spells it.
  std::string change;   // "ADD COLUMN phone_number VARCHAR(20) NULL"
  std::string version;  // "004"
  MigrationConvention convention = MigrationConvention::kUpDownSections;
  std::vector<std::string> files;  // Repository-relative paths written.
  int existing_migrations = 0;
  SqlDialect dialect = SqlDialect::kSqlite;  // Of the SQL written.
  // "wrote database/migrations/004_add_phone_number_to_users.sql
  // (ADD COLUMN phone_number VARCHAR(20) NULL)"
  std::string summary;
};

// Writes the migration `request_text` asks for into the repository at
// `repo_root`; `now` only matters for timestamp-versioned repositories.
// Errors: those of ParseMigrationRequest (InvalidArgument), of
// FindMigrationLayout (NotFound: no migrations directory), FailedPrecondition
// when the existing migrations do not apply on SQLite or the request does not
// fit the schema (see GenerateMigration), those of WriteMigration.
absl::StatusOr<AuthoredMigration> AuthorMigration(
    const std::string& repo_root, absl::string_view request_text,
    absl::Time now);

struct AuthorOptions {
  std::string repo_root;
  std::string request_text;
  absl::Time now;
  // The staging database the existing migrations are applied on to read
  // the current schema: "sqlite" (or "", in memory) or "postgres" with a
  // server URL (a throwaway database, dropped afterwards). It also decides
  // the dialect of the SQL written: PostgreSQL staging -> PostgreSQL
  // dialect (idempotent ADD/DROP COLUMN IF [NOT] EXISTS, CREATE INDEX
  // CONCURRENTLY), SQLite staging -> SQL SQLite accepts.
  std::string staging_kind;
  std::string staging_url;
};

// As above, on the staging database of `options`. Errors as above, with the
// staging database's own messages; Unavailable when the PostgreSQL server
// cannot be reached.
absl::StatusOr<AuthoredMigration> AuthorMigration(const AuthorOptions& options);

}  // namespace baton::agents::data

#endif  // BATON_AGENTS_DATA_MIGRATION_AUTHOR_H_
