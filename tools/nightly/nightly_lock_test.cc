// The lock within one process (a second open file description conflicts
// like another process would); nightly_command_test runs real processes.
#include "tools/nightly/nightly_lock.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <thread>

#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace baton::nightly {
namespace {

using ::testing::HasSubstr;

std::string LockPath(const std::string& name) {
  return std::string(std::getenv("TEST_TMPDIR")) + "/" + name + "/nightly.lock";
}

TEST(NightlyLockTest, ParsesPolicies) {
  EXPECT_EQ(*ParseOverlapPolicy("skip"), OverlapPolicy::kSkip);
  EXPECT_EQ(*ParseOverlapPolicy("queue"), OverlapPolicy::kQueue);
  EXPECT_EQ(*ParseOverlapPolicy("replace"), OverlapPolicy::kReplace);
  EXPECT_THAT(ParseOverlapPolicy("kill").status().message(),
              HasSubstr("\"kill\" is not one of skip, queue, replace"));
}

TEST(NightlyLockTest, SkipGivesUpAtOnceNamingTheHolder) {
  const std::string path = LockPath("skip");
  absl::StatusOr<NightlyLock> first =
      NightlyLock::Acquire(path, OverlapPolicy::kSkip, absl::ZeroDuration(), nullptr);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(NightlyLock::HolderPid(path), ::getpid());
  const absl::Time start = absl::Now();
  absl::StatusOr<NightlyLock> second =
      NightlyLock::Acquire(path, OverlapPolicy::kSkip, absl::Seconds(30), nullptr);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(second.status().message(),
              HasSubstr(absl::StrCat("already running (pid ", ::getpid(), ")")));
  EXPECT_LT(absl::Now() - start, absl::Seconds(2));
}

TEST(NightlyLockTest, QueueWaitsForTheHolderToLetGo) {
  const std::string path = LockPath("queue");
  auto first = std::make_unique<absl::StatusOr<NightlyLock>>(
      NightlyLock::Acquire(path, OverlapPolicy::kSkip, absl::ZeroDuration(), nullptr));
  ASSERT_TRUE(first->ok());
  std::thread release([&] {
    absl::SleepFor(absl::Milliseconds(400));
    first.reset();
  });
  std::string note;
  const absl::Time start = absl::Now();
  absl::StatusOr<NightlyLock> second =
      NightlyLock::Acquire(path, OverlapPolicy::kQueue, absl::Seconds(10), &note);
  release.join();
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(350));
  EXPECT_THAT(note, HasSubstr("waited"));
}

TEST(NightlyLockTest, QueueGivesUpAfterItsWait) {
  const std::string path = LockPath("expire");
  absl::StatusOr<NightlyLock> first =
      NightlyLock::Acquire(path, OverlapPolicy::kSkip, absl::ZeroDuration(), nullptr);
  ASSERT_TRUE(first.ok());
  absl::StatusOr<NightlyLock> second =
      NightlyLock::Acquire(path, OverlapPolicy::kQueue, absl::Milliseconds(300), nullptr);
  EXPECT_EQ(second.status().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_THAT(second.status().message(), HasSubstr("still running after"));
}

TEST(NightlyLockTest, ReplaceSendsSigtermToTheHolderAndTakesOver) {
  const std::string path = LockPath("replace");
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // The old nightly: holds the lock until SIGTERM ends it.
    absl::StatusOr<NightlyLock> held =
        NightlyLock::Acquire(path, OverlapPolicy::kSkip, absl::ZeroDuration(), nullptr);
    char byte = held.ok() ? 'y' : 'n';
    (void)!::write(ready[1], &byte, 1);
    for (;;) ::pause();
  }
  char byte = 0;
  ASSERT_EQ(::read(ready[0], &byte, 1), 1);
  ASSERT_EQ(byte, 'y');
  std::string note;
  absl::StatusOr<NightlyLock> mine =
      NightlyLock::Acquire(path, OverlapPolicy::kReplace, absl::Seconds(10), &note);
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(mine.ok()) << mine.status();
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
  EXPECT_THAT(note, HasSubstr(absl::StrCat("replaced pid ", child)));
  EXPECT_EQ(NightlyLock::HolderPid(path), ::getpid());
}

}  // namespace
}  // namespace baton::nightly
