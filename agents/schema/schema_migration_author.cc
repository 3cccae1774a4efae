#include "agents/schema/schema_migration_author.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "agents/data/migration_runner.h"
#include "agents/data/schema_snapshot.h"
#include "agents/data/sqlite_database.h"
#include "agents/schema/sql_statements.h"

namespace baton::agents::schema {
namespace {

namespace fs = std::filesystem;

struct SchemaObject {
  std::string type;
  std::string name;
  bool operator==(const SchemaObject& other) const {
    return type == other.type && name == other.name;
  }
};

absl::StatusOr<std::vector<SchemaObject>> Objects(data::SqliteDatabase& db) {
  absl::StatusOr<std::vector<data::SqlRow>> rows = db.Query(
      "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' "
      "ORDER BY rowid");
  if (!rows.ok()) return rows.status();
  std::vector<SchemaObject> objects;
  for (const data::SqlRow& row : *rows) {
    objects.push_back({row[0].value_or(""), row[1].value_or("")});
  }
  return objects;
}

absl::StatusOr<std::string> ReadText(const fs::path& path,
                                     const std::string& shown) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", shown));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

absl::StatusOr<SchemaMigrations> AuthorSchemaMigrations(
    const std::string& repo_root, const std::vector<std::string>& ddl_files,
    const std::string& default_directory, absl::Time now) {
  absl::StatusOr<data::MigrationLayout> layout =
      data::FindMigrationLayout(repo_root);
  if (absl::IsNotFound(layout.status())) {
    data::MigrationLayout fresh;
    fresh.directory = default_directory;
    layout = std::move(fresh);
  }
  if (!layout.ok()) return layout.status();

  absl::StatusOr<data::SqliteDatabase> db = data::SqliteDatabase::Open(":memory:");
  if (!db.ok()) return db.status();
  absl::Status status =
      data::ApplyMigrations(*db, layout->migrations, data::Direction::kUp);
  if (!status.ok()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the existing migrations do not apply on SQLite: ", status.message()));
  }

  SchemaMigrations result;
  result.directory = layout->directory;
  result.convention = layout->convention;
  for (const std::string& file : ddl_files) {
    absl::StatusOr<std::string> text = ReadText(fs::path(repo_root) / file, file);
    if (!text.ok()) return text.status();
    std::vector<std::string> statements;
    for (const SqlStatement& statement : SplitSqlStatements(*text)) {
      statements.push_back(statement.text);
    }
    if (statements.empty()) {
      return absl::FailedPreconditionError(absl::StrCat(file, " holds no SQL"));
    }
    const std::string up = absl::StrJoin(statements, "\n");

    absl::StatusOr<std::vector<SchemaObject>> before = Objects(*db);
    if (!before.ok()) return before.status();
    absl::StatusOr<data::SchemaSnapshot> snapshot_before = data::TakeSchemaSnapshot(*db);
    if (!snapshot_before.ok()) return snapshot_before.status();
    status = db->Exec(up);
    if (!status.ok()) {
      return absl::FailedPreconditionError(
          absl::StrCat(file, " does not apply on the current schema: ", status.message()));
    }
    absl::StatusOr<std::vector<SchemaObject>> after = Objects(*db);
    if (!after.ok()) return after.status();
    absl::StatusOr<data::SchemaSnapshot> snapshot_after = data::TakeSchemaSnapshot(*db);
    if (!snapshot_after.ok()) return snapshot_after.status();

    std::vector<SchemaObject> created;
    for (const SchemaObject& object : *after) {
      if (std::find(before->begin(), before->end(), object) == before->end()) {
        created.push_back(object);
      }
    }
    for (const data::TableInfo& table : snapshot_before->tables) {
      data::SchemaSnapshot old_one, new_one;
      old_one.tables.push_back(table);
      const data::TableInfo* now_table = snapshot_after->FindTable(table.name);
      if (now_table != nullptr) new_one.tables.push_back(*now_table);
      if (!(old_one == new_one)) {
        return absl::FailedPreconditionError(absl::StrCat(
            file, " changes the existing table ", table.name,
            "; a schema design only creates tables: change it with a Database "
            "Migration instead"));
      }
    }
    std::vector<std::string> tables;
    for (const SchemaObject& object : created) {
      if (object.type == "table") tables.push_back(object.name);
    }
    if (tables.empty()) {
      return absl::FailedPreconditionError(absl::StrCat(
          file, " creates no new table (its tables already exist)"));
    }
    status = db->Exec(up);
    absl::StatusOr<data::SchemaSnapshot> again = data::TakeSchemaSnapshot(*db);
    if (!status.ok() || !again.ok() || !(*again == *snapshot_after)) {
      return absl::FailedPreconditionError(absl::StrCat(
          file, " is not idempotent: applying it twice ",
          status.ok() ? "changes the schema" : absl::StrCat("fails: ", status.message()),
          " (use CREATE ... IF NOT EXISTS)"));
    }

    std::vector<std::string> down;
    for (auto it = created.rbegin(); it != created.rend(); ++it) {
      if (it->type == "index") {
        down.push_back(absl::StrCat("DROP INDEX IF EXISTS ", it->name, ";"));
      } else if (it->type == "table") {
        down.push_back(absl::StrCat("DROP TABLE IF EXISTS ", it->name, ";"));
      } else if (it->type == "view") {
        down.push_back(absl::StrCat("DROP VIEW IF EXISTS ", it->name, ";"));
      } else if (it->type == "trigger") {
        down.push_back(absl::StrCat("DROP TRIGGER IF EXISTS ", it->name, ";"));
      }
    }
    data::NewMigration migration;
    migration.name = absl::StrCat("create_", absl::StrJoin(tables, "_and_"),
                                  tables.size() == 1 ? "_table" : "_tables");
    migration.header = {
        absl::StrCat("Create ", absl::StrJoin(tables, ", "), " as designed in ",
                     file, "."),
        "Reversible: the down drops what the up creates, in reverse order."};
    migration.sql.up = up;
    migration.sql.down = absl::StrJoin(down, "\n");

    std::error_code error;
    fs::create_directories(fs::path(repo_root) / layout->directory, error);
    if (error) {
      return absl::InternalError(absl::StrCat("cannot create ", layout->directory,
                                              ": ", error.message()));
    }
    absl::StatusOr<std::vector<std::string>> written =
        data::WriteMigration(repo_root, *layout, migration, now);
    if (!written.ok()) return written.status();
    result.files.insert(result.files.end(), written->begin(), written->end());
    result.tables.insert(result.tables.end(), tables.begin(), tables.end());
    layout = data::FindMigrationLayout(repo_root);
    if (!layout.ok()) return layout.status();
  }
  result.summary = absl::StrCat("wrote ", absl::StrJoin(result.files, ", "), " (",
                                absl::StrJoin(result.tables, ", "), ")");
  return result;
}

}  // namespace baton::agents::schema
