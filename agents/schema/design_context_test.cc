#include "agents/schema/design_context.h"

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

std::string EmptyRepo(const std::string& name) {
  const std::string repo = std::string(std::getenv("TEST_TMPDIR")) + "/" + name;
  std::filesystem::remove_all(repo);
  WriteFile(repo, "README.md", "# app\n");
  return repo;
}

TEST(DesignContextTest, FixtureHasExistingAndPlannedTables) {
  const std::string repo = CopyDataRepo("context_fixture");
  absl::StatusOr<DesignContext> context = LoadDesignContext(repo);
  ASSERT_THAT(context, IsOk());
  EXPECT_EQ(context->layout.migrations_dir, "database/migrations");
  EXPECT_TRUE(context->layout.has_migrations);
  EXPECT_EQ(context->layout.schemas_dir, "database/schemas");
  EXPECT_EQ(context->layout.specs_dir, "database/specs");
  EXPECT_THAT(context->existing.snapshot.TableNames(),
              ElementsAre("roles", "user_roles", "users"));
  EXPECT_TRUE(context->IsExisting("USERS"));
  EXPECT_FALSE(context->IsPlanned("users"));
  EXPECT_TRUE(context->IsPlanned("orders"));
  EXPECT_TRUE(context->IsPlanned("products"));
  EXPECT_FALSE(context->IsPlanned("invoices"));
  ASSERT_NE(context->FindTable("orders"), nullptr);
  EXPECT_EQ(context->FindTable("invoices"), nullptr);
}

TEST(DesignContextTest, LayoutFollowsTheRepository) {
  const std::string docs = EmptyRepo("context_docs");
  WriteFile(docs, "docs/index.md", "x\n");
  WriteFile(docs, "db/migrations/001_a.sql",
            "-- migrate:up\nCREATE TABLE a (id INTEGER PRIMARY KEY);\n"
            "-- migrate:down\nDROP TABLE a;\n");
  absl::StatusOr<DesignLayout> layout = FindDesignLayout(docs);
  ASSERT_THAT(layout, IsOk());
  EXPECT_EQ(layout->migrations_dir, "db/migrations");
  EXPECT_EQ(layout->schemas_dir, "db/schemas");
  EXPECT_EQ(layout->specs_dir, "docs/specs");
}

TEST(DesignContextTest, NoDatabaseFolderMeansTheCardLayout) {
  const std::string repo = EmptyRepo("context_empty");
  absl::StatusOr<DesignContext> context = LoadDesignContext(repo);
  ASSERT_THAT(context, IsOk());
  EXPECT_FALSE(context->layout.has_migrations);
  EXPECT_EQ(context->layout.migrations_dir, "database/migrations");
  EXPECT_EQ(context->layout.schemas_dir, "database/schemas");
  EXPECT_EQ(context->layout.specs_dir, "database/specs");
  EXPECT_TRUE(context->existing.snapshot.tables.empty());
}

TEST(DesignContextTest, BrokenMigrationsAreReported) {
  const std::string repo = CopyDataRepo("context_broken");
  WriteFile(repo, "database/migrations/004_broken.sql",
            "-- Up migration\nALTER TABLE ghosts ADD COLUMN x INTEGER;\n"
            "-- Down migration\nSELECT 1;\n");
  EXPECT_THAT(LoadDesignContext(repo),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("database/migrations/004_broken.sql:2: no such table: ghosts")));
}

}  // namespace
}  // namespace baton::agents::schema
