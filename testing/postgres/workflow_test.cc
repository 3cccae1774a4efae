// End to end through `baton run`'s pipeline (real cards, router, executor,
// agent binaries, git): Database Migration staged on PostgreSQL, and Query
// Optimization on SQLite and on PostgreSQL, which ends without a commit and
// says so.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "agents/data/test_repo.h"
#include "gitops/committer.h"
#include "gitops/repository.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/postgres/test_database.h"
#include "tools/cli/demo_repository.h"
#include "tools/cli/pipeline.h"

namespace baton {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class WorkflowTest : public baton::testing::PostgresTest {
 protected:
  // Starts PostgreSQL only for the tests that ask for it.
  void SetUp() override {}
  void TearDown() override {
    if (postgres_) PostgresTest::TearDown();
  }
  bool UsePostgres() {
    postgres_ = true;
    PostgresTest::SetUp();
    return !IsSkipped() && !HasFatalFailure();
  }

  // A git repository holding the data fixture, optionally without the
  // migration that indexes users.email.
  std::string MakeRepo(bool without_email_index) {
    const std::string cwd = fs::current_path().string();
    installation_.cards_dir = cwd + "/domains";
    installation_.agents_root = cwd;
    const std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::string fixture = absl::StrCat(cwd, "/", agents::data::kDataRepoFixture);
    if (without_email_index) {
      fixture = agents::data::CopyDataRepo(name + "_fixture");
      fs::remove(fs::path(fixture) / "database/migrations/002_add_email_index.sql");
    }
    const std::string scratch = absl::StrCat(std::getenv("TEST_TMPDIR"), "/", name);
    fs::create_directories(scratch);
    absl::StatusOr<std::string> repo = cli::CreateDemoRepository(fixture, scratch);
    EXPECT_TRUE(repo.ok()) << repo.status();
    return repo.ok() ? *repo : "";
  }

  cli::RunOptions Options(const std::string& repo, const std::string& request) {
    cli::RunOptions options;
    options.request = request;
    options.repo = repo;
    options.retry_base_delay = absl::Milliseconds(1);
    return options;
  }

  std::string Fact(const cli::RunOutcome& outcome, const std::string& key) {
    auto it = outcome.handoff.facts().find(key);
    return it == outcome.handoff.facts().end() ? "" : it->second;
  }

