// Starts real redis-server processes (skips without one, fails under CI).
#include "agents/cache/redis_server.h"

#include <signal.h>

#include <cstdlib>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "agents/cache/node_tools.h"
#include "agents/cache/test_tools.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::agents::cache {
namespace {

using ::testing::HasSubstr;
using ::baton::testing::IsOk;
using ::baton::testing::StatusIs;

TEST(ParseRedisUrlTest, ReadsHostPortAndPassword) {
  absl::StatusOr<RedisAddress> address = ParseRedisUrl("redis://:s3cret@127.0.0.1:63799/0");
  ASSERT_THAT(address, IsOk());
  EXPECT_EQ(address->host, "127.0.0.1");
  EXPECT_EQ(address->port, 63799);
  EXPECT_EQ(address->password, "s3cret");
  EXPECT_EQ(ParseRedisUrl("redis://cache.internal")->port, 6379);
  EXPECT_EQ(RedactRedisUrl("redis://:s3cret@h:1"), "redis://h:1");
  EXPECT_THAT(ParseRedisUrl("http://:pw@h:1"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("\"http://h:1\" is not a Redis URL"),
                             ::testing::Not(HasSubstr("pw")))));
}

TEST(PingRedisTest, NothingListeningIsUnavailableNamingTheUrl) {
  EXPECT_THAT(PingRedis("redis://127.0.0.1:1", absl::Milliseconds(300)),
              StatusIs(absl::StatusCode::kUnavailable,
                       HasSubstr("no Redis server answers at redis://127.0.0.1:1")));
}

TEST(ThrowawayRedisTest, StartsAnswersAndStopsWithItsOwner) {
  const std::string server = FindOnPath("redis-server", "/usr/local/bin:/usr/bin:/usr/sbin:/bin");
  if (server.empty()) {
    if (RunningInCi()) FAIL() << "redis-server is not installed (apt-get install redis-server)";
    GTEST_SKIP() << "redis-server is not installed";
  }
  const std::string dir = absl::StrCat(std::getenv("TEST_TMPDIR"), "/redis");
  std::filesystem::create_directories(dir);
  pid_t pid = 0;
  std::string url;
  {
    absl::StatusOr<std::unique_ptr<ThrowawayRedis>> redis = ThrowawayRedis::Start(server, dir);
    ASSERT_THAT(redis, IsOk());
    url = (*redis)->url();
    pid = (*redis)->pid();
    EXPECT_THAT(url, ::testing::StartsWith("redis://127.0.0.1:"));
    EXPECT_THAT(PingRedis(url), IsOk());
  }
  EXPECT_NE(kill(pid, 0), 0) << "redis-server still runs after its owner went away";
  EXPECT_THAT(PingRedis(url, absl::Milliseconds(300)),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("no Redis server answers")));
  EXPECT_FALSE(std::filesystem::exists(dir + "/dump.rdb"));
}

TEST(ThrowawayRedisTest, ServerThatCannotStartReportsItsLog) {
  const std::string dir = absl::StrCat(std::getenv("TEST_TMPDIR"), "/bad");
  std::filesystem::create_directories(dir);
  EXPECT_THAT(ThrowawayRedis::Start("/bin/false", dir),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("redis-server exited at start-up")));
}

}  // namespace
}  // namespace baton::agents::cache
