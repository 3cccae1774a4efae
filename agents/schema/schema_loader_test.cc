#include "agents/schema/schema_loader.h"

#include <filesystem>

#include "agents/data/test_repo.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::agents::schema {
namespace {

using ::baton::agents::data::CopyDataRepo;
using ::baton::agents::data::WriteFile;
using ::baton::testing::IsOk;
using ::baton::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string TempDir(const std::string& name) {
  const std::string dir = std::string(std::getenv("TEST_TMPDIR")) + "/" + name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

TEST(SchemaLoaderTest, RepositoryLoadsTheMigrationsWithLocations) {
  const std::string repo = CopyDataRepo("loader_repo");
  absl::StatusOr<LoadedSchema> schema = LoadSchema(repo);
  ASSERT_THAT(schema, IsOk());
  EXPECT_EQ(schema->origin, "3 migrations in database/migrations");
  EXPECT_THAT(schema->snapshot.TableNames(),
              ElementsAre("roles", "user_roles", "users"));
  // "-- Up migration" is line 3; CREATE TABLE users on line 4.
  EXPECT_EQ(schema->TableLocation("users"),
            "database/migrations/001_create_users_table.sql:4");
  EXPECT_EQ(schema->ColumnLocation("users", "email"),
            "database/migrations/001_create_users_table.sql:6");
  EXPECT_EQ(schema->ColumnLocation("user_roles", "role_id"),
            "database/migrations/003_add_roles_table.sql:12");
  EXPECT_EQ(schema->foreign_keys.size(), 2u);
}

TEST(SchemaLoaderTest, FolderOfSchemaFilesInAnyOrder) {
  const std::string repo = CopyDataRepo("loader_schemas");
  LoadOptions options;
  options.display_prefix = "database/schemas";
  absl::StatusOr<LoadedSchema> schema =
      LoadSchema(repo + "/database/schemas", options);
  ASSERT_THAT(schema, IsOk());
  EXPECT_THAT(schema->snapshot.TableNames(),
              ElementsAre("orders", "products", "roles", "user_roles", "users"));
  EXPECT_EQ(schema->TableLocation("orders"), "database/schemas/orders.sql:3");
  EXPECT_EQ(schema->ColumnLocation("products", "price"),
            "database/schemas/products.sql:6");
  EXPECT_EQ(schema->origin, "3 .sql files in database/schemas");
}

TEST(SchemaLoaderTest, SingleFileAndMigrationFilesUseTheirUpSection) {
  const std::string dir = TempDir("loader_single");
  WriteFile(dir, "db/005_things.sql",
            "-- Things.\n\n-- Up migration\nCREATE TABLE things (id INTEGER PRIMARY KEY);\n"
            "\n-- Down migration\nDROP TABLE things;\n");
  WriteFile(dir, "db/005_things.down.sql", "DROP TABLE nope;\n");
  absl::StatusOr<LoadedSchema> schema = LoadSchema(dir + "/db/005_things.sql");
  ASSERT_THAT(schema, IsOk());
  EXPECT_THAT(schema->snapshot.TableNames(), ElementsAre("things"));
  EXPECT_EQ(schema->TableLocation("things"), dir + "/db/005_things.sql:4");
  absl::StatusOr<LoadedSchema> folder = LoadSchema(dir + "/db");
  ASSERT_THAT(folder, IsOk());
  EXPECT_THAT(folder->snapshot.TableNames(), ElementsAre("things"));
}

TEST(SchemaLoaderTest, SqlThatDoesNotParseQuotesSqlite) {
  const std::string dir = TempDir("loader_broken");
  WriteFile(dir, "schema.sql",
            "CREATE TABLE ok (id INTEGER PRIMARY KEY);\n"
            "CREATE TABLE broken (id INTEGER PRIMARY KEY,, name TEXT);\n");
  EXPECT_THAT(LoadSchema(dir),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("schema.sql:2: near \",\": syntax error in "
                                 "statement: CREATE TABLE broken")));
}

TEST(SchemaLoaderTest, BadPaths) {
  const std::string dir = TempDir("loader_empty");
  WriteFile(dir, "README.md", "# nothing here\n");
  EXPECT_THAT(LoadSchema(dir),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("no migrations (looked in database/migrations, "
                                 "db/migrations, migrations) and no .sql files")));
  EXPECT_THAT(LoadSchema(dir + "/README.md"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("neither a folder nor a .sql file")));
  EXPECT_THAT(LoadSchema(dir + "/nope"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("does not exist")));
}

TEST(SchemaLoaderTest, FailingMigrationNamesTheFile) {
  const std::string repo = CopyDataRepo("loader_failing");
  WriteFile(repo, "database/migrations/004_bad.sql",
            "-- Up migration\nALTER TABLE nope ADD COLUMN x INTEGER;\n"
            "-- Down migration\nSELECT 1;\n");
  EXPECT_THAT(LoadMigrationSchema(repo),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("database/migrations/004_bad.sql:2: no such "
                                 "table: nope")));
}

}  // namespace
}  // namespace baton::agents::schema
