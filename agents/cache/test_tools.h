// Test helper: what the cache tests need from the machine, and the rule for
// when it is missing (skip with the reason, except under CI=true: fail).
//   node + ioredis/typescript/@types/node: BATON_NODE_MODULES (tools/bootstrap.sh
//     installs them into ~/.cache/baton/node-tools and passes the folder);
//   Redis: BATON_TEST_REDIS_URL (tools/start_test_redis.sh), else a throwaway
//     redis-server when one is installed.
//
//   TEST_F(MyTest, Works) { BATON_REQUIRE_CACHE_TOOLS(); ... }
#ifndef BATON_AGENTS_CACHE_TEST_TOOLS_H_
#define BATON_AGENTS_CACHE_TEST_TOOLS_H_

#include <string>

#include "gtest/gtest.h"

namespace baton::agents::cache {

// "" when node, the node packages and a Redis are available; else why not.
std::string MissingCacheTools();

// BATON_NODE_MODULES and BATON_TEST_REDIS_URL, or "".
std::string TestNodeModules();
std::string TestRedisUrl();

bool RunningInCi();

}  // namespace baton::agents::cache

#define BATON_REQUIRE_CACHE_TOOLS()                                                   \
  do {                                                                                \
    const std::string baton_missing = ::baton::agents::cache::MissingCacheTools();    \
    if (!baton_missing.empty()) {                                                     \
      if (::baton::agents::cache::RunningInCi()) FAIL() << baton_missing;             \
      GTEST_SKIP() << baton_missing;                                                  \
    }                                                                                 \
  } while (false)

#endif  // BATON_AGENTS_CACHE_TEST_TOOLS_H_
