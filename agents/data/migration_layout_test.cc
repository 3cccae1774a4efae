#include "agents/data/migration_layout.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
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

// A fresh repository directory under TEST_TMPDIR per test.
class MigrationLayoutTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::path(std::getenv("TEST_TMPDIR")) /
            ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::remove_all(root_);
    fs::create_directories(root_);
  }

  void Write(const std::string& relative, const std::string& text) {
    fs::create_directories((root_ / relative).parent_path());
    std::ofstream(root_ / relative) << text;
  }

  std::string Read(const std::string& relative) {
    std::ifstream in(root_ / relative);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }

  std::string root() const { return root_.string(); }

  fs::path root_;
};

const absl::Time kNow = absl::FromCivil(absl::CivilSecond(2024, 5, 6, 7, 8, 9),
                                        absl::UTCTimeZone());

constexpr char kSections[] =
    "-- Create things.\n\n-- Up migration\nCREATE TABLE t (a);\n\n"
    "-- Down migration\nDROP TABLE t;\n";

TEST_F(MigrationLayoutTest, ReadsCardConventionInNumericOrder) {
  Write("database/migrations/010_ten.sql", kSections);
  Write("database/migrations/002_two.sql", kSections);
  Write("database/migrations/001_create_users_table.sql", kSections);
  Write("database/migrations/README.md", "not a migration");
  absl::StatusOr<MigrationLayout> layout = FindMigrationLayout(root());
  ASSERT_THAT(layout, IsOk());
  EXPECT_EQ(layout->directory, "database/migrations");
  EXPECT_EQ(layout->convention, MigrationConvention::kUpDownSections);
  ASSERT_EQ(layout->migrations.size(), 3u);
  const Migration& first = layout->migrations[0];
  EXPECT_EQ(first.version, "001");
  EXPECT_EQ(first.number, 1);
  EXPECT_EQ(first.name, "create_users_table");
  EXPECT_EQ(first.up_file, "database/migrations/001_create_users_table.sql");
  EXPECT_THAT(first.Files(),
              ElementsAre("database/migrations/001_create_users_table.sql"));
  EXPECT_EQ(first.sql.up, "CREATE TABLE t (a);\n\n");
  EXPECT_EQ(first.sql.down, "DROP TABLE t;\n");
  EXPECT_EQ(layout->migrations[1].version, "002");
  EXPECT_EQ(layout->migrations[2].version, "010");
  EXPECT_EQ(layout->NextVersion(kNow), "011");
}

TEST_F(MigrationLayoutTest, PrefersDatabaseMigrationsThenDbThenTopLevel) {
  Write("migrations/001_top.sql", kSections);
  Write("db/migrations/001_db.sql", kSections);
  absl::StatusOr<MigrationLayout> layout = FindMigrationLayout(root());
  ASSERT_THAT(layout, IsOk());
  EXPECT_EQ(layout->directory, "db/migrations");
  fs::remove_all(root_ / "db");
  layout = FindMigrationLayout(root());
  ASSERT_THAT(layout, IsOk());
  EXPECT_EQ(layout->directory, "migrations");
}

TEST_F(MigrationLayoutTest, ReadsDbmateFiles) {
  Write(
      "db/migrations/20240101000000_create_t.sql",
      "-- migrate:up\nCREATE TABLE t (a);\n\n-- migrate:down\nDROP TABLE t;\n");
  absl::StatusOr<MigrationLayout> layout = FindMigrationLayout(root());
  ASSERT_THAT(layout, IsOk());
  EXPECT_EQ(layout->convention, MigrationConvention::kDbmate);
  ASSERT_EQ(layout->migrations.size(), 1u);
  EXPECT_EQ(layout->migrations[0].sql.up, "CREATE TABLE t (a);\n\n");
  // Timestamp versions continue from the clock when it is later.
  EXPECT_EQ(layout->NextVersion(kNow), "20240506070809");
  EXPECT_EQ(layout->NextVersion(absl::UnixEpoch()), "20240101000001");
}

