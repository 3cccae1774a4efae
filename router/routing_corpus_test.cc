// Routes every request of testing/routing/corpus.tsv against the data card
// and the backend, infrastructure and security cards of testing/cards/, and
// reports the accuracy per expected workflow. Fails below kRequiredAccuracy
// overall, or when the corpus is too small or names a workflow no card has.
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "domains/card_loader.h"
#include "gtest/gtest.h"
#include "router/router.h"

namespace baton::router {
namespace {

constexpr double kRequiredAccuracy = 0.95;
constexpr int kMinimumCases = 200;

struct Case {
  int line = 0;
  std::string expected;  // "domain/Workflow", "no_match" or "ambiguous".
  std::string request;
  std::vector<std::string> files;
};

std::vector<Case> ReadCorpus(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::vector<Case> cases;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> columns = absl::StrSplit(line, '\t');
    EXPECT_GE(columns.size(), 2u) << path << ":" << number << ": " << line;
    if (columns.size() < 2) continue;
    Case c;
    c.line = number;
    c.expected = columns[0];
    c.request = columns[1];
    if (columns.size() > 2 && !columns[2].empty()) {
      c.files = absl::StrSplit(columns[2], ',', absl::SkipWhitespace());
    }
    cases.push_back(std::move(c));
  }
  return cases;
}

std::string Actual(const RouteDecision& decision) {
  switch (decision.outcome()) {
    case RouteDecision::MATCHED:
      return absl::StrCat(decision.domain(), "/", decision.workflow());
    case RouteDecision::AMBIGUOUS:
      return "ambiguous";
    case RouteDecision::NO_MATCH:
      return "no_match";
    default:
      return "unexpected outcome";
  }
}

domains::DomainCatalog LoadCatalog() {
  domains::DomainCatalog catalog;
  for (const char* path :
       {"domains/data.md", "testing/cards/backend.md",
        "testing/cards/infrastructure.md", "testing/cards/security.md"}) {
    absl::StatusOr<domains::DomainCard> card = domains::LoadCard(path);
    EXPECT_TRUE(card.ok()) << card.status();
    if (card.ok()) *catalog.add_cards() = *std::move(card);
  }
  return catalog;
}

TEST(RoutingCorpusTest, RoutesTheCorpusAccurately) {
  const domains::DomainCatalog catalog = LoadCatalog();
  ASSERT_EQ(catalog.cards_size(), 4);
  absl::StatusOr<Router> router = Router::Create(catalog);
  ASSERT_TRUE(router.ok()) << router.status();

  const std::vector<Case> cases = ReadCorpus("testing/routing/corpus.tsv");
  ASSERT_GE(static_cast<int>(cases.size()), kMinimumCases);

  std::map<std::string, bool> known = {{"no_match", true},
                                       {"ambiguous", true}};
  for (const domains::DomainCard& card : catalog.cards()) {
    for (const domains::Workflow& workflow : card.workflows()) {
      known[absl::StrCat(card.domain(), "/", workflow.name())] = true;
    }
  }
  std::map<std::string, std::pair<int, int>> per_label;  // right, total
  int right = 0;
  std::ostringstream misses;
  for (const Case& c : cases) {
    EXPECT_TRUE(known.count(c.expected))
        << "corpus.tsv:" << c.line << ": no card has \"" << c.expected << "\"";
    const RouteDecision decision =
        router->Route(RouteQuery{c.request, c.files});
    const std::string actual = Actual(decision);
    std::pair<int, int>& tally = per_label[c.expected];
    ++tally.second;
    if (actual == c.expected) {
      ++tally.first;
      ++right;
    } else {
      misses << "corpus.tsv:" << c.line << ": \"" << c.request
             << "\"\n  expected " << c.expected << ", got " << actual << "\n"
             << FormatDecision(decision);
    }
  }
  std::cout << "Accuracy per expected decision:\n";
  for (const auto& [label, tally] : per_label) {
    std::cout << absl::StrFormat("  %-52s %3d/%-3d %5.1f%%\n", label,
                                 tally.first, tally.second,
                                 100.0 * tally.first / tally.second);
  }
  const double accuracy = static_cast<double>(right) / cases.size();
  std::cout << absl::StrFormat("Overall: %d/%d = %.1f%%\n", right,
                               cases.size(), 100.0 * accuracy);
  std::cout << "Misses:\n" << misses.str();
  EXPECT_GE(accuracy, kRequiredAccuracy) << misses.str();
}

}  // namespace
}  // namespace baton::router
