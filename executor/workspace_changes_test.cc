#include "executor/workspace_changes.h"

#include <filesystem>

#include "gitops/committer.h"
#include "gitops/git_sandbox.h"
#include "gitops/repository.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::executor {
namespace {

using ::baton::gitops::WriteFile;
using ::baton::testing::IsOk;
using ::baton::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// "path" with " (deleted)" / " (outside)" marks, or one "error: ..." element.
std::vector<std::string> Changes(const WorkspaceBaseline& before) {
  absl::StatusOr<std::vector<FileChange>> changes = ChangesSince(before);
  if (!changes.ok()) return {"error: " + changes.status().ToString()};
  std::vector<std::string> lines;
  for (const FileChange& change : *changes) {
    lines.push_back(change.path + (change.deleted ? " (deleted)" : "") +
                    (change.outside_workspace ? " (outside)" : ""));
  }
  return lines;
}

class WorkspaceChangesTest : public ::testing::Test {
 protected:
  WorkspaceChangesTest() : repo_(sandbox_.Dir("repo")) {}

  void SetUp() override {
    ASSERT_THAT(gitops::InitRepository(repo_, "Ada", "ada@example.com"), IsOk());
    ASSERT_TRUE(WriteFile(repo_ + "/app/main.sql", "select 1;\n"));
    ASSERT_TRUE(WriteFile(repo_ + "/app/old.sql", "select 2;\n"));
    ASSERT_TRUE(WriteFile(repo_ + "/docs/readme.md", "# docs\n"));
    ASSERT_TRUE(gitops::CommitPaths({repo_,
                                     {"app/main.sql", "app/old.sql", "docs/readme.md"},
                                     "chore: start",
                                     {}})
                    .ok());
  }

  WorkspaceBaseline Snapshot(const std::string& workspace) {
    absl::StatusOr<WorkspaceBaseline> snapshot = TakeWorkspaceBaseline(workspace);
    EXPECT_THAT(snapshot, IsOk());
    return snapshot.ok() ? *snapshot : WorkspaceBaseline{};
  }

  gitops::GitSandbox sandbox_;
  std::string repo_;
};

TEST_F(WorkspaceChangesTest, NothingChangedListsNothingEvenWhenAlreadyDirty) {
  ASSERT_TRUE(WriteFile(repo_ + "/app/main.sql", "select 'dirty';\n"));
  WorkspaceBaseline before = Snapshot(repo_);
  EXPECT_THAT(Changes(before), IsEmpty());
}

TEST_F(WorkspaceChangesTest, SeesNewEditedAndDeletedFilesAndReEditsOfDirtyFiles) {
  ASSERT_TRUE(WriteFile(repo_ + "/app/main.sql", "select 'dirty';\n"));
  ASSERT_TRUE(WriteFile(repo_ + "/untouched.txt", "was already here\n"));
  WorkspaceBaseline before = Snapshot(repo_);
  ASSERT_TRUE(WriteFile(repo_ + "/app/main.sql", "select 'edited again';\n"));
  ASSERT_TRUE(WriteFile(repo_ + "/docs/notes/new.md", "new\n"));
  std::filesystem::remove(repo_ + "/app/old.sql");
  ASSERT_TRUE(WriteFile(repo_ + "/.baton/runs/r/state", "Baton's own files are not changes"));
  EXPECT_THAT(Changes(before), ElementsAre("app/main.sql", "app/old.sql (deleted)",
                                           "docs/notes/new.md"));
}

TEST_F(WorkspaceChangesTest, RevertingADirtyFileIsAChange) {
  ASSERT_TRUE(WriteFile(repo_ + "/docs/readme.md", "# dirty\n"));
  WorkspaceBaseline before = Snapshot(repo_);
  ASSERT_TRUE(WriteFile(repo_ + "/docs/readme.md", "# docs\n"));
  EXPECT_THAT(Changes(before), ElementsAre("docs/readme.md"));
}

TEST_F(WorkspaceChangesTest, SubfolderWorkspaceMarksChangesElsewhereAsOutside) {
  WorkspaceBaseline before = Snapshot(repo_ + "/app");
  EXPECT_EQ(before.prefix, "app/");
  ASSERT_TRUE(WriteFile(repo_ + "/app/new.sql", "select 3;\n"));
  ASSERT_TRUE(WriteFile(repo_ + "/docs/readme.md", "# changed from app/\n"));
  EXPECT_THAT(Changes(before), ElementsAre("new.sql", "docs/readme.md (outside)"));
}

TEST_F(WorkspaceChangesTest, WorkspaceOutsideGitIsFailedPrecondition) {
  EXPECT_THAT(TakeWorkspaceBaseline(sandbox_.Dir("plain")),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("is not inside a git repository")));
  EXPECT_THAT(TakeWorkspaceBaseline(sandbox_.root() + "/missing"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("workspace missing")));
}

}  // namespace
}  // namespace baton::executor
