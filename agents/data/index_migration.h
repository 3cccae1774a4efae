// The infrastructure-specialist's "add indexes, rewrite query" step of the
// Query Optimization workflow: one migration per index the debug-specialist
// suggested (facts, optimization_facts.h), in the repository's numbering and
// convention, idempotent and reversible, in the staging database's dialect
// (PostgreSQL: CREATE INDEX CONCURRENTLY IF NOT EXISTS, outside a
// transaction; SQLite: CREATE INDEX IF NOT EXISTS). Queries that select `*`
// or lack a LIMIT get a rewritten version as a report (never committed).
// Thread-compatible: writes files under repo_root.
#ifndef BATON_AGENTS_DATA_INDEX_MIGRATION_H_
#define BATON_AGENTS_DATA_INDEX_MIGRATION_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "agents/data/migration_layout.h"
#include "agents/data/sql_dialect.h"

namespace baton::agents::data {

struct IndexMigrationOptions {
  std::string repo_root;
  std::string run_id;
  std::string request_text;
  std::map<std::string, std::string> facts;  // The handoff's facts.
  std::string staging_kind;                  // Decides the dialect.
  std::string staging_url;
  absl::Time now;
};

struct IndexMigrationResult {
  SqlDialect dialect = SqlDialect::kSqlite;
  MigrationConvention convention = MigrationConvention::kUpDownSections;
  std::vector<std::string> migration_files;  // Repository-relative.
  std::vector<std::string> index_names;
  std::vector<std::string> changes;  // "CREATE INDEX idx_users_email ON users (email)"
  std::string rewritten_query_file;  // "" when no rewrite was needed.
  std::string summary;
};

// Errors: FailedPrecondition when the facts hold no index and no rewrite
// (the debug-specialist runs first), an index's table or column does not
// exist, or the existing migrations do not apply; InvalidArgument for
// malformed facts; those of FindMigrationLayout and WriteMigration.
absl::StatusOr<IndexMigrationResult> WriteIndexMigrations(
    const IndexMigrationOptions& options);

}  // namespace baton::agents::data

#endif  // BATON_AGENTS_DATA_INDEX_MIGRATION_H_
