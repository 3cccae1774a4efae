#include "agents/data/query_shape.h"

#include "agents/data/schema_snapshot.h"
#include "agents/data/sqlite_database.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::agents::data {
namespace {

using ::baton::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

SchemaSnapshot Schema() {
  absl::StatusOr<SqliteDatabase> db = SqliteDatabase::Open(":memory:");
  EXPECT_TRUE(db.ok());
  EXPECT_TRUE(db->Exec("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT, "
                       "name TEXT, created_at TIMESTAMP);"
                       "CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER "
                       "REFERENCES users (id), total DECIMAL(10,2));"
                       "CREATE TABLE roles (id INTEGER PRIMARY KEY, name TEXT);")
                  .ok());
  absl::StatusOr<SchemaSnapshot> schema = TakeSchemaSnapshot(*db);
  EXPECT_TRUE(schema.ok());
  return *schema;
}

TEST(QueryShapeTest, ReadsFiltersJoinsStarAndLimit) {
  absl::StatusOr<QueryShape> shape = AnalyzeQuery(
      "SELECT u.*, o.total FROM users u JOIN orders o ON u.id = o.user_id "
      "WHERE u.created_at > '2024-01-01' AND email = $1");
  ASSERT_TRUE(shape.ok()) << shape.status();
  EXPECT_EQ(shape->kind, "SELECT");
  EXPECT_TRUE(shape->select_star);
  EXPECT_EQ(shape->select_star_location, 7);
  EXPECT_FALSE(shape->has_limit);
  ASSERT_THAT(shape->from, SizeIs(2));
  EXPECT_EQ(shape->from[0].table, "users");
  EXPECT_EQ(shape->from[0].alias, "u");
  EXPECT_EQ(shape->from[1].alias, "o");
  EXPECT_THAT(shape->tables, ElementsAre("users", "orders"));
  ASSERT_THAT(shape->joins, SizeIs(1));
  EXPECT_EQ(shape->joins[0].column.qualifier, "u");
  EXPECT_EQ(shape->joins[0].other.column, "user_id");
  ASSERT_THAT(shape->filters, SizeIs(2));
  EXPECT_EQ(shape->filters[0].op, ">");
  EXPECT_FALSE(shape->filters[0].equality);
  EXPECT_EQ(shape->filters[1].column.column, "email");
  EXPECT_TRUE(shape->filters[1].equality);
  EXPECT_THAT(shape->parameter_locations, SizeIs(1));
  EXPECT_THAT(shape->UnconnectedItems(), IsEmpty());

  ASSERT_TRUE(ResolveColumns(Schema(), &*shape).ok());
  EXPECT_EQ(shape->filters[0].column.Name(), "users.created_at");
  EXPECT_EQ(shape->filters[1].column.Name(), "users.email");
}

TEST(QueryShapeTest, FindsCartesianProducts) {
  absl::StatusOr<QueryShape> comma = AnalyzeQuery(
      "SELECT * FROM users, orders, roles WHERE users.id = orders.user_id");
  ASSERT_TRUE(comma.ok());
  EXPECT_THAT(comma->UnconnectedItems(), ElementsAre("roles"));
  absl::StatusOr<QueryShape> cross =
      AnalyzeQuery("SELECT count(*) FROM users CROSS JOIN roles");
  ASSERT_TRUE(cross.ok());
  EXPECT_THAT(cross->UnconnectedItems(), ElementsAre("roles"));
  EXPECT_TRUE(cross->aggregate_only);
  absl::StatusOr<QueryShape> using_join =
      AnalyzeQuery("SELECT * FROM orders JOIN users USING (id) LIMIT 5");
  ASSERT_TRUE(using_join.ok());
  EXPECT_THAT(using_join->UnconnectedItems(), IsEmpty());
  EXPECT_TRUE(using_join->has_limit);
}

TEST(QueryShapeTest, ReportsUnknownTablesAndColumns) {
  absl::StatusOr<QueryShape> table = AnalyzeQuery("SELECT id FROM userz WHERE id = 1");
  ASSERT_TRUE(table.ok());
  EXPECT_THAT(ResolveColumns(Schema(), &*table),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       "the query reads table \"userz\", which does not exist; the "
                       "migrations define these tables: orders, roles, users"));
  absl::StatusOr<QueryShape> column =
      AnalyzeQuery("SELECT id FROM users WHERE emial = 'a'");
  ASSERT_TRUE(column.ok());
  EXPECT_THAT(ResolveColumns(Schema(), &*column),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("column \"emial\", which none of users has")));
}

TEST(QueryShapeTest, RejectsSqlThatDoesNotParse) {
  EXPECT_THAT(AnalyzeQuery("SELECT * FROM WHERE id = 1"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("syntax error at or near \"WHERE\" at line 1, column 15")));
  EXPECT_THAT(AnalyzeQuery("SELECT 1; SELECT 2"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("one SQL statement")));
}

TEST(QueryShapeTest, NumbersPlaceholdersOutsideQuotesAndComments) {
  EXPECT_EQ(NumberPlaceholders("SELECT '?' FROM t WHERE a = ? AND b = ? -- ?\n"),
            "SELECT '?' FROM t WHERE a = $1 AND b = $2 -- ?\n");
}

}  // namespace
}  // namespace baton::agents::data
