// The qa-specialist's staging test of a repository's migrations, on SQLite
// (the default) or on a throwaway database of a PostgreSQL server.
//
// Pass 1 (schema), on a fresh database:
//   - every migration up in order; each new migration is also checked on its
//     own: its down must restore the schema it started from and its up
//     applied again must give the same schema;
//   - snapshot S1; every down in reverse order must leave no tables, views or
//     triggers; every up again gives S2, which must equal S1.
// Pass 2 (data; skipped when the repository has no seeds): a fresh database
// with the migrations that existed before the new ones, the seeds
// (<migrations dir>/../seeds/**/*.sql, in path order) loaded, then the new
// migrations up, down and up again: no seeded table may lose rows.
// SQLite databases are files in the scratch directory with PRAGMA
// foreign_keys = ON; PostgreSQL databases are created for the pass and
// dropped afterwards, whatever the outcome.
// Thread-compatible: uses only files under scratch_dir and its own
// PostgreSQL databases.
#ifndef BATON_AGENTS_DATA_MIGRATION_VERIFIER_H_
#define BATON_AGENTS_DATA_MIGRATION_VERIFIER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "agents/data/schema_snapshot.h"

namespace baton::agents::data {

struct VerifierOptions {
  std::string repo_root;
  // Where the throwaway databases go; created when missing.
  std::string scratch_dir;
  // Repository-relative files of the migrations this run added.
  std::vector<std::string> new_migration_files;
  // The staging database: "sqlite" (or "") or "postgres" with a server URL.
  std::string staging_kind;
  std::string staging_url;
};

struct VerificationReport {
  std::string database = "SQLite";  // Or "PostgreSQL".
  int migration_count = 0;
  int new_migration_count = 0;
  std::vector<std::string> seed_files;  // Repository-relative.
  int seeded_tables = 0;                // Tables holding seed rows.
  int64_t seeded_rows = 0;
  SchemaSnapshot schema;  // After every up.
  // Columns the new migrations add to existing or new tables, as
  // "table.column", in migration order.
  std::vector<std::string> added_columns;

  // "4 migrations up→down→up on SQLite: schema round-trips; seeds: 3
  // tables, 12 rows kept" (or "seeds: none"; "on PostgreSQL").
  std::string Summary() const;
};

// Runs both passes. Errors: those of FindMigrationLayout; InvalidArgument
// when a new migration file is not a migration of the repository;
// FailedPrecondition when a statement fails (naming the migration file, the
// direction, the database's error and the statement), a seed file fails to load (naming it), a down
// does not undo its up (with a diff of the schemas), the schema does not
// round-trip, or a seeded table loses rows (naming the table, the migration,
// and the counts); Unavailable when a scratch database cannot be created or
// the PostgreSQL server cannot be reached; InvalidArgument for an unknown
// staging kind.
absl::StatusOr<VerificationReport> VerifyMigrations(
    const VerifierOptions& options);

}  // namespace baton::agents::data

#endif  // BATON_AGENTS_DATA_MIGRATION_VERIFIER_H_
