// GitWorkspaceTracker against real repositories: a worktree on the run's own
// branch, and a HEAD moved by someone else during the run.
#include "executor/git_workspace_tracker.h"

#include <string>

#include "gitops/committer.h"
#include "gitops/git_sandbox.h"
#include "gitops/repository.h"
#include "gitops/worktree.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::executor {
namespace {

using ::baton::testing::IsOk;
using ::baton::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;

class GitWorkspaceTrackerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    repo_ = sandbox_.Dir("repo");
    ASSERT_THAT(gitops::InitRepository(repo_, "Baton Test", "baton@example.com"), IsOk());
    ASSERT_TRUE(gitops::WriteFile(repo_ + "/README.md", "base\n"));
    ASSERT_THAT(gitops::CommitPaths({repo_, {"README.md"}, "initial", {}}), IsOk());
    workspace_ = repo_ + "/.baton/worktrees/run-1";
    ASSERT_THAT(gitops::AddWorktree(repo_, "run-1", workspace_, "baton/run-1"), IsOk());
  }

  // Commits `path` in the worktree with `trailers`; returns the commit id.
  std::string Commit(const std::string& path,
                     std::vector<std::pair<std::string, std::string>> trailers = {}) {
    EXPECT_TRUE(gitops::WriteFile(workspace_ + "/" + path, path + "\n"));
    absl::StatusOr<gitops::CommitInfo> made =
        gitops::CommitPaths({workspace_, {path}, "someone else's work", trailers});
    EXPECT_THAT(made, IsOk());
    return made.ok() ? made->id : "";
  }

  gitops::GitSandbox sandbox_;
  std::string repo_;
  std::string workspace_;
};

TEST_F(GitWorkspaceTrackerTest, UnmovedHeadAndTheRunsOwnCommitPass) {
  GitWorkspaceTracker tracker(workspace_, "run-1", /*own_branch=*/true, {});
  absl::StatusOr<handoff::WorkspaceSnapshot> base = tracker.Snapshot({});
  ASSERT_THAT(base, IsOk());
  EXPECT_THAT(tracker.CheckHead(*base), IsOk());
  Commit("migration.sql", {{"Baton-Run", "run-1"}});
  EXPECT_THAT(tracker.CheckHead(*base), IsOk());
}

TEST_F(GitWorkspaceTrackerTest, ForeignCommitOnTheRunsBranchIsRefusedNamingBothCommits) {
  GitWorkspaceTracker tracker(workspace_, "run-1", /*own_branch=*/true, {});
  absl::StatusOr<handoff::WorkspaceSnapshot> base = tracker.Snapshot({});
  ASSERT_THAT(base, IsOk());
  const std::string foreign = Commit("hotfix.sql");
  EXPECT_THAT(tracker.CheckHead(*base),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("moved while run run-1 was in progress"),
                             HasSubstr(absl::StrCat("expects ", base->head().substr(0, 12))),
                             HasSubstr(absl::StrCat("found ", foreign.substr(0, 12))),
                             HasSubstr("someone else's work"), HasSubstr("reset --keep"),
                             HasSubstr("baton resume run-1"))));
  // A commit by another run is not this run's either.
  Commit("other.sql", {{"Baton-Run", "run-2"}});
  EXPECT_THAT(tracker.CheckHead(*base), StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("moved while run run-1")));
}

TEST_F(GitWorkspaceTrackerTest, ResumeRefusesToMoveTheBranchBackOverAForeignCommit) {
  GitWorkspaceTracker tracker(workspace_, "run-1", /*own_branch=*/true, {});
  absl::StatusOr<handoff::WorkspaceSnapshot> base = tracker.Snapshot({});
  ASSERT_THAT(base, IsOk());
  const std::string foreign = Commit("hotfix.sql");
  EXPECT_THAT(tracker.Restore(*base, /*exact=*/false),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("moved while run")));
  EXPECT_EQ(*gitops::HeadCommitId(workspace_), foreign);  // Nothing clobbered.
  // A rewind (exact) is asked for explicitly and does move it back.
  EXPECT_THAT(tracker.Restore(*base, /*exact=*/true), IsOk());
  EXPECT_EQ(*gitops::HeadCommitId(workspace_), base->head());
}

TEST_F(GitWorkspaceTrackerTest, TheRunsCommitIsNeverMadeOnTopOfAForeignOne) {
  GitWorkspaceTracker tracker(workspace_, "run-1", /*own_branch=*/true, {});
  absl::StatusOr<handoff::WorkspaceSnapshot> base = tracker.Snapshot({});
  ASSERT_THAT(base, IsOk());
  ASSERT_THAT(tracker.CheckHead(*base), IsOk());
  // Someone commits between the last check and the run's commit.
  const std::string foreign = Commit("hotfix.md");
  ASSERT_TRUE(gitops::WriteFile(workspace_ + "/migration.sql", "ALTER TABLE t;\n"));
  handoff::CommitPlan proposal;
  proposal.set_message("feat(db): migration");
  proposal.add_paths("migration.sql");
  EXPECT_THAT(tracker.Commit(proposal),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("moved while run run-1"),
                             HasSubstr(base->head().substr(0, 12)),
                             HasSubstr(foreign.substr(0, 12)))));
  absl::StatusOr<std::string> head = gitops::HeadCommitId(workspace_);
  ASSERT_THAT(head, IsOk());
  EXPECT_EQ(*head, foreign);  // No commit was made.
}

TEST_F(GitWorkspaceTrackerTest, InPlaceCheckoutWhoseHeadMovedIsRefused) {
  GitWorkspaceTracker tracker(repo_, "run-1", /*own_branch=*/false, {});
  absl::StatusOr<handoff::WorkspaceSnapshot> base = tracker.Snapshot({});
  ASSERT_THAT(base, IsOk());
  ASSERT_TRUE(gitops::WriteFile(repo_ + "/user.txt", "mine\n"));
  ASSERT_THAT(gitops::CommitPaths({repo_, {"user.txt"}, "user's commit", {}}), IsOk());
  EXPECT_THAT(tracker.CheckHead(*base), StatusIs(absl::StatusCode::kFailedPrecondition,
                                                 HasSubstr("user's commit")));
}

}  // namespace
}  // namespace baton::executor
