// The qa-specialist's proof that a cache-aside module works: the module is
// compiled with `tsc` (strict) together with the repository's TypeScript
// sources and a generated harness (ts_cache_module.h), then the harness runs
// with node against a real Redis (the URL given, else a throwaway
// redis-server on a free loopback port) and a counting fake repository.
// Each property the harness proves or refutes is one PropertyCheck:
//   compiles, miss-fills, hit-skips-db, update-invalidates,
//   delete-invalidates, ttl-expires.
// All work happens in a folder under scratch_dir; the repository is only read.
// Thread-compatible.
#ifndef BATON_AGENTS_CACHE_CACHE_VERIFIER_H_
#define BATON_AGENTS_CACHE_CACHE_VERIFIER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "agents/cache/cache_design.h"

namespace baton::agents::cache {

struct CacheVerifyOptions {
  std::string repo;
  CacheDesign design;
  std::string scratch_dir;
  // A redis:// URL; empty starts a throwaway redis-server.
  std::string redis_url;
  // BATON_NODE_MODULES, BATON_NODE and PATH (node_tools.h).
  std::string baton_node_modules;
  std::string node;
  std::string path_env = "/usr/local/bin:/usr/bin:/bin";
  absl::Duration timeout = absl::Minutes(3);
};

struct PropertyCheck {
  std::string property;  // "update-invalidates"
  bool ok = false;
  std::string detail;    // What the harness measured.
};

struct CacheVerification {
  std::vector<PropertyCheck> checks;  // In the harness's order.
  std::string redis;        // "redis://127.0.0.1:41234 (throwaway redis-server)".
  std::string node_modules; // Where ioredis/typescript came from.
  int compiled_files = 0;

  std::vector<PropertyCheck> Failed() const;
  // "5/5 cache properties hold on redis://...: miss-fills, hit-skips-db, ..."
  // or "2 of 5 cache properties fail: update-invalidates (...)".
  std::string Summary() const;
};

// Errors (the check could not run, not a failed property): FailedPrecondition
// when node/ioredis/typescript are missing (node_tools.h), the module does
// not exist, or no Redis is available (no URL and no redis-server on PATH);
// Unavailable when the URL's server does not answer; Internal for local file
// trouble. A module that does not compile is a failed "compiles" check.
absl::StatusOr<CacheVerification> VerifyCacheModule(const CacheVerifyOptions& options);

}  // namespace baton::agents::cache

#endif  // BATON_AGENTS_CACHE_CACHE_VERIFIER_H_
