// What a repository already has that a schema design builds on: where its
// migrations, schema files and specs live (or, when it has no database
// folder, the card's layout: database/migrations, database/schemas,
// database/specs), the schema its migrations build (EXISTING tables, reused
// and never recreated) and the tables its schema files define that no
// migration creates yet (PLANNED tables, adopted by a design).
// Thread-compatible: a value built by reading the repository.
#ifndef BATON_AGENTS_SCHEMA_DESIGN_CONTEXT_H_
#define BATON_AGENTS_SCHEMA_DESIGN_CONTEXT_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "agents/schema/loaded_schema.h"

namespace baton::agents::schema {

// Repository-relative folders.
struct DesignLayout {
  std::string migrations_dir;  // "database/migrations"
  bool has_migrations = false;  // The folder exists.
  std::string schemas_dir;      // "database/schemas"
  std::string specs_dir;        // "docs/specs" when docs/ exists, else
                                // beside the schemas: "database/specs".
};

struct DesignContext {
  std::string repo_root;
  DesignLayout layout;
  // What the migrations build (empty without migrations).
  LoadedSchema existing;
  // What the schema files define (empty without them); tables that are also
  // in `existing` are not planned.
  LoadedSchema schema_files;

  bool IsExisting(absl::string_view table) const;
  bool IsPlanned(absl::string_view table) const;
  // The existing or planned table named `table`, or nullptr.
  const data::TableInfo* FindTable(absl::string_view table) const;
};

// Errors: those of FindMigrationLayout other than NotFound; the migrations
// or schema files not loading on SQLite (FailedPrecondition /
// InvalidArgument quoting SQLite's message with file and line).
absl::StatusOr<DesignLayout> FindDesignLayout(const std::string& repo_root);
absl::StatusOr<DesignContext> LoadDesignContext(const std::string& repo_root);

}  // namespace baton::agents::schema

#endif  // BATON_AGENTS_SCHEMA_DESIGN_CONTEXT_H_
