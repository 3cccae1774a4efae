// PostgresDatabase and PostgresStaging on a real server.
#include "agents/data/postgres_database.h"

#include "absl/strings/str_cat.h"
#include "agents/data/postgres_staging.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/postgres/test_database.h"
#include "testing/status_matchers.h"

namespace baton::agents::data {
namespace {

using ::baton::testing::DatabasesWithPrefix;
using ::baton::testing::StatusIs;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Optional;

class PostgresDatabaseTest : public baton::testing::PostgresTest {};

int64_t IntOr(const absl::StatusOr<int64_t>& value, int64_t fallback) {
  EXPECT_TRUE(value.ok()) << value.status();
  return value.ok() ? *value : fallback;
}

TEST_F(PostgresDatabaseTest, RunsScriptsStatementByStatementOutsideTransactions) {
  absl::StatusOr<PostgresDatabase> db = PostgresDatabase::Connect(database_url());
  ASSERT_TRUE(db.ok()) << db.status();
  EXPECT_EQ(db->database(), database_name());
  // CONCURRENTLY fails inside a transaction block: each statement runs alone.
  ASSERT_TRUE(db->Exec("-- notes\nCREATE TABLE notes (id SERIAL PRIMARY KEY, body TEXT);\n"
                       "INSERT INTO notes (body) VALUES ('a;b'), (NULL);\n"
                       "CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_notes_body ON notes (body);\n"
                       "CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_notes_body ON notes (body);\n")
                  .ok());
  absl::StatusOr<std::vector<SqlRow>> rows = db->Query("SELECT id, body FROM notes ORDER BY id");
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_THAT((*rows)[0], ElementsAre(Optional(std::string("1")), Optional(std::string("a;b"))));
  EXPECT_EQ((*rows)[1][1], std::nullopt);
  EXPECT_EQ(IntOr(db->QueryInt("SELECT count(*) FROM notes"), -1), 2);
}

TEST_F(PostgresDatabaseTest, ErrorsCarryTheMessageSqlstatePositionAndStatement) {
  absl::StatusOr<PostgresDatabase> db = PostgresDatabase::Connect(database_url());
  ASSERT_TRUE(db.ok()) << db.status();
  ASSERT_TRUE(db->Exec("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL)").ok());
  EXPECT_THAT(db->Exec("ALTER TABLE users ADD COLUMN phone TEXT;\n"
                       "ALTER TABLE users DROP COLUMN fax;"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "column \"fax\" of relation \"users\" does not exist (SQLSTATE "
                       "42703) in statement: ALTER TABLE users DROP COLUMN fax"));
  // The statement before the failing one stayed applied.
  EXPECT_EQ(IntOr(db->QueryInt("SELECT count(*) FROM information_schema.columns "
                           "WHERE table_name = 'users' AND column_name = 'phone'"), -1), 1);
  EXPECT_THAT(db->Exec("INSERT INTO users (id) VALUES (1)"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("null value in column \"email\" of relation \"users\" "
                                 "violates not-null constraint (SQLSTATE 23502)")));
  EXPECT_THAT(db->Query("SELECT emial FROM users"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "column \"emial\" does not exist (SQLSTATE 42703) at line 1, "
                       "column 8 in statement: SELECT emial FROM users"));
  EXPECT_THAT(db->Exec("SELEC 1"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "SQL does not parse: syntax error at or near \"SELEC\" at line 1, "
                       "column 1 (position 1)"));
}

TEST_F(PostgresDatabaseTest, ConnectionFailuresAreUnavailableWithoutThePassword) {
  EXPECT_THAT(PostgresDatabase::Connect("postgresql://baton:s3cret@127.0.0.1:1/nowhere"),
              StatusIs(absl::StatusCode::kUnavailable,
                       AllOf(HasSubstr("cannot connect to PostgreSQL at "
                                       "postgresql://baton:***@127.0.0.1:1/nowhere"),
                             Not(HasSubstr("s3cret")))));
  EXPECT_EQ(RedactUrl("host=x password='a b' user=y"), "host=x password=*** user=y");
  EXPECT_TRUE(IsPostgresUrl(server_url()));
  EXPECT_FALSE(IsPostgresUrl("sqlite"));
}

TEST_F(PostgresDatabaseTest, StagingDatabasesAreCreatedAndDroppedNeverTheUrlsOwn) {
  std::string name;
  {
    absl::StatusOr<std::unique_ptr<PostgresStaging>> staging =
        PostgresStaging::Create(database_url());
    ASSERT_TRUE(staging.ok()) << staging.status();
    name = (*staging)->database_name();
    EXPECT_THAT(name, ::testing::StartsWith("baton_stage_"));
    EXPECT_THAT(DatabasesWithPrefix(server_url(), "baton_stage_"), Contains(name));
    ASSERT_TRUE((*staging)->Exec("CREATE TABLE t (id INT)").ok());
    EXPECT_THAT((*staging)->Describe(),
                HasSubstr(absl::StrCat("PostgreSQL database ", name, " on 127.0.0.1:")));
  }
  EXPECT_THAT(DatabasesWithPrefix(server_url(), "baton_stage_"), Not(Contains(name)));
  // The URL's database was never changed.
  absl::StatusOr<PostgresDatabase> own = PostgresDatabase::Connect(database_url());
  ASSERT_TRUE(own.ok());
  EXPECT_EQ(IntOr(own->QueryInt("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"), -1), 0);
}

TEST_F(PostgresDatabaseTest, StagingNeedsCreatedbAndSaysSo) {
  absl::StatusOr<PostgresDatabase> admin = PostgresDatabase::Connect(database_url());
  ASSERT_TRUE(admin.ok());
  const std::string role = absl::StrCat(database_name(), "_nocreatedb");
  ASSERT_TRUE(admin->Exec(absl::StrCat("CREATE ROLE ", role, " LOGIN NOCREATEDB")).ok());
  const std::string url = baton::testing::UrlWithDatabase(
      absl::StrCat("postgresql://", role, "@",
                   server_url().substr(server_url().find('@') + 1)),
      database_name());
  EXPECT_THAT(PostgresStaging::Create(url),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("permission denied to create database"),
                             HasSubstr("needs the CREATEDB privilege"))));
  ASSERT_TRUE(admin->Exec(absl::StrCat("DROP ROLE ", role)).ok());
}

}  // namespace
}  // namespace baton::agents::data
