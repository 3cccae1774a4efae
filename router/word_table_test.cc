#include "router/word_table.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace baton::router {
namespace {

TEST(WordTableTest, FindsWhatWasInsertedAndOnlyThat) {
  WordTable table;
  EXPECT_EQ(table.Find("anything", -7), -7);
  table.Insert("add", 1);
  table.Insert("address", 2);
  table.Insert("", 3);
  EXPECT_EQ(table.Find("add", -1), 1);
  EXPECT_EQ(table.Find("address", -1), 2);
  EXPECT_EQ(table.Find("", -1), 3);
  EXPECT_EQ(table.Find("ad", -1), -1);
  EXPECT_EQ(table.Find("addresses", -1), -1);
  table.Insert("add", 9);  // Replaces.
  EXPECT_EQ(table.Find("add", -1), 9);
  EXPECT_EQ(table.size(), 3u);
}

TEST(WordTableTest, GrowsAndKeepsEveryKey) {
  WordTable table;
  for (int i = 0; i < 5000; ++i) table.Insert(absl::StrCat("word", i), i);
  EXPECT_EQ(table.size(), 5000u);
  for (int i = 0; i < 5000; ++i) {
    ASSERT_EQ(table.Find(absl::StrCat("word", i), -1), i);
  }
  EXPECT_EQ(table.Find("word5000", -1), -1);
  // Long keys hash all their bytes.
  const std::string long_a(40, 'a');
  std::string long_b = long_a;
  long_b[37] = 'b';
  table.Insert(long_a, 1);
  EXPECT_EQ(table.Find(long_b, -1), -1);
}

TEST(WordTableTest, KeysThatDifferInOneByteAreDistinct) {
  // Every length around the 4- and 8-byte loads, a byte changed at every
  // position: each key finds its own value, never its neighbour's.
  WordTable table;
  int value = 0;
  std::vector<std::string> keys;
  for (size_t length = 1; length <= 20; ++length) {
    const std::string base(length, 'q');
    keys.push_back(base);
    for (size_t at = 0; at < length; ++at) {
      std::string key = base;
      key[at] = 'r';
      keys.push_back(key);
    }
  }
  for (const std::string& key : keys) table.Insert(key, value++);
  for (size_t i = 0; i < keys.size(); ++i) {
    ASSERT_EQ(table.Find(keys[i], -1), static_cast<int>(i)) << keys[i];
  }
  EXPECT_EQ(table.Find(std::string(21, 'q'), -1), -1);
  EXPECT_EQ(table.Find("qqqqqqqqqs", -1), -1);
}

}  // namespace
}  // namespace baton::router
