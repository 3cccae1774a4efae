// The documents of a MySQL -> PostgreSQL data migration, as markdown, from
// the source schema and its translation (pure functions, no I/O):
//   - the systems-architect's strategy: inventory, type decisions and risks
//     (the translation's findings), phases with a rehearsal on staging,
//     cut-over with a write freeze and validation gate, rollback at every
//     phase (MySQL stays the system of record until sign-off);
//   - the infrastructure-specialist's copy plan: per table the key it pages
//     by, the batch size, the number of batches and how a re-run resumes.
// Also the paths of the migration's files in the repository.
// Thread-safe (no state).
#ifndef BATON_AGENTS_MIGRATION_MIGRATION_DOCUMENTS_H_
#define BATON_AGENTS_MIGRATION_MIGRATION_DOCUMENTS_H_

#include <string>

#include "agents/migration/schema_translator.h"
#include "agents/migration/source_schema.h"

namespace baton::agents::migration {

// database/data_migration/<source database>, lower-cased, [a-z0-9_] only.
std::string MigrationDir(const std::string& source_database);

inline constexpr char kStrategyFile[] = "strategy.md";
inline constexpr char kSchemaUpFile[] = "001_create_tables.up.sql";
inline constexpr char kSchemaDownFile[] = "001_create_tables.down.sql";
inline constexpr char kConstraintsUpFile[] = "002_add_constraints.up.sql";
inline constexpr char kConstraintsDownFile[] = "002_add_constraints.down.sql";
inline constexpr char kCopyPlanFile[] = "copy_plan.md";

struct DocumentContext {
  std::string source_url;  // Without password.
  std::string target_url;  // Without password.
  std::string request;     // The user's request.
  int batch_size = 1000;
};

std::string RenderStrategy(const SourceSchema& schema, const Translation& translation,
                           const DocumentContext& context);

std::string RenderCopyPlan(const Translation& translation, const DocumentContext& context);

}  // namespace baton::agents::migration

#endif  // BATON_AGENTS_MIGRATION_MIGRATION_DOCUMENTS_H_
