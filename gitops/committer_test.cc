#include "gitops/committer.h"

#include <git2.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "absl/strings/str_cat.h"
#include "gitops/git_sandbox.h"
#include "gitops/repository.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::gitops {
namespace {

using ::baton::testing::IsOk;
using ::baton::testing::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::MatchesRegex;
using ::testing::StartsWith;

std::vector<std::string> Dirty(const std::string& repo) {
  absl::StatusOr<std::vector<std::string>> paths = DirtyPaths(repo, {});
  if (!paths.ok()) return {"error: " + paths.status().ToString()};
  return *paths;
}

int Count(const std::string& repo) {
  absl::StatusOr<int> count = CountCommits(repo);
  return count.ok() ? *count : -1;
}

class CommitterTest : public ::testing::Test {
 protected:
  CommitterTest() : repo_(sandbox_.Dir("repo")) {}

  void SetUp() override {
    ASSERT_THAT(InitRepository(repo_, "Ada Lovelace", "ada@example.com"),
                IsOk());
  }

  void Write(const std::string& path, absl::string_view contents) {
    ASSERT_TRUE(WriteFile(repo_ + "/" + path, contents));
  }

  // Commits `paths` with a plain message; fails the test on error.
  CommitInfo Commit(const std::vector<std::string>& paths,
                    const std::string& message = "chore: test") {
    absl::StatusOr<CommitInfo> info = CommitPaths({repo_, paths, message, {}});
    EXPECT_THAT(info, IsOk());
    return info.ok() ? *info : CommitInfo();
  }

