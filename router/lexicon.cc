#include "router/lexicon.h"

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"

namespace baton::router {
namespace {

// Each group lists names of one thing; every name aliases the others.
constexpr const char* kAliasGroups[][4] = {
    {"postgresql", "postgres", "pgsql", nullptr},
    {"mongodb", "mongo", nullptr, nullptr},
    {"database", "db", nullptr, nullptr},
    {"databases", "dbs", nullptr, nullptr},
    {"dynamodb", "dynamo", nullptr, nullptr},
    {"elasticsearch", "elastic search", nullptr, nullptr},
    {"sql server", "mssql", nullptr, nullptr},
    {"kubernetes", "k8s", "kube", nullptr},
    {"ci/cd", "cicd", "ci cd", nullptr},
    {"github actions", "gha", nullptr, nullptr},
    {"aws", "amazon web services", nullptr, nullptr},
    {"gcp", "google cloud", nullptr, nullptr},
    {"node.js", "nodejs", nullptr, nullptr},
    {"go", "golang", nullptr, nullptr},
    {"javascript", "js", nullptr, nullptr},
    {"rabbitmq", "rabbit", nullptr, nullptr},
    {"authentication", "authn", nullptr, nullptr},
    {"authorization", "authz", nullptr, nullptr},
    {"pen test", "pentest", "penetration test", nullptr},
    {"soc 2", "soc2", nullptr, nullptr},
    {"etl", "elt", nullptr, nullptr},
};

// word -> canonical word. Both sides of a routing comparison (card text and
// request) go through this, so the choice of canonical word is arbitrary.
constexpr const char* kSynonyms[][2] = {
    // Taking things away.
    {"remove", "drop"},
    {"delete", "drop"},
    // Performance symptoms and wishes.
    {"sluggish", "slow"},
    {"laggy", "slow"},
    {"latency", "slow"},
    {"faster", "slow"},
    {"speed", "slow"},
    {"speedup", "slow"},
    {"timeout", "slow"},
    {"timeouts", "slow"},
    {"performance", "slow"},
    {"perf", "slow"},
    {"tune", "optimize"},
    {"tuning", "optimize"},
    // Setting things up.
    {"setup", "set"},
    {"configure", "set"},
    {"configuring", "set"},
    {"enable", "set"},
    // Moving data between systems.
    {"move", "migrate"},
    {"moving", "migrate"},
    {"switch", "migrate"},
    // Repairs and upgrades.
    {"repair", "fix"},
    {"resolve", "fix"},
    {"update", "upgrade"},
    {"bump", "upgrade"},
    {"recover", "restore"},
    {"recovery", "restore"},
    {"snapshot", "backup"},
    {"snapshots", "backup"},
    {"indices", "index"},
    // Schedules.
    {"hourly", "daily"},
    {"nightly", "daily"},
    {"weekly", "daily"},
    {"monthly", "daily"},
    {"sync", "synchronize"},
    {"synchronization", "synchronize"},
    {"e-mail", "email"},
    {"emails", "email"},
};

struct Tables {
  absl::flat_hash_map<std::string, std::vector<std::string>> aliases;
  absl::flat_hash_map<std::string, std::string> synonyms;
};

const Tables& GetTables() {
  static const Tables* const tables = [] {
    auto* t = new Tables;
    for (const auto& group : kAliasGroups) {
      for (const char* name : group) {
        if (name == nullptr) break;
        std::vector<std::string>& others = t->aliases[name];
        for (const char* other : group) {
          if (other == nullptr) break;
          if (std::string(other) != name) others.push_back(other);
        }
      }
    }
    for (const auto& [word, canonical] : kSynonyms) {
      t->synonyms[word] = canonical;
    }
    return t;
  }();
  return *tables;
}

}  // namespace

const std::vector<std::string>& BuiltinAliases(absl::string_view term) {
  static const std::vector<std::string>* const kNone =
      new std::vector<std::string>();
  const Tables& tables = GetTables();
  auto it = tables.aliases.find(term);
  return it == tables.aliases.end() ? *kNone : it->second;
}

absl::string_view CanonicalSynonym(absl::string_view lowercase_word) {
  const Tables& tables = GetTables();
  auto it = tables.synonyms.find(lowercase_word);
  return it == tables.synonyms.end() ? lowercase_word
                                     : absl::string_view(it->second);
}

std::vector<std::string> SynonymWords() {
  std::vector<std::string> words;
  for (const auto& [word, canonical] : GetTables().synonyms) {
    words.push_back(word);
  }
  return words;
}

}  // namespace baton::router
