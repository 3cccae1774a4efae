// End to end on SQLite: the Query Optimization chain (debug-specialist ->
// infrastructure-specialist -> qa-specialist) as subprocesses on copies of
// testing/fixtures/data_repo, with 100,000 generated rows.
#include <filesystem>
#include <string>

#include "absl/strings/numbers.h"
#include "agents/data/agent_runner.h"
#include "agents/data/test_repo.h"
#include "executor/handoff.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace baton::agents::data {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

constexpr char kDebug[] = "agents/debug_specialist/debug-specialist";
constexpr char kInfrastructure[] =
    "agents/infrastructure_specialist/infrastructure-specialist";
constexpr char kQa[] = "agents/qa_specialist/qa-specialist";
constexpr char kWorkflow[] = "Query Optimization";

std::vector<std::string> Rules(const handoff::AgentResult& result) {
  std::vector<std::string> rules;
  for (const handoff::Finding& finding : result.findings()) rules.push_back(finding.rule());
  return rules;
}

struct Chain {
  AgentRun debug;
  AgentRun infra;
  AgentRun qa;
};

// Runs the three steps, stopping at the first that does not succeed.
Chain RunChain(const std::string& repo, const std::string& text,
               const std::vector<std::string>& files = {}) {
  Chain chain;
  handoff::AgentRequest request = MakeRequest(repo, "debug-specialist", kWorkflow, text);
  for (const std::string& file : files) request.mutable_handoff()->mutable_request()->add_files(file);
  chain.debug = RunAgent(kDebug, request);
  if (chain.debug.result.outcome() != handoff::AgentResult::SUCCEEDED) return chain;
  handoff::AgentRequest infra = MakeRequest(repo, "infrastructure-specialist", kWorkflow, text);
  *infra.mutable_handoff()->mutable_request() = request.handoff().request();
  MergeInto(chain.debug.result, &infra);
  chain.infra = RunAgent(kInfrastructure, infra);
  if (chain.infra.result.outcome() != handoff::AgentResult::SUCCEEDED) return chain;
  handoff::AgentRequest qa = MakeRequest(repo, "qa-specialist", kWorkflow, text);
  *qa.mutable_handoff() = infra.handoff();
  MergeInto(chain.infra.result, &qa);
  chain.qa = RunAgent(kQa, qa);
  return chain;
}

TEST(QueryOptimizationAgentsTest, SlowUsersQueryGetsAnIndexThatQaMeasures) {
  const std::string repo = CopyDataRepo("qo_users");
  Chain chain = RunChain(repo, "Query on users table is slow");

  // debug-specialist: derives a lookup, explains it on generated data.
  ASSERT_EQ(chain.debug.result.outcome(), handoff::AgentResult::SUCCEEDED)
      << chain.debug.result.error();
  const auto& facts = chain.debug.result.facts();
  // email is already indexed (002_add_email_index.sql): the next lookup column.
  EXPECT_THAT(facts.at("query.choice"),
              AllOf(HasSubstr("email (already indexed by idx_users_email)"),
                    HasSubstr("filtered by created_at")));
  EXPECT_EQ(facts.at("query.indexes"), "users(created_at)");
  EXPECT_EQ(facts.at("query.rows"), "users=100000");
  EXPECT_EQ(facts.at("query.database"), "SQLite");
  EXPECT_THAT(facts.at("query.baseline_plan"), StartsWith("SCAN users"));
  EXPECT_THAT(Rules(chain.debug.result), Contains("full-scan"));
  ASSERT_EQ(chain.debug.result.artifacts_size(), 1);
  const handoff::Artifact& plan = chain.debug.result.artifacts(0);
  EXPECT_EQ(plan.path(), ".baton/reports/test-run/baseline_plan.txt");
  EXPECT_EQ(plan.kind(), handoff::Artifact::QUERY_PLAN);
  EXPECT_FALSE(plan.commit());
  EXPECT_THAT(ReadFile(repo, plan.path()), HasSubstr("-> SCAN users"));

  // infrastructure-specialist: the index migration in the repo's convention.
  ASSERT_EQ(chain.infra.result.outcome(), handoff::AgentResult::SUCCEEDED)
      << chain.infra.result.error();
  const std::string migration = "database/migrations/004_add_index_on_users_created_at.sql";
  ASSERT_GE(chain.infra.result.artifacts_size(), 1);
  EXPECT_EQ(chain.infra.result.artifacts(0).path(), migration);
  EXPECT_EQ(chain.infra.result.artifacts(0).kind(), handoff::Artifact::MIGRATION);
  EXPECT_TRUE(chain.infra.result.artifacts(0).commit());
  EXPECT_THAT(ReadFile(repo, migration),
              AllOf(HasSubstr("-- Up migration\nCREATE INDEX IF NOT EXISTS "
                              "idx_users_created_at ON users (created_at);"),
                    HasSubstr("-- Down migration\nDROP INDEX IF EXISTS idx_users_created_at;")));

  // qa-specialist: index used, faster, both plans recorded, not committed.
  ASSERT_EQ(chain.qa.result.outcome(), handoff::AgentResult::SUCCEEDED)
      << chain.qa.result.error();
  EXPECT_THAT(chain.qa.result.summary(),
              AllOf(HasSubstr("SCAN users -> SEARCH users USING INDEX idx_users_created_at"),
                    HasSubstr("index used: idx_users_created_at")));
  double speedup = 0;
  ASSERT_TRUE(absl::SimpleAtod(chain.qa.result.facts().at("qa.speedup"), &speedup));
  EXPECT_GT(speedup, 1.0);
  std::vector<std::string> paths;
  for (const handoff::Artifact& artifact : chain.qa.result.artifacts()) {
    EXPECT_FALSE(artifact.commit()) << artifact.path();
    paths.push_back(artifact.path());
  }
  EXPECT_THAT(paths, ::testing::ElementsAre(".baton/reports/test-run/plan_before.txt",
                                            ".baton/reports/test-run/plan_after.txt",
                                            ".baton/reports/test-run/performance.md"));
  EXPECT_THAT(ReadFile(repo, ".baton/reports/test-run/performance.md"),
              HasSubstr("| derived from the request |"));
}