  GitSandbox sandbox_;
  std::string repo_;
};

TEST_F(CommitterTest, FirstCommitOfAnEmptyRepository) {
  EXPECT_EQ(Count(repo_), 0);
  Write("database/migrations/001_users.sql", "CREATE TABLE users (id INT);\n");

  absl::StatusOr<CommitInfo> info =
      CommitPaths({repo_,
                   {"database/migrations/001_users.sql"},
                   "feat(db): create users",
                   {}});
  ASSERT_THAT(info, IsOk());
  EXPECT_THAT(info->id, MatchesRegex("[0-9a-f]{40}"));
  EXPECT_EQ(info->branch, "main");
  EXPECT_EQ(info->message, "feat(db): create users\n");
  EXPECT_THAT(info->files, ElementsAre("database/migrations/001_users.sql"));
  EXPECT_EQ(Count(repo_), 1);
  EXPECT_THAT(Dirty(repo_), IsEmpty());

  // The author comes from the repository's config.
  git_repository* repo = nullptr;
  ASSERT_EQ(git_repository_open(&repo, repo_.c_str()), 0);
  git_oid oid;
  ASSERT_EQ(git_oid_fromstr(&oid, info->id.c_str()), 0);
  git_commit* commit = nullptr;
  ASSERT_EQ(git_commit_lookup(&commit, repo, &oid), 0);
  EXPECT_STREQ(git_commit_author(commit)->name, "Ada Lovelace");
  EXPECT_STREQ(git_commit_committer(commit)->email, "ada@example.com");
  EXPECT_EQ(git_commit_parentcount(commit), 0u);
  git_commit_free(commit);
  git_repository_free(repo);
}

TEST_F(CommitterTest, CommitsOnlyTheNamedPaths) {
  Write("README.md", "# app\n");
  Commit({"README.md"});
  Write("schema.sql", "CREATE TABLE t (id INT);\n");
  Write("README.md", "# app, edited by hand\n");
  Write("notes.txt", "untracked\n");

  CommitInfo info = Commit({"schema.sql"}, "feat(db): add t");
  EXPECT_THAT(info.files, ElementsAre("schema.sql"));
  EXPECT_EQ(Count(repo_), 2);
  // The user's other changes are still there, uncommitted.
  EXPECT_THAT(Dirty(repo_), ElementsAre("README.md", "notes.txt"));
}

TEST_F(CommitterTest, ListsOnlyThePathsTheCommitChanged) {
  Write("db/a.sql", "SELECT 1;\n");
  Write("db/b.sql", "SELECT 2;\n");
  Commit({"db/a.sql", "db/b.sql"});
  Write("db/b.sql", "SELECT 3;\n");
  Write("db/c.sql", "SELECT 4;\n");

  CommitInfo info = Commit({"db/a.sql", "db/b.sql", "db/c.sql"});
  EXPECT_THAT(info.files, ElementsAre("db/b.sql", "db/c.sql"));  // a.sql is as it was.
  absl::StatusOr<CommitInfo> described = DescribeCommit(repo_, "HEAD");
  ASSERT_THAT(described, IsOk());
  EXPECT_EQ(described->files, info.files);
  EXPECT_THAT(Dirty(repo_), IsEmpty());
}

TEST_F(CommitterTest, LeavesFilesTheUserStagedOutOfTheCommit) {
  Write("README.md", "# app\n");
  Commit({"README.md"});
  Write("README.md", "# staged by the user\n");
  Write("schema.sql", "CREATE TABLE t (id INT);\n");
  git_repository* repo = nullptr;
  ASSERT_EQ(git_repository_open(&repo, repo_.c_str()), 0);
  git_index* index = nullptr;
  ASSERT_EQ(git_repository_index(&index, repo), 0);
  ASSERT_EQ(git_index_add_bypath(index, "README.md"), 0);
  ASSERT_EQ(git_index_write(index), 0);
  git_index_free(index);
  git_repository_free(repo);

  CommitInfo info = Commit({"schema.sql"});
  EXPECT_THAT(info.files, ElementsAre("schema.sql"));
  EXPECT_THAT(Dirty(repo_), ElementsAre("README.md"));  // Still staged.
}

TEST_F(CommitterTest, AnIndexLockHeldForAMomentIsWaitedFor) {
  Write("README.md", "# app\n");
  Commit({"README.md"});
  Write("schema.sql", "CREATE TABLE t (id INT);\n");
  // Another git process holds the index for 200 ms.
  const std::string lock = repo_ + "/.git/index.lock";
  ASSERT_TRUE(WriteFile(lock, ""));
  std::thread release([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    std::filesystem::remove(lock);
  });
  absl::StatusOr<CommitInfo> info = CommitPaths({repo_, {"schema.sql"}, "feat: schema", {}});
  release.join();
  ASSERT_THAT(info, IsOk());
  EXPECT_THAT(Dirty(repo_), IsEmpty());  // The index caught up.
}

TEST_F(CommitterTest, AnIndexLockThatStaysIsReportedAfterTheCommit) {
  Write("README.md", "# app\n");
  Commit({"README.md"});
  Write("schema.sql", "CREATE TABLE t (id INT);\n");
  ASSERT_TRUE(WriteFile(repo_ + "/.git/index.lock", ""));
  EXPECT_THAT(CommitPaths({repo_, {"schema.sql"}, "feat: schema", {}}),
              StatusIs(absl::StatusCode::kUnavailable,
                       AllOf(HasSubstr("but could not update the index"),
                             HasSubstr("locked"))));
}

TEST_F(CommitterTest, ADeletedPathIsCommittedAsARemoval) {
  Write("old.sql", "SELECT 1;\n");
  Write("keep.sql", "SELECT 2;\n");
  Commit({"old.sql", "keep.sql"});
  std::filesystem::remove(repo_ + "/old.sql");

  CommitInfo info = Commit({"old.sql"}, "chore(db): drop old.sql");
  EXPECT_THAT(info.files, ElementsAre("old.sql"));
  EXPECT_THAT(Dirty(repo_), IsEmpty());
  absl::StatusOr<CommitInfo> root = DescribeCommit(repo_, "HEAD~1");
  ASSERT_THAT(root, IsOk());
  EXPECT_THAT(root->files, ElementsAre("keep.sql", "old.sql"));
}

TEST_F(CommitterTest, TrailersAreWrittenAndFound) {
  Write("a.sql", "SELECT 1;\n");
  absl::StatusOr<CommitInfo> tagged =
      CommitPaths({repo_,
                   {"a.sql"},
                   "feat(db): a\n\nFiles:\n- a.sql",
                   {{"Baton-Run", "run-7"}}});
  ASSERT_THAT(tagged, IsOk());
  EXPECT_EQ(tagged->message,
            "feat(db): a\n\nFiles:\n- a.sql\n\nBaton-Run: run-7\n");
  Write("b.sql", "SELECT 2;\n");
  Commit({"b.sql"});

  absl::StatusOr<std::optional<CommitInfo>> found =
      FindCommitWithTrailer(repo_, "Baton-Run", "run-7");
  ASSERT_THAT(found, IsOk());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->id, tagged->id);
  EXPECT_THAT((*found)->files, ElementsAre("a.sql"));
  EXPECT_EQ((*found)->branch, "main");

  found = FindCommitWithTrailer(repo_, "baton-run", "run-7");
  ASSERT_THAT(found, IsOk());
  EXPECT_TRUE(found->has_value()) << "trailer keys are case-insensitive";
  found = FindCommitWithTrailer(repo_, "Baton-Run", "run-8");
  ASSERT_THAT(found, IsOk());
  EXPECT_FALSE(found->has_value());
  found = FindCommitWithTrailer(repo_, "Baton-Run", "run-7", /*max_commits=*/1);
  ASSERT_THAT(found, IsOk());
  EXPECT_FALSE(found->has_value()) << "only the newest commit was searched";
}

TEST_F(CommitterTest, FindCommitWithTrailerInAnEmptyRepositoryFindsNothing) {
  absl::StatusOr<std::optional<CommitInfo>> found =
      FindCommitWithTrailer(repo_, "Baton-Run", "run-1");
  ASSERT_THAT(found, IsOk());
  EXPECT_FALSE(found->has_value());
}

