#include "gitops/path_status.h"

#include <filesystem>

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
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// "path=state" strings, or one "error: ..." element.
std::vector<std::string> Listed(const std::string& repo,
                                const std::vector<std::string>& ignore = {}) {
  absl::StatusOr<std::vector<PathStatus>> paths = ListPathStatus(repo, ignore);
  if (!paths.ok()) return {"error: " + paths.status().ToString()};
  std::vector<std::string> lines;
  for (const PathStatus& path : *paths) {
    lines.push_back(path.path + "=" + std::string(PathStateName(path.state)));
  }
  return lines;
}

class PathStatusTest : public ::testing::Test {
 protected:
  PathStatusTest() : repo_(sandbox_.Dir("repo")) {}

  void SetUp() override {
    ASSERT_THAT(InitRepository(repo_, "Ada", "ada@example.com"), IsOk());
    ASSERT_TRUE(WriteFile(repo_ + "/kept.txt", "kept\n"));
    ASSERT_TRUE(WriteFile(repo_ + "/edited.txt", "one\n"));
    ASSERT_TRUE(WriteFile(repo_ + "/doomed.txt", "bye\n"));
    ASSERT_TRUE(WriteFile(repo_ + "/.gitignore", "*.log\n"));
    ASSERT_TRUE(CommitPaths({repo_,
                             {"kept.txt", "edited.txt", "doomed.txt", ".gitignore"},
                             "chore: start",
                             {}})
                    .ok());
  }

  GitSandbox sandbox_;
  std::string repo_;
};

TEST_F(PathStatusTest, CleanTreeListsNothing) {
  EXPECT_THAT(Listed(repo_), IsEmpty());
}

TEST_F(PathStatusTest, NamesNewModifiedDeletedAndTypeChangedFiles) {
  ASSERT_TRUE(WriteFile(repo_ + "/edited.txt", "two\n"));
  ASSERT_TRUE(WriteFile(repo_ + "/docs/new/deep.md", "# new\n"));
  std::filesystem::remove(repo_ + "/doomed.txt");
  std::filesystem::remove(repo_ + "/kept.txt");
  std::filesystem::create_symlink("edited.txt", repo_ + "/kept.txt");
  ASSERT_TRUE(WriteFile(repo_ + "/debug.log", "ignored by .gitignore\n"));
  EXPECT_THAT(Listed(repo_), ElementsAre("docs/new/deep.md=new", "doomed.txt=deleted",
                                         "edited.txt=modified", "kept.txt=type changed"));
}

TEST_F(PathStatusTest, LeavesOutIgnoredPrefixes) {
  ASSERT_TRUE(WriteFile(repo_ + "/.baton/runs/x/checkpoint", "state"));
  ASSERT_TRUE(WriteFile(repo_ + "/notes.md", "notes"));
  EXPECT_THAT(Listed(repo_, {".baton/"}), ElementsAre("notes.md=new"));
}

TEST_F(PathStatusTest, StagedChangesCount) {
  ASSERT_TRUE(WriteFile(repo_ + "/staged.txt", "staged"));
  ASSERT_TRUE(CommitPaths({repo_, {"staged.txt"}, "feat: staged", {}}).ok());
  EXPECT_THAT(Listed(repo_), IsEmpty());
  ASSERT_TRUE(WriteFile(repo_ + "/staged.txt", "changed after commit"));
  EXPECT_THAT(Listed(repo_), ElementsAre("staged.txt=modified"));
}

TEST_F(PathStatusTest, NotARepositoryIsNotFound) {
  EXPECT_THAT(ListPathStatus(sandbox_.Dir("plain"), {}),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("not a git repository")));
}

}  // namespace
}  // namespace baton::gitops
