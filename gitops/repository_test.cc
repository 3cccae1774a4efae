#include "gitops/repository.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "gitops/committer.h"
#include "gitops/git_sandbox.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::gitops {
namespace {

using ::baton::testing::IsOk;
using ::baton::testing::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

// DirtyPaths, or a single "error: ..." element so failures show in matchers.
std::vector<std::string> Dirty(const std::string& repo,
                               const std::vector<std::string>& ignore = {}) {
  absl::StatusOr<std::vector<std::string>> paths = DirtyPaths(repo, ignore);
  if (!paths.ok()) return {"error: " + paths.status().ToString()};
  return *paths;
}

std::string Canonical(const std::string& path) {
  return std::filesystem::canonical(path).string();
}

class RepositoryTest : public ::testing::Test {
 protected:
  RepositoryTest() : repo_(sandbox_.Dir("repo")) {}

  void SetUp() override {
    ASSERT_THAT(InitRepository(repo_, "Ada", "ada@example.com"), IsOk());
  }

  GitSandbox sandbox_;
  std::string repo_;
};

TEST_F(RepositoryTest, InitWritesTheAuthorIntoTheLocalConfig) {
  std::string config = ReadFile(repo_ + "/.git/config");
  EXPECT_THAT(config, AllOf(HasSubstr("name = Ada"),
                            HasSubstr("email = ada@example.com")));
  EXPECT_EQ(ReadFile(repo_ + "/.git/HEAD"), "ref: refs/heads/main\n");
}

TEST_F(RepositoryTest, InitRefusesAnExistingRepository) {
  EXPECT_THAT(InitRepository(repo_, "Ada", "ada@example.com"),
              StatusIs(absl::StatusCode::kAlreadyExists,
                       HasSubstr("already a git repository")));
}

TEST_F(RepositoryTest, InitCreatesMissingDirectories) {
  std::string nested = sandbox_.root() + "/a/b/c";
  ASSERT_THAT(InitRepository(nested, "", ""), IsOk());
  EXPECT_TRUE(std::filesystem::is_directory(nested + "/.git"));
  EXPECT_THAT(ReadFile(nested + "/.git/config"), Not(HasSubstr("[user]")));
}

TEST_F(RepositoryTest, FindRepositoryRootSearchesUpwards) {
  std::string deep = sandbox_.Dir("repo/database/migrations");
  absl::StatusOr<std::string> root = FindRepositoryRoot(deep);
  ASSERT_THAT(root, IsOk());
  EXPECT_EQ(Canonical(*root), Canonical(repo_));
  EXPECT_NE(root->back(), '/');
}

TEST_F(RepositoryTest, FindRepositoryRootOutsideARepositoryTellsWhatToDo) {
  std::string outside = sandbox_.Dir("not-a-repo");
  EXPECT_THAT(
      FindRepositoryRoot(outside),
      StatusIs(absl::StatusCode::kNotFound,
               AllOf(HasSubstr("not inside a git repository: " + outside),
                     HasSubstr("git init"))));
}

TEST_F(RepositoryTest, DirtyPathsListsModifiedAndUntrackedButNotIgnored) {
  ASSERT_TRUE(
      WriteFile(repo_ + "/schema.sql", "CREATE TABLE users (id INT);\n"));
  ASSERT_TRUE(WriteFile(repo_ + "/.gitignore", "*.log\n"));
  ASSERT_THAT(CommitPaths({repo_, {"schema.sql", ".gitignore"}, "init", {}}),
              IsOk());
  EXPECT_THAT(Dirty(repo_), IsEmpty());

  ASSERT_TRUE(
      WriteFile(repo_ + "/schema.sql", "CREATE TABLE users (id BIGINT);\n"));
  ASSERT_TRUE(WriteFile(repo_ + "/database/migrations/001.sql", "SELECT 1;\n"));
  ASSERT_TRUE(WriteFile(repo_ + "/debug.log", "noise\n"));
  ASSERT_TRUE(WriteFile(repo_ + "/.baton/runs/r1/handoff.pb", "state"));
  ASSERT_TRUE(WriteFile(repo_ + "/.batonrc", "not baton state"));

  absl::StatusOr<std::vector<std::string>> dirty =
      DirtyPaths(repo_, {".baton/"});
  ASSERT_THAT(dirty, IsOk());
  EXPECT_THAT(*dirty, ElementsAre(".batonrc", "database/migrations/001.sql",
                                  "schema.sql"));

  dirty = DirtyPaths(repo_, {});
  ASSERT_THAT(dirty, IsOk());
  EXPECT_THAT(*dirty, ElementsAre(".baton/runs/r1/handoff.pb", ".batonrc",
                                  "database/migrations/001.sql", "schema.sql"));
}

TEST_F(RepositoryTest, DirtyPathsListsDeletedFiles) {
  ASSERT_TRUE(WriteFile(repo_ + "/old.sql", "SELECT 1;\n"));
  ASSERT_THAT(CommitPaths({repo_, {"old.sql"}, "init", {}}), IsOk());
  std::filesystem::remove(repo_ + "/old.sql");
  EXPECT_THAT(Dirty(repo_), ElementsAre("old.sql"));
}

TEST_F(RepositoryTest, DirtyPathsOutsideARepositoryIsNotFound) {
  EXPECT_THAT(
      DirtyPaths(sandbox_.Dir("elsewhere"), {}),
      StatusIs(absl::StatusCode::kNotFound, HasSubstr("not a git repository")));
}

TEST_F(RepositoryTest, ExcludeFromGitIsIdempotentAndTakesEffect) {
  ASSERT_TRUE(WriteFile(repo_ + "/.baton/runs/r1/handoff.pb", "state"));
  ASSERT_THAT(ExcludeFromGit(repo_, ".baton/"), IsOk());
  ASSERT_THAT(ExcludeFromGit(repo_, ".baton/"), IsOk());

  std::string exclude = ReadFile(repo_ + "/.git/info/exclude");
  size_t first = exclude.find("\n.baton/\n");
  ASSERT_NE(first, std::string::npos) << exclude;
  EXPECT_EQ(exclude.find(".baton/", first + 2), std::string::npos)
      << "added twice:\n"
      << exclude;
  EXPECT_THAT(Dirty(repo_), IsEmpty());
}

TEST_F(RepositoryTest, ExcludeFromGitAppendsOnANewLine) {
  std::filesystem::create_directories(repo_ + "/.git/info");
  {
    std::ofstream out(repo_ + "/.git/info/exclude", std::ios::trunc);
    out << "*.tmp";  // No final newline.
  }
  ASSERT_THAT(ExcludeFromGit(repo_, ".baton/"), IsOk());
  EXPECT_EQ(ReadFile(repo_ + "/.git/info/exclude"), "*.tmp\n.baton/\n");
}

TEST_F(RepositoryTest, ExcludeFromGitRejectsBadPatterns) {
  EXPECT_THAT(ExcludeFromGit(repo_, "  "),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("one non-empty line")));
  EXPECT_THAT(ExcludeFromGit(repo_, "a\nb"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("one non-empty line")));
  EXPECT_THAT(
      ExcludeFromGit(sandbox_.Dir("elsewhere"), ".baton/"),
      StatusIs(absl::StatusCode::kNotFound, HasSubstr("not a git repository")));
}

}  // namespace
}  // namespace baton::gitops
