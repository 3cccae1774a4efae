#include "agents/cache/cache_design.h"

#include <filesystem>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "re2/re2.h"

namespace baton::agents::cache {
namespace {

// Words that are never the cached entity.
const std::set<std::string>& StopWords() {
  static const auto* words = new std::set<std::string>{
      "add", "redis", "caching", "cache", "cached", "for", "the", "a", "an", "all", "our",
      "to", "in", "on", "of", "with", "and", "query", "queries", "lookup", "lookups", "read",
      "reads", "data", "layer", "implement", "implementation", "set", "up", "use", "using",
      "ttl", "time", "live", "minute", "minutes", "second", "seconds", "hour", "hours", "api",
      "endpoint", "endpoints", "request", "requests", "ioredis", "elasticache", "memcached",
      "aside", "pattern", "fast", "faster", "speed", "please", "service", "repository", "by",
      "id", "calls", "access", "min", "sec", "s", "m", "h", "expiry", "expire", "expiring",
      "invalidation", "invalidate", "writes", "write", "updates", "update", "day", "days"};
  return *words;
}

std::string Singular(const std::string& word) {
  if (absl::EndsWith(word, "ies") && word.size() > 4) return word.substr(0, word.size() - 3) + "y";
  if (absl::EndsWith(word, "sses")) return word.substr(0, word.size() - 2);
  if (absl::EndsWith(word, "s") && !absl::EndsWith(word, "ss") && word.size() > 3) {
    return word.substr(0, word.size() - 1);
  }
  return word;
}

int UnitSeconds(const std::string& unit) {
  const char first = unit.empty() ? 's' : unit[0];
  if (first == 'd') return 86400;
  if (first == 'h') return 3600;
  if (first == 'm') return 60;
  return 1;
}

}  // namespace

absl::StatusOr<CacheRequest> ParseCacheRequest(absl::string_view request) {
  CacheRequest parsed;
  const std::string lower = absl::AsciiStrToLower(request);
  static const RE2 kTtl(
      R"((?:(\d+)[\s-]*(seconds?|secs?|s|minutes?|mins?|m|hours?|h|days?|d)\b[\s-]*(?:ttl|time[\s-]to[\s-]live|expiry)|(?:ttl|time[\s-]to[\s-]live|expire after|expiry)(?:\s+of)?\s+(\d+)[\s-]*(seconds?|secs?|s|minutes?|mins?|m|hours?|h|days?|d)\b))");
  std::string n1, u1, n2, u2;
  if (RE2::PartialMatch(lower, kTtl, &n1, &u1, &n2, &u2)) {
    const std::string& number = n1.empty() ? n2 : n1;
    const std::string& unit = n1.empty() ? u2 : u1;
    int64_t value = 0;
    if (!absl::SimpleAtoi(number, &value) || value <= 0 ||
        value * UnitSeconds(unit) > 30 * 86400) {
      return absl::InvalidArgumentError(absl::StrCat(
          "the request asks for a TTL of ", number, " ", unit,
          "; give a TTL between 1 second and 30 days (e.g. \"with a 5 minute TTL\")"));
    }
    parsed.ttl_seconds = static_cast<int>(value * UnitSeconds(unit));
    parsed.ttl_from_request = true;
  }
  // Words after "for" first ("caching for user queries"), then the others.
  std::vector<std::string> tokens;
  for (absl::string_view word : absl::StrSplit(lower, absl::ByAnyChar(" \t,.;:!?()'\"/"))) {
    std::string token(word);
    if (!token.empty()) tokens.push_back(token);
  }
  std::vector<std::string> ordered;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i] == "for") {
      ordered.insert(ordered.end(), tokens.begin() + static_cast<long>(i) + 1, tokens.end());
      ordered.insert(ordered.end(), tokens.begin(), tokens.begin() + static_cast<long>(i));
      break;
    }
  }
  if (ordered.empty()) ordered = tokens;
  std::set<std::string> seen;
  for (const std::string& token : ordered) {
    if (!RE2::FullMatch(token, "[a-z][a-z_]*") || StopWords().count(token) > 0) continue;
    const std::string noun = Singular(token);
    if (seen.insert(noun).second) parsed.entities.push_back(noun);
  }
  return parsed;
}

CacheDesign DesignCache(const CacheRequest& request, const DataAccess& access) {
  CacheDesign design;
  design.entity = access.entity;
  design.type_name = access.entity;
  if (!design.type_name.empty()) design.type_name[0] = absl::ascii_toupper(design.type_name[0]);
  design.key_prefix = absl::StrCat(access.entity, ":");
  design.ttl_seconds = request.ttl_seconds;
  design.source_module = access.module;
  design.read = access.read.name;
  design.id_type = access.read.first_type.empty() ? "string" : access.read.first_type;
  design.value_type = access.read.returns;
  for (const TsFunction& f : access.updates) design.updates.push_back(f.name);
  for (const TsFunction& f : access.deletes) design.deletes.push_back(f.name);
  const std::filesystem::path module(access.module);
  design.cache_module =
      (module.parent_path() / absl::StrCat(access.entity, ".cache.ts")).generic_string();
  design.factory = absl::StrCat("createCached", design.type_name, "Repository");
  return design;
}

std::map<std::string, std::string> DesignFacts(const CacheDesign& design) {
  return {
      {"cache.language", design.language},
      {"cache.entity", design.entity},
      {"cache.type", design.type_name},
      {"cache.key", absl::StrCat(design.key_prefix, "<id>")},
      {"cache.ttl_seconds", absl::StrCat(design.ttl_seconds)},
      {"cache.source", design.source_module},
      {"cache.read", design.read},
      {"cache.id_type", design.id_type},
      {"cache.value_type", design.value_type},
      {"cache.updates", absl::StrJoin(design.updates, ",")},
      {"cache.deletes", absl::StrJoin(design.deletes, ",")},
      {"cache.module", design.cache_module},
      {"cache.factory", design.factory},
  };
}

