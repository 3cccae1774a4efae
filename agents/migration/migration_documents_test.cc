#include "agents/migration/migration_documents.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace baton::agents::migration {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

Translation TwoTables(SourceSchema* schema) {
  schema->database = "Shop-DB";
  schema->server_version = "10.11.6-MariaDB";
  SourceTable users;
  users.name = "users";
  users.rows = 2500;
  SourceColumn id;
  id.name = "id";
  id.data_type = "int";
  id.column_type = "int(11)";
  id.nullable = false;
  users.columns.push_back(id);
  SourceIndex primary;
  primary.name = "PRIMARY";
  primary.unique = true;
  primary.columns = {"id"};
  primary.prefix_lengths = {0};
  users.indexes.push_back(primary);
  users.zero_dates["id"] = 0;
  SourceTable log;
  log.name = "log";
  log.rows = 3;
  SourceColumn line;
  line.name = "line";
  line.data_type = "text";
  line.column_type = "text";
  log.columns.push_back(line);
  schema->tables = {log, users};
  return TranslateSchema(*schema);
}

TEST(MigrationDocumentsTest, DirectoryIsDerivedFromTheSourceDatabase) {
  EXPECT_EQ(MigrationDir("Shop-DB"), "database/data_migration/shop_db");
  EXPECT_EQ(MigrationDir(""), "database/data_migration/source");
}

TEST(MigrationDocumentsTest, StrategyHasInventoryPhasesCutOverRollbackAndNoSecret) {
  SourceSchema schema;
  const Translation translation = TwoTables(&schema);
  DocumentContext context;
  context.source_url = "mysql://app@db:3306/shop";
  context.target_url = "postgresql://app@pg/shop";
  context.request = "Migrate from MySQL to PostgreSQL";
  context.batch_size = 500;
  const std::string text = RenderStrategy(schema, translation, context);
  EXPECT_THAT(text, HasSubstr("# Migration strategy: MySQL `Shop-DB` -> PostgreSQL"));
  EXPECT_THAT(text, HasSubstr("| users | 2500 | id |"));
  EXPECT_THAT(text, HasSubstr("| log | 3 | (none) |"));
  EXPECT_THAT(text, HasSubstr("Total: 2 tables, 2503 rows."));
  EXPECT_THAT(text, HasSubstr("`missing-primary-key` log has no primary key"));
  EXPECT_THAT(text, HasSubstr("batches of 500 rows"));
  EXPECT_THAT(text, HasSubstr("## Cut-over"));
  EXPECT_THAT(text, HasSubstr("write freeze"));
  EXPECT_THAT(text, HasSubstr("## Rollback"));
  EXPECT_THAT(text, HasSubstr("002_add_constraints.down.sql"));
  EXPECT_THAT(text, Not(HasSubstr("password=")));
}

TEST(MigrationDocumentsTest, CopyPlanCountsBatchesAndSaysHowARerunResumes) {
  SourceSchema schema;
  const Translation translation = TwoTables(&schema);
  DocumentContext context;
  context.batch_size = 1000;
  const std::string text = RenderCopyPlan(translation, context);
  EXPECT_THAT(text, HasSubstr("| 2 | users | 2500 | id | 3 | resumes after max(id) in PostgreSQL |"));
  EXPECT_THAT(text, HasSubstr("| 1 | log | 3 | (none) | 1 | no key: emptied and copied whole"));
}

}  // namespace
}  // namespace baton::agents::migration
