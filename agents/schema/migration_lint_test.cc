#include "agents/schema/migration_lint.h"

#include "agents/data/test_repo.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace baton::agents::schema {
namespace {

using ::baton::agents::data::CopyDataRepo;
using ::baton::agents::data::WriteFile;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(MigrationLintTest, TouchedTablesFromFactsAndColumns) {
  handoff::Handoff handoff;
  (*handoff.mutable_facts())["migration.table"] = "users";
  EXPECT_THAT(TouchedTables(handoff, {"users.phone", "orders.note"}),
              ElementsAre("users", "orders"));
  EXPECT_TRUE(TouchedTables(handoff::Handoff(), {}).empty());
}

TEST(MigrationLintTest, LintsOnlyTheTouchedTables) {
  const std::string repo = CopyDataRepo("migration_lint");
  handoff::AgentResult result;
  EXPECT_EQ(AddSchemaLintFindings(repo, {"roles"}, "qa-specialist", &result), 1);
  ASSERT_EQ(result.findings_size(), 1);
  EXPECT_EQ(result.findings(0).rule(), "missing-audit-columns");
  EXPECT_EQ(result.findings(0).agent(), "qa-specialist");
  handoff::AgentResult clean;
  EXPECT_EQ(AddSchemaLintFindings(repo, {"users"}, "qa-specialist", &clean), 0);
  EXPECT_EQ(AddSchemaLintFindings(repo, {}, "qa-specialist", &clean), 0);
}

TEST(MigrationLintTest, UnloadableSchemaIsAnInfoFinding) {
  const std::string repo = CopyDataRepo("migration_lint_broken");
  WriteFile(repo, "database/migrations/004_pg.sql",
            "-- Up migration\nCREATE INDEX CONCURRENTLY idx ON users (name);\n"
            "-- Down migration\nDROP INDEX idx;\n");
  handoff::AgentResult result;
  EXPECT_EQ(AddSchemaLintFindings(repo, {"users"}, "qa-specialist", &result), 1);
  EXPECT_EQ(result.findings(0).severity(), handoff::Finding::INFO);
  EXPECT_EQ(result.findings(0).rule(), "schema-lint-skipped");
  EXPECT_THAT(result.findings(0).message(), HasSubstr("004_pg.sql:2"));
}

}  // namespace
}  // namespace baton::agents::schema
