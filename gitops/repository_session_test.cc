#include "gitops/repository_session.h"

#include <git2.h>

#include <memory>
#include <string>
#include <vector>

#include "gitops/committer.h"
#include "gitops/git_sandbox.h"
#include "gitops/internal/handles.h"
#include "gitops/repository.h"
#include "gitops/worktree.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::gitops {
namespace {

using ::baton::testing::IsOk;
using ::testing::Contains;

class RepositorySessionTest : public ::testing::Test {
 protected:
  RepositorySessionTest() : repo_(sandbox_.Dir("repo")) {}

  void SetUp() override {
    ASSERT_THAT(InitRepository(repo_, "Ada Lovelace", "ada@example.com"), IsOk());
  }

  std::string Commit(const std::string& path, const std::string& contents) {
    EXPECT_TRUE(WriteFile(repo_ + "/" + path, contents));
    absl::StatusOr<CommitInfo> info = CommitPaths({repo_, {path}, "chore: " + path, {}});
    EXPECT_THAT(info, IsOk());
    return info.ok() ? info->id : "";
  }

  // Stages `path` the way another git process would: its own handle.
  void StageElsewhere(const std::string& path, const std::string& contents) {
    ASSERT_TRUE(WriteFile(repo_ + "/" + path, contents));
    absl::StatusOr<internal::RepositoryPtr> other = internal::OpenUncached(repo_);
    ASSERT_THAT(other, IsOk());
    git_index* index = nullptr;
    ASSERT_EQ(git_repository_index(&index, other->get()), 0);
    ASSERT_EQ(git_index_add_bypath(index, path.c_str()), 0);
    ASSERT_EQ(git_index_write(index), 0);
    git_index_free(index);
  }

  GitSandbox sandbox_;
  std::string repo_;
};

TEST_F(RepositorySessionTest, AnActiveSessionOpensTheRepositoryOnce) {
  RepositorySession session(repo_);
  git_repository* first = nullptr;
  {
    auto active = session.Activate();
    absl::StatusOr<internal::RepositoryPtr> a = internal::OpenRepository(repo_);
    ASSERT_THAT(a, IsOk());
    first = a->get();
  }
  {
    auto active = session.Activate();
    absl::StatusOr<internal::RepositoryPtr> b = internal::OpenRepository(repo_);
    ASSERT_THAT(b, IsOk());
    EXPECT_EQ(b->get(), first);  // Kept open between activations.
    // Another path is opened as usual.
    absl::StatusOr<internal::RepositoryPtr> other =
        internal::OpenRepository(repo_ + "/");
    ASSERT_THAT(other, IsOk());
    EXPECT_NE(other->get(), first);
  }
  // Not active: a handle of its own.
  absl::StatusOr<internal::RepositoryPtr> c = internal::OpenRepository(repo_);
  ASSERT_THAT(c, IsOk());
  EXPECT_NE(c->get(), first);
}

TEST_F(RepositorySessionTest, ActivatingAnActiveSessionAgainChangesNothing) {
  auto session = std::make_unique<RepositorySession>(repo_);
  {
    auto outer = session->Activate();
    {
      auto inner = session->Activate();  // e.g. one tracker method calling another
      ASSERT_THAT(internal::OpenRepository(repo_), IsOk());
    }
    ASSERT_THAT(internal::OpenRepository(repo_), IsOk());
  }
  session.reset();
  // Nothing refers to the destroyed session: opening works as usual.
  absl::StatusOr<internal::RepositoryPtr> after = internal::OpenRepository(repo_);
  ASSERT_THAT(after, IsOk());
  EXPECT_NE(after->get(), nullptr);
}

TEST_F(RepositorySessionTest, ChangesMadeByOthersMeanwhileAreSeen) {
  Commit("a.txt", "a\n");
  RepositorySession session(repo_);
  auto active = session.Activate();
  std::string ours = Commit("b.txt", "b\n");
  EXPECT_EQ(*HeadCommitId(repo_), ours);

  // Someone else commits and stages, through handles of their own.
  std::string theirs;
  {
    RepositorySession elsewhere("/nowhere");  // Hides ours for this block.
    auto hidden = elsewhere.Activate();
    theirs = Commit("c.txt", "c\n");
    StageElsewhere("staged.txt", "staged by someone else\n");
  }
  EXPECT_EQ(*HeadCommitId(repo_), theirs);  // HEAD is read again.

  // Our next commit keeps what they staged (the index is read again).
  Commit("d.txt", "d\n");
  absl::StatusOr<std::vector<std::string>> dirty = DirtyPaths(repo_, {});
  ASSERT_THAT(dirty, IsOk());
  EXPECT_THAT(*dirty, Contains("staged.txt"));
  absl::StatusOr<internal::RepositoryPtr> fresh = internal::OpenUncached(repo_);
  ASSERT_THAT(fresh, IsOk());
  git_index* index = nullptr;
  ASSERT_EQ(git_repository_index(&index, fresh->get()), 0);
  EXPECT_NE(git_index_get_bypath(index, "staged.txt", 0), nullptr);
  EXPECT_NE(git_index_get_bypath(index, "d.txt", 0), nullptr);
  git_index_free(index);
}

}  // namespace
}  // namespace baton::gitops
