#include "agents/cache/test_tools.h"

#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "agents/cache/node_tools.h"
#include "agents/cache/redis_server.h"

namespace baton::agents::cache {
namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? "" : value;
}

}  // namespace

std::string TestNodeModules() { return Env("BATON_NODE_MODULES"); }
std::string TestRedisUrl() { return Env("BATON_TEST_REDIS_URL"); }

bool RunningInCi() {
  const std::string ci = Env("CI");
  return ci == "true" || ci == "1";
}

std::string MissingCacheTools() {
  NodeToolsQuery query;
  // Tests copy fixtures without node_modules: the packages come from
  // BATON_NODE_MODULES.
  query.repo = Env("TEST_TMPDIR");
  query.baton_node_modules = TestNodeModules();
  query.path_env = "/usr/local/bin:/usr/bin:/bin";
  absl::StatusOr<NodeTools> tools = FindNodeTools(query);
  if (!tools.ok()) {
    return absl::StrCat(tools.status().message(),
                        " (tools/bootstrap.sh test passes --test_env=BATON_NODE_MODULES=...)");
  }
  const std::string url = TestRedisUrl();
  if (!url.empty()) {
    absl::Status ping = PingRedis(url);
    if (!ping.ok()) {
      return absl::StrCat("BATON_TEST_REDIS_URL is set but ", ping.message(),
                          " (start it with tools/start_test_redis.sh)");
    }
    return "";
  }
  if (FindOnPath("redis-server", "/usr/local/bin:/usr/bin:/usr/sbin:/bin").empty()) {
    return "no Redis: BATON_TEST_REDIS_URL is not set and redis-server is not installed "
           "(apt-get install redis-server; tools/bootstrap.sh test starts one)";
  }
  return "";
}

}  // namespace baton::agents::cache
