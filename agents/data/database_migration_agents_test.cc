// End to end: the built agent binaries, run as the executor runs them (binary
// AgentRequest on stdin, working directory = workspace, AgentResult on
// stdout), on copies of testing/fixtures/data_repo.

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "agents/data/agent_runner.h"
#include "agents/data/test_repo.h"
#include "executor/handoff.pb.h"
#include "executor/protocol_version.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace baton::agents::data {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::MatchesRegex;

constexpr char kInfrastructure[] =
    "agents/infrastructure_specialist/infrastructure-specialist";
constexpr char kQa[] = "agents/qa_specialist/qa-specialist";
constexpr char kSpecManager[] = "agents/spec_manager/spec-manager";
constexpr char kNewFile[] =
    "database/migrations/004_add_phone_number_to_users.sql";

// A request for step `agent` of the Database Migration workflow.
handoff::AgentRequest Request(const std::string& repo, const std::string& agent,
                              const std::string& text) {
  return MakeRequest(repo, agent, "Database Migration", text);
}

// What the executor does between steps: merge a result into the handoff.
void Merge(const handoff::AgentResult& result, handoff::AgentRequest* next) {
  MergeInto(result, next);
}

TEST(DatabaseMigrationAgentsTest, AddColumnThenStagingTest) {
  const std::string repo = CopyDataRepo("e2e_add_column");
  const std::string text = "Add 'phone_number' column to users table";

  AgentRun infra = RunAgent(kInfrastructure,
                            Request(repo, "infrastructure-specialist", text));
  ASSERT_EQ(infra.exit_code, 0);
  ASSERT_EQ(infra.result.outcome(), handoff::AgentResult::SUCCEEDED)
      << infra.result.error();
  EXPECT_EQ(infra.result.protocol_version(), executor::kProtocolVersion);
  EXPECT_EQ(infra.result.summary(),
            "wrote database/migrations/004_add_phone_number_to_users.sql "
            "(ADD COLUMN phone_number VARCHAR(20) NULL)");
  ASSERT_EQ(infra.result.artifacts_size(), 1);
  const handoff::Artifact& artifact = infra.result.artifacts(0);
  EXPECT_EQ(artifact.path(), kNewFile);
  EXPECT_EQ(artifact.kind(), handoff::Artifact::MIGRATION);
  EXPECT_TRUE(artifact.commit());
  EXPECT_EQ(artifact.agent(), "infrastructure-specialist");
  EXPECT_THAT(artifact.sha256(), MatchesRegex("[0-9a-f]{64}"));
  EXPECT_EQ(infra.result.facts().at("migration.table"), "users");
  EXPECT_EQ(infra.result.facts().at("migration.column"), "phone_number");
  EXPECT_EQ(infra.result.facts().at("migration.type"), "VARCHAR(20)");
  EXPECT_EQ(infra.result.facts().at("migration.files"), kNewFile);
  EXPECT_EQ(infra.result.facts().at("migration.version"), "004");
  const std::string written = ReadFile(repo, kNewFile);
  EXPECT_THAT(written, HasSubstr("-- Up migration\nALTER TABLE users ADD "
                                 "COLUMN phone_number VARCHAR(20) NULL;\n"));
  EXPECT_THAT(written, HasSubstr("-- Down migration\nALTER TABLE users DROP "
                                 "COLUMN phone_number;\n"));

  handoff::AgentRequest qa_request = Request(repo, "qa-specialist", text);
  qa_request.mutable_step()->set_note("staging test");
  Merge(infra.result, &qa_request);
  AgentRun qa = RunAgent(kQa, qa_request);
  ASSERT_EQ(qa.exit_code, 0);
  ASSERT_EQ(qa.result.outcome(), handoff::AgentResult::SUCCEEDED)
      << qa.result.error();
  EXPECT_EQ(qa.result.summary(),
            "4 migrations up→down→up on SQLite: schema round-trips (1 new, "
            "each reverted alone); seeds: 3 tables, 13 rows kept");
  EXPECT_THAT(qa.result.artifacts(), IsEmpty());
  ASSERT_EQ(qa.result.findings_size(), 1);
  const handoff::Finding& finding = qa.result.findings(0);
  EXPECT_EQ(finding.severity(), handoff::Finding::WARNING);
  EXPECT_EQ(finding.rule(), "pii-column");
  EXPECT_EQ(finding.location(), "users.phone_number");
  EXPECT_THAT(finding.message(), HasSubstr("phone number"));
  EXPECT_THAT(finding.fix(), HasSubstr("mask"));
  EXPECT_EQ(qa.result.facts().at("qa.seed_rows"), "13");
  // The staging databases went to the scratch directory, not the workspace.
  EXPECT_TRUE(
      fs::exists(fs::path(qa_request.scratch_dir()) / "seeded.sqlite3"));
  EXPECT_FALSE(fs::exists(fs::path(repo) / "seeded.sqlite3"));
}

