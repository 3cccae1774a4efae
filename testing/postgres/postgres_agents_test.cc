// The data agents on PostgreSQL staging, run as the executor runs them:
// Database Migration (PostgreSQL dialect, verified up→down→up on a throwaway
// database) and Query Optimization, including the data card's Scenario 1
// ("Query on users table is slow": Seq Scan -> Index Scan, >= 5x faster on
// 100,000 generated users).
#include <filesystem>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/status/statusor.h"
#include "agents/data/agent_runner.h"
#include "agents/data/postgres_database.h"
#include "agents/data/test_repo.h"
#include "executor/handoff.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/postgres/test_database.h"

namespace baton::agents::data {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

constexpr char kDebug[] = "agents/debug_specialist/debug-specialist";
constexpr char kInfrastructure[] =
    "agents/infrastructure_specialist/infrastructure-specialist";
constexpr char kQa[] = "agents/qa_specialist/qa-specialist";

class PostgresAgentsTest : public baton::testing::PostgresTest {
 protected:
  handoff::AgentRequest Request(const std::string& repo, const std::string& agent,
                                const std::string& workflow, const std::string& text) {
    handoff::AgentRequest request = MakeRequest(repo, agent, workflow, text);
    request.mutable_handoff()->mutable_staging()->set_kind("postgres");
    request.mutable_handoff()->mutable_staging()->set_url(database_url());
    return request;
  }

