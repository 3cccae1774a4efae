#include "agents/schema/schema_migration_author.h"

#include <filesystem>

#include "absl/time/time.h"
#include "agents/data/migration_layout.h"
#include "agents/data/migration_verifier.h"
#include "agents/data/test_repo.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::agents::schema {
namespace {

using ::baton::agents::data::CopyDataRepo;
using ::baton::agents::data::ReadFile;
using ::baton::agents::data::WriteFile;
using ::baton::testing::IsOk;
using ::baton::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kTags[] =
    "-- tags: designed.\n"
    "CREATE TABLE IF NOT EXISTS tags (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  name VARCHAR(50) NOT NULL,\n"
    "  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP\n"
    ");\n\n"
    "CREATE UNIQUE INDEX IF NOT EXISTS idx_tags_name ON tags (name);\n";

std::string TempRepo(const std::string& name) {
  const std::string repo = std::string(std::getenv("TEST_TMPDIR")) + "/" + name;
  std::filesystem::remove_all(repo);
  WriteFile(repo, "README.md", "x\n");
  return repo;
}

TEST(SchemaMigrationAuthorTest, WritesAReversibleNumberedMigration) {
  const std::string repo = CopyDataRepo("author_tags");
  WriteFile(repo, "database/schemas/tags.sql", kTags);
  absl::StatusOr<SchemaMigrations> written = AuthorSchemaMigrations(
      repo, {"database/schemas/tags.sql"}, "database/migrations", absl::UnixEpoch());
  ASSERT_THAT(written, IsOk());
  EXPECT_THAT(written->files, ElementsAre("database/migrations/004_create_tags_table.sql"));
  EXPECT_THAT(written->tables, ElementsAre("tags"));
  EXPECT_EQ(written->summary,
            "wrote database/migrations/004_create_tags_table.sql (tags)");
  const std::string text = ReadFile(repo, written->files[0]);
  EXPECT_THAT(text, HasSubstr("-- Create tags as designed in database/schemas/tags.sql.\n"));
  EXPECT_THAT(text, HasSubstr("-- Up migration\nCREATE TABLE IF NOT EXISTS tags (\n"));
  EXPECT_THAT(text, HasSubstr("-- Down migration\nDROP INDEX IF EXISTS idx_tags_name;\n"
                              "DROP TABLE IF EXISTS tags;\n"));
  data::VerifierOptions options;
  options.repo_root = repo;
  options.scratch_dir = std::string(std::getenv("TEST_TMPDIR")) + "/author_tags_scratch";
  options.new_migration_files = written->files;
  EXPECT_THAT(data::VerifyMigrations(options), IsOk());
}

TEST(SchemaMigrationAuthorTest, FollowsTheRepositoryConvention) {
  const std::string dbmate = TempRepo("author_dbmate");
  WriteFile(dbmate, "db/migrations/20240101120000_create_users.sql",
            "-- migrate:up\nCREATE TABLE users (id INTEGER PRIMARY KEY);\n\n"
            "-- migrate:down\nDROP TABLE users;\n");
  WriteFile(dbmate, "db/schemas/tags.sql", kTags);
  absl::StatusOr<SchemaMigrations> written = AuthorSchemaMigrations(
      dbmate, {"db/schemas/tags.sql"}, "database/migrations",
      absl::FromUnixSeconds(1717243200));  // 2024-06-01 12:00:00 UTC.
  ASSERT_THAT(written, IsOk());
  EXPECT_THAT(written->files,
              ElementsAre("db/migrations/20240601120000_create_tags_table.sql"));
  EXPECT_THAT(ReadFile(dbmate, written->files[0]), HasSubstr("-- migrate:down\n"));

  const std::string golang = TempRepo("author_golang");
  WriteFile(golang, "migrations/000001_init.up.sql",
            "CREATE TABLE users (id INTEGER PRIMARY KEY);\n");
  WriteFile(golang, "migrations/000001_init.down.sql", "DROP TABLE users;\n");
  WriteFile(golang, "schemas/tags.sql", kTags);
  written = AuthorSchemaMigrations(golang, {"schemas/tags.sql"}, "database/migrations",
                                   absl::UnixEpoch());
  ASSERT_THAT(written, IsOk());
  EXPECT_THAT(written->files, ElementsAre("migrations/000002_create_tags_table.up.sql",
                                          "migrations/000002_create_tags_table.down.sql"));
}

TEST(SchemaMigrationAuthorTest, NoMigrationsYetUsesTheDefaultFolder) {
  const std::string repo = TempRepo("author_fresh");
  WriteFile(repo, "database/schemas/tags.sql", kTags);
  absl::StatusOr<SchemaMigrations> written = AuthorSchemaMigrations(
      repo, {"database/schemas/tags.sql"}, "database/migrations", absl::UnixEpoch());
  ASSERT_THAT(written, IsOk());
  EXPECT_THAT(written->files, ElementsAre("database/migrations/001_create_tags_table.sql"));
}

TEST(SchemaMigrationAuthorTest, RefusesDdlThatIsNotASafeCreate) {
  const std::string repo = CopyDataRepo("author_refusals");
  auto author = [&](const std::string& sql) {
    WriteFile(repo, "database/schemas/x.sql", sql);
    return AuthorSchemaMigrations(repo, {"database/schemas/x.sql"}, "database/migrations",
                                  absl::UnixEpoch());
  };
  EXPECT_THAT(author("CREATE TABLE IF NOT EXISTS x (id INTEGER PRIMARY KEY);\n"
                     "ALTER TABLE users ADD COLUMN nickname TEXT;\n"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("database/schemas/x.sql changes the existing table users")));
  EXPECT_THAT(author("CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY);\n"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("creates no new table")));
  EXPECT_THAT(author("CREATE TABLE x (id INTEGER PRIMARY KEY);\n"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("database/schemas/x.sql is not idempotent: applying it "
                                 "twice fails: table x already exists")));
  EXPECT_THAT(author("CREATE TABLE IF NOT EXISTS x (id INTEGER PRIMARY KEY,, y);\n"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("does not apply on the current schema: near \",\": "
                                 "syntax error")));
  EXPECT_THAT(author("-- nothing\n"), StatusIs(absl::StatusCode::kFailedPrecondition,
                                               HasSubstr("holds no SQL")));
  EXPECT_THAT(AuthorSchemaMigrations(repo, {"database/schemas/none.sql"},
                                     "database/migrations", absl::UnixEpoch()),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("cannot read")));
  // Nothing was written by the refused attempts.
  EXPECT_FALSE(std::filesystem::exists(repo + "/database/migrations/004_create_x_table.sql"));
}

}  // namespace
}  // namespace baton::agents::schema
