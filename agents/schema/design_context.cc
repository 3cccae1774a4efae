#include "agents/schema/design_context.h"

#include <filesystem>
#include <system_error>
#include <vector>

#include "absl/strings/str_cat.h"
#include "agents/data/migration_layout.h"
#include "agents/schema/schema_loader.h"

namespace baton::agents::schema {
namespace {

namespace fs = std::filesystem;

bool IsDirectory(const std::string& root, absl::string_view relative) {
  std::error_code error;
  return fs::is_directory(fs::path(root) / std::string(relative), error);
}

std::string Sibling(const std::string& folder, absl::string_view name) {
  const fs::path parent = fs::path(folder).parent_path();
  return parent.empty() ? std::string(name)
                        : (parent / std::string(name)).generic_string();
}

}  // namespace

bool DesignContext::IsExisting(absl::string_view table) const {
  return existing.snapshot.FindTable(table) != nullptr;
}

bool DesignContext::IsPlanned(absl::string_view table) const {
  return !IsExisting(table) && schema_files.snapshot.FindTable(table) != nullptr;
}

const data::TableInfo* DesignContext::FindTable(absl::string_view table) const {
  const data::TableInfo* found = existing.snapshot.FindTable(table);
  return found != nullptr ? found : schema_files.snapshot.FindTable(table);
}

absl::StatusOr<DesignLayout> FindDesignLayout(const std::string& repo_root) {
  DesignLayout layout;
  absl::StatusOr<data::MigrationLayout> migrations =
      data::FindMigrationLayout(repo_root);
  if (migrations.ok()) {
    layout.migrations_dir = migrations->directory;
    layout.has_migrations = true;
  } else if (absl::IsNotFound(migrations.status())) {
    layout.migrations_dir = "database/migrations";
  } else {
    return migrations.status();
  }
  for (absl::string_view candidate :
       {"database/schemas", "db/schemas", "db/schema", "schemas"}) {
    if (IsDirectory(repo_root, candidate)) {
      layout.schemas_dir = std::string(candidate);
      break;
    }
  }
  if (layout.schemas_dir.empty()) {
    layout.schemas_dir = Sibling(layout.migrations_dir, "schemas");
  }
  layout.specs_dir = IsDirectory(repo_root, "docs")
                         ? "docs/specs"
                         : Sibling(layout.schemas_dir, "specs");
  return layout;
}

absl::StatusOr<DesignContext> LoadDesignContext(const std::string& repo_root) {
  DesignContext context;
  context.repo_root = repo_root;
  absl::StatusOr<DesignLayout> layout = FindDesignLayout(repo_root);
  if (!layout.ok()) return layout.status();
  context.layout = *std::move(layout);
  if (context.layout.has_migrations) {
    absl::StatusOr<LoadedSchema> existing = LoadMigrationSchema(repo_root);
    if (!existing.ok()) return existing.status();
    context.existing = *std::move(existing);
  }
  if (IsDirectory(repo_root, context.layout.schemas_dir)) {
    std::vector<std::string> files;
    const std::string folder =
        (fs::path(repo_root) / context.layout.schemas_dir).string();
    for (const std::string& file : FindSqlFiles(folder)) {
      files.push_back(
          (fs::path(context.layout.schemas_dir) / file).generic_string());
    }
    if (!files.empty()) {
      absl::StatusOr<LoadedSchema> planned = LoadSqlFiles(repo_root, files);
      if (!planned.ok()) return planned.status();
      context.schema_files = *std::move(planned);
    }
  }
  return context;
}

}  // namespace baton::agents::schema