  cli::Installation installation_;
  std::ostringstream out_;
  bool postgres_ = false;
};

TEST_F(WorkflowTest, DatabaseMigrationStagedOnPostgresEndsInACommit) {
  if (!UsePostgres()) return;
  const std::string repo = MakeRepo(false);
  cli::RunOptions options = Options(repo, "Add phone_number column to users table");
  options.staging_url = database_url();
  absl::StatusOr<cli::RunOutcome> outcome = cli::StartRun(installation_, options, out_);
  ASSERT_TRUE(outcome.ok()) << outcome.status() << "\n" << out_.str();
  ASSERT_TRUE(outcome->status.ok()) << outcome->status << "\n" << out_.str();
  const handoff::Handoff& handoff = outcome->handoff;
  EXPECT_EQ(handoff.staging().kind(), "postgres");
  EXPECT_EQ(handoff.workflow().name(), "Database Migration");
  ASSERT_GE(handoff.steps_size(), 3);
  EXPECT_EQ(handoff.steps(1).agent(), "qa-specialist");
  EXPECT_THAT(handoff.steps(1).summary(),
              HasSubstr("4 migrations up→down→up on PostgreSQL: schema round-trips"));
  const std::string migration = "database/migrations/004_add_phone_number_to_users.sql";
  EXPECT_THAT(Slurp(outcome->workspace + "/" + migration),
              HasSubstr("ADD COLUMN IF NOT EXISTS phone_number VARCHAR(20) NULL;"));
  absl::StatusOr<std::optional<gitops::CommitInfo>> commit =
      gitops::FindCommitWithTrailer(outcome->workspace, "Baton-Run", outcome->run_id);
  ASSERT_TRUE(commit.ok() && commit->has_value()) << out_.str();
  EXPECT_THAT((*commit)->files, ElementsAre(migration));
}

TEST_F(WorkflowTest, SchemaDesignStagedOnPostgresEndsInACommit) {
  if (!UsePostgres()) return;
  const std::string repo = MakeRepo(false);
  cli::RunOptions options = Options(repo, "Design database schema for users and orders");
  options.staging_url = database_url();
  absl::StatusOr<cli::RunOutcome> outcome = cli::StartRun(installation_, options, out_);
  ASSERT_TRUE(outcome.ok()) << outcome.status() << "\n" << out_.str();
  ASSERT_TRUE(outcome->status.ok()) << outcome->status << "\n" << out_.str();
  const handoff::Handoff& handoff = outcome->handoff;
  EXPECT_EQ(handoff.staging().kind(), "postgres");
  EXPECT_EQ(handoff.workflow().name(), "Database Schema Design");
  ASSERT_EQ(handoff.steps_size(), 5);
  EXPECT_EQ(handoff.steps(2).agent(), "infrastructure-specialist");
  EXPECT_THAT(handoff.steps(2).summary(), HasSubstr("PostgreSQL"));
  const std::string migration = "database/migrations/004_create_orders_table.sql";
  EXPECT_THAT(Slurp(outcome->workspace + "/" + migration), HasSubstr("CREATE TABLE"));
  absl::StatusOr<std::optional<gitops::CommitInfo>> commit =
      gitops::FindCommitWithTrailer(outcome->workspace, "Baton-Run", outcome->run_id);
  ASSERT_TRUE(commit.ok() && commit->has_value()) << out_.str();
  EXPECT_THAT((*commit)->files, ::testing::Contains(migration));
}

TEST_F(WorkflowTest, QueryOptimizationOnSqliteLeavesItsMigrationUncommitted) {
  const std::string repo = MakeRepo(false);
  absl::StatusOr<cli::RunOutcome> outcome =
      cli::StartRun(installation_, Options(repo, "Query on users table is slow"), out_);
  ASSERT_TRUE(outcome.ok()) << outcome.status() << "\n" << out_.str();
  ASSERT_TRUE(outcome->status.ok()) << outcome->status << "\n" << out_.str();
  const handoff::Handoff& handoff = outcome->handoff;
  EXPECT_EQ(handoff.workflow().name(), "Query Optimization");
  ASSERT_EQ(handoff.steps_size(), 3);
  EXPECT_EQ(handoff.steps(0).agent(), "debug-specialist");
  EXPECT_EQ(handoff.steps(2).agent(), "qa-specialist");
  EXPECT_EQ(handoff.status(), handoff::RUN_SUCCEEDED);
  EXPECT_EQ(Fact(*outcome, "query.database"), "SQLite");
  EXPECT_EQ(Fact(*outcome, "query.indexes"), "users(created_at)");
  EXPECT_THAT(Fact(*outcome, "qa.plan_after"), HasSubstr("USING INDEX idx_users_created_at"));
  // The migration is in the run's workspace, not committed; reports are not
  // meant for git at all.
  const std::string migration = "database/migrations/004_add_index_on_users_created_at.sql";
  EXPECT_TRUE(fs::exists(outcome->workspace + "/" + migration));
  EXPECT_TRUE(handoff.commit().commit_id().empty());
  EXPECT_EQ(*gitops::CountCommits(outcome->workspace), 1);
  for (const handoff::Artifact& artifact : handoff.artifacts()) {
    EXPECT_EQ(artifact.commit(), artifact.path() == migration) << artifact.path();
  }
  cli::PrintOutcome(*outcome, out_);
  EXPECT_THAT(out_.str(), AllOf(HasSubstr("No commit: the \"Query Optimization\" chain has no "
                                          "git-workflow-manager"),
                                HasSubstr(migration)));
}

TEST_F(WorkflowTest, QueryOptimizationOnPostgresMatchesTheCardsScenario) {
  if (!UsePostgres()) return;
  const std::string repo = MakeRepo(/*without_email_index=*/true);
  cli::RunOptions options = Options(repo, "Query on users table is slow");
  options.staging_url = database_url();
  absl::StatusOr<cli::RunOutcome> outcome = cli::StartRun(installation_, options, out_);
  ASSERT_TRUE(outcome.ok()) << outcome.status() << "\n" << out_.str();
  ASSERT_TRUE(outcome->status.ok()) << outcome->status << "\n" << out_.str();
  EXPECT_EQ(Fact(*outcome, "query.database"), "PostgreSQL");
  EXPECT_EQ(Fact(*outcome, "query.indexes"), "users(email)");
  EXPECT_THAT(Fact(*outcome, "query.baseline_plan"), HasSubstr("Seq Scan on users"));
  EXPECT_EQ(Fact(*outcome, "qa.plan_after"), "Index Scan using idx_users_email on users");
  double speedup = 0;
  ASSERT_TRUE(absl::SimpleAtod(Fact(*outcome, "qa.speedup"), &speedup));
  EXPECT_GE(speedup, 5.0);
  EXPECT_THAT(Slurp(outcome->workspace +
                    "/database/migrations/004_add_index_on_users_email.sql"),
              HasSubstr("CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_users_email"));
  EXPECT_TRUE(outcome->handoff.commit().commit_id().empty());
}

TEST_F(WorkflowTest, QueryOptimizationOnAMissingTableFailsAndWritesNothing) {
  const std::string repo = MakeRepo(false);
  absl::StatusOr<cli::RunOutcome> outcome =
      cli::StartRun(installation_, Options(repo, "Query on userz table is slow"), out_);
  ASSERT_TRUE(outcome.ok()) << outcome.status() << "\n" << out_.str();
  EXPECT_THAT(std::string(outcome->status.message()),
              HasSubstr("table \"userz\" does not exist; the migrations define these "
                        "tables: roles, user_roles, users"));
  EXPECT_EQ(outcome->handoff.status(), handoff::RUN_FAILED);
  absl::StatusOr<std::vector<std::string>> dirty =
      gitops::DirtyPaths(outcome->workspace, {".baton/"});
  ASSERT_TRUE(dirty.ok());
  EXPECT_THAT(*dirty, ::testing::IsEmpty());
}

}  // namespace
}  // namespace baton
