#include "domains/card_cache.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace baton::domains {
namespace {

namespace fs = std::filesystem;

constexpr uint32_t kFormat = 1;
// A card changed this recently may change again within the same mtime tick.
constexpr int64_t kRacyNs = int64_t{2} * 1000 * 1000 * 1000;

struct FileStamp {
  int64_t size = 0;
  int64_t mtime_ns = 0;
  uint64_t inode = 0;
};

std::optional<FileStamp> Stamp(const std::string& path) {
  struct stat info;
  if (::stat(path.c_str(), &info) != 0) return std::nullopt;
  return FileStamp{static_cast<int64_t>(info.st_size),
                   static_cast<int64_t>(info.st_mtim.tv_sec) * 1000000000 + info.st_mtim.tv_nsec,
                   static_cast<uint64_t>(info.st_ino)};
}

std::string Absolute(const std::string& path) {
  std::error_code error;
  fs::path absolute = fs::absolute(path, error);
  return error ? path : absolute.lexically_normal().string();
}

// FNV-1a: a name for the cache file that is the same in every process.
uint64_t StableHash(const std::string& text) {
  uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

}  // namespace

CardCache::CardCache(const std::string& dir) : file_(FileFor(dir)) {}

std::string CardCache::FileFor(const std::string& dir) {
  const char* off = std::getenv("BATON_CARD_CACHE");
  if (off != nullptr && std::string(off) == "off") return "";
  std::string root;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && xdg[0] == '/') {
    root = xdg;
  } else if (const char* home = std::getenv("HOME"); home != nullptr && home[0] == '/') {
    root = absl::StrCat(home, "/.cache");
  } else {
    return "";
  }
  return absl::StrFormat("%s/baton/cards/%016x.pb", root, StableHash(Absolute(dir)));
}

void CardCache::Load() {
  if (loaded_) return;
  loaded_ = true;
  if (file_.empty()) return;
  std::ifstream in(file_, std::ios::binary);
  if (!in) return;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  CardCacheFile cache;
  if (!cache.ParseFromString(bytes.str()) || cache.format_version() != kFormat) return;
  for (CardCacheEntry& entry : *cache.mutable_entries()) {
    std::string path = entry.path();
    entries_[path] = std::move(entry);
  }
}

std::optional<DomainCard> CardCache::Find(const std::string& path) {
  if (file_.empty()) return std::nullopt;
  Load();
  auto it = entries_.find(Absolute(path));
  if (it == entries_.end()) return std::nullopt;
  std::optional<FileStamp> now = Stamp(path);
  const CardCacheEntry& entry = it->second;
  if (!now.has_value() || now->size != entry.size() || now->mtime_ns != entry.mtime_ns() ||
      now->inode != entry.inode()) {
    return std::nullopt;
  }
  return entry.card();
}

void CardCache::Store(const std::string& path, const DomainCard& card) {
  if (file_.empty()) return;
  Load();
  std::optional<FileStamp> stamp = Stamp(path);
  if (!stamp.has_value()) return;
  if (absl::ToUnixNanos(absl::Now()) - stamp->mtime_ns < kRacyNs) return;
  CardCacheEntry entry;
  entry.set_path(Absolute(path));
  entry.set_size(stamp->size);
  entry.set_mtime_ns(stamp->mtime_ns);
  entry.set_inode(stamp->inode);
  *entry.mutable_card() = card;
  entries_[entry.path()] = std::move(entry);
  dirty_ = true;
}

void CardCache::Save() {
  if (!dirty_ || file_.empty()) return;
  CardCacheFile cache;
  cache.set_format_version(kFormat);
  for (const auto& [path, entry] : entries_) {
    // Cards that are gone are dropped.
    std::error_code error;
    if (fs::exists(path, error)) *cache.add_entries() = entry;
  }
  std::error_code error;
  fs::create_directories(fs::path(file_).parent_path(), error);
  const std::string temp = absl::StrCat(file_, ".", ::getpid(), ".tmp");
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out || !cache.SerializeToOstream(&out)) {
      fs::remove(temp, error);
      return;
    }
  }
  fs::rename(temp, file_, error);
  if (error) fs::remove(temp, error);
  dirty_ = false;
}

}  // namespace baton::domains
