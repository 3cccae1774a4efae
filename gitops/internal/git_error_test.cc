#include "gitops/internal/git_error.h"

#include <git2.h>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::gitops::internal {
namespace {

using ::baton::testing::IsOk;
using ::baton::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::StartsWith;

class GitErrorTest : public ::testing::Test {
 protected:
  GitErrorTest() { git_libgit2_init(); }
  ~GitErrorTest() override { git_libgit2_shutdown(); }
};

TEST_F(GitErrorTest, NonNegativeCodesAreOk) {
  EXPECT_THAT(GitStatus(0, "anything"), IsOk());
  EXPECT_THAT(GitStatus(3, "anything"), IsOk());
}

TEST_F(GitErrorTest, CarriesTheActionAndLibgit2sMessage) {
  git_repository* repo = nullptr;
  int rc = git_repository_open(&repo, "/nonexistent/baton/repo");
  ASSERT_EQ(rc, GIT_ENOTFOUND);
  EXPECT_THAT(
      GitStatus(rc, "cannot open /nonexistent/baton/repo"),
      StatusIs(absl::StatusCode::kNotFound,
               AllOf(StartsWith("cannot open /nonexistent/baton/repo: "),
                     HasSubstr("/nonexistent/baton/repo"))));
}

TEST_F(GitErrorTest, MapsCodesToWhatTheCallerShouldDo) {
  git_error_clear();
  EXPECT_THAT(
      GitStatus(GIT_ELOCKED, "write index"),
      StatusIs(absl::StatusCode::kUnavailable, StartsWith("write index: ")));
  EXPECT_THAT(GitStatus(GIT_EMODIFIED, "commit"),
              StatusIs(absl::StatusCode::kAborted, HasSubstr("commit")));
  EXPECT_THAT(GitStatus(GIT_EEXISTS, "init"),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("init")));
  EXPECT_THAT(
      GitStatus(GIT_EBAREREPO, "status"),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("status")));
  EXPECT_THAT(
      GitStatus(GIT_EAMBIGUOUS, "revparse"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("revparse")));
  EXPECT_THAT(
      GitStatus(GIT_ERROR, "read"),
      StatusIs(absl::StatusCode::kInternal, HasSubstr("libgit2 error -1")));
}

}  // namespace
}  // namespace baton::gitops::internal
