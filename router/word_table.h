// A read-only map from short strings (request words) to ints, built once and
// then looked up without allocating: open addressing over one array, keys in
// one buffer. It exists because the router looks up every word of every
// request, and a general-purpose hash map costs several times more per
// lookup for keys this short.
//
// Thread-safety: Insert only before sharing; Find is safe to call
// concurrently.
#ifndef BATON_ROUTER_WORD_TABLE_H_
#define BATON_ROUTER_WORD_TABLE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace baton::router {

class WordTable {
 public:
  // Adds or replaces `word`'s value.
  void Insert(absl::string_view word, int value);

  // The value of `word`, or `missing`.
  int Find(absl::string_view word, int missing) const;

  size_t size() const { return size_; }

 private:
  struct Slot {
    uint64_t hash = 0;
    uint32_t offset = 0;
    uint32_t length = 0;
    int value = 0;
    bool used = false;
  };

  static uint64_t Hash(absl::string_view word);
  void Grow();

  std::vector<Slot> slots_;
  std::string keys_;
  size_t size_ = 0;
};

}  // namespace baton::router

#endif  // BATON_ROUTER_WORD_TABLE_H_
