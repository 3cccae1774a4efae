#include "gitops/workspace_snapshot.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "gitops/committer.h"
#include "gitops/git_sandbox.h"
#include "gitops/repository.h"
#include "gitops/worktree.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::gitops {
namespace {

using ::baton::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class WorkspaceSnapshotTest : public ::testing::Test {
 protected:
  void SetUp() override {
    repo_ = sandbox_.Dir("repo");
    ASSERT_TRUE(InitRepository(repo_, "T", "t@example.com").ok());
    ASSERT_TRUE(WriteFile(repo_ + "/db/001.sql", "CREATE TABLE t (id INT);\n"));
    CommitRequest first{repo_, {"db/001.sql"}, "initial", {}};
    ASSERT_TRUE(CommitPaths(first).ok());
  }

  GitSandbox sandbox_;
  std::string repo_;
};

TEST_F(WorkspaceSnapshotTest, RestoreRemovesPartialFilesAndPutsBackSnapshotted) {
  ASSERT_TRUE(WriteFile(repo_ + "/db/002.sql", "ALTER TABLE t ADD c INT;\n"));
  absl::StatusOr<WorkspaceSnapshot> snapshot = TakeSnapshot(repo_, {"db/002.sql"});
  ASSERT_TRUE(snapshot.ok()) << snapshot.status();
  ASSERT_EQ(snapshot->entries.size(), 1u);

  // A later step dies half-way: it rewrote 002, edited 001, left a partial file.
  ASSERT_TRUE(WriteFile(repo_ + "/db/002.sql", "garbage"));
  ASSERT_TRUE(WriteFile(repo_ + "/db/001.sql", "half-written"));
  ASSERT_TRUE(WriteFile(repo_ + "/db/tmp/partial.sql", "par"));

  absl::StatusOr<std::vector<std::string>> changed = RestoreSnapshot(repo_, *snapshot, {});
  ASSERT_TRUE(changed.ok()) << changed.status();
  EXPECT_THAT(*changed, ElementsAre("db/001.sql", "db/002.sql", "db/tmp/partial.sql"));
  EXPECT_EQ(Read(repo_ + "/db/002.sql"), "ALTER TABLE t ADD c INT;\n");
  EXPECT_EQ(Read(repo_ + "/db/001.sql"), "CREATE TABLE t (id INT);\n");
  EXPECT_FALSE(std::filesystem::exists(repo_ + "/db/tmp"));
  EXPECT_THAT(*DirtyPaths(repo_, {}), ElementsAre("db/002.sql"));
}

// A repository that normalizes line endings (.gitattributes text=auto) must
// not change what a restore writes back: the snapshot keeps the bytes that
// were on disk, CRLF included.
TEST_F(WorkspaceSnapshotTest, RestoreGivesBackExactBytesDespiteLineEndingFilters) {
  ASSERT_TRUE(WriteFile(repo_ + "/.gitattributes", "* text=auto\n"));
  CommitRequest attributes{repo_, {".gitattributes"}, "normalize line endings", {}};
  ASSERT_TRUE(CommitPaths(attributes).ok());
  const std::string crlf = "SELECT 1;\r\nSELECT 2;\r\n";
  ASSERT_TRUE(WriteFile(repo_ + "/db/002.sql", crlf));
  absl::StatusOr<WorkspaceSnapshot> snapshot = TakeSnapshot(repo_, {"db/002.sql"});
  ASSERT_TRUE(snapshot.ok()) << snapshot.status();

  ASSERT_TRUE(WriteFile(repo_ + "/db/002.sql", "half"));
  ASSERT_TRUE(RestoreSnapshot(repo_, *snapshot, {}).ok());
  std::ifstream in(repo_ + "/db/002.sql", std::ios::binary);
  std::string restored((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(restored, crlf);
}

TEST_F(WorkspaceSnapshotTest, RestoreIsANoOpWhenNothingChanged) {
  ASSERT_TRUE(WriteFile(repo_ + "/db/002.sql", "x"));
  absl::StatusOr<WorkspaceSnapshot> snapshot = TakeSnapshot(repo_, {"db/002.sql"});
  ASSERT_TRUE(snapshot.ok());
  EXPECT_THAT(*RestoreSnapshot(repo_, *snapshot, {}), IsEmpty());
}

TEST_F(WorkspaceSnapshotTest, ProtectedPathsAreNeverTouched) {
  ASSERT_TRUE(WriteFile(repo_ + "/notes.txt", "the user's own work"));
  absl::StatusOr<WorkspaceSnapshot> snapshot = TakeSnapshot(repo_, {});
  RestoreOptions options;
  options.protected_paths = {"notes.txt"};
  ASSERT_TRUE(RestoreSnapshot(repo_, *snapshot, options).ok());
  EXPECT_EQ(Read(repo_ + "/notes.txt"), "the user's own work");
}

TEST_F(WorkspaceSnapshotTest, DeletedPathIsRecordedAndRestoredAsDeleted) {
  absl::StatusOr<WorkspaceSnapshot> snapshot = TakeSnapshot(repo_, {"db/gone.sql"});
  ASSERT_TRUE(snapshot.ok());
  EXPECT_TRUE(snapshot->entries[0].blob_id.empty());
  ASSERT_TRUE(WriteFile(repo_ + "/db/gone.sql", "came back"));
  ASSERT_TRUE(RestoreSnapshot(repo_, *snapshot, {}).ok());
  EXPECT_FALSE(std::filesystem::exists(repo_ + "/db/gone.sql"));
}

TEST_F(WorkspaceSnapshotTest, MovedHeadIsRefusedUnlessTheBranchIsOurs) {
  ASSERT_TRUE(WriteFile(repo_ + "/db/002.sql", "x"));
  absl::StatusOr<WorkspaceSnapshot> before = TakeSnapshot(repo_, {"db/002.sql"});
  CommitRequest second{repo_, {"db/002.sql"}, "second", {}};
  ASSERT_TRUE(CommitPaths(second).ok());
  EXPECT_THAT(RestoreSnapshot(repo_, *before, {}),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("moved")));
  RestoreOptions ours;
  ours.move_head = true;
  ASSERT_TRUE(RestoreSnapshot(repo_, *before, ours).ok());
  EXPECT_EQ(*HeadCommitId(repo_), before->head);
  EXPECT_EQ(*CountCommits(repo_), 1);
  EXPECT_EQ(Read(repo_ + "/db/002.sql"), "x");
  EXPECT_THAT(*DirtyPaths(repo_, {}), ElementsAre("db/002.sql"));
}

TEST_F(WorkspaceSnapshotTest, WorktreeGetsItsOwnBranchAndLeavesTheCheckoutAlone) {
  std::string tree = sandbox_.root() + "/trees/run-1";
  ASSERT_TRUE(AddWorktree(repo_, "run-1", tree, "baton/run-1").ok());
  EXPECT_EQ(Read(tree + "/db/001.sql"), "CREATE TABLE t (id INT);\n");
  ASSERT_TRUE(WriteFile(tree + "/db/002.sql", "x"));
  CommitRequest commit{tree, {"db/002.sql"}, "in the worktree", {}};
  absl::StatusOr<CommitInfo> info = CommitPaths(commit);
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->branch, "baton/run-1");
  EXPECT_EQ(*CountCommits(repo_), 1);  // main is untouched
  EXPECT_FALSE(std::filesystem::exists(repo_ + "/db/002.sql"));
  EXPECT_EQ(AddWorktree(repo_, "run-1", tree, "baton/run-1").code(),
            absl::StatusCode::kAlreadyExists);
  ASSERT_TRUE(RemoveWorktree(repo_, "run-1").ok());
  EXPECT_FALSE(std::filesystem::exists(tree));
}

TEST_F(WorkspaceSnapshotTest, DiscardedWorktreeLeavesNeitherFolderNorBranch) {
  std::string tree = sandbox_.root() + "/trees/run-2";
  ASSERT_TRUE(AddWorktree(repo_, "run-2", tree, "baton/run-2").ok());
  ASSERT_TRUE(DiscardWorktree(repo_, "run-2", "baton/run-2").ok());
  EXPECT_FALSE(std::filesystem::exists(tree));
  absl::Status twice = DiscardWorktree(repo_, "run-2", "baton/run-2");
  EXPECT_TRUE(twice.ok()) << twice;  // Nothing left: fine.
  // Both names are free again: the same worktree and branch can be made anew.
  absl::Status again = AddWorktree(repo_, "run-2", tree, "baton/run-2");
  EXPECT_TRUE(again.ok()) << again;
}

TEST_F(WorkspaceSnapshotTest, AWorktreeThatCannotBeAddedLeavesNoBranch) {
  std::string tree = sandbox_.root() + "/trees/run-3";
  ASSERT_TRUE(AddWorktree(repo_, "run-3", tree, "baton/run-3").ok());
  // Same worktree name, new branch: the worktree exists, so the new branch goes too.
  EXPECT_EQ(AddWorktree(repo_, "run-3", tree, "baton/other").code(),
            absl::StatusCode::kAlreadyExists);
  ASSERT_TRUE(RemoveWorktree(repo_, "run-3").ok());
  EXPECT_TRUE(AddWorktree(repo_, "run-4", sandbox_.root() + "/trees/run-4", "baton/other").ok());
}

}  // namespace
}  // namespace baton::gitops
