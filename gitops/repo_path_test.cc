#include "gitops/repo_path.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::gitops {
namespace {

using ::baton::testing::IsOk;
using ::baton::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;

TEST(ValidateRepoPathTest, AcceptsRelativeFilePaths) {
  EXPECT_THAT(ValidateRepoPath("schema.sql"), IsOk());
  EXPECT_THAT(ValidateRepoPath("database/migrations/001_add_phone.sql"),
              IsOk());
  EXPECT_THAT(ValidateRepoPath(".gitignore"), IsOk());
  EXPECT_THAT(ValidateRepoPath("docs/..notes.md"), IsOk());
}

TEST(ValidateRepoPathTest, RejectsPathsOutsideTheWorkingDirectory) {
  EXPECT_THAT(
      ValidateRepoPath("/etc/passwd"),
      StatusIs(absl::StatusCode::kInvalidArgument,
               AllOf(HasSubstr("\"/etc/passwd\""), HasSubstr("absolute"))));
  EXPECT_THAT(ValidateRepoPath("../outside.sql"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("'..'")));
  EXPECT_THAT(ValidateRepoPath("database/../../outside.sql"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("'..'")));
}

TEST(ValidateRepoPathTest, RejectsMalformedPathsAndGitInternals) {
  EXPECT_THAT(ValidateRepoPath(""),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("empty")));
  EXPECT_THAT(
      ValidateRepoPath("database/"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("directory")));
  EXPECT_THAT(ValidateRepoPath("./schema.sql"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("'.'")));
  EXPECT_THAT(ValidateRepoPath("a//b.sql"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("empty")));
  EXPECT_THAT(ValidateRepoPath(".git/config"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(".git/")));
  EXPECT_THAT(ValidateRepoPath(".GIT/hooks/pre-commit"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(".git/")));
}

}  // namespace
}  // namespace baton::gitops
