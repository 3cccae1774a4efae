#include "agents/data/migration_verifier.h"

#include <cstdlib>
#include <filesystem>
#include <string>

#include "agents/data/test_repo.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::agents::data {
namespace {

namespace fs = std::filesystem;
using ::baton::testing::IsOk;
using ::baton::testing::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kNewFile[] =
    "database/migrations/004_add_phone_number_to_users.sql";

constexpr char kAddPhone[] =
    "-- Up migration\n"
    "ALTER TABLE users ADD COLUMN phone_number VARCHAR(20) NULL;\n"
    "-- Down migration\n"
    "ALTER TABLE users DROP COLUMN phone_number;\n";

// Options for verifying `repo` with kNewFile as the run's migration.
VerifierOptions Options(const std::string& repo, bool with_new = true) {
  VerifierOptions options;
  options.repo_root = repo;
  options.scratch_dir = (fs::path(repo).parent_path() /
                         (fs::path(repo).filename().string() + "_scratch"))
                            .string();
  if (with_new) options.new_migration_files = {kNewFile};
  return options;
}

TEST(MigrationVerifierTest, FixtureWithNewColumnRoundTripsAndKeepsSeeds) {
  const std::string repo = CopyDataRepo("verify_ok");
  WriteFile(repo, kNewFile, kAddPhone);
  absl::StatusOr<VerificationReport> report = VerifyMigrations(Options(repo));
  ASSERT_THAT(report, IsOk());
  EXPECT_EQ(report->migration_count, 4);
  EXPECT_EQ(report->new_migration_count, 1);
  EXPECT_THAT(report->seed_files,
              ElementsAre("database/seeds/dev/users.sql",
                          "database/seeds/test/test_data.sql"));
  // users 3 + 3, roles 3, user_roles 4.
  EXPECT_EQ(report->seeded_tables, 3);
  EXPECT_EQ(report->seeded_rows, 13);
  EXPECT_THAT(report->added_columns, ElementsAre("users.phone_number"));
  EXPECT_THAT(report->schema.ToText(),
              HasSubstr("column users.phone_number #6 VARCHAR(20)"));
  EXPECT_EQ(report->Summary(),
            "4 migrations up→down→up on SQLite: schema round-trips (1 new, "
            "each reverted alone); seeds: 3 tables, 13 rows kept");
  // The throwaway databases stay in the scratch directory.
  EXPECT_TRUE(fs::exists(fs::path(Options(repo).scratch_dir) /
                         "schema_roundtrip.sqlite3"));
}

TEST(MigrationVerifierTest, WithoutSeedsOrNewMigrations) {
  const std::string repo = CopyDataRepo("verify_no_seeds");
  fs::remove_all(fs::path(repo) / "database/seeds");
  absl::StatusOr<VerificationReport> report =
      VerifyMigrations(Options(repo, /*with_new=*/false));
  ASSERT_THAT(report, IsOk());
  EXPECT_EQ(
      report->Summary(),
      "3 migrations up→down→up on SQLite: schema round-trips; seeds: none");
  EXPECT_TRUE(report->added_columns.empty());
}

TEST(MigrationVerifierTest, DownThatDoesNotUndoItsUpIsAMismatch) {
  const std::string repo = CopyDataRepo("verify_bad_down");
  WriteFile(repo, kNewFile,
            "-- Up migration\n"
            "ALTER TABLE users ADD COLUMN phone_number VARCHAR(20) NULL;\n"
            "CREATE INDEX idx_users_phone ON users (phone_number);\n"
            "-- Down migration\n"
            "DROP INDEX idx_users_phone;\n");
  EXPECT_THAT(
      VerifyMigrations(Options(repo)),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               AllOf(HasSubstr(std::string(kNewFile) +
                               " (down) does not undo its up"),
                     HasSubstr("+ column users.phone_number #6 VARCHAR(20)"))));
}

TEST(MigrationVerifierTest, ExistingDownThatLeavesTablesIsReported) {
  const std::string repo = CopyDataRepo("verify_leftover");
  WriteFile(repo, kNewFile, kAddPhone);
  WriteFile(repo, "database/migrations/003_add_roles_table.sql",
            "-- Up migration\n"
            "CREATE TABLE IF NOT EXISTS roles (id INTEGER PRIMARY KEY);\n"
            "-- Down migration\n"
            "SELECT 1;\n");
  EXPECT_THAT(VerifyMigrations(Options(repo)),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("after every down migration the "
                                       "database still holds:\ntable roles"),
                             HasSubstr("do not undo the up migrations"))));
}

