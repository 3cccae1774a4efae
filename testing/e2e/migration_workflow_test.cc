// End to end: real cards, real router, real agent binaries, real SQLite and
// real git (libgit2), on a throwaway copy of testing/fixtures/data_repo.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "gitops/committer.h"
#include "gitops/repository.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"
#include "tools/cli/demo_repository.h"
#include "tools/cli/pipeline.h"

namespace baton {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class MigrationWorkflowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string cwd = std::filesystem::current_path().string();
    installation_.cards_dir = cwd + "/domains";
    installation_.agents_root = cwd;
    std::string scratch = absl::StrCat(std::getenv("TEST_TMPDIR"), "/",
                                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(scratch);
    absl::StatusOr<std::string> repo =
        cli::CreateDemoRepository(cwd + "/testing/fixtures/data_repo", scratch);
    ASSERT_TRUE(repo.ok()) << repo.status();
    repo_ = *repo;
  }

  cli::RunOptions Options(const std::string& request) {
    cli::RunOptions options;
    options.request = request;
    options.repo = repo_;
    options.retry_base_delay = absl::Milliseconds(1);
    return options;
  }

  int Commits() { return *gitops::CountCommits(repo_); }
  int Commits(const std::string& checkout) { return *gitops::CountCommits(checkout); }

  cli::Installation installation_;
  std::string repo_;
  std::ostringstream out_;
};

TEST_F(MigrationWorkflowTest, AddColumnRequestEndsInOneVerifiedCommit) {
  ASSERT_EQ(Commits(), 1);
  absl::StatusOr<cli::RunOutcome> outcome =
      cli::StartRun(installation_, Options("Add phone_number column to users table"), out_);
  ASSERT_TRUE(outcome.ok()) << outcome.status() << "\n" << out_.str();
  ASSERT_TRUE(outcome->status.ok()) << outcome->status << "\n" << out_.str();
  const handoff::Handoff& handoff = outcome->handoff;
  EXPECT_EQ(handoff.status(), handoff::RUN_SUCCEEDED);
  EXPECT_EQ(handoff.domain(), "data");
  EXPECT_EQ(handoff.workflow().name(), "Database Migration");
  ASSERT_EQ(handoff.steps_size(), 3);
  EXPECT_EQ(handoff.steps(0).agent(), "infrastructure-specialist");
  EXPECT_EQ(handoff.steps(1).agent(), "qa-specialist");
  EXPECT_EQ(handoff.steps(2).agent(), "git-workflow-manager");

  // The run worked in its own worktree on its own branch.
  EXPECT_EQ(outcome->branch, "baton/" + outcome->run_id);
  EXPECT_EQ(outcome->workspace, repo_ + "/.baton/worktrees/" + outcome->run_id);

  // The migration follows the fixture's numbering and is reversible.
  const std::string migration = "database/migrations/004_add_phone_number_to_users.sql";
  std::string text = Slurp(outcome->workspace + "/" + migration);
  EXPECT_THAT(text, HasSubstr("ADD COLUMN phone_number VARCHAR(20)"));
  EXPECT_THAT(text, HasSubstr("DROP COLUMN phone_number"));

  // Exactly one new commit on the run's branch, holding only the migration,
  // with the trailer; the user's checkout and branch are untouched.
  EXPECT_EQ(Commits(outcome->workspace), 2);
  EXPECT_EQ(Commits(), 1);
  EXPECT_FALSE(std::filesystem::exists(repo_ + "/" + migration));
  absl::StatusOr<std::optional<gitops::CommitInfo>> commit =
      gitops::FindCommitWithTrailer(outcome->workspace, "Baton-Run", outcome->run_id);
  ASSERT_TRUE(commit.ok() && commit->has_value());
  EXPECT_THAT((*commit)->files, ElementsAre(migration));
  EXPECT_THAT((*commit)->message, HasSubstr("feat(db): add phone_number column to users table"));
  EXPECT_EQ((*commit)->id, handoff.commit().commit_id());

  // The state is on disk: a checkpoint per step and a journal with the commit.
  EXPECT_TRUE(std::filesystem::exists(outcome->run_dir + "/checkpoints/000003.pb"));
  EXPECT_THAT(Slurp(outcome->run_dir + "/journal.jsonl"), HasSubstr("COMMIT_MADE"));
  EXPECT_THAT(out_.str(), HasSubstr("Database Migration"));
  EXPECT_EQ((*commit)->branch, outcome->branch);
}

