// The TypeScript cache-aside module of a CacheDesign, and the QA harness that
// exercises it.
//
// The module (design.cache_module, e.g. src/users/user.cache.ts) imports the
// repository's own functions and exports
//   <Type>Repository          an interface with the read and write functions
//   <entity>CacheKey(id)      "<entity>:<id>"
//   <TYPE>_CACHE_TTL_SECONDS  the design's TTL
//   <factory>(redis, repository = the real one, { ttlSeconds })
//   cached<Type>s()           the real repository on REDIS_URL (lazy client)
// Reads GET, and on a miss call the repository and SET ... EX ttl (JSON);
// writes call the repository first, then DEL the key. Nothing in the
// repository is edited.
//
// The harness (baton_cache_harness.ts) imports the module, builds a counting
// fake repository and prints one JSON line per property:
//   {"property": "miss-fills", "ok": true, "detail": "..."}
// for miss-fills, hit-skips-db, update-invalidates (when the design has an
// update), delete-invalidates (when it has a delete) and ttl-expires. It
// reads REDIS_URL, BATON_KEY_PREFIX (an ioredis keyPrefix isolating its keys)
// and BATON_CACHE_TTL.
// Stateless; thread-safe.
#ifndef BATON_AGENTS_CACHE_TS_CACHE_MODULE_H_
#define BATON_AGENTS_CACHE_TS_CACHE_MODULE_H_

#include <string>

#include "agents/cache/cache_design.h"

namespace baton::agents::cache {

std::string RenderTsCacheModule(const CacheDesign& design);

// `module_import` is the module's path relative to the harness, without
// ".ts" ("./src/users/user.cache").
std::string RenderTsHarness(const CacheDesign& design, const std::string& module_import);

// The harness's property names, in the order it checks them.
inline constexpr const char* kMissFills = "miss-fills";
inline constexpr const char* kHitSkipsDb = "hit-skips-db";
inline constexpr const char* kUpdateInvalidates = "update-invalidates";
inline constexpr const char* kDeleteInvalidates = "delete-invalidates";
inline constexpr const char* kTtlExpires = "ttl-expires";

}  // namespace baton::agents::cache

#endif  // BATON_AGENTS_CACHE_TS_CACHE_MODULE_H_
