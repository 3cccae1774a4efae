#include "router/word_table.h"

#include <string>

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

}  // namespace
}  // namespace baton::router
