#include "agents/schema/schema_builder.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::agents::schema {
namespace {

using ::baton::testing::IsOk;
using ::baton::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

TEST(ColumnLineOffsetsTest, FindsEachColumnDefinitionLine) {
  EXPECT_THAT(ColumnLineOffsets("CREATE TABLE \"order items\" (\n"
                                "  id INTEGER PRIMARY KEY,  -- key, (not) this\n"
                                "  \"Order Id\" INTEGER REFERENCES orders (id),\n"
                                "  /* a, b */ note TEXT DEFAULT 'a,b',\n"
                                "  PRIMARY KEY (id),\n"
                                "  CONSTRAINT c CHECK (note <> ''),\n"
                                "  `qty` INTEGER\n"
                                ")"),
              ElementsAre(Pair("id", 1), Pair("note", 3), Pair("order id", 2),
                          Pair("qty", 6)));
  EXPECT_TRUE(ColumnLineOffsets("CREATE INDEX i ON t (a)").size() <= 1);
}

TEST(SchemaBuilderTest, RecordsWhereTablesAndColumnsWereDefined) {
  absl::StatusOr<SchemaBuilder> builder = SchemaBuilder::Create();
  ASSERT_THAT(builder, IsOk());
  ASSERT_THAT(builder->Apply("-- users\n"
                             "CREATE TABLE users (\n"
                             "  id INTEGER PRIMARY KEY,\n"
                             "  email VARCHAR(255) NOT NULL\n"
                             ");\n",
                             "db/001.sql", 3, {}),
              IsOk());
  ASSERT_THAT(builder->Apply("ALTER TABLE users ADD COLUMN phone VARCHAR(20);\n"
                             "CREATE TABLE orders (id INTEGER PRIMARY KEY,\n"
                             "  user_id INTEGER REFERENCES users (id) ON DELETE CASCADE);",
                             "db/002.sql", 1, {}),
              IsOk());
  absl::StatusOr<LoadedSchema> schema = builder->Finish("two files");
  ASSERT_THAT(schema, IsOk());
  EXPECT_EQ(schema->origin, "two files");
  EXPECT_THAT(schema->files, ElementsAre("db/001.sql", "db/002.sql"));
  EXPECT_EQ(schema->TableLocation("users"), "db/001.sql:4");
  EXPECT_EQ(schema->ColumnLocation("users", "email"), "db/001.sql:6");
  EXPECT_EQ(schema->ColumnLocation("USERS", "Phone"), "db/002.sql:1");
  EXPECT_EQ(schema->ColumnLocation("orders", "user_id"), "db/002.sql:3");
  EXPECT_EQ(schema->ColumnLocation("orders", "missing"), "orders.missing");
  ASSERT_EQ(schema->foreign_keys.size(), 1u);
  const ForeignKey& key = schema->foreign_keys[0];
  EXPECT_EQ(key.table, "orders");
  EXPECT_THAT(key.columns, ElementsAre("user_id"));
  EXPECT_EQ(key.parent, "users");
  EXPECT_THAT(key.parent_columns, ElementsAre("id"));
  EXPECT_EQ(key.on_delete, "CASCADE");
}

TEST(SchemaBuilderTest, DroppedTablesLoseTheirLocations) {
  absl::StatusOr<SchemaBuilder> builder = SchemaBuilder::Create();
  ASSERT_THAT(builder, IsOk());
  ASSERT_THAT(builder->Apply("CREATE TABLE a (id INTEGER PRIMARY KEY);\n"
                             "DROP TABLE a;\n"
                             "CREATE TABLE a (id INTEGER PRIMARY KEY, b TEXT);",
                             "x.sql", 1, {}),
              IsOk());
  absl::StatusOr<LoadedSchema> schema = builder->Finish("");
  ASSERT_THAT(schema, IsOk());
  EXPECT_EQ(schema->TableLocation("a"), "x.sql:3");
  EXPECT_EQ(schema->ColumnLocation("a", "id"), "x.sql:3");
}

TEST(SchemaBuilderTest, SyntaxErrorsQuoteSqliteWithFileAndLine) {
  absl::StatusOr<SchemaBuilder> builder = SchemaBuilder::Create();
  ASSERT_THAT(builder, IsOk());
  absl::Status status = builder->Apply(
      "CREATE TABLE a (id INTEGER PRIMARY KEY);\n\nCREAT TABLE b (id);\n",
      "schemas/b.sql", 1, {});
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument,
                               HasSubstr("schemas/b.sql:3: near \"CREAT\": "
                                         "syntax error in statement: CREAT TABLE b")));
}

TEST(SchemaBuilderTest, DefersStatementsThatNeedLaterTables) {
  absl::StatusOr<SchemaBuilder> builder = SchemaBuilder::Create();
  ASSERT_THAT(builder, IsOk());
  ApplyOptions options;
  options.defer_missing_tables = true;
  options.schema_only = true;
  ASSERT_THAT(builder->Apply("CREATE INDEX idx_b_a ON b (a);\n"
                             "INSERT INTO nowhere VALUES (1);",
                             "a.sql", 1, options),
              IsOk());
  ASSERT_THAT(builder->Apply("CREATE TABLE b (id INTEGER PRIMARY KEY, a INTEGER);",
                             "b.sql", 1, options),
              IsOk());
  absl::StatusOr<LoadedSchema> schema = builder->Finish("");
  ASSERT_THAT(schema, IsOk());
  ASSERT_EQ(schema->snapshot.tables.size(), 1u);
  EXPECT_EQ(schema->snapshot.tables[0].indexes.size(), 1u);
}

TEST(SchemaBuilderTest, StatementsThatNeverFindTheirTableFailInFinish) {
  absl::StatusOr<SchemaBuilder> builder = SchemaBuilder::Create();
  ASSERT_THAT(builder, IsOk());
  ApplyOptions options;
  options.defer_missing_tables = true;
  ASSERT_THAT(builder->Apply("\nCREATE INDEX idx ON ghosts (a);", "a.sql", 1,
                             options),
              IsOk());
  EXPECT_THAT(builder->Finish(""),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("a.sql:2: no such table: main.ghosts")));
}

}  // namespace
}  // namespace baton::agents::schema
