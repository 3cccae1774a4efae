#include "agents/schema/schema_loader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "re2/re2.h"

namespace baton::agents::schema {
namespace {

namespace fs = std::filesystem;

absl::StatusOr<std::string> ReadText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(absl::StrCat("cannot read ", path.string()));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string Display(const LoadOptions& options, const std::string& file) {
  if (options.display_prefix.empty() || options.display_prefix == ".") {
    return file;
  }
  return (fs::path(options.display_prefix) / file).generic_string();
}

// 1-based line at which `part` (a substring copy of `text`) starts; 1 when
// it cannot be found.
int LineOf(const std::string& text, const std::string& part) {
  if (part.empty()) return 1;
  size_t at = text.find(part);
  if (at == std::string::npos) return 1;
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
}

bool HasMigrationMarkers(const std::string& text) {
  static const RE2 kMarker(
      R"((?im)^\s*--\s*(?:up\s+migration|migrate:up)\s*$)");
  return RE2::PartialMatch(text, kMarker);
}

}  // namespace

std::vector<std::string> FindSqlFiles(const std::string& folder) {
  std::vector<std::string> files;
  std::error_code error;
  const fs::path root(folder);
  for (fs::recursive_directory_iterator it(root, error), end;
       !error && it != end; it.increment(error)) {
    const std::string name = it->path().filename().string();
    if (it->is_directory(error)) {
      if (absl::StartsWith(name, ".")) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file(error) && it->path().extension() == ".sql") {
      files.push_back(it->path().lexically_relative(root).generic_string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

absl::Status AddMigrations(SchemaBuilder& builder, const std::string& repo_root,
                           const data::MigrationLayout& layout,
                           const LoadOptions& options) {
  ApplyOptions apply;
  for (const data::Migration& migration : layout.migrations) {
    int first_line = 1;
    if (migration.convention != data::MigrationConvention::kUpDownFiles) {
      absl::StatusOr<std::string> text =
          ReadText(fs::path(repo_root) / migration.up_file);
      if (text.ok()) first_line = LineOf(*text, migration.sql.up);
    }
    absl::Status status = builder.Apply(
        migration.sql.up, Display(options, migration.up_file), first_line, apply);
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

absl::Status AddSqlFiles(SchemaBuilder& builder, const std::string& root,
                         const std::vector<std::string>& files,
                         const LoadOptions& options) {
  ApplyOptions apply;
  apply.schema_only = true;
  apply.defer_missing_tables = true;
  for (const std::string& file : files) {
    if (absl::EndsWith(file, ".down.sql")) continue;
    absl::StatusOr<std::string> text = ReadText(fs::path(root) / file);
    if (!text.ok()) return text.status();
    std::string sql = *text;
    int first_line = 1;
    if (HasMigrationMarkers(*text)) {
      absl::StatusOr<data::MigrationSql> split =
          data::SplitMigrationText(*text, file, nullptr);
      if (!split.ok()) return split.status();
      sql = split->up;
      first_line = LineOf(*text, sql);
    }
    absl::Status status =
        builder.Apply(sql, Display(options, file), first_line, apply);
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

absl::StatusOr<LoadedSchema> LoadMigrationSchema(const std::string& repo_root,
                                                 const LoadOptions& options) {
  absl::StatusOr<data::MigrationLayout> layout =
      data::FindMigrationLayout(repo_root);
  if (!layout.ok()) return layout.status();
  absl::StatusOr<SchemaBuilder> builder = SchemaBuilder::Create();
  if (!builder.ok()) return builder.status();
  absl::Status status = AddMigrations(*builder, repo_root, *layout, options);
  if (!status.ok()) return status;
  const size_t count = layout->migrations.size();
  return builder->Finish(absl::StrCat(count, " migration",
                                      count == 1 ? "" : "s", " in ",
                                      Display(options, layout->directory)));
}

absl::StatusOr<LoadedSchema> LoadSqlFiles(const std::string& root,
                                          const std::vector<std::string>& files,
                                          const LoadOptions& options) {
  absl::StatusOr<SchemaBuilder> builder = SchemaBuilder::Create();
  if (!builder.ok()) return builder.status();
  absl::Status status = AddSqlFiles(*builder, root, files, options);
  if (!status.ok()) return status;
  std::string origin =
      files.size() == 1
          ? Display(options, files.front())
          : absl::StrCat(files.size(), " .sql files in ",
                         options.display_prefix.empty() ? root
                                                        : options.display_prefix);
  return builder->Finish(origin);
}

absl::StatusOr<LoadedSchema> LoadSchema(const std::string& path,
                                        const LoadOptions& options) {
  std::error_code error;
  const fs::path target(path);
  if (!fs::exists(target, error)) {
    return absl::NotFoundError(absl::StrCat(path, " does not exist"));
  }
  if (fs::is_regular_file(target, error)) {
    if (target.extension() != ".sql") {
      return absl::InvalidArgumentError(absl::StrCat(
          path, " is neither a folder nor a .sql file"));
    }
    LoadOptions file_options = options;
    if (file_options.display_prefix.empty()) {
      file_options.display_prefix = target.parent_path().generic_string();
    }
    std::string parent = target.parent_path().string();
    return LoadSqlFiles(parent.empty() ? "." : parent,
                        {target.filename().string()}, file_options);
  }
  if (!fs::is_directory(target, error)) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, " is neither a folder nor a .sql file"));
  }
  absl::StatusOr<LoadedSchema> migrations = LoadMigrationSchema(path, options);
  if (!absl::IsNotFound(migrations.status())) return migrations;
  std::vector<std::string> files = FindSqlFiles(path);
  if (files.empty()) {
    std::vector<std::string> looked;
    for (absl::string_view dir : data::kMigrationDirectories) {
      looked.push_back(std::string(dir));
    }
    return absl::NotFoundError(absl::StrCat(
        path, " holds no schema: no migrations (looked in ",
        absl::StrJoin(looked, ", "), ") and no .sql files"));
  }
  return LoadSqlFiles(path, files, options);
}

}  // namespace baton::agents::schema
