#include "agents/schema/naming.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace baton::agents::schema {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(NamingTest, SnakeCase) {
  EXPECT_EQ(ToSnakeCase("Line Items"), "line_items");
  EXPECT_EQ(ToSnakeCase("userId"), "user_id");
  EXPECT_EQ(ToSnakeCase("e-commerce  store"), "e_commerce_store");
  EXPECT_EQ(ToSnakeCase("__created_at__"), "created_at");
  EXPECT_EQ(ToSnakeCase("OrderID"), "order_id");
}

TEST(NamingTest, PluralAndSingular) {
  EXPECT_EQ(PluralizeWord("category"), "categories");
  EXPECT_EQ(PluralizeWord("status"), "statuses");
  EXPECT_EQ(PluralizeWord("address"), "addresses");
  EXPECT_EQ(PluralizeWord("person"), "people");
  EXPECT_EQ(PluralizeWord("day"), "days");
  EXPECT_EQ(PluralizeWord("users"), "users");
  EXPECT_EQ(PluralizeWord("data"), "data");
  EXPECT_EQ(SingularizeWord("categories"), "category");
  EXPECT_EQ(SingularizeWord("addresses"), "address");
  EXPECT_EQ(SingularizeWord("warehouses"), "warehouse");
  EXPECT_EQ(SingularizeWord("courses"), "course");
  EXPECT_EQ(SingularizeWord("statuses"), "status");
  EXPECT_EQ(SingularizeWord("boxes"), "box");
  EXPECT_EQ(SingularizeWord("people"), "person");
  EXPECT_EQ(SingularizeWord("status"), "status");
  EXPECT_EQ(SingularizeWord("order"), "order");
}

TEST(NamingTest, TableAndForeignKeyNames) {
  EXPECT_EQ(TableNameFor("line item"), "line_items");
  EXPECT_EQ(TableNameFor("Line Items"), "line_items");
  EXPECT_EQ(TableNameFor("category"), "categories");
  EXPECT_EQ(TableNameFor("  "), "");
  EXPECT_EQ(ForeignKeyColumnFor("users"), "user_id");
  EXPECT_EQ(ForeignKeyColumnFor("categories"), "category_id");
  EXPECT_EQ(ForeignKeyColumnFor("line_items"), "line_item_id");
  EXPECT_EQ(ForeignKeyColumnFor("people"), "person_id");
}

TEST(NamingTest, ReferencedTableCandidates) {
  EXPECT_THAT(ReferencedTableCandidates("user_id"), ElementsAre("users", "user"));
  EXPECT_THAT(ReferencedTableCandidates("CategoryId"),
              ElementsAre("categories", "category"));
  EXPECT_THAT(ReferencedTableCandidates("created_by_user_id"),
              ElementsAre("created_by_users", "created_by_user", "users", "user"));
  EXPECT_THAT(ReferencedTableCandidates("line_item_id"),
              ElementsAre("line_items", "line_item"));
  EXPECT_THAT(ReferencedTableCandidates("id"), IsEmpty());
  EXPECT_THAT(ReferencedTableCandidates("_id"), IsEmpty());
  EXPECT_THAT(ReferencedTableCandidates("identity"), IsEmpty());
}

}  // namespace
}  // namespace baton::agents::schema