TEST_F(MigrationWorkflowTest, InPlaceRunCommitsOnTheCurrentBranch) {
  cli::RunOptions options = Options("Add phone_number column to users table");
  options.in_place = true;
  absl::StatusOr<cli::RunOutcome> outcome = cli::StartRun(installation_, options, out_);
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  ASSERT_TRUE(outcome->status.ok()) << outcome->status << "\n" << out_.str();
  EXPECT_EQ(outcome->workspace, repo_);
  EXPECT_EQ(Commits(), 2);
  absl::StatusOr<gitops::CommitInfo> head = gitops::DescribeCommit(repo_, "HEAD");
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->branch, "main");
  EXPECT_THAT(head->message, HasSubstr("Baton-Run: " + outcome->run_id));
}

TEST_F(MigrationWorkflowTest, WorktreeRunLeavesTheUsersDirtyFilesAlone) {
  std::ofstream(repo_ + "/database/schemas/users.sql", std::ios::app) << "-- local edit\n";
  absl::StatusOr<cli::RunOutcome> outcome =
      cli::StartRun(installation_, Options("Add phone_number column to users table"), out_);
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  ASSERT_TRUE(outcome->status.ok()) << outcome->status;
  EXPECT_THAT(Slurp(repo_ + "/database/schemas/users.sql"), HasSubstr("-- local edit"));
  EXPECT_THAT(*gitops::DirtyPaths(repo_, {".baton/"}),
              ElementsAre("database/schemas/users.sql"));
}

TEST_F(MigrationWorkflowTest, UnknownTableFailsNamingTheTablesAndCommitsNothing) {
  absl::StatusOr<cli::RunOutcome> outcome =
      cli::StartRun(installation_, Options("Add phone_number column to userz table"), out_);
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  EXPECT_FALSE(outcome->status.ok());
  EXPECT_THAT(std::string(outcome->status.message()), HasSubstr("userz"));
  EXPECT_THAT(std::string(outcome->status.message()), HasSubstr("users"));
  EXPECT_EQ(outcome->handoff.status(), handoff::RUN_FAILED);
  EXPECT_EQ(Commits(), 1);
  EXPECT_TRUE(std::filesystem::exists(outcome->run_dir + "/checkpoints/000000.pb"));
}

TEST_F(MigrationWorkflowTest, DirtyRepositoryIsRefusedInPlaceBeforeAnythingRuns) {
  std::ofstream(repo_ + "/database/schemas/users.sql", std::ios::app) << "-- local edit\n";
  cli::RunOptions options = Options("Add phone_number column to users table");
  options.in_place = true;
  absl::StatusOr<cli::RunOutcome> outcome = cli::StartRun(installation_, options, out_);
  EXPECT_THAT(outcome, testing::StatusIs(absl::StatusCode::kFailedPrecondition,
                                         HasSubstr("database/schemas/users.sql")));
  EXPECT_THAT(outcome.status().message(), HasSubstr("--allow-dirty"));
  EXPECT_FALSE(std::filesystem::exists(repo_ + "/.baton/runs"));
}

TEST_F(MigrationWorkflowTest, UnimplementedWorkflowFailsLoudly) {
  // A made-up card: every workflow of domains/data.md has its agents now.
  installation_.cards_dir = std::filesystem::current_path().string() + "/testing/e2e/cards";
  absl::StatusOr<cli::RunOutcome> outcome = cli::StartRun(
      installation_, Options("Move cold rows to glacier storage tiers"), out_);
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  EXPECT_THAT(std::string(outcome->status.message()),
              HasSubstr("systems-architect is not implemented for workflow \"Cold Storage "
                        "Tiering\""));
  EXPECT_EQ(outcome->handoff.status(), handoff::RUN_FAILED);
  EXPECT_EQ(Commits(), 1);
}

