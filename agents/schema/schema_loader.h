// Loads a real schema from what a user points at, by letting SQLite run it
// (schema_builder.h):
//   - a repository (a folder with database/migrations, db/migrations or
//     migrations): every migration's up section, in order, as
//     agents/data/migration_layout.h reads them;
//   - a .sql file, or a folder of .sql files (searched recursively, in path
//     order): their CREATE / ALTER / DROP statements; statements naming a
//     table defined in a later file are retried at the end; files with
//     up/down markers contribute their up section, *.down.sql nothing.
// Thread-safe: every call uses its own in-memory database.
#ifndef BATON_AGENTS_SCHEMA_SCHEMA_LOADER_H_
#define BATON_AGENTS_SCHEMA_SCHEMA_LOADER_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "agents/data/migration_layout.h"
#include "agents/schema/loaded_schema.h"
#include "agents/schema/schema_builder.h"

namespace baton::agents::schema {

struct LoadOptions {
  // Prepended with '/' to file names in locations (e.g. the path as the user
  // typed it); empty keeps them relative to the root that was loaded.
  std::string display_prefix;
};

// Loads `path` (a repository, a .sql file or a folder of .sql files; see
// above). Errors:
//   NotFound            `path` does not exist, or is a folder with neither
//                       migrations nor .sql files (the message says where it
//                       looked);
//   InvalidArgument     SQL SQLite cannot compile: "<file>:<line>: <SQLite's
//                       message> in statement: <statement>"; a path that is
//                       neither a folder nor a .sql file; errors of
//                       FindMigrationLayout;
//   FailedPrecondition  a statement that fails when run (same form), or an
//                       irreversible migration (FindMigrationLayout).
absl::StatusOr<LoadedSchema> LoadSchema(const std::string& path,
                                        const LoadOptions& options = {});

// The schema the migrations of the repository at `repo_root` build.
// NotFound when it has no migrations directory; otherwise as LoadSchema.
absl::StatusOr<LoadedSchema> LoadMigrationSchema(
    const std::string& repo_root, const LoadOptions& options = {});

// The schema `files` (relative to `root`) define. Errors as LoadSchema.
absl::StatusOr<LoadedSchema> LoadSqlFiles(const std::string& root,
                                          const std::vector<std::string>& files,
                                          const LoadOptions& options = {});

// Building blocks for callers that stack SQL on a schema (e.g. new DDL on
// top of what the migrations build). Errors as LoadSchema.
absl::Status AddMigrations(SchemaBuilder& builder, const std::string& repo_root,
                           const data::MigrationLayout& layout,
                           const LoadOptions& options);
absl::Status AddSqlFiles(SchemaBuilder& builder, const std::string& root,
                         const std::vector<std::string>& files,
                         const LoadOptions& options);

// The .sql files under `folder` (relative to it, '/'-separated, sorted),
// skipping hidden folders.
std::vector<std::string> FindSqlFiles(const std::string& folder);

}  // namespace baton::agents::schema

#endif  // BATON_AGENTS_SCHEMA_SCHEMA_LOADER_H_
