#include "router/spelling.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace baton::router {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kCatalog[] = R"pb(
  cards {
    domain: "data"
    triggers {
      keyword_groups { category: "Database" keywords: [ "database", "migration" ] }
      tech_stack: [ "PostgreSQL", "Kubernetes" ]
    }
    workflows {
      name: "Query Optimization"
      trigger_phrases: [ "Optimize report generation" ]
    }
  }
)pb";

Speller MakeSpeller() {
  domains::DomainCatalog catalog;
  EXPECT_TRUE(
      google::protobuf::TextFormat::ParseFromString(kCatalog, &catalog));
  return Speller(catalog);
}

std::vector<std::string> ReadAs(const Speller& speller, const std::string& text) {
  std::vector<std::string> read;
  for (const Correction& c : speller.Correct(text)) {
    EXPECT_EQ(text.substr(c.begin, c.end - c.begin), c.written);
    read.push_back(c.written + "->" + c.read_as);
  }
  return read;
}

TEST(SpellingTest, OneEditAwayFromACardWord) {
  const Speller speller = MakeSpeller();
  EXPECT_THAT(ReadAs(speller, "Databse migraton, optimze the REPROT"),
              ElementsAre("Databse->database", "migraton->migration",
                          "optimze->optimize", "REPROT->report"));
  // Built-in aliases of card terms are words too.
  EXPECT_THAT(ReadAs(speller, "postgrse and kubernets"),
              ElementsAre("postgrse->postgres", "kubernets->kubernetes"));
}

TEST(SpellingTest, LeavesKnownWordsShortWordsAndIdentifiersAlone) {
  const Speller speller = MakeSpeller();
  // Known words, inflections of known words, stop words, short words, words
  // glued to identifiers, and words two edits away stay as written.
  EXPECT_THAT(ReadAs(speller, "databases optimizing the repo dbx "
                              "databse_v2 v2databse dtbse"),
              IsEmpty());
}

TEST(SpellingTest, DistanceIsOptimalStringAlignment) {
  EXPECT_EQ(Speller::Distance("migration", "migration", 1), 0);
  EXPECT_EQ(Speller::Distance("migraiton", "migration", 1), 1);  // Swap.
  EXPECT_EQ(Speller::Distance("migratio", "migration", 1), 1);   // Insert.
  EXPECT_EQ(Speller::Distance("migrxtion", "migration", 1), 1);  // Replace.
  EXPECT_EQ(Speller::Distance("abc", "bca", 1), 2);              // Over limit.
  EXPECT_EQ(Speller::Distance("a", "abcdef", 1), 2);
}

TEST(SpellingTest, ApplyAndMapOffsetsBack) {
  const std::string text = "fix databse migraton now";
  const Speller speller = MakeSpeller();
  const CorrectedText corrected = Speller::Apply(text, speller.Correct(text));
  EXPECT_EQ(corrected.text, "fix database migration now");
  // "database" (4..12 in the corrected text) is "databse" (4..11).
  EXPECT_EQ(corrected.ToOriginal(4, false), 4);
  EXPECT_EQ(corrected.ToOriginal(12, true), 11);
  EXPECT_EQ(corrected.ToOriginal(8, false), 4);  // Inside a replaced word.
  // "migration" (13..22) is "migraton" (12..20); "now" shifts by 2.
  EXPECT_EQ(corrected.ToOriginal(13, false), 12);
  EXPECT_EQ(corrected.ToOriginal(22, true), 20);
  EXPECT_EQ(corrected.ToOriginal(23, false), 21);
  EXPECT_EQ(corrected.ToOriginal(26, true), 24);
  EXPECT_EQ(corrected.ToOriginal(0, false), 0);
}

}  // namespace
}  // namespace baton::router
