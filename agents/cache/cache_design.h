// The systems-architect's cache design for a request such as "Add Redis
// caching for user queries": which entity, the key scheme (`user:<id>`), the
// TTL (from the request, "with a 5 minute TTL", else the card's 1 hour), the
// read path to wrap, the write paths that invalidate (DEL after the write),
// and the module Baton generates. Rendered as a design document and carried
// between agents as "cache.*" facts.
// Stateless; thread-safe.
#ifndef BATON_AGENTS_CACHE_CACHE_DESIGN_H_
#define BATON_AGENTS_CACHE_CACHE_DESIGN_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "agents/cache/ts_project.h"

namespace baton::agents::cache {

inline constexpr int kDefaultTtlSeconds = 3600;  // The card's example: 1 hour.

struct CacheRequest {
  // Singular nouns the request names, most likely first ("user").
  std::vector<std::string> entities;
  int ttl_seconds = kDefaultTtlSeconds;
  bool ttl_from_request = false;
};

// Never fails: a request naming no entity yields an empty list (FindDataAccess
// then says so). InvalidArgument when it names a TTL that is not positive or
// longer than 30 days.
absl::StatusOr<CacheRequest> ParseCacheRequest(absl::string_view request);

struct CacheDesign {
  std::string language = "TypeScript";
  std::string entity;          // user
  std::string type_name;       // User (the entity capitalized)
  std::string key_prefix;      // "user:"
  int ttl_seconds = kDefaultTtlSeconds;
  std::string source_module;   // src/users/repository.ts
  std::string read;            // getUserById
  std::string id_type;         // string
  std::string value_type;      // "User | null"
  std::vector<std::string> updates;  // updateUser
  std::vector<std::string> deletes;  // deleteUser
  std::string cache_module;    // src/users/user.cache.ts
  std::string factory;         // createCachedUserRepository
};

CacheDesign DesignCache(const CacheRequest& request, const DataAccess& access);

// "cache.*" facts and back; FailedPrecondition naming the first missing fact
// (the systems-architect leaves them).
std::map<std::string, std::string> DesignFacts(const CacheDesign& design);
absl::StatusOr<CacheDesign> DesignFromFacts(const std::map<std::string, std::string>& facts);

// docs/design/<entity>_cache.md: pattern, keys, TTL, invalidation, stampede
// and serialization notes, how QA verifies it.
std::string DesignDocPath(const CacheDesign& design);
std::string RenderDesignDoc(const CacheDesign& design, absl::string_view request);

}  // namespace baton::agents::cache

#endif  // BATON_AGENTS_CACHE_CACHE_DESIGN_H_