TEST_F(MigrationLayoutTest, ReadsGolangMigratePairs) {
  Write("migrations/1_create_t.up.sql", "CREATE TABLE t (a);\n");
  Write("migrations/1_create_t.down.sql", "DROP TABLE t;\n");
  Write("migrations/2_add_b.up.sql", "ALTER TABLE t ADD COLUMN b;\n");
  Write("migrations/2_add_b.down.sql", "ALTER TABLE t DROP COLUMN b;\n");
  absl::StatusOr<MigrationLayout> layout = FindMigrationLayout(root());
  ASSERT_THAT(layout, IsOk());
  EXPECT_EQ(layout->convention, MigrationConvention::kUpDownFiles);
  ASSERT_EQ(layout->migrations.size(), 2u);
  const Migration& second = layout->migrations[1];
  EXPECT_EQ(second.up_file, "migrations/2_add_b.up.sql");
  EXPECT_EQ(second.down_file, "migrations/2_add_b.down.sql");
  EXPECT_EQ(second.sql.down, "ALTER TABLE t DROP COLUMN b;\n");
  EXPECT_THAT(second.Files(), ElementsAre("migrations/2_add_b.up.sql",
                                          "migrations/2_add_b.down.sql"));
  EXPECT_EQ(layout->NextVersion(kNow), "3");
}

TEST_F(MigrationLayoutTest, PaddingGrowsPastItsWidth) {
  Write("migrations/099_last.sql", kSections);
  absl::StatusOr<MigrationLayout> layout = FindMigrationLayout(root());
  ASSERT_THAT(layout, IsOk());
  EXPECT_EQ(layout->NextVersion(kNow), "100");
}

TEST_F(MigrationLayoutTest, EmptyDirectoryStartsAtOne) {
  fs::create_directories(root_ / "database/migrations");
  absl::StatusOr<MigrationLayout> layout = FindMigrationLayout(root());
  ASSERT_THAT(layout, IsOk());
  EXPECT_TRUE(layout->migrations.empty());
  EXPECT_EQ(layout->NextVersion(kNow), "001");
}

TEST_F(MigrationLayoutTest, NoDirectoryIsNotFoundSayingWhereItLooked) {
  EXPECT_THAT(
      FindMigrationLayout(root()),
      StatusIs(absl::StatusCode::kNotFound,
               HasSubstr("looked for database/migrations/, db/migrations/, "
                         "migrations/); the data card's layout keeps "
                         "migrations in database/migrations/")));
}

TEST_F(MigrationLayoutTest, MissingDownSectionIsIrreversible) {
  Write("database/migrations/001_a.sql", kSections);
  Write("database/migrations/002_no_down.sql",
        "-- Up migration\nALTER TABLE t ADD COLUMN b;\n");
  EXPECT_THAT(FindMigrationLayout(root()),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("database/migrations/002_no_down.sql: no down "
                                 "section")));
  EXPECT_THAT(FindMigrationLayout(root()),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("irreversible")));
}

TEST_F(MigrationLayoutTest, MissingDownFileIsIrreversible) {
  Write("migrations/1_create_t.up.sql", "CREATE TABLE t (a);\n");
  EXPECT_THAT(FindMigrationLayout(root()),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("migrations/1_create_t.up.sql: no "
                                 "1_create_t.down.sql beside it")));
}

TEST_F(MigrationLayoutTest, DuplicateVersionsAndUnversionedFilesAreRejected) {
  Write("database/migrations/001_a.sql", kSections);
  Write("database/migrations/001_b.sql", kSections);
  EXPECT_THAT(FindMigrationLayout(root()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("two migrations share version 001: "
                                 "database/migrations/001_a.sql and "
                                 "database/migrations/001_b.sql")));
  fs::remove(root_ / "database/migrations/001_b.sql");
  Write("database/migrations/add_email_index.sql", kSections);
  EXPECT_THAT(FindMigrationLayout(root()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("add_email_index.sql: a migration's name must "
                                 "start with a version number")));
}

TEST(SplitMigrationTextTest, SplitsSectionsAndRecognisesMarkers) {
  MigrationConvention convention = MigrationConvention::kUpDownFiles;
  absl::StatusOr<MigrationSql> sql = SplitMigrationText(
      "-- header\n--  UP MIGRATION:\nA;\n--down\nB;", "f.sql", &convention);
  ASSERT_THAT(sql, IsOk());
  EXPECT_EQ(sql->up, "A;\n");
  EXPECT_EQ(sql->down, "B;\n");
  EXPECT_EQ(convention, MigrationConvention::kUpDownSections);

  sql = SplitMigrationText(
      "-- migrate:up transaction:false\nA;\n-- migrate:down\nB;\n", "f.sql",
      &convention);
  ASSERT_THAT(sql, IsOk());
  EXPECT_EQ(sql->up, "A;\n");
  EXPECT_EQ(convention, MigrationConvention::kDbmate);
}