  // The test's own database (the "user's database") holds no table: the
  // agents staged on throwaway databases only.
  void ExpectUserDatabaseUntouched() {
    absl::StatusOr<PostgresDatabase> db = PostgresDatabase::Connect(database_url());
    ASSERT_TRUE(db.ok()) << db.status();
    absl::StatusOr<int64_t> tables =
        db->QueryInt("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'");
    ASSERT_TRUE(tables.ok()) << tables.status();
    EXPECT_EQ(*tables, 0);
  }
};

TEST_F(PostgresAgentsTest, DatabaseMigrationIsWrittenForPostgresAndVerifiedThere) {
  const std::string repo = CopyDataRepo("pg_migration");
  const std::string text = "Add phone_number column to users table";
  AgentRun infra = RunAgent(
      kInfrastructure, Request(repo, "infrastructure-specialist", "Database Migration", text));
  ASSERT_EQ(infra.result.outcome(), handoff::AgentResult::SUCCEEDED) << infra.result.error();
  const std::string file = "database/migrations/004_add_phone_number_to_users.sql";
  EXPECT_EQ(infra.result.facts().at("migration.dialect"), "PostgreSQL");
  EXPECT_THAT(ReadFile(repo, file),
              AllOf(HasSubstr("-- Up migration\nALTER TABLE users ADD COLUMN IF NOT EXISTS "
                              "phone_number VARCHAR(20) NULL;\n"),
                    HasSubstr("-- Down migration\nALTER TABLE users DROP COLUMN IF EXISTS "
                              "phone_number;\n")));

  handoff::AgentRequest qa_request = Request(repo, "qa-specialist", "Database Migration", text);
  MergeInto(infra.result, &qa_request);
  AgentRun qa = RunAgent(kQa, qa_request);
  ASSERT_EQ(qa.result.outcome(), handoff::AgentResult::SUCCEEDED) << qa.result.error();
  EXPECT_EQ(qa.result.summary(),
            "4 migrations up→down→up on PostgreSQL: schema round-trips (1 new, each "
            "reverted alone); seeds: 3 tables, 13 rows kept");
  EXPECT_EQ(qa.result.facts().at("qa.staging"), "PostgreSQL");
  ExpectUserDatabaseUntouched();
}

TEST_F(PostgresAgentsTest, IndexMigrationUsesConcurrentlyAndPassesTheStagingTest) {
  const std::string repo = CopyDataRepo("pg_index");
  const std::string text = "Add index on users.name";
  AgentRun infra = RunAgent(
      kInfrastructure, Request(repo, "infrastructure-specialist", "Database Migration", text));
  ASSERT_EQ(infra.result.outcome(), handoff::AgentResult::SUCCEEDED) << infra.result.error();
  EXPECT_THAT(ReadFile(repo, "database/migrations/004_add_index_on_users_name.sql"),
              AllOf(HasSubstr("CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_users_name ON "
                              "users (name);"),
                    HasSubstr("DROP INDEX CONCURRENTLY IF EXISTS idx_users_name;")));
  handoff::AgentRequest qa_request = Request(repo, "qa-specialist", "Database Migration", text);
  MergeInto(infra.result, &qa_request);
  AgentRun qa = RunAgent(kQa, qa_request);
  EXPECT_EQ(qa.result.outcome(), handoff::AgentResult::SUCCEEDED) << qa.result.error();
}

TEST_F(PostgresAgentsTest, SlowUsersQueryGoesFromSeqScanToIndexScanAtLeastFiveTimesFaster) {
  // The card's Scenario 1: users looked up by email, with no index on it.
  const std::string repo = CopyDataRepo("pg_scenario");
  fs::remove(fs::path(repo) / "database/migrations/002_add_email_index.sql");
  const std::string text = "Query on users table is slow";

  AgentRun debug = RunAgent(kDebug, Request(repo, "debug-specialist", "Query Optimization", text));
  ASSERT_EQ(debug.result.outcome(), handoff::AgentResult::SUCCEEDED) << debug.result.error();
  const auto& facts = debug.result.facts();
  EXPECT_THAT(facts.at("query.choice"), HasSubstr("filtered by email"));
  EXPECT_THAT(facts.at("query.sql"),
              StartsWith("SELECT id, email, name, created_at, updated_at FROM users WHERE "
                         "email = 'user50001@example.com'"));
  EXPECT_EQ(facts.at("query.rows"), "users=100000");
  EXPECT_EQ(facts.at("query.indexes"), "users(email)");
  EXPECT_THAT(facts.at("query.baseline_plan"), StartsWith("Seq Scan on users"));
  std::vector<std::string> paths;
  for (const handoff::Artifact& artifact : debug.result.artifacts()) paths.push_back(artifact.path());
  EXPECT_THAT(paths, ::testing::ElementsAre(".baton/reports/test-run/baseline_plan.txt",
                                            ".baton/reports/test-run/baseline_plan.json"));
  EXPECT_THAT(ReadFile(repo, ".baton/reports/test-run/baseline_plan.json"),
              HasSubstr("\"Node Type\": \"Seq Scan\""));

  handoff::AgentRequest infra_request =
      Request(repo, "infrastructure-specialist", "Query Optimization", text);
  MergeInto(debug.result, &infra_request);
  AgentRun infra = RunAgent(kInfrastructure, infra_request);
  ASSERT_EQ(infra.result.outcome(), handoff::AgentResult::SUCCEEDED) << infra.result.error();
  const std::string migration = "database/migrations/004_add_index_on_users_email.sql";
  EXPECT_THAT(ReadFile(repo, migration),
              AllOf(HasSubstr("CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_users_email ON "
                              "users (email);"),
                    HasSubstr("DROP INDEX CONCURRENTLY IF EXISTS idx_users_email;")));

  handoff::AgentRequest qa_request = Request(repo, "qa-specialist", "Query Optimization", text);
  *qa_request.mutable_handoff() = infra_request.handoff();
  MergeInto(infra.result, &qa_request);
  AgentRun qa = RunAgent(kQa, qa_request);
  ASSERT_EQ(qa.result.outcome(), handoff::AgentResult::SUCCEEDED) << qa.result.error();
  EXPECT_THAT(qa.result.summary(),
              AllOf(HasSubstr("Seq Scan on users -> Index Scan using idx_users_email on users"),
                    HasSubstr("verified on PostgreSQL with users: 100000 rows")));
  double speedup = 0;
  ASSERT_TRUE(absl::SimpleAtod(qa.result.facts().at("qa.speedup"), &speedup));
  EXPECT_GE(speedup, 5.0) << qa.result.summary();
  std::cerr << "Scenario 1 on PostgreSQL: " << qa.result.summary() << "\n";
  EXPECT_THAT(ReadFile(repo, ".baton/reports/test-run/plan_after.json"),
              HasSubstr("\"Index Name\": \"idx_users_email\""));
  EXPECT_THAT(ReadFile(repo, ".baton/reports/test-run/performance.md"),
              HasSubstr("| derived from the request |"));

  ExpectUserDatabaseUntouched();
  EXPECT_THAT(LeftBehind("baton_stage_"), IsEmpty());
}

}  // namespace
}  // namespace baton::agents::data
