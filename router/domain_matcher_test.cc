#include "router/domain_matcher.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::router {
namespace {

using ::baton::testing::StatusIs;
using ::testing::AllOf;
using ::testing::DoubleEq;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Property;

constexpr char kCard[] = R"pb(
  domain: "data"
  source_path: "domains/data.md"
  triggers {
    keyword_groups {
      category: "Database"
      keywords: [ "database", "DB", "table", "query", "SQL" ]
    }
    keyword_groups {
      category: "Data operations"
      keywords: [ "migration" ]
    }
    keyword_groups {
      category: "Caching"
      keywords: [ "Redis", "cache" ]
    }
    keyword_groups {
      category: "Performance"
      keywords: [ "slow query", "index" ]
    }
    file_patterns: [ "migrations/**/*", "*.sql", "db/**/*" ]
    tech_stack: [ "PostgreSQL", "Redis" ]
  }
)pb";

domains::DomainCard Card(const char* text) {
  domains::DomainCard card;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &card));
  return card;
}

DomainMatcher Matcher() {
  absl::StatusOr<DomainMatcher> matcher = DomainMatcher::Create(Card(kCard));
  EXPECT_TRUE(matcher.ok()) << matcher.status();
  return *std::move(matcher);
}

auto IsMatch(TriggerMatch::Kind kind, const std::string& trigger,
             const std::string& text, int begin, int end) {
  return AllOf(Property(&TriggerMatch::kind, kind),
               Property(&TriggerMatch::trigger, trigger),
               Property(&TriggerMatch::matched_text, text),
               Property(&TriggerMatch::begin, begin),
               Property(&TriggerMatch::end, end));
}

TEST(DomainMatcherTest, KeywordsAreCaseInsensitiveWholeWords) {
  const DomainMatcher matcher = Matcher();
  DomainMatches m = matcher.Match("the db uses MySQL and dbt, not SQL", {});
  EXPECT_THAT(
      m.matches,
      ElementsAre(IsMatch(TriggerMatch::KEYWORD, "DB", "db", 4, 6),
                  IsMatch(TriggerMatch::KEYWORD, "SQL", "SQL", 31, 34)));
  EXPECT_THAT(m.score, DoubleEq(2 * kKeywordWeight));
  EXPECT_EQ(m.matches[0].category(), "Database");
  EXPECT_THAT(matcher.Match("tablespace databases2", {}).matches, IsEmpty());
}

TEST(DomainMatcherTest, KeywordsMatchTheirPlurals) {
  DomainMatches m = Matcher().Match("Two migrations and slow queries", {});
  EXPECT_THAT(
      m.matches,
      ElementsAre(
          IsMatch(TriggerMatch::KEYWORD, "migration", "migrations", 4, 14),
          IsMatch(TriggerMatch::KEYWORD, "slow query", "slow queries", 19, 31),
          IsMatch(TriggerMatch::KEYWORD, "query", "queries", 24, 31)));
}

TEST(DomainMatcherTest, MultiWordKeywordSpansAnyWhitespace) {
  DomainMatches m = Matcher().Match("a Slow\n  Query here", {});
  EXPECT_THAT(
      m.matches,
      ElementsAre(
          IsMatch(TriggerMatch::KEYWORD, "slow query", "Slow\n  Query", 2, 14),
          IsMatch(TriggerMatch::KEYWORD, "query", "Query", 9, 14)));
  EXPECT_THAT(m.score, DoubleEq(kMultiWordKeywordWeight + kKeywordWeight));
}

TEST(DomainMatcherTest, SameSpanCountsOnceWithTheHeavierTrigger) {
  DomainMatches m = Matcher().Match("redis", {});
  ASSERT_EQ(m.matches.size(), 1u);
  EXPECT_EQ(m.matches[0].kind(), TriggerMatch::TECH_STACK);
  EXPECT_EQ(m.matches[0].category(), "Tech Stack");
  EXPECT_THAT(m.score, DoubleEq(kTechStackWeight));
}

TEST(DomainMatcherTest, RepeatedTriggerIsRecordedEachTimeButScoredOnce) {
  DomainMatches m = Matcher().Match("index the index", {});
  EXPECT_EQ(m.matches.size(), 2u);
  EXPECT_THAT(m.score, DoubleEq(kKeywordWeight));
}

TEST(DomainMatcherTest, FilePatternsMatchPathsAndCountOncePerFile) {
  DomainMatches m = Matcher().Match(
      "", {"database/migrations/004_x.sql", "./db/seed.py", "src/app.ts"});
  EXPECT_THAT(m.matches,
              ElementsAre(IsMatch(TriggerMatch::FILE_PATTERN, "migrations/**/*",
                                  "database/migrations/004_x.sql", -1, -1),
                          IsMatch(TriggerMatch::FILE_PATTERN, "*.sql",
                                  "database/migrations/004_x.sql", -1, -1),
                          IsMatch(TriggerMatch::FILE_PATTERN, "db/**/*",
                                  "./db/seed.py", -1, -1)));
  EXPECT_THAT(m.score, DoubleEq(2 * kFilePatternWeight));
}

TEST(DomainMatcherTest, CardWithoutTriggersMatchesNothing) {
  absl::StatusOr<DomainMatcher> matcher =
      DomainMatcher::Create(Card(R"pb(domain: "empty")pb"));
  ASSERT_TRUE(matcher.ok()) << matcher.status();
  DomainMatches m = matcher->Match("database query", {"a.sql"});
  EXPECT_THAT(m.matches, IsEmpty());
  EXPECT_EQ(m.score, 0);
}

TEST(DomainMatcherTest, BadGlobNamesTheCardAndThePattern) {
  EXPECT_THAT(
      DomainMatcher::Create(Card(R"pb(
        domain: "data"
        source_path: "domains/data.md"
        triggers { file_patterns: [ "*.sql", "[z-a].sql" ] }
      )pb")),
      StatusIs(absl::StatusCode::kInvalidArgument,
               AllOf(HasSubstr("domain card \"data\" (domains/data.md)"),
                     HasSubstr("`[z-a].sql`"), HasSubstr("z-a"))));
  EXPECT_THAT(DomainMatcher::Create(Card(R"pb(
                domain: "data"
                triggers { file_patterns: "db/[abc" }
              )pb")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("domain card \"data\""),
                             HasSubstr("`db/[abc`: unterminated `[`"))));
}

TEST(DomainMatcherTest, EmptyKeywordNamesTheCardAndCategory) {
  EXPECT_THAT(
      DomainMatcher::Create(Card(R"pb(
        domain: "data"
        triggers { keyword_groups { category: "Database" keywords: "  " } }
      )pb")),
      StatusIs(absl::StatusCode::kInvalidArgument,
               AllOf(HasSubstr("domain card \"data\""),
                     HasSubstr("keyword \"  \" (Database): is empty"))));
}

}  // namespace
}  // namespace baton::router
