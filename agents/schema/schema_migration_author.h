// The infrastructure-specialist's part of a schema design: turns each DDL
// file the systems-architect wrote into a migration in the repository's own
// convention and numbering (agents/data/migration_layout.h), or into the
// card's layout (database/migrations, "-- Up migration" / "-- Down
// migration" sections) when the repository has no migrations yet.
//
// The up section is the file's statements (idempotent: CREATE ... IF NOT
// EXISTS); the down section drops exactly what the up creates, in reverse.
// Each file is checked on SQLite on top of the schema the existing
// migrations build: it must apply, create at least one table, leave existing
// tables untouched, and give the same schema when applied twice.
// Thread-compatible: writes files under `repo_root`.
#ifndef BATON_AGENTS_SCHEMA_SCHEMA_MIGRATION_AUTHOR_H_
#define BATON_AGENTS_SCHEMA_SCHEMA_MIGRATION_AUTHOR_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "agents/data/migration_layout.h"

namespace baton::agents::schema {

struct SchemaMigrations {
  std::string directory;
  data::MigrationConvention convention = data::MigrationConvention::kUpDownSections;
  std::vector<std::string> files;   // Repository-relative, in order.
  std::vector<std::string> tables;  // Created, in order.
  // "wrote database/migrations/004_create_orders_table.sql (orders)".
  std::string summary;
};

// Writes one migration per file of `ddl_files` (repository-relative, in
// dependency order). `default_directory` is used when the repository has no
// migrations directory. Errors: those of FindMigrationLayout other than
// NotFound; NotFound for a missing DDL file; FailedPrecondition naming the
// file when the existing migrations or the DDL do not apply on SQLite (with
// SQLite's message), when the DDL creates no table, alters an existing
// table, or is not idempotent; those of WriteMigration.
absl::StatusOr<SchemaMigrations> AuthorSchemaMigrations(
    const std::string& repo_root, const std::vector<std::string>& ddl_files,
    const std::string& default_directory, absl::Time now);

}  // namespace baton::agents::schema

#endif  // BATON_AGENTS_SCHEMA_SCHEMA_MIGRATION_AUTHOR_H_