TEST(QueryOptimizationAgentsTest, SavedQueryWithSelectStarGetsARewrite) {
  const std::string repo = CopyDataRepo("qo_file");
  WriteFile(repo, "database/queries/user_by_name.sql",
            "-- Looks a user up by display name.\nSELECT * FROM users WHERE name = 'name 5';\n");
  Chain chain = RunChain(repo, "Optimize the user by name lookup",
                         {"database/queries/user_by_name.sql"});
  ASSERT_EQ(chain.debug.result.outcome(), handoff::AgentResult::SUCCEEDED)
      << chain.debug.result.error();
  EXPECT_THAT(Rules(chain.debug.result),
              ::testing::UnorderedElementsAre("full-scan", "select-star", "missing-limit"));
  for (const handoff::Finding& finding : chain.debug.result.findings()) {
    EXPECT_EQ(finding.location(), "database/queries/user_by_name.sql:2");
    EXPECT_EQ(finding.agent(), "debug-specialist");
    EXPECT_FALSE(finding.fix().empty());
  }
  EXPECT_EQ(chain.debug.result.facts().at("query.rewrite"), "missing-limit,select-star");
  ASSERT_EQ(chain.infra.result.outcome(), handoff::AgentResult::SUCCEEDED)
      << chain.infra.result.error();
  ASSERT_EQ(chain.infra.result.artifacts_size(), 2);
  const handoff::Artifact& rewrite = chain.infra.result.artifacts(1);
  EXPECT_EQ(rewrite.path(), ".baton/reports/test-run/rewritten_query.sql");
  EXPECT_FALSE(rewrite.commit());
  EXPECT_THAT(ReadFile(repo, rewrite.path()),
              HasSubstr("SELECT id, email, name, created_at, updated_at FROM users WHERE "
                        "name = 'name 5'\nLIMIT 100;"));
  ASSERT_EQ(chain.qa.result.outcome(), handoff::AgentResult::SUCCEEDED)
      << chain.qa.result.error();
  EXPECT_THAT(chain.qa.result.summary(), HasSubstr("idx_users_name"));
}

