#include "agents/data/migration_author.h"

#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "agents/data/migration_runner.h"
#include "agents/data/migration_writer.h"
#include "agents/data/schema_snapshot.h"
#include "agents/data/staging.h"

namespace baton::agents::data {

absl::StatusOr<AuthoredMigration> AuthorMigration(
    const std::string& repo_root, absl::string_view request_text,
    absl::Time now) {
  AuthorOptions options;
  options.repo_root = repo_root;
  options.request_text = std::string(request_text);
  options.now = now;
  return AuthorMigration(options);
}

absl::StatusOr<AuthoredMigration> AuthorMigration(const AuthorOptions& options) {
  absl::StatusOr<MigrationRequest> request =
      ParseMigrationRequest(options.request_text);
  if (!request.ok()) return request.status();
  absl::StatusOr<MigrationLayout> layout = FindMigrationLayout(options.repo_root);
  if (!layout.ok()) return layout.status();

  // The current schema: every existing migration applied on a blank
  // throwaway database.
  StagingTarget target;
  target.kind = options.staging_kind;
  target.url = options.staging_url;
  absl::StatusOr<std::unique_ptr<StagingDatabase>> db =
      OpenThrowawayDatabase(target, "author_schema");
  if (!db.ok()) return db.status();
  const SqlDialect dialect = (*db)->dialect();
  absl::Status applied =
      ApplyMigrations(**db, layout->migrations, Direction::kUp);
  if (!applied.ok()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the existing migrations do not apply on ", DialectName(dialect), ": ",
        applied.message(),
        dialect == SqlDialect::kSqlite
            ? " (if they are written for PostgreSQL, stage on it: --staging "
              "postgres://...)"
            : ""));
  }
  absl::StatusOr<SchemaSnapshot> schema = (*db)->Schema();
  if (!schema.ok()) return schema.status();
  db->reset();  // Drop the throwaway database now.

  absl::StatusOr<GeneratedMigration> generated =
      GenerateMigration(*request, *schema, dialect);
  if (!generated.ok()) return generated.status();
  absl::StatusOr<std::vector<std::string>> files = WriteMigration(
      options.repo_root, *layout, generated->migration, options.now);
  if (!files.ok()) return files.status();

  AuthoredMigration authored;
  authored.request = *std::move(request);
  authored.table = generated->table;
  authored.change = generated->change;
  authored.version = layout->NextVersion(options.now);
  authored.convention = layout->convention;
  authored.files = *std::move(files);
  authored.existing_migrations = static_cast<int>(layout->migrations.size());
  authored.dialect = dialect;
  authored.summary =
      absl::StrCat("wrote ", absl::StrJoin(authored.files, " and "), " (",
                   authored.change, ")");
  return authored;
}

}  // namespace baton::agents::data
