#include "agents/data/sqlite_database.h"

#include <cstdlib>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::agents::data {
namespace {

using ::baton::testing::IsOk;
using ::baton::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Optional;

MATCHER_P(IsOkAndHolds, expected,
          "is OK and holds " + ::testing::PrintToString(expected)) {
  if (!arg.ok()) {
    *result_listener << "whose status is " << arg.status().ToString();
    return false;
  }
  return *arg == expected;
}

TEST(SqliteDatabaseTest, ExecRunsEveryStatementAndQueryReadsRows) {
  absl::StatusOr<SqliteDatabase> db = SqliteDatabase::Open(":memory:");
  ASSERT_THAT(db, IsOk());
  ASSERT_THAT(db->Exec("CREATE TABLE t (a INTEGER, b TEXT);\n"
                       "-- a comment between statements\n"
                       "INSERT INTO t VALUES (1, 'one');\n"
                       "INSERT INTO t VALUES (2, NULL);"),
              IsOk());
  absl::StatusOr<std::vector<SqlRow>> rows =
      db->Query("SELECT a, b FROM t ORDER BY a");
  ASSERT_THAT(rows, IsOk());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_THAT((*rows)[0], ElementsAre(Optional(std::string("1")),
                                      Optional(std::string("one"))));
  EXPECT_THAT((*rows)[1],
              ElementsAre(Optional(std::string("2")), std::nullopt));
  EXPECT_THAT(db->QueryInt("SELECT COUNT(*) FROM t"), IsOkAndHolds(2));
}

TEST(SqliteDatabaseTest, CompileErrorNamesSqliteErrorAndStatement) {
  absl::StatusOr<SqliteDatabase> db = SqliteDatabase::Open(":memory:");
  ASSERT_THAT(db, IsOk());
  absl::Status status = db->Exec(
      "CREATE TABLE t (a INTEGER);\nALTER TABLE nope ADD COLUMN b TEXT;"
      "\nCREATE TABLE never (x);");
  EXPECT_THAT(
      status,
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("no such table: nope in statement: ALTER TABLE "
                         "nope ADD COLUMN b TEXT;")));
  // Statements before the failure ran; those after did not.
  EXPECT_THAT(
      db->QueryInt("SELECT COUNT(*) FROM sqlite_master WHERE name = 't'"),
      IsOkAndHolds(1));
  EXPECT_THAT(
      db->QueryInt("SELECT COUNT(*) FROM sqlite_master WHERE name = 'never'"),
      IsOkAndHolds(0));
}

// Found by testing/fuzz/schema_lint_fuzz: SQLite stops at a NUL byte
// without moving on, and Exec looped for ever.
TEST(SqliteDatabaseTest, NulByteIsAnErrorNotAHang) {
  absl::StatusOr<SqliteDatabase> db = SqliteDatabase::Open(":memory:");
  ASSERT_THAT(db, IsOk());
  EXPECT_THAT(db->Exec(std::string("CREATE TABLE t (a INTEGER);\n\0DROP TABLE t;", 42)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "SQL holds a NUL byte at line 2 (byte 28); SQL must be text"));
  EXPECT_THAT(db->QueryInt("SELECT COUNT(*) FROM t"), IsOkAndHolds(0));
}

TEST(SqliteDatabaseTest, RuntimeErrorIsFailedPrecondition) {
  absl::StatusOr<SqliteDatabase> db = SqliteDatabase::Open(":memory:");
  ASSERT_THAT(db, IsOk());
  absl::Status status = db->Exec(
      "CREATE TABLE t (a INTEGER NOT NULL); INSERT INTO t VALUES (NULL);");
  EXPECT_THAT(status,
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("NOT NULL constraint failed: t.a in "
                                 "statement: INSERT INTO t VALUES (NULL);")));
}

TEST(SqliteDatabaseTest, QueryRejectsSeveralStatementsAndQueryIntNoRow) {
  absl::StatusOr<SqliteDatabase> db = SqliteDatabase::Open(":memory:");
  ASSERT_THAT(db, IsOk());
  EXPECT_THAT(
      db->Query("SELECT 1; SELECT 2"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("one statement")));
  EXPECT_THAT(db->QueryInt("SELECT 1 WHERE 0"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("no value")));
}

TEST(SqliteDatabaseTest, FileDatabaseKeepsDataAcrossHandles) {
  const std::string path =
      std::string(std::getenv("TEST_TMPDIR")) + "/file_database.sqlite3";
  {
    absl::StatusOr<SqliteDatabase> db = SqliteDatabase::Open(path);
    ASSERT_THAT(db, IsOk());
    ASSERT_THAT(db->Exec("CREATE TABLE kept (x); INSERT INTO kept VALUES (7);"),
                IsOk());
    SqliteDatabase moved = *std::move(db);
    EXPECT_EQ(moved.path(), path);
  }
  absl::StatusOr<SqliteDatabase> reopened = SqliteDatabase::Open(path);
  ASSERT_THAT(reopened, IsOk());
  EXPECT_THAT(reopened->QueryInt("SELECT x FROM kept"), IsOkAndHolds(7));
}

TEST(SqliteDatabaseTest, OpenFailureIsUnavailable) {
  EXPECT_THAT(SqliteDatabase::Open("/nonexistent-dir/sub/db.sqlite3"),
              StatusIs(absl::StatusCode::kUnavailable,
                       HasSubstr("/nonexistent-dir/sub/db.sqlite3")));
}

TEST(SqliteDatabaseTest, QuoteIdentifierDoublesQuotes) {
  EXPECT_EQ(QuoteIdentifier("users"), "\"users\"");
  EXPECT_EQ(QuoteIdentifier("we\"ird"), "\"we\"\"ird\"");
}

}  // namespace
}  // namespace baton::agents::data