TEST(QueryOptimizationAgentsTest, NPlusOneInCodeIsReported) {
  const std::string repo = CopyDataRepo("qo_n_plus_one");
  WriteFile(repo, "src/roles.ts",
            "export async function roleNames(db, users) {\n"
            "  const names = [];\n"
            "  for (const user of users) {\n"
            "    const rows = await db.query(\n"
            "      'SELECT role_id FROM user_roles WHERE created_at > $1 LIMIT 10', [user.since]);\n"
            "    names.push(rows);\n"
            "  }\n"
            "  return names;\n"
            "}\n");
  handoff::AgentRequest request =
      MakeRequest(repo, "debug-specialist", kWorkflow, "Optimize role loading");
  request.mutable_handoff()->mutable_request()->add_files("src/roles.ts");
  AgentRun debug = RunAgent(kDebug, request);
  ASSERT_EQ(debug.result.outcome(), handoff::AgentResult::SUCCEEDED) << debug.result.error();
  const handoff::Finding* n_plus_one = nullptr;
  for (const handoff::Finding& finding : debug.result.findings()) {
    if (finding.rule() == "n-plus-one") n_plus_one = &finding;
  }
  ASSERT_NE(n_plus_one, nullptr);
  EXPECT_EQ(n_plus_one->location(), "src/roles.ts:5");
  EXPECT_EQ(n_plus_one->severity(), handoff::Finding::ERROR);
  EXPECT_THAT(n_plus_one->message(), HasSubstr("loop at src/roles.ts:3"));
  EXPECT_THAT(n_plus_one->fix(), HasSubstr("one query"));
}

TEST(QueryOptimizationAgentsTest, BadInputFailsWithTheReason) {
  const std::string repo = CopyDataRepo("qo_bad");
  // A table that does not exist.
  AgentRun run = RunAgent(
      kDebug, MakeRequest(repo, "debug-specialist", kWorkflow, "Query on userz table is slow"));
  EXPECT_EQ(run.result.outcome(), handoff::AgentResult::FAILED);
  EXPECT_EQ(run.result.error(),
            "table \"userz\" does not exist; the migrations define these tables: roles, "
            "user_roles, users");
  // A column that does not exist.
  WriteFile(repo, "q/missing_column.sql", "SELECT id FROM users WHERE phone = '1';\n");
  handoff::AgentRequest request =
      MakeRequest(repo, "debug-specialist", kWorkflow, "Optimize this query");
  request.mutable_handoff()->mutable_request()->add_files("q/missing_column.sql");
  run = RunAgent(kDebug, request);
  EXPECT_EQ(run.result.outcome(), handoff::AgentResult::FAILED);
  EXPECT_THAT(run.result.error(),
              AllOf(StartsWith("q/missing_column.sql:1: "),
                    HasSubstr("column \"phone\", which none of users has")));
  // SQL that does not parse: libpg_query's message and position.
  WriteFile(repo, "q/broken.sql", "SELECT id\nFROM users\nWHER email = 'a';\n");
  request.mutable_handoff()->mutable_request()->set_files(0, "q/broken.sql");
  run = RunAgent(kDebug, request);
  EXPECT_EQ(run.result.outcome(), handoff::AgentResult::FAILED);
  EXPECT_EQ(run.result.error(),
            "q/broken.sql: SQL does not parse: syntax error at or near \"email\" at line 3, "
            "column 6 (position 27)");
  // A repository with no database folder.
  const std::string empty = std::string(std::getenv("TEST_TMPDIR")) + "/qo_empty";
  fs::create_directories(empty);
  run = RunAgent(kDebug, MakeRequest(empty, "debug-specialist", kWorkflow,
                                     "Query on users table is slow"));
  EXPECT_EQ(run.result.outcome(), handoff::AgentResult::FAILED);
  EXPECT_THAT(run.result.error(), HasSubstr("no migrations directory in"));
  EXPECT_THAT(run.result.error(), HasSubstr("database/migrations/"));
  // Nothing was written into the repositories.
  EXPECT_FALSE(fs::exists(repo + "/.baton"));
  EXPECT_FALSE(fs::exists(fs::path(repo) / "database/migrations/004_add_index_on_users_email.sql"));
}

TEST(QueryOptimizationAgentsTest, LaterAgentsNeedTheDebugSpecialistsFacts) {
  const std::string repo = CopyDataRepo("qo_order");
  AgentRun infra = RunAgent(kInfrastructure,
                            MakeRequest(repo, "infrastructure-specialist", kWorkflow,
                                        "Query on users table is slow"));
  EXPECT_EQ(infra.result.outcome(), handoff::AgentResult::FAILED);
  EXPECT_THAT(infra.result.error(), HasSubstr("debug-specialist analyzes the query first"));
  EXPECT_THAT(infra.result.artifacts(), IsEmpty());
}

}  // namespace
}  // namespace baton::agents::data
