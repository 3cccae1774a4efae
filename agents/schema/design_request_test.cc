#include "agents/schema/design_request.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::agents::schema {
namespace {

using ::baton::testing::IsOk;
using ::baton::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::vector<std::string> Tables(const DesignRequest& request) {
  std::vector<std::string> tables;
  for (const RequestedEntity& entity : request.entities) tables.push_back(entity.table);
  return tables;
}

std::vector<std::string> Relations(const DesignRequest& request) {
  std::vector<std::string> out;
  for (const RequestedRelation& relation : request.relations) {
    const char* kind = relation.kind == RequestedRelation::Kind::kBelongsTo ? " -> "
                       : relation.kind == RequestedRelation::Kind::kHasOne ? " -1 "
                                                                            : " <> ";
    out.push_back(relation.child + kind + relation.parent);
  }
  return out;
}

DesignRequest Parse(const std::string& text) {
  absl::StatusOr<DesignRequest> request = ParseDesignRequest(text);
  EXPECT_THAT(request, IsOk()) << text;
  return request.ok() ? *request : DesignRequest();
}

TEST(DesignRequestTest, CardTriggers) {
  DesignRequest request = Parse("Design database schema for users and orders");
  EXPECT_THAT(Tables(request), ElementsAre("users", "orders"));
  EXPECT_FALSE(request.soft_delete);
  EXPECT_FALSE(request.wants_diagram);
  EXPECT_THAT(Tables(Parse("Design database schema for users")), ElementsAre("users"));
  DesignRequest erd = Parse("Create ERD");
  EXPECT_THAT(erd.entities, IsEmpty());
  EXPECT_TRUE(erd.wants_diagram);
}

TEST(DesignRequestTest, ListsPhrasesAndOptions) {
  EXPECT_THAT(Tables(Parse("Create ERD for users, orders & products")),
              ElementsAre("users", "orders", "products"));
  DesignRequest request =
      Parse("Design a schema for products with line items, with soft delete");
  EXPECT_THAT(Tables(request), ElementsAre("products", "line_items"));
  EXPECT_TRUE(request.soft_delete);
  EXPECT_THAT(Tables(Parse("Design the category table and the order item table")),
              ElementsAre("categories", "order_items"));
  EXPECT_THAT(Tables(Parse("Design a database schema for an e-commerce store")),
              ElementsAre("users", "products", "orders", "order_items"));
}

TEST(DesignRequestTest, ColumnsInParenthesesOrAfterWith) {
  DesignRequest request = Parse(
      "Design schema for customers (email, phone, date of birth) and invoices");
  EXPECT_THAT(Tables(request), ElementsAre("customers", "invoices"));
  EXPECT_THAT(request.entities[0].columns,
              ElementsAre("email", "phone", "date_of_birth"));
  DesignRequest with = Parse("Design database schema for users with email and phone and orders");
  EXPECT_THAT(Tables(with), ElementsAre("users", "orders"));
  EXPECT_THAT(with.entities[0].columns, ElementsAre("email", "phone"));
}

TEST(DesignRequestTest, Relationships) {
  DesignRequest request = Parse(
      "Design database schema for users and orders; each order belongs to a user. "
      "A user has one profile");
  EXPECT_THAT(Tables(request), ElementsAre("users", "orders", "profiles"));
  EXPECT_THAT(Relations(request), ElementsAre("orders -> users", "profiles -1 users"));
  DesignRequest many = Parse("Design schema for orders with many line items");
  EXPECT_THAT(Tables(many), ElementsAre("orders", "line_items"));
  EXPECT_THAT(Relations(many), ElementsAre("line_items -> orders"));
  DesignRequest belonging = Parse("Design schema for invoices belonging to customers");
  EXPECT_THAT(Tables(belonging), ElementsAre("invoices", "customers"));
  EXPECT_THAT(Relations(belonging), ElementsAre("invoices -> customers"));
  DesignRequest profile =
      Parse("Design schema for users with one profile and many sessions");
  EXPECT_THAT(Tables(profile), ElementsAre("users", "profiles", "sessions"));
  EXPECT_THAT(Relations(profile), ElementsAre("profiles -1 users"));
  // "with a" that joins no two entities is left alone.
  EXPECT_THAT(Tables(Parse("Design a schema with a users table")), ElementsAre("users"));
  DesignRequest tags =
      Parse("Design the posts and tags tables; posts and tags are many-to-many");
  EXPECT_THAT(Tables(tags), ElementsAre("posts", "tags"));
  EXPECT_THAT(Relations(tags), ElementsAre("posts <> tags"));
}

TEST(DesignRequestTest, NothingDesignable) {
  EXPECT_THAT(ParseDesignRequest("Design database schema"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("names nothing to design")));
  EXPECT_THAT(ParseDesignRequest("Design the database schema for it"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("Design database schema for users and orders")));
  EXPECT_THAT(ParseDesignRequest(""), StatusIs(absl::StatusCode::kInvalidArgument,
                                               HasSubstr("Create ERD")));
}

}  // namespace
}  // namespace baton::agents::schema
