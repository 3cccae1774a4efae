#include "gitops/run_commit.h"

#include "gitops/committer.h"
#include "gitops/git_sandbox.h"
#include "gitops/repository.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::gitops {
namespace {

using ::baton::testing::IsOk;
using ::baton::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::EndsWith;
using ::testing::HasSubstr;

constexpr char kRunId[] = "20240501-abc123";

int Count(const std::string& repo) {
  absl::StatusOr<int> count = CountCommits(repo);
  return count.ok() ? *count : -1;
}

class RunCommitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    repo_ = sandbox_.Dir("repo");
    ASSERT_THAT(InitRepository(repo_, "Baton Test", "baton@example.com"), IsOk());
    ASSERT_TRUE(WriteFile(repo_ + "/db/001.sql", "CREATE TABLE t (id INT);\n"));
    ASSERT_TRUE(WriteFile(repo_ + "/notes.txt", "the user's own notes\n"));
  }

  GitSandbox sandbox_;
  std::string repo_;
};

TEST_F(RunCommitTest, CommitsWithTheRunTrailerOnce) {
  absl::StatusOr<RunCommit> first = CommitForRun(repo_, {"db/001.sql"}, "feat(db): t", kRunId);
  ASSERT_THAT(first, IsOk());
  EXPECT_FALSE(first->already);
  EXPECT_THAT(first->info.files, ElementsAre("db/001.sql"));
  EXPECT_EQ(first->info.branch, "main");
  EXPECT_THAT(first->info.message, EndsWith("\n\nBaton-Run: 20240501-abc123\n"));
  EXPECT_THAT(*DirtyPaths(repo_, {}), ElementsAre("notes.txt"));

  // A resumed run proposes the same commit again: it gets the first one back.
  ASSERT_TRUE(WriteFile(repo_ + "/db/001.sql", "CREATE TABLE t (id BIGINT);\n"));
  absl::StatusOr<RunCommit> second = CommitForRun(repo_, {"db/001.sql"}, "feat(db): t", kRunId);
  ASSERT_THAT(second, IsOk());
  EXPECT_TRUE(second->already);
  EXPECT_EQ(second->info.id, first->info.id);
  EXPECT_EQ(Count(repo_), 1);

  // Another run commits on top.
  absl::StatusOr<RunCommit> other = CommitForRun(repo_, {"db/001.sql"}, "fix(db): t", "run-2");
  ASSERT_THAT(other, IsOk());
  EXPECT_FALSE(other->already);
  EXPECT_EQ(Count(repo_), 2);
}

TEST_F(RunCommitTest, NeedsARunIdAndAWorkspace) {
  EXPECT_THAT(CommitForRun(repo_, {"db/001.sql"}, "m", ""),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("no id")));
  EXPECT_THAT(CommitForRun("", {"db/001.sql"}, "m", kRunId),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("no workspace")));
  EXPECT_EQ(Count(repo_), 0);
}

TEST_F(RunCommitTest, WorkspaceMustBeARepositoryRoot) {
  EXPECT_THAT(CommitForRun(sandbox_.Dir("not-a-repo"), {"a.sql"}, "m", kRunId),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("not inside a git repository")));
  EXPECT_THAT(CommitForRun(repo_ + "/db", {"001.sql"}, "m", kRunId),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("is not the root of its git repository")));
  EXPECT_EQ(Count(repo_), 0);
}

TEST_F(RunCommitTest, MissingAuthorExplainsTheFix) {
  std::string repo = sandbox_.Dir("no-author");
  ASSERT_THAT(InitRepository(repo, "", ""), IsOk());
  ASSERT_TRUE(WriteFile(repo + "/a.sql", "SELECT 1;\n"));
  EXPECT_THAT(CommitForRun(repo, {"a.sql"}, "m", kRunId),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("git config user.email you@example.com")));
}

TEST_F(RunCommitTest, RejectsPathsOutsideTheWorkspace) {
  EXPECT_THAT(CommitForRun(repo_, {"../escape.sql"}, "m", kRunId),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("../escape.sql")));
  EXPECT_EQ(Count(repo_), 0);
}

}  // namespace
}  // namespace baton::gitops
