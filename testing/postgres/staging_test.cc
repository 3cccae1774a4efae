// The staging interface on both databases: schemas, row counts, plans,
// generated data and the migration verifier, SQLite and PostgreSQL alike.
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "agents/data/data_generator.h"
#include "agents/data/migration_verifier.h"
#include "agents/data/staging.h"
#include "agents/data/test_repo.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/postgres/test_database.h"
#include "testing/status_matchers.h"

namespace baton::agents::data {
namespace {

using ::baton::testing::StatusIs;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class StagingTest : public baton::testing::PostgresTest,
                    public ::testing::WithParamInterface<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres") {
      PostgresTest::SetUp();
      if (IsSkipped() || HasFatalFailure()) return;
    }
    target_.kind = GetParam();
    target_.url = GetParam() == "postgres" ? database_url() : "";
    target_.scratch_dir = std::string(std::getenv("TEST_TMPDIR")) + "/staging";
  }
  void TearDown() override {
    if (GetParam() == "postgres") PostgresTest::TearDown();
  }

  std::unique_ptr<StagingDatabase> Open() {
    absl::StatusOr<std::unique_ptr<StagingDatabase>> db =
        OpenThrowawayDatabase(target_, "staging_test");
    EXPECT_TRUE(db.ok()) << db.status();
    return db.ok() ? *std::move(db) : nullptr;
  }

  StagingTarget target_;
};

constexpr char kSchema[] =
    "CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(255) NOT NULL, "
    "name VARCHAR(40), is_admin BOOLEAN NOT NULL DEFAULT FALSE, "
    "created_at TIMESTAMP NOT NULL, birthday DATE, balance DECIMAL(10,2));\n"
    "CREATE UNIQUE INDEX idx_users_email ON users (email);\n"
    "CREATE TABLE roles (id INTEGER PRIMARY KEY, name VARCHAR(20) NOT NULL UNIQUE);\n"
    "CREATE TABLE user_roles (user_id INTEGER NOT NULL REFERENCES users (id) "
    "ON DELETE CASCADE, role_id INTEGER NOT NULL REFERENCES roles (id), "
    "PRIMARY KEY (user_id, role_id));\n";

TEST_P(StagingTest, SchemaSnapshotsReadTheSameStructureOnBothDatabases) {
  std::unique_ptr<StagingDatabase> db = Open();
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(db->Exec(kSchema).ok());
  absl::StatusOr<SchemaSnapshot> schema = db->Schema();
  ASSERT_TRUE(schema.ok()) << schema.status();
  EXPECT_THAT(schema->TableNames(), ElementsAre("roles", "user_roles", "users"));
  const TableInfo* users = schema->FindTable("users");
  ASSERT_NE(users, nullptr);
  ASSERT_EQ(users->columns.size(), 7u);
  EXPECT_EQ(users->columns[0].primary_key_position, 1);
  EXPECT_TRUE(users->columns[1].not_null);
  const TableInfo* links = schema->FindTable("user_roles");
  EXPECT_THAT(links->foreign_keys,
              ElementsAre("(role_id) -> roles(id) ON UPDATE NO ACTION ON DELETE NO ACTION",
                          "(user_id) -> users(id) ON UPDATE NO ACTION ON DELETE CASCADE"));
  bool unique_email = false;
  for (const IndexInfo& index : users->indexes) {
    if (index.name == "idx_users_email") {
      unique_email = index.unique && index.columns == std::vector<std::string>{"email"};
    }
  }
  EXPECT_TRUE(unique_email) << schema->ToText();
  // Built another way, the same structure compares equal.
  std::unique_ptr<StagingDatabase> other = Open();
  ASSERT_TRUE(other->Exec(kSchema).ok());
  ASSERT_TRUE(other->Exec("ALTER TABLE users ADD COLUMN nickname TEXT;"
                          "ALTER TABLE users DROP COLUMN nickname;").ok());
  absl::StatusOr<SchemaSnapshot> again = other->Schema();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(DiffSnapshots(*schema, *again), "");
}

TEST_P(StagingTest, GeneratedRowsHonourTypesUniquenessAndForeignKeys) {
  std::unique_ptr<StagingDatabase> db = Open();
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(db->Exec(kSchema).ok());
  absl::StatusOr<SchemaSnapshot> schema = db->Schema();
  ASSERT_TRUE(schema.ok());
  std::map<std::string, int64_t> plan = PlanRows(*schema, {"user_roles"}, 5000, 100);
  // user_roles' key is two foreign keys: at most 100 x 100 combinations.
  EXPECT_EQ(plan, (std::map<std::string, int64_t>{
                      {"roles", 100}, {"user_roles", 5000}, {"users", 100}}));
  plan["users"] = 20000;
  absl::StatusOr<GeneratedData> data = GenerateRows(*db, *schema, plan);
  ASSERT_TRUE(data.ok()) << data.status();
  EXPECT_EQ(data->Summary(), "roles: 100 rows, users: 20000 rows, user_roles: 5000 rows");
  absl::StatusOr<std::map<std::string, int64_t>> counts = db->RowCounts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(*counts, (std::map<std::string, int64_t>{
                         {"roles", 100}, {"user_roles", 5000}, {"users", 20000}}));
  absl::StatusOr<std::vector<SqlRow>> distinct =
      db->Query("SELECT COUNT(DISTINCT email), MAX(LENGTH(name)) FROM users");
  ASSERT_TRUE(distinct.ok());
  EXPECT_EQ((*distinct)[0][0], "20000");
  EXPECT_LE(std::stoi(*(*distinct)[0][1]), 40);
  // Deterministic: row 501's email is the same on every run and database.
  absl::StatusOr<std::string> literal =
      GeneratedLiteral(*db, *schema, *data, "users", "email", 501);
  ASSERT_TRUE(literal.ok()) << literal.status();
  EXPECT_EQ(*literal, "'user501@example.com'");
  absl::StatusOr<std::vector<SqlRow>> found =
      db->Query(absl::StrCat("SELECT id FROM users WHERE email = ", *literal));
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0][0], "501");
}

