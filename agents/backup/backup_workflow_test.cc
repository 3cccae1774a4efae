// The Backup & Recovery workflow end to end through `baton run`'s pipeline
// (real cards, router, executor, agent binaries, git) on a real PostgreSQL:
// the kit is written, proven by a real backup and restore, audited, and
// committed once; SQLite staging and a credential in the run's files stop it.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

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
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class BackupWorkflowTest : public baton::testing::PostgresTest {
 protected:
  void SetUp() override {}
  void TearDown() override {
    if (postgres_) PostgresTest::TearDown();
  }
  bool UsePostgres() {
    postgres_ = true;
    PostgresTest::SetUp();
    return !IsSkipped() && !HasFatalFailure();
  }

  std::string MakeRepo() {
    const std::string cwd = fs::current_path().string();
    installation_.cards_dir = cwd + "/domains";
    installation_.agents_root = cwd;
    const std::string scratch =
        absl::StrCat(std::getenv("TEST_TMPDIR"), "/",
                     ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(scratch);
    absl::StatusOr<std::string> repo =
        cli::CreateDemoRepository(absl::StrCat(cwd, "/", agents::data::kDataRepoFixture), scratch);
    EXPECT_TRUE(repo.ok()) << repo.status();
    return repo.ok() ? *repo : "";
  }

  cli::RunOptions Options(const std::string& repo, const std::string& request) {
    cli::RunOptions options;
    options.request = request;
    options.repo = repo;
    options.output = cli::OutputMode::kQuiet;
    options.retry_base_delay = absl::Milliseconds(1);
    return options;
  }

  static std::string Fact(const cli::RunOutcome& outcome, const std::string& key) {
    auto it = outcome.handoff.facts().find(key);
    return it == outcome.handoff.facts().end() ? "" : it->second;
  }

  cli::Installation installation_;
  std::ostringstream out_;
  bool postgres_ = false;
};

TEST_F(BackupWorkflowTest, AutomatedBackupsAreVerifiedAuditedAndCommittedOnce) {
  if (!UsePostgres()) return;
  const std::string repo = MakeRepo();
  cli::RunOptions options = Options(repo, "Set up automated backups");
  options.staging_url = database_url();
  absl::StatusOr<cli::RunOutcome> outcome = cli::StartRun(installation_, options, out_);
  ASSERT_TRUE(outcome.ok()) << outcome.status() << "\n" << out_.str();
  ASSERT_TRUE(outcome->status.ok()) << outcome->status << "\n" << out_.str();
  const handoff::Handoff& handoff = outcome->handoff;
  EXPECT_EQ(handoff.workflow().name(), "Backup & Recovery");
  EXPECT_EQ(handoff.status(), handoff::RUN_SUCCEEDED);
  ASSERT_EQ(handoff.steps_size(), 3);
  EXPECT_EQ(handoff.steps(0).agent(), "infrastructure-specialist");
  EXPECT_THAT(handoff.steps(0).summary(), HasSubstr("backed up 3 tables (1150 rows, "));
  EXPECT_THAT(handoff.steps(0).summary(), HasSubstr("row counts and checksums match"));
  EXPECT_EQ(handoff.steps(1).agent(), "security-auditor");
  EXPECT_THAT(handoff.steps(1).summary(), HasSubstr("backup encryption verified in 2 scripts"));
  EXPECT_EQ(handoff.steps(2).agent(), "git-workflow-manager");
  EXPECT_EQ(Fact(*outcome, "backup.restore_verified"), "true");
  EXPECT_EQ(Fact(*outcome, "backup.rows"), "1150");
  EXPECT_THAT(Fact(*outcome, "backup.checksums"),
              ::testing::AllOf(HasSubstr("customers=200:"), HasSubstr("order_events=450:"),
                               HasSubstr("orders=500:")));
  EXPECT_EQ(Fact(*outcome, "security.backup_encrypted"), "true");
  EXPECT_EQ(Fact(*outcome, "security.secrets"), "0");
  for (const handoff::Finding& finding : handoff.findings()) {
    EXPECT_NE(finding.severity(), handoff::Finding::BLOCKER) << finding.message();
  }
  std::ifstream script(outcome->workspace + "/database/backup/backup.sh");
  std::stringstream text;
  text << script.rdbuf();
  EXPECT_THAT(text.str(), HasSubstr("pg_dump --format=custom"));
  // Exactly one commit on top of the fixture's, holding exactly the kit.
  EXPECT_EQ(*gitops::CountCommits(outcome->workspace), 2);
  absl::StatusOr<std::optional<gitops::CommitInfo>> commit =
      gitops::FindCommitWithTrailer(outcome->workspace, "Baton-Run", outcome->run_id);
  ASSERT_TRUE(commit.ok() && commit->has_value()) << out_.str();
  EXPECT_THAT((*commit)->files,
              ElementsAre("database/backup/README.md", "database/backup/backup.sh",
                          "database/backup/baton-backup.service",
                          "database/backup/baton-backup.timer", "database/backup/restore.sh"));
  EXPECT_THAT(NewDatabasesWithPrefix("baton_backup_"), IsEmpty());
}

TEST_F(BackupWorkflowTest, RestoreFromBackupRoutesToTheSameWorkflow) {
  const std::string repo = MakeRepo();
  absl::StatusOr<router::RouteDecision> decision =
      cli::RouteOnly(installation_, Options(repo, "Restore from backup"));
  ASSERT_TRUE(decision.ok()) << decision.status();
  EXPECT_EQ(decision->workflow(), "Backup & Recovery");
}

TEST_F(BackupWorkflowTest, SqliteStagingFailsSayingPostgresIsNeeded) {
  const std::string repo = MakeRepo();
  absl::StatusOr<cli::RunOutcome> outcome =
      cli::StartRun(installation_, Options(repo, "Set up automated backups"), out_);
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  EXPECT_EQ(outcome->handoff.status(), handoff::RUN_FAILED);
  EXPECT_THAT(std::string(outcome->status.message()),
              HasSubstr("Backup & Recovery needs a PostgreSQL staging server"));
  EXPECT_EQ(*gitops::CountCommits(outcome->workspace), 1);
  absl::StatusOr<std::vector<std::string>> dirty =
      gitops::DirtyPaths(outcome->workspace, {".baton/"});
  ASSERT_TRUE(dirty.ok());
  EXPECT_THAT(*dirty, IsEmpty());
}

TEST_F(BackupWorkflowTest, APasswordWrittenBesideTheScriptsBlocksTheCommit) {
  if (!UsePostgres()) return;
  const std::string repo = MakeRepo();
  // The user put the database password in a file next to the scripts.
  fs::create_directories(repo + "/database/backup");
  std::ofstream(repo + "/database/backup/backup.env")
      << "BACKUP_DATABASE_URL=postgresql://backup@db.internal/app\n"
         "PGPASSWORD=Tr0ub4dor-horse-42\n";
  cli::RunOptions options = Options(repo, "Set up automated backups");
  options.staging_url = database_url();
  options.in_place = true;
  options.allow_dirty = true;
  absl::StatusOr<cli::RunOutcome> outcome = cli::StartRun(installation_, options, out_);
  ASSERT_TRUE(outcome.ok()) << outcome.status() << "\n" << out_.str();
  EXPECT_EQ(outcome->handoff.status(), handoff::RUN_FAILED);
  EXPECT_THAT(std::string(outcome->status.message()),
              HasSubstr("refusing to commit: 1 BLOCKER finding"));
  EXPECT_THAT(std::string(outcome->status.message()), HasSubstr("database/backup/backup.env:2"));
  EXPECT_EQ(*gitops::CountCommits(repo), 1);
  EXPECT_TRUE(outcome->handoff.commit().commit_id().empty());
}

}  // namespace
}  // namespace baton