TEST(MigrationVerifierTest, BrokenStatementNamesFileDirectionAndError) {
  const std::string repo = CopyDataRepo("verify_broken_up");
  WriteFile(repo, kNewFile,
            "-- Up migration\nALTR TABLE users ADD COLUMN phone VARCHAR(20);\n"
            "-- Down migration\nALTER TABLE users DROP COLUMN phone;\n");
  EXPECT_THAT(VerifyMigrations(Options(repo)),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr(std::string(kNewFile) +
                                 " (up): near \"ALTR\": syntax error in "
                                 "statement: ALTR TABLE users")));

  WriteFile(repo, kNewFile,
            "-- Up migration\nALTER TABLE users ADD COLUMN phone VARCHAR(20);\n"
            "-- Down migration\nALTER TABLE users DROP COLUMN phone_nmber;\n");
  EXPECT_THAT(VerifyMigrations(Options(repo)),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr(std::string(kNewFile) +
                                 " (down): no such column: \"phone_nmber\"")));
}

TEST(MigrationVerifierTest, DownThatDeletesSeededRowsIsDataLoss) {
  const std::string repo = CopyDataRepo("verify_data_loss");
  WriteFile(repo, kNewFile,
            "-- Up migration\n"
            "ALTER TABLE users ADD COLUMN phone_number VARCHAR(20) NULL;\n"
            "-- Down migration\n"
            "DELETE FROM user_roles WHERE role_id = 2;\n"
            "ALTER TABLE users DROP COLUMN phone_number;\n");
  EXPECT_THAT(
      VerifyMigrations(Options(repo)),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               HasSubstr("data loss: table user_roles lost rows after " +
                         std::string(kNewFile) + " (down): 4 -> 2")));
}

TEST(MigrationVerifierTest, UpThatDropsASeededTableIsDataLoss) {
  const std::string repo = CopyDataRepo("verify_drop_table");
  WriteFile(repo, "database/migrations/004_drop_user_roles.sql",
            "-- Up migration\nDROP TABLE user_roles;\n"
            "-- Down migration\nCREATE TABLE user_roles (user_id INTEGER NOT "
            "NULL REFERENCES users (id) ON DELETE CASCADE, role_id INTEGER NOT "
            "NULL REFERENCES roles (id) ON DELETE CASCADE, created_at "
            "TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, PRIMARY KEY "
            "(user_id, role_id));\n"
            "CREATE INDEX idx_user_roles_role_id ON user_roles (role_id);\n");
  VerifierOptions options = Options(repo);
  options.new_migration_files = {"database/migrations/004_drop_user_roles.sql"};
  EXPECT_THAT(VerifyMigrations(options),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("data loss: table user_roles (4 seeded rows) "
                                 "is gone after database/migrations/"
                                 "004_drop_user_roles.sql (up)")));
}

TEST(MigrationVerifierTest, SeedThatDoesNotLoadIsNamed) {
  const std::string repo = CopyDataRepo("verify_bad_seed");
  WriteFile(repo, kNewFile, kAddPhone);
  WriteFile(repo, "database/seeds/dev/users.sql",
            "INSERT INTO users (id, email) VALUES (1, 'x@example.com');\n");
  EXPECT_THAT(VerifyMigrations(Options(repo)),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("seed database/seeds/dev/users.sql does not "
                                 "load on the schema before the new "
                                 "migrations: NOT NULL constraint failed: "
                                 "users.name")));
}

TEST(MigrationVerifierTest, NewFileMustBeAMigration) {
  const std::string repo = CopyDataRepo("verify_unknown_new");
  VerifierOptions options = Options(repo);
  options.new_migration_files = {"database/schemas/users.sql"};
  EXPECT_THAT(VerifyMigrations(options),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("database/schemas/users.sql is not a "
                                 "migration in database/migrations/")));
}

}  // namespace
}  // namespace baton::agents::data