TEST_P(StagingTest, PlansShowFullScansAndIndexes) {
  std::unique_ptr<StagingDatabase> db = Open();
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(db->Exec(kSchema).ok());
  absl::StatusOr<SchemaSnapshot> schema = db->Schema();
  ASSERT_TRUE(GenerateRows(*db, *schema, {{"users", 20000}}).ok());
  absl::StatusOr<QueryPlan> scan =
      db->Explain("SELECT id FROM users u WHERE name = 'name 7'", {{"u", "users"}});
  ASSERT_TRUE(scan.ok()) << scan.status();
  EXPECT_TRUE(scan->FullScanOn("users")) << scan->Text();
  absl::StatusOr<QueryPlan> seek =
      db->Explain("SELECT id FROM users WHERE email = 'user7@example.com'", {});
  ASSERT_TRUE(seek.ok()) << seek.status();
  EXPECT_FALSE(seek->FullScanOn("users")) << seek->Text();
  EXPECT_THAT(seek->IndexesOn("users"), Contains("idx_users_email")) << seek->Text();
  EXPECT_EQ(seek->database, GetParam() == "postgres" ? "PostgreSQL" : "SQLite");
  EXPECT_EQ(seek->execution_ms.has_value(), GetParam() == "postgres");
}

TEST_P(StagingTest, MigrationsRoundTripWithSeedsOnTheStagingDatabase) {
  const std::string repo = CopyDataRepo(absl::StrCat("verify_", GetParam()));
  WriteFile(repo, "database/migrations/004_add_phone_number_to_users.sql",
            "-- Up migration\nALTER TABLE users ADD COLUMN phone_number VARCHAR(20) NULL;\n"
            "-- Down migration\nALTER TABLE users DROP COLUMN phone_number;\n");
  VerifierOptions options;
  options.repo_root = repo;
  options.scratch_dir = target_.scratch_dir;
  options.new_migration_files = {"database/migrations/004_add_phone_number_to_users.sql"};
  options.staging_kind = target_.kind;
  options.staging_url = target_.url;
  absl::StatusOr<VerificationReport> report = VerifyMigrations(options);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->Summary(),
            absl::StrCat("4 migrations up→down→up on ",
                         GetParam() == "postgres" ? "PostgreSQL" : "SQLite",
                         ": schema round-trips (1 new, each reverted alone); seeds: 3 "
                         "tables, 13 rows kept"));
  EXPECT_THAT(report->added_columns, ElementsAre("users.phone_number"));
}

TEST_P(StagingTest, AMigrationFailingHalfWayNamesTheStatementAndLeavesNothing) {
  const std::string repo = CopyDataRepo(absl::StrCat("half_", GetParam()));
  const std::string file = "database/migrations/004_add_phone_number.sql";
  WriteFile(repo, file,
            "-- Up migration\n"
            "ALTER TABLE users ADD COLUMN phone_number VARCHAR(20) NULL;\n"
            "CREATE INDEX idx_users_phone ON users (phone);\n"
            "-- Down migration\n"
            "DROP INDEX idx_users_phone;\n"
            "ALTER TABLE users DROP COLUMN phone_number;\n");
  const std::string before = ReadFile(repo, file);
  VerifierOptions options;
  options.repo_root = repo;
  options.scratch_dir = target_.scratch_dir;
  options.new_migration_files = {file};
  options.staging_kind = target_.kind;
  options.staging_url = target_.url;
  absl::StatusOr<VerificationReport> report = VerifyMigrations(options);
  EXPECT_THAT(report, StatusIs(absl::StatusCode::kFailedPrecondition,
                               AllOf(HasSubstr(file + " (up): "),
                                     HasSubstr("phone"),
                                     HasSubstr("in statement: CREATE INDEX idx_users_phone "
                                               "ON users (phone)"))));
  EXPECT_EQ(ReadFile(repo, file), before);
  if (GetParam() == "postgres") {
    // The throwaway database is gone. Other tests' staging databases come
    // and go meanwhile (one made during this test once failed it): those
    // are dropped when their tests end; a leaked one stays.
    EXPECT_THAT(LeftBehind("baton_stage_"), IsEmpty());
  }
}

INSTANTIATE_TEST_SUITE_P(Databases, StagingTest, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

}  // namespace
}  // namespace baton::agents::data
