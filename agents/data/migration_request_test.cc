#include "agents/data/migration_request.h"

#include <ostream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::agents::data {
namespace {

using ::baton::testing::IsOk;
using ::baton::testing::StatusIs;
using ::testing::HasSubstr;

struct AddColumnCase {
  std::string text;
  std::string table;
  std::string column;
  std::string type;
};

void PrintTo(const AddColumnCase& c, std::ostream* os) { *os << c.text; }

class AddColumnFormsTest : public ::testing::TestWithParam<AddColumnCase> {};

TEST_P(AddColumnFormsTest, Parses) {
  const AddColumnCase& c = GetParam();
  absl::StatusOr<MigrationRequest> request = ParseMigrationRequest(c.text);
  ASSERT_THAT(request, IsOk()) << c.text;
  EXPECT_EQ(request->kind, MigrationRequest::Kind::kAddColumn);
  EXPECT_EQ(request->table, c.table);
  EXPECT_EQ(request->column, c.column);
  EXPECT_EQ(request->type, c.type);
  EXPECT_EQ(request->text, c.text);
}

INSTANTIATE_TEST_SUITE_P(
    CardAndCommonForms, AddColumnFormsTest,
    ::testing::Values(
        AddColumnCase{"Add phone_number column to users table", "users",
                      "phone_number", "VARCHAR(20)"},
        AddColumnCase{"Add 'phone_number' column to users table", "users",
                      "phone_number", "VARCHAR(20)"},
        AddColumnCase{"add column phone_number to users", "users",
                      "phone_number", "VARCHAR(20)"},
        AddColumnCase{"Add a phone_number column to the users table.", "users",
                      "phone_number", "VARCHAR(20)"},
        AddColumnCase{"Add phone_number column to users table (VARCHAR(32))",
                      "users", "phone_number", "VARCHAR(32)"},
        AddColumnCase{"Add `score` (decimal(5, 1)) column to `players`",
                      "players", "score", "DECIMAL(5, 1)"},
        AddColumnCase{"Please add a new column archived_at to the orders "
                      "table for soft deletes",
                      "orders", "archived_at", "TIMESTAMP"},
        AddColumnCase{"Add nickname column to users table (for the profile "
                      "page)",
                      "users", "nickname", "VARCHAR(255)"}));

TEST(MigrationRequestTest, ExplicitTypeMarksNotInferred) {
  absl::StatusOr<MigrationRequest> request =
      ParseMigrationRequest("Add phone_number column to users table (TEXT)");
  ASSERT_THAT(request, IsOk());
  EXPECT_EQ(request->type, "TEXT");
  EXPECT_FALSE(request->type_inferred);
  request = ParseMigrationRequest("Add phone_number column to users table");
  ASSERT_THAT(request, IsOk());
  EXPECT_TRUE(request->type_inferred);
}

// MySQL habits such as INT(11) (a display width) would not parse in
// PostgreSQL; sizes stay where PostgreSQL takes them.
TEST(MigrationRequestTest, ExplicitTypesAreNormalized) {
  for (const auto& [written, type] : std::vector<std::pair<std::string, std::string>>{
           {"(INT(11))", "INT"},
           {"(int    (12)  )", "INT"},
           {"(bigint(20))", "BIGINT"},
           {"(varchar ( 32 ))", "VARCHAR(32)"},
           {"(decimal(10,2))", "DECIMAL(10, 2)"},
           {"(timestamp (3) with   time zone)", "TIMESTAMP(3) WITH TIME ZONE"}}) {
    absl::StatusOr<MigrationRequest> request =
        ParseMigrationRequest("Add price column to products table " + written);
    ASSERT_THAT(request, IsOk()) << written;
    EXPECT_EQ(request->type, type) << written;
  }
}

TEST(MigrationRequestTest, ParsesIndexAndDropForms) {
  absl::StatusOr<MigrationRequest> request =
      ParseMigrationRequest("Add index on orders.user_id");
  ASSERT_THAT(request, IsOk());
  EXPECT_EQ(request->kind, MigrationRequest::Kind::kAddIndex);
  EXPECT_EQ(request->table, "orders");
  EXPECT_EQ(request->column, "user_id");
  EXPECT_FALSE(request->unique);

  request = ParseMigrationRequest("Create a unique index on users(email)");
  ASSERT_THAT(request, IsOk());
  EXPECT_EQ(request->kind, MigrationRequest::Kind::kAddIndex);
  EXPECT_EQ(request->table, "users");
  EXPECT_EQ(request->column, "email");
  EXPECT_TRUE(request->unique);

  request = ParseMigrationRequest("add index on created_at of the users table");
  ASSERT_THAT(request, IsOk());
  EXPECT_EQ(request->table, "users");
  EXPECT_EQ(request->column, "created_at");

  request = ParseMigrationRequest("Drop legacy_phone from users");
  ASSERT_THAT(request, IsOk());
  EXPECT_EQ(request->kind, MigrationRequest::Kind::kDropColumn);
  EXPECT_EQ(request->table, "users");
  EXPECT_EQ(request->column, "legacy_phone");
  EXPECT_EQ(request->type, "");

  request = ParseMigrationRequest(
      "Remove the legacy_phone column from the users table");
  ASSERT_THAT(request, IsOk());
  EXPECT_EQ(request->kind, MigrationRequest::Kind::kDropColumn);
  EXPECT_EQ(request->column, "legacy_phone");
}

TEST(MigrationRequestTest, UnparseableRequestsSayWhatIsUnderstood) {
  for (const char* text :
       {"Create migration for orders", "Add new column to users table",
        "add column to users", "", "phone_number users"}) {
    EXPECT_THAT(ParseMigrationRequest(text),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         HasSubstr("understood forms are \"Add <column> column "
                                   "to <table> table [(<TYPE>)]\"")))
        << text;
  }
  EXPECT_THAT(ParseMigrationRequest("Create migration for orders"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("cannot read a migration from \"Create "
                                 "migration for orders\"")));
}

