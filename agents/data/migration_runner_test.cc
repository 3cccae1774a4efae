#include "agents/data/migration_runner.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "agents/data/migration_layout.h"
#include "agents/data/sqlite_database.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::agents::data {
namespace {

using ::baton::testing::IsOk;
using ::baton::testing::StatusIs;
using ::testing::HasSubstr;

Migration Make(int number, const std::string& up, const std::string& down) {
  Migration migration;
  migration.number = number;
  migration.version = absl::StrCat("00", number);
  migration.name = "m";
  migration.up_file = absl::StrCat("migrations/00", number, "_m.sql");
  migration.down_file = migration.up_file;
  migration.sql = {up, down};
  return migration;
}

int64_t Tables(SqliteDatabase& db) {
  absl::StatusOr<int64_t> count =
      db.QueryInt("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'");
  EXPECT_THAT(count, IsOk());
  return count.ok() ? *count : -1;
}

TEST(MigrationRunnerTest, UpsInOrderDownsInReverse) {
  std::vector<Migration> migrations = {
      Make(1, "CREATE TABLE a (id INTEGER PRIMARY KEY);", "DROP TABLE a;"),
      Make(2, "CREATE TABLE b (a_id INTEGER REFERENCES a (id));",
           "DROP TABLE b;"),
  };
  absl::StatusOr<SqliteDatabase> db = SqliteDatabase::Open(":memory:");
  ASSERT_THAT(db, IsOk());
  ASSERT_THAT(ApplyMigrations(*db, migrations, Direction::kUp), IsOk());
  EXPECT_EQ(Tables(*db), 2);
  ASSERT_THAT(ApplyMigrations(*db, migrations, Direction::kDown), IsOk());
  EXPECT_EQ(Tables(*db), 0);
}

TEST(MigrationRunnerTest, FailureNamesFileDirectionAndSqliteError) {
  std::vector<Migration> migrations = {
      Make(1, "CREATE TABLE a (id);", "DROP TABLE a;"),
      Make(2, "ALTER TABLE a ADD COLUMN b;",
           "ALTER TABLE missing DROP COLUMN b;"),
  };
  absl::StatusOr<SqliteDatabase> db = SqliteDatabase::Open(":memory:");
  ASSERT_THAT(db, IsOk());
  ASSERT_THAT(ApplyMigrations(*db, migrations, Direction::kUp), IsOk());
  EXPECT_THAT(ApplyMigrations(*db, migrations, Direction::kDown),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("migrations/002_m.sql (down): no such table: "
                                 "missing in statement: ALTER TABLE missing "
                                 "DROP COLUMN b;")));
  // The failure stopped the run before 001's down.
  EXPECT_EQ(Tables(*db), 1);
  EXPECT_EQ(DirectionName(Direction::kUp), "up");
}

}  // namespace
}  // namespace baton::agents::data
