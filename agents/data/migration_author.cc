#include "agents/data/migration_author.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "agents/data/migration_runner.h"
#include "agents/data/migration_writer.h"
#include "agents/data/schema_snapshot.h"
#include "agents/data/sqlite_database.h"

namespace baton::agents::data {

absl::StatusOr<AuthoredMigration> AuthorMigration(
    const std::string& repo_root, absl::string_view request_text,
    absl::Time now) {
  absl::StatusOr<MigrationRequest> request =
      ParseMigrationRequest(request_text);
  if (!request.ok()) return request.status();
  absl::StatusOr<MigrationLayout> layout = FindMigrationLayout(repo_root);
  if (!layout.ok()) return layout.status();

  // The current schema: every existing migration applied on a blank database.
  absl::StatusOr<SqliteDatabase> db = SqliteDatabase::Open(":memory:");
  if (!db.ok()) return db.status();
  absl::Status applied =
      ApplyMigrations(*db, layout->migrations, Direction::kUp);
  if (!applied.ok()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the existing migrations do not apply on SQLite: ", applied.message()));
  }
  absl::StatusOr<SchemaSnapshot> schema = TakeSchemaSnapshot(*db);
  if (!schema.ok()) return schema.status();

  absl::StatusOr<GeneratedMigration> generated =
      GenerateMigration(*request, *schema);
  if (!generated.ok()) return generated.status();
  absl::StatusOr<std::vector<std::string>> files =
      WriteMigration(repo_root, *layout, generated->migration, now);
  if (!files.ok()) return files.status();

  AuthoredMigration authored;
  authored.request = *std::move(request);
  authored.table = generated->table;
  authored.change = generated->change;
  authored.version = layout->NextVersion(now);
  authored.convention = layout->convention;
  authored.files = *std::move(files);
  authored.existing_migrations = static_cast<int>(layout->migrations.size());
  authored.summary =
      absl::StrCat("wrote ", absl::StrJoin(authored.files, " and "), " (",
                   authored.change, ")");
  return authored;
}

}  // namespace baton::agents::data
