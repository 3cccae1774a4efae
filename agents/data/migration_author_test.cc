#include "agents/data/migration_author.h"

#include <filesystem>
#include <string>

#include "absl/time/time.h"
#include "agents/data/migration_layout.h"
#include "agents/data/test_repo.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::agents::data {
namespace {

namespace fs = std::filesystem;
using ::baton::testing::IsOk;
using ::baton::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(MigrationAuthorTest, WritesTheNextNumberedMigrationIntoTheFixture) {
  const std::string repo = CopyDataRepo("author_add_column");
  absl::StatusOr<AuthoredMigration> authored = AuthorMigration(
      repo, "Add 'phone_number' column to users table", absl::UnixEpoch());
  ASSERT_THAT(authored, IsOk());
  EXPECT_THAT(
      authored->files,
      ElementsAre("database/migrations/004_add_phone_number_to_users.sql"));
  EXPECT_EQ(authored->summary,
            "wrote database/migrations/004_add_phone_number_to_users.sql "
            "(ADD COLUMN phone_number VARCHAR(20) NULL)");
  EXPECT_EQ(authored->version, "004");
  EXPECT_EQ(authored->table, "users");
  EXPECT_EQ(authored->existing_migrations, 3);
  const std::string text = ReadFile(repo, authored->files[0]);
  EXPECT_THAT(text, HasSubstr("-- Up migration\nALTER TABLE users ADD COLUMN "
                              "phone_number VARCHAR(20) NULL;\n"));
  EXPECT_THAT(text, HasSubstr("-- Down migration\nALTER TABLE users DROP "
                              "COLUMN phone_number;\n"));
  // The repository now reads as four migrations.
  absl::StatusOr<MigrationLayout> layout = FindMigrationLayout(repo);
  ASSERT_THAT(layout, IsOk());
  EXPECT_EQ(layout->migrations.size(), 4u);

  // Asking again fails: the column now exists.
  EXPECT_THAT(AuthorMigration(repo, "Add phone_number column to users table",
                              absl::UnixEpoch()),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("column users.phone_number already exists")));
}

TEST(MigrationAuthorTest, UnknownTableListsTablesAndWritesNothing) {
  const std::string repo = CopyDataRepo("author_unknown_table");
  EXPECT_THAT(AuthorMigration(repo, "Add phone_number column to userz table",
                              absl::UnixEpoch()),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("table \"userz\" does not exist; the "
                                 "migrations define these tables: roles, "
                                 "user_roles, users")));
  EXPECT_FALSE(
      fs::exists(fs::path(repo) /
                 "database/migrations/004_add_phone_number_to_userz.sql"));
}

TEST(MigrationAuthorTest, ReportsRepositoriesWithoutMigrations) {
  const std::string repo = CopyDataRepo("author_no_migrations");
  fs::remove_all(fs::path(repo) / "database/migrations");
  EXPECT_THAT(
      AuthorMigration(repo, "Add phone_number column to users table",
                      absl::UnixEpoch()),
      StatusIs(absl::StatusCode::kNotFound, HasSubstr("database/migrations/")));
}

TEST(MigrationAuthorTest, BrokenExistingMigrationIsNamed) {
  const std::string repo = CopyDataRepo("author_broken_existing");
  WriteFile(repo, "database/migrations/002_add_email_index.sql",
            "-- Up migration\nCREATE INDEX idx ON users (no_such_column);\n"
            "-- Down migration\nDROP INDEX idx;\n");
  EXPECT_THAT(AuthorMigration(repo, "Add phone_number column to users table",
                              absl::UnixEpoch()),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("the existing migrations do not apply on "
                                 "SQLite: database/migrations/"
                                 "002_add_email_index.sql (up): no such "
                                 "column: no_such_column")));
}

TEST(MigrationAuthorTest, UnreadableRequestIsInvalidArgument) {
  const std::string repo = CopyDataRepo("author_bad_request");
  EXPECT_THAT(
      AuthorMigration(repo, "make the database faster", absl::UnixEpoch()),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("understood forms are")));
}

}  // namespace
}  // namespace baton::agents::data