TEST_F(CommitterTest, MissingAuthorIsAFailedPreconditionWithTheFix) {
  std::string bare_config = sandbox_.Dir("no-author");
  ASSERT_THAT(InitRepository(bare_config, "", ""), IsOk());
  ASSERT_TRUE(WriteFile(bare_config + "/a.sql", "SELECT 1;\n"));

  EXPECT_THAT(
      CommitPaths({bare_config, {"a.sql"}, "feat: a", {}}),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               AllOf(HasSubstr("no git author configured for " + bare_config),
                     HasSubstr("git config user.name \"Your Name\""),
                     HasSubstr("git config user.email you@example.com"))));
  EXPECT_EQ(Count(bare_config), 0);
}

TEST_F(CommitterTest, GlobalAuthorIsUsedWhenTheRepositoryHasNone) {
  // The sandbox's HOME stands in for the user's ~/.gitconfig.
  ASSERT_TRUE(WriteFile(
      sandbox_.Dir("home") + "/.gitconfig",
      "[user]\n\tname = Global Grace\n\temail = grace@example.com\n"));
  std::string repo = sandbox_.Dir("global-author");
  ASSERT_THAT(InitRepository(repo, "", ""), IsOk());
  ASSERT_TRUE(WriteFile(repo + "/a.sql", "SELECT 1;\n"));
  EXPECT_THAT(CommitPaths({repo, {"a.sql"}, "feat: a", {}}), IsOk());
}

TEST_F(CommitterTest, RejectsPathsOutsideTheRepository) {
  Write("a.sql", "SELECT 1;\n");
  EXPECT_THAT(CommitPaths({repo_, {"a.sql", "../escape.sql"}, "feat: x", {}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("../escape.sql"), HasSubstr("'..'"))));
  EXPECT_THAT(
      CommitPaths({repo_, {repo_ + "/a.sql"}, "feat: x", {}}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("absolute")));
  EXPECT_EQ(Count(repo_), 0);
}

TEST_F(CommitterTest, RejectsDirectoriesEmptyRequestsAndBlankMessages) {
  Write("database/a.sql", "SELECT 1;\n");
  EXPECT_THAT(CommitPaths({repo_, {"database"}, "feat: x", {}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("database is a directory")));
  EXPECT_THAT(
      CommitPaths({repo_, {}, "feat: x", {}}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("no paths")));
  EXPECT_THAT(CommitPaths({repo_, {"database/a.sql"}, "  ", {}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("empty")));
  EXPECT_EQ(Count(repo_), 0);
}

TEST_F(CommitterTest, AMissingUntrackedPathIsNotFound) {
  EXPECT_THAT(CommitPaths({repo_, {"ghost.sql"}, "feat: x", {}}),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("ghost.sql does not exist")));
}

TEST_F(CommitterTest, NothingToCommitIsAFailedPrecondition) {
  Write("a.sql", "SELECT 1;\n");
  Commit({"a.sql"});
  EXPECT_THAT(
      CommitPaths({repo_, {"a.sql"}, "feat: again", {}}),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               AllOf(StartsWith("nothing to commit"), HasSubstr("a.sql"))));
  EXPECT_EQ(Count(repo_), 1);
}

TEST_F(CommitterTest, NotARepository) {
  std::string elsewhere = sandbox_.Dir("elsewhere");
  EXPECT_THAT(CommitPaths({elsewhere, {"a.sql"}, "feat: x", {}}),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("not a git repository: " + elsewhere)));
  EXPECT_THAT(
      CountCommits(elsewhere),
      StatusIs(absl::StatusCode::kNotFound, HasSubstr("not a git repository")));
}

TEST_F(CommitterTest, DescribeCommitListsFilesAgainstTheFirstParent) {
  Write("a.sql", "SELECT 1;\n");
  Write("b.sql", "SELECT 2;\n");
  CommitInfo root = Commit({"a.sql", "b.sql"}, "feat: root");
  Write("b.sql", "SELECT 3;\n");
  Write("c/d.sql", "SELECT 4;\n");
  CommitInfo second = Commit({"b.sql", "c/d.sql"}, "feat: second");

  absl::StatusOr<CommitInfo> described = DescribeCommit(repo_, root.id);
  ASSERT_THAT(described, IsOk());
  EXPECT_THAT(described->files, ElementsAre("a.sql", "b.sql"));
  EXPECT_EQ(described->message, "feat: root\n");
  EXPECT_EQ(described->branch, "main");

  described = DescribeCommit(repo_, second.id.substr(0, 10));
  ASSERT_THAT(described, IsOk());
  EXPECT_EQ(described->id, second.id);
  EXPECT_THAT(described->files, ElementsAre("b.sql", "c/d.sql"));

  EXPECT_THAT(
      DescribeCommit(repo_, "0123456789abcdef0123456789abcdef01234567"),
      StatusIs(absl::StatusCode::kNotFound, HasSubstr("no commit 0123456789")));
  EXPECT_EQ(Count(repo_), 2);
}

}  // namespace
}  // namespace baton::gitops
