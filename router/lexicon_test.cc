#include "router/lexicon.h"

#include <algorithm>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace baton::router {
namespace {

using ::testing::Contains;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

TEST(LexiconTest, AliasesWorkBothWays) {
  EXPECT_THAT(BuiltinAliases("postgresql"),
              UnorderedElementsAre("postgres", "pgsql"));
  EXPECT_THAT(BuiltinAliases("postgres"),
              UnorderedElementsAre("postgresql", "pgsql"));
  EXPECT_THAT(BuiltinAliases("mongo"), UnorderedElementsAre("mongodb"));
  EXPECT_THAT(BuiltinAliases("db"), UnorderedElementsAre("database"));
  EXPECT_THAT(BuiltinAliases("k8s"), UnorderedElementsAre("kubernetes", "kube"));
  EXPECT_THAT(BuiltinAliases("ci/cd"), Contains("ci cd"));
  EXPECT_THAT(BuiltinAliases("redis"), IsEmpty());
  EXPECT_THAT(BuiltinAliases("Postgres"), IsEmpty()) << "keys are lowercase";
}

TEST(LexiconTest, SynonymsHaveOneCanonicalWord) {
  EXPECT_EQ(CanonicalSynonym("remove"), "drop");
  EXPECT_EQ(CanonicalSynonym("delete"), "drop");
  EXPECT_EQ(CanonicalSynonym("sluggish"), "slow");
  EXPECT_EQ(CanonicalSynonym("configure"), "set");
  EXPECT_EQ(CanonicalSynonym("nightly"), "daily");
  EXPECT_EQ(CanonicalSynonym("column"), "column");
  const std::vector<std::string> words = SynonymWords();
  EXPECT_THAT(words, Contains("remove"));
  for (const std::string& word : words) {
    EXPECT_NE(CanonicalSynonym(word), word) << word;
    // Canonical words are not themselves rewritten (no chains).
    EXPECT_EQ(CanonicalSynonym(CanonicalSynonym(word)),
              CanonicalSynonym(word))
        << word;
  }
}

}  // namespace
}  // namespace baton::router
