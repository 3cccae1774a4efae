// Random and adversarial requests against real cards and a card full of
// regex metacharacters: the router never crashes, always returns a valid
// decision whose spans index the request, and takes time linear in the
// request (a 10x longer request takes well under 30x as long; quadratic
// would be 100x).
#include <time.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <string>
#include <vector>

#include "domains/card_loader.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "router/router.h"

namespace baton::router {
namespace {

constexpr char kMetacharacterCard[] = R"pb(
  domain: "weird"
  priority: 9
  triggers {
    keyword_groups {
      category: "Meta"
      keywords: [ "C++", "(a|b)*", ".NET", "a.b", "[x]", "^$", "\\d+", "?", "é" ]
    }
    file_patterns: [ "**/*.{c,cc}", "[!a]*.h", "x?y/**" ]
    tech_stack: [ "node.js", "a\\b" ]
  }
  workflows {
    name: "Regex (Hell)"
    trigger_phrases: [ "match .* and [a-z]+ please", "(((" ]
    stages { steps { kind: AGENT agent: "qa-specialist" note: "$1 \\1" } }
  }
)pb";

class RouterFuzzTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    domains::DomainCatalog catalog;
    for (const char* path :
         {"domains/data.md", "testing/cards/backend.md",
          "testing/cards/infrastructure.md", "testing/cards/security.md"}) {
      absl::StatusOr<domains::DomainCard> card = domains::LoadCard(path);
      ASSERT_TRUE(card.ok()) << card.status();
      *catalog.add_cards() = *std::move(card);
    }
    ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(
        kMetacharacterCard, catalog.add_cards()));
    absl::StatusOr<Router> router = Router::Create(catalog);
    ASSERT_TRUE(router.ok()) << router.status();
    router_ = new Router(*std::move(router));
  }

  static void ExpectValid(const std::string& text,
                          const std::vector<std::string>& files = {}) {
    const RouteDecision decision = router_->Route(RouteQuery{text, files});
    ASSERT_TRUE(decision.outcome() == RouteDecision::MATCHED ||
                decision.outcome() == RouteDecision::AMBIGUOUS ||
                decision.outcome() == RouteDecision::NO_MATCH)
        << decision.outcome();
    EXPECT_FALSE(decision.explanation().empty());
    for (const auto* matches :
         {&decision.domain_matches(), &decision.workflow_matches()}) {
      for (const TriggerMatch& match : *matches) {
        if (match.begin() < 0) continue;
        ASSERT_LE(match.begin(), match.end());
        ASSERT_LE(match.end(), static_cast<int>(text.size()));
        EXPECT_EQ(text.substr(match.begin(), match.end() - match.begin()),
                  match.matched_text());
      }
    }
    EXPECT_FALSE(FormatDecision(decision).empty());
  }

  // Seconds for one Route, the best of three.
  // CPU seconds of this thread (best of 5): other processes on the machine
  // do not inflate it the way they inflate wall-clock time.
  static double Seconds(const std::string& text) {
    double best = 1e9;
    for (int i = 0; i < 5; ++i) {
      const double start = ThreadCpuSeconds();
      const RouteDecision decision = router_->Route(RouteQuery{text, {}});
      const double elapsed = ThreadCpuSeconds() - start;
      EXPECT_FALSE(decision.explanation().empty());
      best = std::min(best, elapsed);
    }
    return best;
  }

  static double ThreadCpuSeconds() {
    timespec now;
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
  }

  static inline Router* router_ = nullptr;
};

TEST_F(RouterFuzzTest, RandomBytesAndInvalidUtf8) {
  std::mt19937 random(20240601);
  for (int round = 0; round < 500; ++round) {
    std::string text(std::uniform_int_distribution<int>(0, 400)(random), '\0');
    for (char& c : text) {
      c = static_cast<char>(std::uniform_int_distribution<int>(0, 255)(random));
    }
    std::vector<std::string> files;
    if (round % 5 == 0) files.push_back(text.substr(0, text.size() / 3));
    ExpectValid(text, files);
  }
  for (const std::string& text : std::vector<std::string>{
           std::string("\xC3\x28 add \xA0\xA1 column \xF0\x28\x8C\x28"),
        std::string("\xFF\xFE\xFD table \xED\xA0\x80 query"),
        std::string("slow query\0on users table", 26), std::string(""),
        std::string(" \t\n\r "), std::string(1000, '\x80')}) {
    ExpectValid(text);
  }
}

TEST_F(RouterFuzzTest, RegexMetacharactersAreLiteral) {
  for (const std::string& text : std::vector<std::string>{
           "(a|b)* C++ .NET a.b [x] ^$ \\d+ ? é", ".*.*.*.*.*(((((((", "a\\b",
           "match .* and [a-z]+ please", "((((((((((((((((((((((((((",
           "$1 \\1", "(?i)(?P<x>y)\\Q\\E",
           std::string(5000, '(') + std::string(5000, ')')}) {
    ExpectValid(text, {"src/x?y/a.cc", "**/*", "[!a]"});
  }
  const RouteDecision decision =
      router_->Route(RouteQuery{"port it from C++ to .NET", {}});
  EXPECT_EQ(decision.domain(), "weird");
}

TEST_F(RouterFuzzTest, HugeRequestsStayLinear) {
  // Real words, keywords of every card, punctuation and typos.
  const std::string chunk =
      "Please optimze the slow query on the orders table, add an index, "
      "deploy to Kubernetes, rotate the API key; Redis cache? db/x.sql ";
  std::string small;
  while (small.size() < 20000) small += chunk;
  std::string large;
  while (large.size() < 10 * small.size()) large += chunk;
  ExpectValid(large);
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "timing ratios mean nothing under AddressSanitizer (the inputs above were "
                  "still routed and checked)";
#endif
  const double t_small = Seconds(small);
  const double t_large = Seconds(large);
  EXPECT_LT(t_large, 30 * t_small)
      << "20 KB: " << t_small << " s, 200 KB: " << t_large << " s";

  // Random words (no card vocabulary) and random bytes scale the same way.
  std::mt19937 random(7);
  std::string noise_small;
  while (noise_small.size() < 20000) {
    noise_small += static_cast<char>(
        std::uniform_int_distribution<int>(1, 255)(random));
  }
  std::string noise_large;
  while (noise_large.size() < 200000) {
    noise_large += static_cast<char>(
        std::uniform_int_distribution<int>(1, 255)(random));
  }
  ExpectValid(noise_large);
  const double n_small = Seconds(noise_small);
  const double n_large = Seconds(noise_large);
  EXPECT_LT(n_large, 30 * n_small)
      << "20 KB: " << n_small << " s, 200 KB: " << n_large << " s";
}

TEST_F(RouterFuzzTest, ManyFilesAndOddPaths) {
  std::vector<std::string> files;
  for (int i = 0; i < 2000; ++i) {
    files.push_back(i % 3 == 0   ? "./database/migrations/" + std::to_string(i) +
                                     ".sql"
                    : i % 3 == 1 ? std::string(300, '/') + "x"
                                 : "src/api/" + std::string(i % 50, '*'));
  }
  ExpectValid("", files);
  ExpectValid("fix it", files);
}

}  // namespace
}  // namespace baton::router
