#include "domains/card_cache.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "domains/card_loader.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace baton::domains {
namespace {

namespace fs = std::filesystem;

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

class CardCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = absl::StrCat(std::getenv("TEST_TMPDIR"), "/",
                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    cards_ = root_ + "/cards";
    fs::create_directories(cards_);
    ::setenv("XDG_CACHE_HOME", (root_ + "/cache").c_str(), 1);
    ::unsetenv("BATON_CARD_CACHE");
    card_ = cards_ + "/data.md";
    text_ = ReadAll("domains/data.md");
    ASSERT_FALSE(text_.empty());
    Write(text_, /*age=*/std::chrono::hours(1));
  }

  // Writes the card with its modification time `age` in the past.
  void Write(const std::string& text, fs::file_time_type::duration age) {
    const bool existed = fs::exists(card_);
    fs::file_time_type stamp = existed ? fs::last_write_time(card_) : fs::file_time_type::clock::now() - age;
    std::ofstream(card_, std::ios::trunc) << text;
    fs::last_write_time(card_, age == fs::file_time_type::duration::zero() ? stamp
                                                                             : fs::file_time_type::clock::now() - age);
  }

  std::string Summary() {
    absl::StatusOr<DomainCatalog> catalog = LoadCardDirectory(cards_);
    EXPECT_TRUE(catalog.ok()) << catalog.status();
    if (!catalog.ok() || catalog->cards_size() != 1) return "";
    EXPECT_EQ(catalog->cards(0).source_path(), card_);
    return catalog->cards(0).title();
  }

  std::string root_, cards_, card_, text_;
};

TEST_F(CardCacheTest, AnUnchangedCardIsReadFromTheCache) {
  const std::string summary = Summary();
  ASSERT_FALSE(summary.empty());
  ASSERT_TRUE(fs::exists(CardCache::FileFor(cards_))) << CardCache::FileFor(cards_);
  // Same size and modification time, different bytes: only a cache hit
  // still sees the old summary (git's index makes the same trade).
  std::string same_size = text_;
  same_size[same_size.find(summary)] = same_size[same_size.find(summary)] == 'X' ? 'Y' : 'X';
  Write(same_size, fs::file_time_type::duration::zero());
  EXPECT_EQ(Summary(), summary);
}

TEST_F(CardCacheTest, AChangedCardIsParsedAgain) {
  const std::string summary = Summary();
  ASSERT_FALSE(summary.empty());
  Write(absl::StrReplaceAll(text_, {{summary, "Domain: Rewritten"}}), std::chrono::hours(1) - std::chrono::minutes(5));
  EXPECT_EQ(Summary(), "Domain: Rewritten");
}

TEST_F(CardCacheTest, ARecentlyModifiedCardIsNeverCached) {
  Write(text_, std::chrono::milliseconds(1));  // Modified just now.
  const std::string summary = Summary();
  std::string same_size = text_;
  same_size[same_size.find(summary)] = same_size[same_size.find(summary)] == 'X' ? 'Y' : 'X';
  Write(same_size, fs::file_time_type::duration::zero());
  EXPECT_NE(Summary(), summary);
}

TEST_F(CardCacheTest, AGarbledCacheFileOnlyCostsAParse) {
  const std::string summary = Summary();
  std::ofstream(CardCache::FileFor(cards_), std::ios::trunc) << "not a cache";
  EXPECT_EQ(Summary(), summary);
}

TEST_F(CardCacheTest, CanBeTurnedOff) {
  ::setenv("BATON_CARD_CACHE", "off", 1);
  EXPECT_EQ(CardCache::FileFor(cards_), "");
  ASSERT_FALSE(Summary().empty());
  EXPECT_FALSE(fs::exists(root_ + "/cache/baton"));
}

}  // namespace
}  // namespace baton::domains
