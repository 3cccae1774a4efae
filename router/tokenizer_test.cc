#include "router/tokenizer.h"

#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace baton::router {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> Stems(absl::string_view text) {
  std::vector<std::string> stems;
  for (const Token& token : Tokenize(text)) stems.push_back(token.stem);
  return stems;
}

TEST(StemTest, InPlaceStemsTheBufferAndReturnsTheLength) {
  char word[] = "queries";
  EXPECT_EQ(StemInPlace(word, 7), 5u);
  EXPECT_EQ(absl::string_view(word, 5), "query");
  char encryption[] = "encryption";
  const size_t n = StemInPlace(encryption, 10);
  EXPECT_EQ(absl::string_view(encryption, n), Stem("encrypting"));
}

TEST(StemTest, VerbAndNounFormsAgree) {
  for (const char* word : {"optimize", "optimizing", "optimization",
                           "optimizations", "optimized"}) {
    EXPECT_EQ(Stem(word), "optim") << word;
  }
  for (const char* word :
       {"migrate", "migration", "migrations", "migrating", "migrated"}) {
    EXPECT_EQ(Stem(word), "migr") << word;
  }
  EXPECT_EQ(Stem("backups"), Stem("backup"));
  EXPECT_EQ(Stem("caching"), Stem("cache"));
  EXPECT_EQ(Stem("cached"), Stem("caches"));
  EXPECT_EQ(Stem("queries"), "query");
  EXPECT_EQ(Stem("indexes"), "index");
  EXPECT_EQ(Stem("tables"), Stem("table"));
  EXPECT_EQ(Stem("restoring"), Stem("restore"));
  EXPECT_EQ(Stem("generation"), Stem("generate"));
}

TEST(StemTest, KeepsShortWordsAndNonPlurals) {
  EXPECT_EQ(Stem("add"), "add");
  EXPECT_EQ(Stem("adding"), "add");
  EXPECT_EQ(Stem("redis"), "redis");
  EXPECT_EQ(Stem("status"), "status");
  EXPECT_EQ(Stem("process"), "process");
  EXPECT_EQ(Stem("data"), "data");
  EXPECT_EQ(Stem("need"), "need");
  EXPECT_NE(Stem("data"), Stem("date"));
}

TEST(TokenizeTest, LowercasesDropsStopWordsAndQuotes) {
  EXPECT_THAT(Stems("Add 'phone_number' column to the Users table"),
              ElementsAre("add", "phone_number", "column", "user", "tabl"));
  EXPECT_THAT(Stems("Please set up \"automated\" BACKUPS!"),
              ElementsAre("set", "autom", "backup"));
  EXPECT_THAT(Stems("   "), ElementsAre());
  EXPECT_THAT(Stems("a 42 of 7"), ElementsAre());
}

TEST(TokenizeTest, DottedIdentifiersStayWhole) {
  EXPECT_THAT(Stems("add an index on orders.user_id."),
              ElementsAre("add", "index", "orders.user_id"));
}

TEST(TokenizeTest, RecordsByteSpansAndClauses) {
  const std::string text = "Slow query, on  users";
  std::vector<Token> tokens = Tokenize(text);
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(text.substr(tokens[0].begin, tokens[0].end - tokens[0].begin),
            "Slow");
  EXPECT_EQ(tokens[1].begin, 5);
  EXPECT_EQ(tokens[1].end, 10);
  EXPECT_EQ(text.substr(tokens[2].begin, tokens[2].end - tokens[2].begin),
            "users");
  EXPECT_EQ(tokens[0].segment, tokens[1].segment);
  EXPECT_NE(tokens[1].segment, tokens[2].segment);
}

TEST(TokenizeTest, NonAsciiSeparatesWords) {
  EXPECT_THAT(Stems("spec-manager \xE2\x86\x92 systems-architect"),
              ElementsAre("spec", "manager", "system", "architect"));
}

TEST(ScanWordsTest, TrimsUnderscoresAndKeepsLongWordsWhole) {
  struct Word {
    std::string text;
    int begin;
    int end;
  };
  auto scan = [](absl::string_view text) {
    std::vector<Word> words;
    ScanWords(text, [&](absl::string_view word, int begin, int end, int) {
      words.push_back(Word{std::string(word), begin, end});
    });
    return words;
  };
  // Decoration underscores go; a number that remains is judged without them
  // ("502" is kept, "42" is not).
  std::vector<Word> words = scan("__Init__ 502_ _42 x_");
  ASSERT_EQ(words.size(), 2u);
  EXPECT_EQ(words[0].text, "init");
  EXPECT_EQ(words[0].begin, 2);
  EXPECT_EQ(words[0].end, 6);
  EXPECT_EQ(words[1].text, "502");
  // Words longer than the scanner's 64-byte buffer arrive whole, lowercased.
  const std::string long_word = std::string(70, 'A') + "_" + std::string(9, 'b');
  words = scan("see " + long_word + ".Tail end");
  ASSERT_EQ(words.size(), 3u);
  EXPECT_EQ(words[1].text, absl::AsciiStrToLower(long_word) + ".tail");
  EXPECT_EQ(words[1].begin, 4);
  EXPECT_EQ(words[2].text, "end");
}

}  // namespace
}  // namespace baton::router