TEST(SplitMigrationTextTest, RejectsMalformedFiles) {
  EXPECT_THAT(SplitMigrationText("CREATE TABLE t (a);", "x.sql", nullptr),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("x.sql has no up section")));
  EXPECT_THAT(
      SplitMigrationText("-- Up migration\nA;\n-- Up migration\nB;\n-- Down "
                         "migration\nC;",
                         "x.sql", nullptr),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("x.sql:3: a second up marker")));
  EXPECT_THAT(
      SplitMigrationText("A;\n-- Up migration\nB;\n-- Down migration\nC;",
                         "x.sql", nullptr),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("SQL before its first up/down marker")));
  EXPECT_THAT(
      SplitMigrationText("-- Up migration\nA;\n-- Down migration\n-- nothing\n",
                         "x.sql", nullptr),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               HasSubstr("x.sql: the down section is empty")));
}

const NewMigration kNew = {
    "add_phone_number_to_users",
    {"Request: Add phone_number column to users table"},
    {"ALTER TABLE users ADD COLUMN phone_number VARCHAR(20) NULL;",
     "ALTER TABLE users DROP COLUMN phone_number;"}};

TEST_F(MigrationLayoutTest, WritesInTheCardConvention) {
  Write("database/migrations/001_create_users_table.sql", kSections);
  Write("database/migrations/003_add_roles_table.sql", kSections);
  absl::StatusOr<MigrationLayout> layout = FindMigrationLayout(root());
  ASSERT_THAT(layout, IsOk());
  absl::StatusOr<std::vector<std::string>> written =
      WriteMigration(root(), *layout, kNew, kNow);
  ASSERT_THAT(written, IsOk());
  EXPECT_THAT(
      *written,
      ElementsAre("database/migrations/004_add_phone_number_to_users.sql"));
  EXPECT_EQ(Read((*written)[0]),
            "-- Request: Add phone_number column to users table\n"
            "\n"
            "-- Up migration\n"
            "ALTER TABLE users ADD COLUMN phone_number VARCHAR(20) NULL;\n"
            "\n"
            "-- Down migration\n"
            "ALTER TABLE users DROP COLUMN phone_number;\n");
  // What was written reads back as the same migration.
  absl::StatusOr<MigrationLayout> reread = FindMigrationLayout(root());
  ASSERT_THAT(reread, IsOk());
  ASSERT_EQ(reread->migrations.size(), 3u);
  EXPECT_EQ(reread->migrations[2].version, "004");
  EXPECT_THAT(reread->migrations[2].sql.down,
              HasSubstr("ALTER TABLE users DROP COLUMN phone_number;"));
  // A second write would take 005; an existing target is never overwritten.
  EXPECT_THAT(WriteMigration(root(), *layout, kNew, kNow),
              StatusIs(absl::StatusCode::kAlreadyExists,
                       HasSubstr("004_add_phone_number_to_users.sql already "
                                 "exists")));
}

TEST_F(MigrationLayoutTest, WritesDbmateFiles) {
  Write("db/migrations/20240101000000_create_users.sql",
        "-- migrate:up\nCREATE TABLE users (id);\n-- migrate:down\nDROP TABLE "
        "users;\n");
  absl::StatusOr<MigrationLayout> layout = FindMigrationLayout(root());
  ASSERT_THAT(layout, IsOk());
  absl::StatusOr<std::vector<std::string>> written =
      WriteMigration(root(), *layout, kNew, kNow);
  ASSERT_THAT(written, IsOk());
  EXPECT_THAT(*written,
              ElementsAre("db/migrations/"
                          "20240506070809_add_phone_number_to_users.sql"));
  EXPECT_EQ(Read((*written)[0]),
            "-- migrate:up\n"
            "-- Request: Add phone_number column to users table\n"
            "ALTER TABLE users ADD COLUMN phone_number VARCHAR(20) NULL;\n"
            "\n"
            "-- migrate:down\n"
            "ALTER TABLE users DROP COLUMN phone_number;\n");
}

