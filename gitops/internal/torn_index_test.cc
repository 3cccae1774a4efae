#include "gitops/internal/torn_index.h"

#include <git2.h>

#include "absl/time/clock.h"
#include "gtest/gtest.h"

namespace baton::gitops::internal {
namespace {

// Fails like libgit2 does on a torn read.
int Fail(int klass, const char* message) {
  git_error_set_str(klass, message);
  return -1;
}

TEST(TornIndexTest, TornReadsAreRecognisedAndOtherErrorsAreNot) {
  EXPECT_TRUE(IsTornIndexRead(
      Fail(GIT_ERROR_INDEX, "invalid data in index - calculated checksum does not match expected")));
  EXPECT_TRUE(IsTornIndexRead(
      Fail(GIT_ERROR_FILESYSTEM, "could not read (expected 21739 bytes, read 21718)")));
  EXPECT_FALSE(IsTornIndexRead(Fail(GIT_ERROR_FILESYSTEM, "failed to stat 'x': No such file")));
  EXPECT_FALSE(IsTornIndexRead(Fail(GIT_ERROR_REFERENCE, "reference 'HEAD' not found")));
  EXPECT_FALSE(IsTornIndexRead(0));
}

TEST(TornIndexTest, ATornReadIsReadAgainUntilItSucceeds) {
  int calls = 0;
  const int code = RetryTornIndexReads([&] {
    return ++calls < 3 ? Fail(GIT_ERROR_INDEX, "invalid data in index - extension is truncated")
                       : 0;
  });
  EXPECT_EQ(code, 0);
  EXPECT_EQ(calls, 3);
}

TEST(TornIndexTest, OtherErrorsAreNotRetried) {
  int calls = 0;
  const int code = RetryTornIndexReads([&] {
    ++calls;
    return Fail(GIT_ERROR_OS, "permission denied");
  });
  EXPECT_EQ(code, -1);
  EXPECT_EQ(calls, 1);
}

TEST(TornIndexTest, ACorruptIndexStillFailsOncePatienceRunsOut) {
  int calls = 0;
  const absl::Time start = absl::Now();
  const int code = RetryTornIndexReads(
      [&] {
        ++calls;
        return Fail(GIT_ERROR_INDEX, "invalid data in index - incorrect header signature");
      },
      absl::Milliseconds(50));
  EXPECT_EQ(code, -1);
  EXPECT_GT(calls, 1);
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(50));
  EXPECT_STREQ(git_error_last()->message, "invalid data in index - incorrect header signature");
}

}  // namespace
}  // namespace baton::gitops::internal

int main(int argc, char** argv) {
  git_libgit2_init();
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
