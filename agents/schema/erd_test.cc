#include "agents/schema/erd.h"

#include "agents/schema/schema_builder.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace baton::agents::schema {
namespace {

using ::testing::HasSubstr;

LoadedSchema Load(const std::string& sql) {
  absl::StatusOr<SchemaBuilder> builder = SchemaBuilder::Create();
  EXPECT_TRUE(builder.ok());
  EXPECT_TRUE(builder->Apply(sql, "s.sql", 1, {}).ok());
  absl::StatusOr<LoadedSchema> schema = builder->Finish("");
  EXPECT_TRUE(schema.ok());
  return *schema;
}

TEST(ErdTest, DrawsEntitiesKeysAndCardinality) {
  const LoadedSchema schema = Load(
      "CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(255) NOT NULL UNIQUE);"
      "CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL "
      "REFERENCES users (id), total DECIMAL(10,2) NOT NULL, note TEXT);"
      "CREATE TABLE profiles (id INTEGER PRIMARY KEY, user_id INTEGER UNIQUE "
      "REFERENCES users (id));");
  EXPECT_EQ(RenderMermaidErd(schema),
            "erDiagram\n"
            "    users ||--o{ orders : \"user_id\"\n"
            "    users |o--o| profiles : \"user_id\"\n"
            "    orders {\n"
            "        INTEGER id PK\n"
            "        INTEGER user_id FK \"NOT NULL\"\n"
            "        DECIMAL total \"NOT NULL\"\n"
            "        TEXT note\n"
            "    }\n"
            "    profiles {\n"
            "        INTEGER id PK\n"
            "        INTEGER user_id FK, UK\n"
            "    }\n"
            "    users {\n"
            "        INTEGER id PK\n"
            "        VARCHAR email UK \"NOT NULL\"\n"
            "    }\n");
}

TEST(ErdTest, ChosenTablesBringTheirParents) {
  const LoadedSchema schema = Load(
      "CREATE TABLE users (id INTEGER PRIMARY KEY);"
      "CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users);"
      "CREATE TABLE \"audit log\" (x);");
  const std::string only = RenderMermaidErd(schema, {"orders"});
  EXPECT_THAT(only, HasSubstr("    users {\n"));
  EXPECT_THAT(only, HasSubstr("users |o--o{ orders"));
  EXPECT_THAT(only, ::testing::Not(HasSubstr("audit")));
  EXPECT_THAT(RenderMermaidErd(schema), HasSubstr("    audit_log {\n        ANY x\n"));
  EXPECT_THAT(RenderErdMarkdown("ERD", "Intro.", schema),
              HasSubstr("# ERD\n\nIntro.\n\n```mermaid\nerDiagram\n"));
}

}  // namespace
}  // namespace baton::agents::schema