absl::StatusOr<CacheDesign> DesignFromFacts(const std::map<std::string, std::string>& facts) {
  for (const char* key : {"cache.language", "cache.entity", "cache.type", "cache.key",
                          "cache.ttl_seconds", "cache.source", "cache.read", "cache.id_type",
                          "cache.module", "cache.factory"}) {
    if (facts.count(key) == 0) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the handoff has no \"", key,
          "\" fact; in the Cache Implementation workflow systems-architect designs the cache "
          "first"));
    }
  }
  CacheDesign design;
  design.language = facts.at("cache.language");
  design.entity = facts.at("cache.entity");
  design.type_name = facts.at("cache.type");
  std::string key = facts.at("cache.key");
  design.key_prefix = absl::StrReplaceAll(key, {{"<id>", ""}});
  if (!absl::SimpleAtoi(facts.at("cache.ttl_seconds"), &design.ttl_seconds) ||
      design.ttl_seconds <= 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "fact cache.ttl_seconds is not a positive number: \"", facts.at("cache.ttl_seconds"),
        "\""));
  }
  design.source_module = facts.at("cache.source");
  design.read = facts.at("cache.read");
  design.id_type = facts.at("cache.id_type");
  auto value = facts.find("cache.value_type");
  if (value != facts.end()) design.value_type = value->second;
  for (const char* name : {"cache.updates", "cache.deletes"}) {
    auto it = facts.find(name);
    if (it == facts.end()) continue;
    std::vector<std::string> list = absl::StrSplit(it->second, ',', absl::SkipEmpty());
    (std::string(name) == "cache.updates" ? design.updates : design.deletes) = list;
  }
  design.cache_module = facts.at("cache.module");
  design.factory = facts.at("cache.factory");
  return design;
}

std::string DesignDocPath(const CacheDesign& design) {
  return absl::StrCat("docs/design/", design.entity, "_cache.md");
}

std::string RenderDesignDoc(const CacheDesign& design, absl::string_view request) {
  const std::string writes = absl::StrJoin(
      {absl::StrJoin(design.updates, ", "), absl::StrJoin(design.deletes, ", ")}, ", ");
  std::string doc = absl::StrCat(
      "# Cache design: ", design.entity, " reads in Redis\n\n",
      "Request: \"", request, "\"\n\n",
      "## Pattern\n\n",
      "Cache-aside (the data card's Caching Strategies): the application reads Redis first "
      "and falls back to the database, filling the cache; writes go to the database, then "
      "delete the key. The repository's functions in `", design.source_module,
      "` are wrapped, not edited: `", design.cache_module, "` exports `", design.factory,
      "(redis, repository, { ttlSeconds })` with the same functions.\n\n",
      "## Keys and values\n\n",
      "| what | value |\n|---|---|\n",
      "| key | `", design.key_prefix, "${id}` (one key per ", design.entity, ", id type `",
      design.id_type, "`) |\n",
      "| value | the row returned by `", design.read, "` (`", design.value_type,
      "`), serialized with JSON.stringify |\n",
      "| TTL | ", design.ttl_seconds, " s, set with `SET key value EX ", design.ttl_seconds,
      "` in the same command as the value |\n",
      "| client | ioredis, `REDIS_URL` (default `redis://127.0.0.1:6379`); no credential in "
      "code |\n\n",
      "## Read path\n\n",
      "`", design.read, "(id)`: `GET ", design.key_prefix,
      "<id>`; on a hit return the parsed JSON without touching the database; on a miss "
      "call the repository, and when it found a row, `SET ... EX ", design.ttl_seconds,
      "`. Misses for absent rows are not cached (no negative caching), so a row created "
      "later is seen at once.\n\n",
      "## Invalidation on writes\n\n");
  if (design.updates.empty() && design.deletes.empty()) {
    absl::StrAppend(&doc, "The repository exports no update or delete function for ",
                    design.entity,
                    ": the TTL alone bounds staleness. Add invalidation when writes are "
                    "added.\n\n");
  } else {
    absl::StrAppend(&doc, "`", writes,
                    "`: write to the database first, then `DEL ", design.key_prefix,
                    "<id>`. Deleting (not re-writing) the key avoids racing a concurrent "
                    "read that would put an older row back with a fresh TTL; the next read "
                    "refills from the database.\n\n");
  }
  absl::StrAppend(
      &doc, "## Stampede and failure notes\n\n",
      "- A hot key that expires sends every concurrent reader to the database at once. At "
      "this scale the TTL bounds it; if the hit rate drops under the card's 80% target, "
      "add a per-key lock (`SET lock:<key> NX PX`) or jitter the TTL.\n",
      "- Serialization is JSON: `Date` values come back as ISO strings, `undefined` fields "
      "disappear, `BigInt` does not serialize. Keep cached rows plain.\n",
      "- A Redis outage surfaces as an error from the read; wrap the cache calls in the "
      "application's fallback policy if reads must survive it.\n\n",
      "## Verification (qa-specialist)\n\n",
      "The generated module is compiled with `tsc --strict` together with the repository's "
      "sources, then a harness runs it on a real `redis-server` on loopback with a counting "
      "fake database and proves: a miss fills the key with its TTL (database called once), "
      "a hit skips the database, an update and a delete remove the key and the next read "
      "sees the new row, and a 1 s TTL expires.\n");
  return doc;
}

}  // namespace baton::agents::cache