TEST(DatabaseMigrationAgentsTest, UnknownTableFailsNamingTheTablesThatExist) {
  const std::string repo = CopyDataRepo("e2e_userz");
  AgentRun infra = RunAgent(kInfrastructure,
                            Request(repo, "infrastructure-specialist",
                                    "Add phone_number column to userz table"));
  EXPECT_EQ(infra.exit_code, 0);
  EXPECT_EQ(infra.result.outcome(), handoff::AgentResult::FAILED);
  EXPECT_THAT(infra.result.error(),
              HasSubstr("table \"userz\" does not exist; the migrations "
                        "define these tables: roles, user_roles, users"));
  EXPECT_THAT(infra.result.artifacts(), IsEmpty());
  std::vector<std::string> migrations;
  for (const auto& entry :
       fs::directory_iterator(fs::path(repo) / "database/migrations")) {
    migrations.push_back(entry.path().filename().string());
  }
  std::sort(migrations.begin(), migrations.end());
  EXPECT_THAT(migrations, ElementsAre("001_create_users_table.sql",
                                      "002_add_email_index.sql",
                                      "003_add_roles_table.sql"));
}

TEST(DatabaseMigrationAgentsTest, QaFailsOnABrokenMigrationWithTheExactError) {
  const std::string repo = CopyDataRepo("e2e_broken");
  WriteFile(repo, kNewFile,
            "-- Up migration\n"
            "ALTER TABLE users ADD COLUMN phone_number VARCHAR(20) NULL;\n"
            "-- Down migration\n"
            "ALTER TABLE users DROP COLUMN phone;\n");
  handoff::AgentRequest request =
      Request(repo, "qa-specialist", "Add phone_number column to users table");
  handoff::Artifact* artifact = request.mutable_handoff()->add_artifacts();
  artifact->set_path(kNewFile);
  artifact->set_kind(handoff::Artifact::MIGRATION);
  artifact->set_agent("infrastructure-specialist");
  AgentRun qa = RunAgent(kQa, request);
  EXPECT_EQ(qa.exit_code, 0);
  EXPECT_EQ(qa.result.outcome(), handoff::AgentResult::FAILED);
  EXPECT_THAT(
      qa.result.error(),
      HasSubstr(std::string(kNewFile) + " (down): no such column: \"phone\""));

  // A migration changed after its author hashed it is not tested.
  artifact->set_sha256(std::string(64, '0'));
  qa = RunAgent(kQa, request);
  EXPECT_EQ(qa.result.outcome(), handoff::AgentResult::FAILED);
  EXPECT_THAT(qa.result.error(),
              HasSubstr("changed since infrastructure-specialist wrote it"));

  // Without a MIGRATION artifact there is nothing to test.
  request.mutable_handoff()->clear_artifacts();
  qa = RunAgent(kQa, request);
  EXPECT_EQ(qa.result.outcome(), handoff::AgentResult::FAILED);
  EXPECT_THAT(qa.result.error(), HasSubstr("no MIGRATION artifact"));
}

TEST(DatabaseMigrationAgentsTest, UnimplementedWorkflowsFailLoudly) {
  const std::string repo = CopyDataRepo("e2e_unimplemented");
  AgentRun spec = RunAgent(
      kSpecManager,
      Request(repo, "spec-manager", "Add phone_number column to users table"));
  EXPECT_EQ(spec.exit_code, 0);
  EXPECT_EQ(spec.result.outcome(), handoff::AgentResult::FAILED);
  EXPECT_EQ(spec.result.error(),
            "spec-manager is not implemented for workflow \"Database "
            "Migration\"");

  // A workflow no built-in agent implements (a card may name any).
  handoff::AgentRequest request =
      Request(repo, "infrastructure-specialist", "Shard the users table across regions");
  request.mutable_step()->set_workflow("Geo Sharding");
  AgentRun infra = RunAgent(kInfrastructure, request);
  EXPECT_EQ(infra.result.outcome(), handoff::AgentResult::FAILED);
  EXPECT_EQ(infra.result.error(),
            "infrastructure-specialist is not implemented for workflow "
            "\"Geo Sharding\"");
}

}  // namespace
}  // namespace baton::agents::data