TEST_F(MigrationLayoutTest, DbmateFilesThatMustNotRunInATransactionSaySo) {
  Write("db/migrations/20240101000000_create_users.sql",
        "-- migrate:up\nCREATE TABLE users (id);\n-- migrate:down\nDROP TABLE "
        "users;\n");
  absl::StatusOr<MigrationLayout> layout = FindMigrationLayout(root());
  ASSERT_THAT(layout, IsOk());
  NewMigration concurrent;
  concurrent.name = "add_index_on_users_id";
  concurrent.sql.up = "CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_users_id ON users (id);";
  concurrent.sql.down = "DROP INDEX CONCURRENTLY IF EXISTS idx_users_id;";
  concurrent.outside_transaction = true;
  absl::StatusOr<std::vector<std::string>> written =
      WriteMigration(root(), *layout, concurrent, kNow);
  ASSERT_THAT(written, IsOk());
  const std::string text = Read((*written)[0]);
  EXPECT_EQ(text,
            "-- migrate:up transaction:false\n"
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_users_id ON users (id);\n"
            "\n"
            "-- migrate:down transaction:false\n"
            "DROP INDEX CONCURRENTLY IF EXISTS idx_users_id;\n");
  // The options after the marker do not confuse the reader.
  layout = FindMigrationLayout(root());
  ASSERT_THAT(layout, IsOk());
  ASSERT_EQ(layout->migrations.size(), 2u);
  EXPECT_EQ(layout->migrations[1].sql.down,
            "DROP INDEX CONCURRENTLY IF EXISTS idx_users_id;\n");
}

TEST_F(MigrationLayoutTest, WritesGolangMigratePairs) {
  Write("migrations/000001_create_users.up.sql", "CREATE TABLE users (id);\n");
  Write("migrations/000001_create_users.down.sql", "DROP TABLE users;\n");
  absl::StatusOr<MigrationLayout> layout = FindMigrationLayout(root());
  ASSERT_THAT(layout, IsOk());
  absl::StatusOr<std::vector<std::string>> written =
      WriteMigration(root(), *layout, kNew, kNow);
  ASSERT_THAT(written, IsOk());
  EXPECT_THAT(
      *written,
      ElementsAre("migrations/000002_add_phone_number_to_users.up.sql",
                  "migrations/000002_add_phone_number_to_users.down.sql"));
  EXPECT_EQ(Read((*written)[1]),
            "-- Request: Add phone_number column to users table\n"
            "ALTER TABLE users DROP COLUMN phone_number;\n");
}

TEST_F(MigrationLayoutTest, HeaderIsWrappedAndNeverBecomesSql) {
  fs::create_directories(root_ / "database/migrations");
  absl::StatusOr<MigrationLayout> layout = FindMigrationLayout(root());
  ASSERT_THAT(layout, IsOk());
  NewMigration migration = kNew;
  migration.header = {
      "Request: Add x column to users\n-- Down migration\nDROP TABLE users;",
      std::string(30, 'a') + " " + std::string(30, 'b') + " " +
          std::string(30, 'c')};
  absl::StatusOr<std::vector<std::string>> written =
      WriteMigration(root(), *layout, migration, kNow);
  ASSERT_THAT(written, IsOk());
  EXPECT_THAT(Read((*written)[0]),
              ::testing::StartsWith(
                  "-- Request: Add x column to users\n"
                  "-- -- Down migration\n"
                  "-- DROP TABLE users;\n"
                  "-- " +
                  std::string(30, 'a') + " " + std::string(30, 'b') + "\n-- " +
                  std::string(30, 'c') + "\n\n-- Up migration\n"));
  absl::StatusOr<MigrationLayout> reread = FindMigrationLayout(root());
  ASSERT_THAT(reread, IsOk());
  ASSERT_EQ(reread->migrations.size(), 1u);
  EXPECT_EQ(reread->migrations[0].sql.down,
            "ALTER TABLE users DROP COLUMN phone_number;\n");
}

TEST_F(MigrationLayoutTest, RejectsNamesThatAreNotSnakeCase) {
  fs::create_directories(root_ / "migrations");
  absl::StatusOr<MigrationLayout> layout = FindMigrationLayout(root());
  ASSERT_THAT(layout, IsOk());
  NewMigration bad = kNew;
  bad.name = "../escape";
  EXPECT_THAT(WriteMigration(root(), *layout, bad, kNow),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("\"../escape\" is not snake_case")));
}

}  // namespace
}  // namespace baton::agents::data