TEST_F(MigrationWorkflowTest, RequestThatMatchesNothingStartsNoRun) {
  absl::StatusOr<cli::RunOutcome> outcome =
      cli::StartRun(installation_, Options("Paint the bike shed blue"), out_);
  EXPECT_THAT(outcome, testing::StatusIs(absl::StatusCode::kFailedPrecondition,
                                         HasSubstr("did not route")));
  EXPECT_THAT(out_.str(), HasSubstr("no match"));
}

TEST_F(MigrationWorkflowTest, ResumeRefusesAChangedCardUnlessAccepted) {
  // A private copy of the cards, so the test can change one.
  std::string cards = repo_ + "-cards";
  std::filesystem::create_directories(cards);
  std::filesystem::copy_file(installation_.cards_dir + "/data.md", cards + "/data.md");
  installation_.cards_dir = cards;
  cli::RunOptions options = Options("Add phone_number column to users table");
  options.pause_before_agent = "git-workflow-manager";
  absl::StatusOr<cli::RunOutcome> paused = cli::StartRun(installation_, options, out_);
  ASSERT_TRUE(paused.ok()) << paused.status();
  ASSERT_TRUE(paused->status.ok()) << paused->status;
  EXPECT_EQ(paused->handoff.steps_size(), 2);

  std::ofstream(cards + "/data.md", std::ios::app) << "\nAn edit made while the run waited.\n";
  cli::RunOptions resume = Options("");
  absl::StatusOr<cli::RunOutcome> refused =
      cli::ResumeRun(installation_, resume, paused->run_id, false, out_);
  EXPECT_THAT(refused, testing::StatusIs(absl::StatusCode::kFailedPrecondition,
                                         HasSubstr("data.md changed")));
  EXPECT_THAT(refused.status().message(), HasSubstr("--accept-card-change"));

  resume.accept_card_change = true;
  absl::StatusOr<cli::RunOutcome> done =
      cli::ResumeRun(installation_, resume, paused->run_id, false, out_);
  ASSERT_TRUE(done.ok()) << done.status();
  ASSERT_TRUE(done->status.ok()) << done->status;
  EXPECT_EQ(done->handoff.status(), handoff::RUN_SUCCEEDED);
  EXPECT_EQ(Commits(done->workspace), 2);
}

TEST_F(MigrationWorkflowTest, ResumeAfterAFailedStepRetriesItOnTheRestoredWorkspace) {
  cli::RunOptions options = Options("Add phone_number column to users table");
  options.until_agent = "infrastructure-specialist";
  absl::StatusOr<cli::RunOutcome> first = cli::StartRun(installation_, options, out_);
  ASSERT_TRUE(first.ok() && first->status.ok());
  // A later step dies half-way, leaving a partial file and an edit behind.
  std::ofstream(first->workspace + "/database/migrations/005_partial.sql") << "ALTER TABLE";
  std::ofstream(first->workspace + "/database/migrations/004_add_phone_number_to_users.sql")
      << "garbage";
  absl::StatusOr<cli::RunOutcome> done =
      cli::ResumeRun(installation_, Options(""), first->run_id, false, out_);
  ASSERT_TRUE(done.ok()) << done.status();
  ASSERT_TRUE(done->status.ok()) << done->status << "\n" << out_.str();
  EXPECT_FALSE(std::filesystem::exists(first->workspace + "/database/migrations/005_partial.sql"));
  EXPECT_THAT(Slurp(first->workspace + "/database/migrations/004_add_phone_number_to_users.sql"),
              HasSubstr("ADD COLUMN phone_number"));
  EXPECT_THAT(out_.str(), HasSubstr("workspace put back to the checkpoint"));
  EXPECT_EQ(Commits(done->workspace), 2);
}

}  // namespace
}  // namespace baton
