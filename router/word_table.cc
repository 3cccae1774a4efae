#include "router/word_table.h"

#include <cstring>
#include <utility>

namespace baton::router {

uint64_t WordTable::Hash(absl::string_view word) {
  // 8 bytes at a time, multiply and fold (in the spirit of wyhash).
  uint64_t h = 0x9E3779B97F4A7C15ull ^ word.size();
  size_t i = 0;
  for (; i + 8 <= word.size(); i += 8) {
    uint64_t chunk;
    std::memcpy(&chunk, word.data() + i, 8);
    h = (h ^ chunk) * 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
  }
  uint64_t tail = 0;
  if (i < word.size()) std::memcpy(&tail, word.data() + i, word.size() - i);
  h = (h ^ tail) * 0x94D049BB133111EBull;
  return h ^ (h >> 29);
}

void WordTable::Grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.empty() ? 64 : old.size() * 2, Slot());
  const size_t mask = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (!slot.used) continue;
    size_t i = slot.hash & mask;
    while (slots_[i].used) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

void WordTable::Insert(absl::string_view word, int value) {
  if ((size_ + 1) * 2 > slots_.size()) Grow();
  const uint64_t hash = Hash(word);
  const size_t mask = slots_.size() - 1;
  size_t i = hash & mask;
  while (slots_[i].used) {
    const Slot& slot = slots_[i];
    if (slot.hash == hash &&
        absl::string_view(keys_.data() + slot.offset, slot.length) == word) {
      slots_[i].value = value;
      return;
    }
    i = (i + 1) & mask;
  }
  slots_[i] = Slot{hash, static_cast<uint32_t>(keys_.size()),
                   static_cast<uint32_t>(word.size()), value, true};
  keys_.append(word.data(), word.size());
  ++size_;
}

int WordTable::Find(absl::string_view word, int missing) const {
  if (slots_.empty()) return missing;
  const uint64_t hash = Hash(word);
  const size_t mask = slots_.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (!slot.used) return missing;
    if (slot.hash == hash && slot.length == word.size() &&
        std::memcmp(keys_.data() + slot.offset, word.data(), word.size()) ==
            0) {
      return slot.value;
    }
  }
}

}  // namespace baton::router
