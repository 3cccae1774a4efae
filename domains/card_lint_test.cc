#include "domains/card_lint.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::domains {
namespace {

using ::baton::testing::StatusIs;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

LintOptions Builtins() {
  return LintOptions{{"debug-specialist", "dependency-scanner",
                      "git-workflow-manager", "infrastructure-specialist",
                      "qa-specialist", "security-auditor", "spec-manager",
                      "systems-architect"}};
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

auto Problem(const std::string& path, int line, LintProblem::Severity severity,
             const std::string& message_part) {
  return AllOf(Field(&LintProblem::path, path), Field(&LintProblem::line, line),
               Field(&LintProblem::severity, severity),
               Field(&LintProblem::message, HasSubstr(message_part)));
}

// One card, many problems: lint reports each, in file order.
constexpr char kBroken[] = R"md(---
domain: shop
primary_agent: backend-developer
secondary_agents: [payments-bot]
---
# Shop

## Agent Workflows

### Checkout
**Trigger**: "build checkout"
```
spec-manager → payments-bot → checkout-wizard (pay) → git-workflow-manager
```

### Checkout
**Trigger**: "checkout again"
```
qa-specialist
```

### Refund
**Trigger**: "refund an order"
```
```

### Invoices
```
backend-developer → → qa-specialist
```

### Promotions
**Trigger**: "build checkout"
```
[primary-agent] → qa-specialist
```

## Triggers

### Keywords
- **Shop**: cart, checkout, cart

### File Patterns
- `src/shop/**/*`, `src/[bad`
)md";

TEST(CardLintTest, ReportsEveryProblemOfACardWithItsLine) {
  const std::vector<LintProblem> problems =
      LintCard(kBroken, "cards/shop.md", Builtins());
  EXPECT_THAT(
      problems,
      ElementsAre(
          Problem("cards/shop.md", 5, LintProblem::kError,
                  "front matter key 'priority' is missing"),
          Problem("cards/shop.md", 13, LintProblem::kError,
                  "workflow \"Checkout\": unknown agent \"checkout-wizard\" "
                  "(known: backend-developer, debug-specialist, "),
          Problem("cards/shop.md", 16, LintProblem::kError,
                  "workflow \"Checkout\" is defined twice (first at line 10)"),
          Problem("cards/shop.md", 25, LintProblem::kError,
                  "workflow \"Refund\": chain: chain is empty"),
          Problem("cards/shop.md", 27, LintProblem::kError,
                  "workflow \"Invoices\" has no trigger phrases"),
          Problem("cards/shop.md", 29, LintProblem::kError,
                  "workflow \"Invoices\": chain: empty stage"),
          Problem("cards/shop.md", 33, LintProblem::kWarning,
                  "trigger phrase \"build checkout\" also belongs to "
                  "workflow \"Checkout\""),
          Problem("cards/shop.md", 41, LintProblem::kWarning,
                  "keyword \"cart\" is listed twice"),
          Problem("cards/shop.md", 44, LintProblem::kError,
                  "file pattern `src/[bad`: unterminated `[`")));
}

TEST(CardLintTest, FormatsProblemsAsFileLineSeverityMessage) {
  EXPECT_EQ(FormatProblem(LintProblem{"a.md", 3, LintProblem::kWarning, "hm"}),
            "a.md:3: warning: hm");
  EXPECT_EQ(FormatProblem(LintProblem{"a.md", 1, LintProblem::kError, "no"}),
            "a.md:1: error: no");
}

TEST(CardLintTest, ShippedAndTestCardsHaveNoErrorsButShadowsShow) {
  std::vector<CardText> cards;
  for (const char* path :
       {"domains/data.md", "testing/cards/backend.md",
        "testing/cards/infrastructure.md", "testing/cards/security.md"}) {
    cards.push_back(CardText{path, ReadText(path)});
    ASSERT_FALSE(cards.back().text.empty()) << path;
  }
  const std::vector<LintProblem> problems = LintCards(cards, Builtins());
  EXPECT_THAT(problems, Not(Contains(Field(&LintProblem::severity,
                                           LintProblem::kError))));
  // "pipeline" is a keyword of both data and infrastructure.
  EXPECT_THAT(problems,
              Contains(AllOf(
                  Field(&LintProblem::path, "domains/data.md"),
                  Field(&LintProblem::message,
                        HasSubstr("keyword \"pipeline\" is also keyword "
                                  "\"pipeline\" of domain \"infrastructure\"")))));
  // "SQL" fires inside security's "SQL injection".
  EXPECT_THAT(problems,
              Contains(Field(&LintProblem::message,
                             HasSubstr("keyword \"SQL\" fires inside keyword "
                                       "\"SQL injection\" of domain "
                                       "\"security\" (testing/cards/"
                                       "security.md:"))));
  // data.md lists NoSQL under two categories; "DB" next to "database" is
  // fine (an alias).
  EXPECT_THAT(problems, Contains(Field(&LintProblem::message,
                                       HasSubstr("keyword \"NoSQL\" is listed "
                                                 "twice"))));
  EXPECT_THAT(problems, Not(Contains(Field(
                            &LintProblem::message,
                            HasSubstr("keyword \"DB\" is listed twice")))));
}

TEST(CardLintTest, DuplicateDomainsAndAliasShadows) {
  const std::string a =
      "---\ndomain: data\npriority: 1\nprimary_agent: qa-specialist\n---\n"
      "## Agent Workflows\n### Go\n**Trigger**: \"go now\"\n```\n"
      "qa-specialist\n```\n## Triggers\n### Keywords\n- **DB**: Postgres\n";
  const std::string b =
      "---\ndomain: data\npriority: 2\nprimary_agent: qa-specialist\n---\n"
      "## Agent Workflows\n### Run\n**Trigger**: \"run it\"\n```\n"
      "qa-specialist\n```\n## Triggers\n### Tech Stack Mentions\n"
      "- PostgreSQL\n";
  const std::vector<LintProblem> problems =
      LintCards({CardText{"a.md", a}, CardText{"b.md", b}}, Builtins());
  EXPECT_THAT(problems, Contains(Problem("b.md", 2, LintProblem::kError,
                                         "domain \"data\" is already defined "
                                         "by a.md")));
  // Postgres and PostgreSQL are aliases: the same term in two cards.
  EXPECT_THAT(problems,
              Contains(Problem("a.md", 14, LintProblem::kWarning,
                               "keyword \"Postgres\" is also tech-stack "
                               "mention \"PostgreSQL\" of domain \"data\" "
                               "(b.md:14)")));
}

TEST(CardLintTest, AgentsDeclaredInTheFrontMatterAreKnown) {
  const std::string card =
      "---\ndomain: ops\npriority: 1\nprimary_agent: ops-bot\n"
      "related_agents: [pager]\n---\n## Agent Workflows\n### Page\n"
      "**Trigger**: \"page someone\"\n```\nops-bot → pager + qa-specialist\n"
      "```\n## Triggers\n### Keywords\n- **Ops**: page\n";
  EXPECT_THAT(LintCard(card, "ops.md", Builtins()), IsEmpty());
}

TEST(CardLintTest, DirectoryErrors) {
  const std::string dir =
      std::string(std::getenv("TEST_TMPDIR")) + "/no-cards-here";
  std::filesystem::create_directories(dir);
  EXPECT_THAT(LintCardDirectory(dir, Builtins()),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("no domain cards (*.md files) in")));
  EXPECT_THAT(LintCardDirectory(dir + "/missing", Builtins()),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("cannot list domain card directory")));
}

}  // namespace
}  // namespace baton::domains
