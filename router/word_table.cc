#include "router/word_table.h"

#include <cstring>
#include <utility>

namespace baton::router {

namespace {

// Fixed-size loads: plain moves, where a memcpy of a variable size would be
// a call.
uint64_t Load64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, sizeof(v));
  return v;
}

uint32_t Load32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, sizeof(v));
  return v;
}

// a[0, n) == b[0, n), reading each byte of the two ranges and no other.
bool SameBytes(const char* a, const char* b, size_t n) {
  if (n >= 8) {
    for (size_t i = 0; i + 8 < n; i += 8) {
      if (Load64(a + i) != Load64(b + i)) return false;
    }
    return Load64(a + n - 8) == Load64(b + n - 8);  // May overlap.
  }
  if (n >= 4) {
    return Load32(a) == Load32(b) && Load32(a + n - 4) == Load32(b + n - 4);
  }
  for (size_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

}  // namespace

uint64_t WordTable::Hash(absl::string_view word) {
  // 8 bytes at a time, multiply and fold (in the spirit of wyhash); the last
  // bytes by overlapping loads rather than a copy of a variable size.
  const char* p = word.data();
  const size_t n = word.size();
  uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
  uint64_t tail = 0;
  if (n >= 8) {
    for (size_t i = 0; i + 8 < n; i += 8) {
      h = (h ^ Load64(p + i)) * 0xBF58476D1CE4E5B9ull;
      h ^= h >> 31;
    }
    tail = Load64(p + n - 8);
  } else if (n >= 4) {
    tail = (uint64_t{Load32(p)} << 32) | Load32(p + n - 4);
  } else if (n > 0) {
    tail = (uint64_t{static_cast<unsigned char>(p[0])} << 16) |
           (uint64_t{static_cast<unsigned char>(p[n / 2])} << 8) |
           static_cast<unsigned char>(p[n - 1]);
  }
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
        SameBytes(keys_.data() + slot.offset, word.data(), word.size())) {
      return slot.value;
    }
  }
}

}  // namespace baton::router
