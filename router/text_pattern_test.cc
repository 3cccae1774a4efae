#include "router/text_pattern.h"

#include <random>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "re2/re2.h"
#include "testing/status_matchers.h"

namespace baton::router {
namespace {

using ::baton::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<std::string> Find(const std::string& phrase, bool plural,
                              const std::string& text) {
  absl::StatusOr<TextPattern> pattern = MakeTextPattern(phrase, plural);
  EXPECT_TRUE(pattern.ok());
  std::vector<Span> spans;
  FindTextPattern(*pattern, absl::AsciiStrToLower(text), 10, &spans);
  std::vector<std::string> found;
  for (const Span& span : spans) {
    found.push_back(text.substr(span.begin, span.end - span.begin));
  }
  return found;
}

TEST(TextPatternTest, WholeWordsAnyCaseAnyWhitespace) {
  EXPECT_THAT(Find("table", true, "The TABLE, a table; tables! timetable"),
              ElementsAre("TABLE", "table", "tables"));
  EXPECT_THAT(Find("slow query", true, "slow  Query\tand slow\nqueries"),
              ElementsAre("slow  Query", "slow\nqueries"));
  EXPECT_THAT(Find("slow query", true, "slowquery slow-query"), IsEmpty());
}

TEST(TextPatternTest, KeywordsMatchTheirInflections) {
  EXPECT_THAT(Find("query", true, "queries queried querying query querys"),
              ElementsAre("queries", "queried", "querying", "query"));
  EXPECT_THAT(Find("cache", true, "caching cached caches cache cach"),
              ElementsAre("caching", "cached", "caches", "cache"));
  EXPECT_THAT(Find("index", true, "indexes indexed indexing index indexer"),
              ElementsAre("indexes", "indexed", "indexing", "index"));
  // Tech-stack mentions match as written.
  EXPECT_THAT(Find("Redis", false, "Redis rediss"), ElementsAre("Redis"));
  // Short words and words not ending in a letter do not inflect.
  EXPECT_THAT(Find("DB", true, "DBs DB"), ElementsAre("DB"));
}

TEST(TextPatternTest, PunctuationAtTheEdgesNeedsNoWordBoundary) {
  EXPECT_THAT(Find("C++", false, "we use C++17 and c++"),
              ElementsAre("C++", "c++"));
  EXPECT_THAT(Find(".NET", false, "ASP.NET and .net"),
              ElementsAre(".NET", ".net"));
  EXPECT_THAT(Find("CI/CD", true, "our CI/CD, ci/cds"),
              ElementsAre("CI/CD", "ci/cds"));
}

TEST(TextPatternTest, EmptyPhraseIsAnError) {
  EXPECT_THAT(MakeTextPattern(" \t ", true),
              StatusIs(absl::StatusCode::kInvalidArgument, "is empty"));
}

TEST(TextPatternTest, RegexEscapesMetacharacters) {
  absl::StatusOr<TextPattern> pattern = MakeTextPattern("a.b (x)*", false);
  ASSERT_TRUE(pattern.ok());
  RE2 re(TextPatternRegex(*pattern));
  ASSERT_TRUE(re.ok()) << re.error();
  EXPECT_TRUE(RE2::PartialMatch("see a.b  (x)* here", re));
  EXPECT_FALSE(RE2::PartialMatch("see aXb (xxx) here", re));
}

// The finder and the regex agree on ASCII text: the finder is what spans
// are reported from, the regex what the RE2::Set finds hits with.
TEST(TextPatternTest, FinderAndRegexAgreeOnRandomText) {
  const std::vector<std::pair<std::string, bool>> phrases = {
      {"query", true},  {"cache", true},      {"slow query", true},
      {"db", true},     {"index", true},      {"c++", false},
      {"ci/cd", true},  {"key-value", true},  {"ab", true},
      {"y", true},      {"pipeline", true},   {"real-time", true}};
  const std::string alphabet = "abcdeilnpqrstuvxyz QUERYCACHE+/-_.\t\n";
  std::mt19937 random(12345);
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const int length = std::uniform_int_distribution<int>(0, 30)(random);
    for (int i = 0; i < length; ++i) {
      text += alphabet[std::uniform_int_distribution<size_t>(
          0, alphabet.size() - 1)(random)];
    }
    // Splice a phrase in, sometimes, so that matches happen.
    const auto& [phrase, plural] = phrases[round % phrases.size()];
    if (round % 2 == 0) {
      text.insert(std::uniform_int_distribution<size_t>(0, text.size())(random),
                  phrase + (round % 4 == 0 ? "s" : ""));
    }
    absl::StatusOr<TextPattern> pattern = MakeTextPattern(phrase, plural);
    ASSERT_TRUE(pattern.ok());
    RE2::Options options;
    options.set_case_sensitive(false);
    RE2 re(TextPatternRegex(*pattern), options);
    ASSERT_TRUE(re.ok()) << re.error();
    std::vector<Span> spans;
    FindTextPattern(*pattern, absl::AsciiStrToLower(text), 1, &spans);
    const bool matches = RE2::PartialMatch(text, re);
    EXPECT_EQ(!spans.empty(), matches)
        << "phrase \"" << phrase << "\" text \"" << text << "\" regex "
        << re.pattern();
    // The prefilter lets every match through (on lowercased text).
    RE2 prefilter(TextPatternPrefilter(*pattern));
    ASSERT_TRUE(prefilter.ok()) << prefilter.error();
    if (matches) {
      EXPECT_TRUE(RE2::PartialMatch(absl::AsciiStrToLower(text), prefilter))
          << "phrase \"" << phrase << "\" text \"" << text << "\"";
    }
  }
}

}  // namespace
}  // namespace baton::router
