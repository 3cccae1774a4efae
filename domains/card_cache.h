// A cache of parsed domain cards, so that a command does not parse the
// markdown and YAML of every card each time it starts (100 cards: about a
// quarter of a whole `baton route`).
//
// Entries are keyed by the card file's absolute path, size, modification
// time (ns) and inode, like git's index; a card modified within the last
// two seconds is never stored (its next change could keep the same time and
// size). The cache lives in `$XDG_CACHE_HOME/baton/cards/` (else
// `$HOME/.cache/baton/cards/`), one file per card directory; it is off when
// neither is set or BATON_CARD_CACHE=off. A missing, unreadable or stale
// cache only costs a parse: it never changes what is loaded.
// Thread-safety: a CardCache object is not shared between threads; several
// processes may update the same file (last writer wins, atomically).
#ifndef BATON_DOMAINS_CARD_CACHE_H_
#define BATON_DOMAINS_CARD_CACHE_H_

#include <map>
#include <optional>
#include <string>

#include "domains/card_cache.pb.h"
#include "domains/domain.pb.h"

namespace baton::domains {

class CardCache {
 public:
  // Opens the cache for the card directory `dir` (read on first use).
  explicit CardCache(const std::string& dir);

  // The parsed card for `path` when the cache holds it for the file as it is
  // now on disk.
  std::optional<DomainCard> Find(const std::string& path);

  // Remembers `card` as the parse of `path` (unless modified too recently).
  void Store(const std::string& path, const DomainCard& card);

  // Writes the cache file when something was stored; errors are ignored.
  void Save();

  // Where the cache for `dir` lives; "" when caching is off.
  static std::string FileFor(const std::string& dir);

 private:
  void Load();

  std::string file_;
  bool loaded_ = false;
  bool dirty_ = false;
  std::map<std::string, CardCacheEntry> entries_;  // By path.
};

}  // namespace baton::domains

#endif  // BATON_DOMAINS_CARD_CACHE_H_