TEST(MigrationRequestTest, TypeOnlyAppliesToAddColumn) {
  EXPECT_THAT(ParseMigrationRequest("Drop legacy_phone from users (TEXT)"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("only applies when adding a column")));
}

TEST(InferColumnTypeTest, FollowsTheCardsAppropriateTypes) {
  EXPECT_EQ(InferColumnType("phone_number"), "VARCHAR(20)");
  EXPECT_EQ(InferColumnType("mobile_phone"), "VARCHAR(20)");
  EXPECT_EQ(InferColumnType("email"), "VARCHAR(255)");
  EXPECT_EQ(InferColumnType("backup_email"), "VARCHAR(255)");
  EXPECT_EQ(InferColumnType("deleted_at"), "TIMESTAMP");
  EXPECT_EQ(InferColumnType("email_verified_at"), "TIMESTAMP");
  EXPECT_EQ(InferColumnType("account_id"), "INTEGER");
  EXPECT_EQ(InferColumnType("is_active"), "BOOLEAN");
  EXPECT_EQ(InferColumnType("has_newsletter"), "BOOLEAN");
  EXPECT_EQ(InferColumnType("login_count"), "INTEGER");
  EXPECT_EQ(InferColumnType("quantity"), "INTEGER");
  EXPECT_EQ(InferColumnType("unit_price"), "DECIMAL(10,2)");
  EXPECT_EQ(InferColumnType("amount"), "DECIMAL(10,2)");
  EXPECT_EQ(InferColumnType("order_total"), "DECIMAL(10,2)");
  EXPECT_EQ(InferColumnType("nickname"), "VARCHAR(255)");
  EXPECT_EQ(InferColumnType("Phone_Number"), "VARCHAR(20)");
}

}  // namespace
}  // namespace baton::agents::data
