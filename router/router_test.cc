#include "router/router.h"

#include <algorithm>
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
using ::testing::Contains;
using ::testing::DoubleEq;
using ::testing::ElementsAre;
using ::testing::Ge;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Le;
using ::testing::Not;
using ::testing::StartsWith;
using ::testing::Property;
using ::testing::SizeIs;
using ::testing::UnorderedElementsAre;

constexpr char kCatalog[] = R"pb(
  cards {
    domain: "data"
    priority: 1
    triggers {
      keyword_groups {
        category: "Database"
        keywords: [ "database", "DB", "schema", "table", "query", "SQL" ]
      }
      keyword_groups {
        category: "Caching"
        keywords: [ "Redis", "cache" ]
      }
      keyword_groups {
        category: "Performance"
        keywords: [ "slow query", "index" ]
      }
      file_patterns: [ "database/**/*", "migrations/**/*", "*.sql" ]
      tech_stack: [ "PostgreSQL", "MySQL", "Redis" ]
    }
    workflows {
      name: "Database Migration"
      trigger_phrases: [
        "Add new column to users table",
        "Create migration for orders"
      ]
    }
    workflows {
      name: "Query Optimization"
      trigger_phrases: [
        "Slow query on users table",
        "Optimize report generation"
      ]
      stages {
        steps { kind: AGENT agent: "infra" note: "add indexes, rewrite query" }
      }
    }
    workflows {
      name: "Cache Implementation"
      trigger_phrases: [ "Add Redis caching for user queries" ]
    }
    workflows {
      name: "Backup & Recovery"
      trigger_phrases: [ "Set up automated backups", "Restore from backup" ]
    }
  }
  cards {
    domain: "backend"
    priority: 2
    triggers {
      keyword_groups {
        category: "API"
        keywords: [ "API", "endpoint", "REST", "controller" ]
      }
      keyword_groups {
        category: "Auth"
        keywords: [ "login", "OAuth" ]
      }
      file_patterns: [ "src/api/**/*", "*.controller.ts" ]
      tech_stack: [ "Express" ]
    }
    workflows {
      name: "API Endpoint Development"
      trigger_phrases: [
        "Add new API endpoint",
        "Create REST endpoint for orders"
      ]
    }
    workflows {
      name: "Authentication"
      trigger_phrases: [ "Add login with OAuth" ]
    }
  }
  cards {
    domain: "frontend"
    priority: 3
    triggers {
      keyword_groups {
        category: "UI"
        keywords: [ "component", "button", "page", "CSS" ]
      }
      file_patterns: [ "*.tsx" ]
      tech_stack: [ "React" ]
    }
    workflows {
      name: "Component Development"
      trigger_phrases: [ "Build a React component" ]
    }
    workflows {
      name: "UI Styling"
      trigger_phrases: [ "Fix button styles", "Make the page responsive" ]
    }
  }
)pb";

domains::DomainCatalog Catalog() {
  domains::DomainCatalog catalog;
  EXPECT_TRUE(
      google::protobuf::TextFormat::ParseFromString(kCatalog, &catalog));
  return catalog;
}

class RouterTest : public ::testing::Test {
 protected:
  RouterTest() : router_(MakeRouter()) {}

  static Router MakeRouter() {
    absl::StatusOr<Router> router = Router::Create(Catalog());
    EXPECT_TRUE(router.ok()) << router.status();
    return *std::move(router);
  }

  RouteDecision Route(const std::string& text,
                      std::vector<std::string> files = {}) {
    return router_.Route(RouteQuery{text, std::move(files)});
  }

  Router router_;
};

auto IsCandidate(const std::string& domain, const std::string& workflow) {
  return AllOf(Property(&Candidate::domain, domain),
               Property(&Candidate::workflow, workflow));
}

auto IsMatch(TriggerMatch::Kind kind, const std::string& trigger,
             const std::string& text, int begin, int end) {
  return AllOf(Property(&TriggerMatch::kind, kind),
               Property(&TriggerMatch::trigger, trigger),
               Property(&TriggerMatch::matched_text, text),
               Property(&TriggerMatch::begin, begin),
               Property(&TriggerMatch::end, end));
}

TEST_F(RouterTest, PicksDomainThenWorkflowWithSpans) {
  const std::string text = "Query on users table is slow";
  const RouteDecision decision = Route(text);
  EXPECT_EQ(decision.outcome(), RouteDecision::MATCHED);
  EXPECT_EQ(decision.domain(), "data");
  EXPECT_EQ(decision.workflow(), "Query Optimization");
  EXPECT_GT(decision.domain_score(), 0);
  EXPECT_GT(decision.workflow_score(), 0);
  EXPECT_THAT(decision.confidence(), AllOf(Ge(0.2), Le(1.0)));
  EXPECT_THAT(decision.domain_matches(),
              Contains(IsMatch(TriggerMatch::KEYWORD, "query", "Query", 0, 5)));
  EXPECT_THAT(
      decision.domain_matches(),
      Contains(IsMatch(TriggerMatch::KEYWORD, "table", "table", 15, 20)));
  EXPECT_THAT(decision.workflow_matches(),
              Contains(IsMatch(TriggerMatch::TRIGGER_PHRASE,
                               "Slow query on users table", "slow", 24, 28)));
  ASSERT_THAT(decision.candidates(), SizeIs(Ge(2)));
  EXPECT_THAT(decision.candidates(0),
              IsCandidate("data", "Query Optimization"));
  EXPECT_DOUBLE_EQ(decision.candidates(0).score(), decision.workflow_score());
  EXPECT_LT(decision.candidates(1).score(), decision.candidates(0).score());
  EXPECT_THAT(decision.collaborators(), IsEmpty());
  EXPECT_THAT(decision.explanation(), HasSubstr("Query Optimization"));
}

TEST_F(RouterTest, EveryMatchSpanIndexesTheRequest) {
  for (const std::string text :
       {"Add a status column to the ORDERS table", "add an index, please",
        "Add Redis caching in front of the orders API",
        "Restore the users database from backup"}) {
    const RouteDecision decision = Route(text);
    for (const auto* matches :
         {&decision.domain_matches(), &decision.workflow_matches()}) {
      for (const TriggerMatch& match : *matches) {
        ASSERT_GE(match.begin(), 0) << text;
        ASSERT_LE(match.end(), static_cast<int>(text.size())) << text;
        EXPECT_EQ(text.substr(match.begin(), match.end() - match.begin()),
                  match.matched_text())
            << text;
      }
    }
  }
}

TEST_F(RouterTest, WorkflowFollowsIntentNotDomainKeywords) {
  // Both name the orders table; the verb decides.
  RouteDecision decision = Route("Add a status column to the orders table");
  EXPECT_EQ(decision.workflow(), "Database Migration");
  decision = Route("the orders table query is slow");
  EXPECT_EQ(decision.workflow(), "Query Optimization");
  decision = Route("the orders query is slow, add an index");
  EXPECT_EQ(decision.outcome(), RouteDecision::MATCHED);
  EXPECT_EQ(decision.workflow(), "Query Optimization");
  // Chain notes ("add indexes, rewrite query") say what the agents do, not
  // what users ask: alone they are no intent.
  decision = Route("add an index on orders.user_id");
  EXPECT_NE(decision.workflow(), "Query Optimization")
      << FormatDecision(decision);
  // A phrase with no domain keyword still finds its card.
  decision = Route("Restore last night's backup");
  EXPECT_EQ(decision.outcome(), RouteDecision::MATCHED);
  EXPECT_EQ(decision.domain(), "data");
  EXPECT_EQ(decision.workflow(), "Backup & Recovery");
  EXPECT_THAT(
      decision.domain_matches(),
      ElementsAre(IsMatch(TriggerMatch::TRIGGER_PHRASE, "Restore from backup",
                          "Restore last night's backup", 0, 27)));
}

TEST_F(RouterTest, OtherDomainsWorkflowsWin) {
  RouteDecision decision = Route("Create a REST endpoint for invoices");
  EXPECT_EQ(decision.outcome(), RouteDecision::MATCHED);
  EXPECT_EQ(decision.domain(), "backend");
  EXPECT_EQ(decision.workflow(), "API Endpoint Development");
  decision = Route("Build a React component for the cart");
  EXPECT_EQ(decision.domain(), "frontend");
  EXPECT_EQ(decision.workflow(), "Component Development");
}

TEST_F(RouterTest, NoDomainSignalIsNoMatchWithNearestCandidates) {
  RouteDecision decision = Route("Paint the bike shed blue");
  EXPECT_EQ(decision.outcome(), RouteDecision::NO_MATCH);
  EXPECT_EQ(decision.domain(), "");
  EXPECT_EQ(decision.workflow(), "");
  EXPECT_EQ(decision.confidence(), 0);
  EXPECT_THAT(decision.candidates(), SizeIs(kMaxNearest));
  EXPECT_THAT(decision.explanation(),
              AllOf(HasSubstr("No domain trigger"),
                    HasSubstr("\"Add new column to users table\"")));

  // One shared word is no domain signal, but makes the nearest candidate.
  decision = Route("restore the cat picture");
  EXPECT_EQ(decision.outcome(), RouteDecision::NO_MATCH);
  ASSERT_THAT(decision.candidates(), SizeIs(kMaxNearest));
  EXPECT_THAT(decision.candidates(0), IsCandidate("data", "Backup & Recovery"));
  EXPECT_GT(decision.candidates(0).score(), 0);
  EXPECT_EQ(decision.candidates(1).score(), 0);
  EXPECT_THAT(decision.workflow_matches(),
              ElementsAre(IsMatch(TriggerMatch::TRIGGER_PHRASE,
                                  "Restore from backup", "restore", 0, 7)));
  EXPECT_THAT(decision.explanation(),
              HasSubstr("Backup & Recovery (e.g. \"Set up automated backups\", "
                        "\"Restore from backup\")"));
}

TEST_F(RouterTest, DomainWithoutWorkflowSignalIsNoMatch) {
  const RouteDecision decision = Route("PostgreSQL");
  EXPECT_EQ(decision.outcome(), RouteDecision::NO_MATCH);
  EXPECT_EQ(decision.domain(), "data");
  EXPECT_EQ(decision.workflow(), "");
  EXPECT_THAT(decision.domain_matches(),
              ElementsAre(IsMatch(TriggerMatch::TECH_STACK, "PostgreSQL",
                                  "PostgreSQL", 0, 10)));
  EXPECT_THAT(decision.candidates(), SizeIs(kMaxNearest));
  EXPECT_THAT(decision.explanation(),
              AllOf(HasSubstr("matches the data domain"),
                    HasSubstr("too little about what to do"),
                    HasSubstr("\"Create migration for orders\"")));
}

TEST_F(RouterTest, CloseWorkflowsAreAmbiguous) {
  // Two intents of one domain, about equally strong.
  const RouteDecision decision = Route("add caching or a column");
  EXPECT_EQ(decision.outcome(), RouteDecision::AMBIGUOUS)
      << FormatDecision(decision);
  EXPECT_EQ(decision.domain(), "data");
  EXPECT_LT(decision.confidence(), kMargin);
  ASSERT_THAT(decision.candidates(), SizeIs(Ge(2)));
  EXPECT_THAT(std::vector<Candidate>(decision.candidates().begin(),
                                     decision.candidates().begin() + 2),
              UnorderedElementsAre(IsCandidate("data", "Database Migration"),
                                   IsCandidate("data", "Cache Implementation")));
  EXPECT_GE(decision.candidates(1).score(),
            (1 - kMargin) * decision.candidates(0).score());
  EXPECT_THAT(decision.explanation(), HasSubstr("about equally"));

  // Scope words alone ("users table" is in two phrases) are no intent.
  const RouteDecision scope = Route("drop the users table");
  EXPECT_EQ(scope.outcome(), RouteDecision::NO_MATCH);
  EXPECT_EQ(scope.domain(), "data");
  EXPECT_THAT(scope.explanation(), HasSubstr("too little about what to do"));

  // --pick-best takes the best candidate, and says so.
  RouteOptions options;
  options.pick_best = true;
  const RouteDecision picked =
      router_.Route(RouteQuery{"add caching or a column", {}}, options);
  EXPECT_EQ(picked.outcome(), RouteDecision::MATCHED);
  EXPECT_EQ(picked.workflow(), decision.candidates(0).workflow());
  EXPECT_LT(picked.confidence(), kMargin);
  EXPECT_THAT(picked.explanation(), HasSubstr("--pick-best"));
}

TEST_F(RouterTest, CloseDomainsWithoutDecidingWorkflowAreAmbiguous) {
  // One keyword each, one rare word each in their workflows.
  const RouteDecision decision = Route("the database endpoint");
  EXPECT_EQ(decision.outcome(), RouteDecision::AMBIGUOUS);
  ASSERT_THAT(decision.candidates(), SizeIs(2));
  EXPECT_THAT(
      decision.candidates(),
      UnorderedElementsAre(IsCandidate("data", "Database Migration"),
                           IsCandidate("backend", "API Endpoint Development")));
  EXPECT_THAT(decision.explanation(),
              AllOf(HasSubstr("several domains"), HasSubstr("--domain")));
}

TEST_F(RouterTest, CloseDomainsAreSettledByAClearWorkflow) {
  // "login" (backend) and "page" (frontend) tie; "add login" is a phrase.
  const RouteDecision decision = Route("add login to the page");
  EXPECT_EQ(decision.outcome(), RouteDecision::MATCHED);
  EXPECT_EQ(decision.domain(), "backend");
  EXPECT_EQ(decision.workflow(), "Authentication");
  EXPECT_THAT(decision.collaborators(), ElementsAre("frontend"));
}

TEST_F(RouterTest, CollaboratorsAreOtherDomainsThatMatched) {
  const RouteDecision decision =
      Route("Add Redis caching in front of the orders API");
  EXPECT_EQ(decision.outcome(), RouteDecision::MATCHED)
      << FormatDecision(decision);
  EXPECT_EQ(decision.domain(), "data");
  EXPECT_EQ(decision.workflow(), "Cache Implementation");
  EXPECT_THAT(decision.collaborators(), ElementsAre("backend"));
}

TEST_F(RouterTest, FileAloneRoutesToItsDomain) {
  const RouteDecision decision = Route("", {"database/migrations/004_x.sql"});
  EXPECT_EQ(decision.outcome(), RouteDecision::MATCHED);
  EXPECT_EQ(decision.domain(), "data");
  EXPECT_EQ(decision.workflow(), "Database Migration");
  EXPECT_THAT(decision.domain_matches(),
              Contains(IsMatch(TriggerMatch::FILE_PATTERN, "migrations/**/*",
                               "database/migrations/004_x.sql", -1, -1)));
  EXPECT_DOUBLE_EQ(decision.domain_score(), kFilePatternWeight);
}

TEST_F(RouterTest, FilesTipTheDomainForVagueText) {
  const RouteDecision decision =
      Route("fix the button styles", {"src/components/Cart.tsx"});
  EXPECT_EQ(decision.domain(), "frontend");
  EXPECT_EQ(decision.workflow(), "UI Styling");
}

TEST_F(RouterTest, OverrideWithWorkflow) {
  absl::StatusOr<RouteDecision> decision = router_.Override(
      "Data", "query optimization", RouteQuery{"Paint the shed", {}});
  ASSERT_TRUE(decision.ok()) << decision.status();
  EXPECT_EQ(decision->outcome(), RouteDecision::OVERRIDDEN);
  EXPECT_EQ(decision->domain(), "data");
  EXPECT_EQ(decision->workflow(), "Query Optimization");
  EXPECT_DOUBLE_EQ(decision->confidence(), 1.0);
  EXPECT_THAT(decision->explanation(), HasSubstr("--workflow"));
}

TEST_F(RouterTest, OverrideDomainPicksWorkflowByText) {
  absl::StatusOr<RouteDecision> decision =
      router_.Override("backend", "", RouteQuery{"add OAuth login", {}});
  ASSERT_TRUE(decision.ok()) << decision.status();
  EXPECT_EQ(decision->outcome(), RouteDecision::OVERRIDDEN);
  EXPECT_EQ(decision->workflow(), "Authentication");
  EXPECT_THAT(decision->explanation(), HasSubstr("--domain backend"));

  decision = router_.Override("frontend", "", RouteQuery{"Paint the shed", {}});
  ASSERT_TRUE(decision.ok()) << decision.status();
  EXPECT_EQ(decision->outcome(), RouteDecision::NO_MATCH);
  EXPECT_EQ(decision->domain(), "frontend");
  EXPECT_THAT(decision->candidates(), SizeIs(2));
}

TEST_F(RouterTest, OverrideUnknownNamesListValidOnes) {
  EXPECT_THAT(router_.Override("infra", "", RouteQuery{"x", {}}),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("unknown domain \"infra\"; valid domains: "
                                 "data, backend, frontend")));
  EXPECT_THAT(
      router_.Override("backend", "Caching", RouteQuery{"x", {}}),
      StatusIs(absl::StatusCode::kNotFound,
               HasSubstr("unknown workflow \"Caching\" in domain \"backend\"; "
                         "valid workflows: \"API Endpoint Development\", "
                         "\"Authentication\"")));
}

TEST(RouterCreateTest, BadPatternNamesCardAndPattern) {
  domains::DomainCatalog catalog = Catalog();
  catalog.mutable_cards(1)->set_source_path("domains/backend.md");
  catalog.mutable_cards(1)->mutable_triggers()->add_file_patterns("src/[api");
  EXPECT_THAT(Router::Create(catalog),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("\"backend\" (domains/backend.md)"),
                             HasSubstr("`src/[api`"))));
}

TEST(RouterCreateTest, EmptyCatalogRoutesNothing) {
  absl::StatusOr<Router> router = Router::Create(domains::DomainCatalog());
  ASSERT_TRUE(router.ok()) << router.status();
  const RouteDecision decision = router->Route(RouteQuery{"add a column", {}});
  EXPECT_EQ(decision.outcome(), RouteDecision::NO_MATCH);
  EXPECT_THAT(decision.candidates(), IsEmpty());
  EXPECT_THAT(decision.explanation(), HasSubstr("no domain cards"));
  EXPECT_THAT(router->Override("data", "", RouteQuery{"x", {}}),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("valid domains: (none)")));
}

TEST_F(RouterTest, FormatDecisionIsShortAndGroupsWordsByPhrase) {
  const std::string text =
      FormatDecision(Route("Query on users table is slow"));
  EXPECT_THAT(text, StartsWith("data / Query Optimization  [matched, "
                               "confidence "));
  EXPECT_THAT(text, HasSubstr("  domain 4.00: keyword \"query\", keyword "
                              "\"table\", phrase \"Slow query on users "
                              "table\"\n"));
  // One line per trigger phrase, with every request word it matched.
  EXPECT_THAT(text, HasSubstr("    \"Slow query on users table\" <- \"Query\", "
                              "\"users\", \"table\", \"slow\"\n"));
  EXPECT_THAT(text, HasSubstr("  runner-up: data / Database Migration ("));
  EXPECT_THAT(text, Not(HasSubstr("why:")));
  EXPECT_LE(std::count(text.begin(), text.end(), '\n'), 6) << text;
}

TEST_F(RouterTest, FormatDecisionListsClosestCandidatesForNoMatch) {
  const std::string text = FormatDecision(Route("Paint the bike shed blue"));
  EXPECT_THAT(text, StartsWith("no match\n"));
  EXPECT_THAT(text, HasSubstr("  closest: data / "));
  EXPECT_THAT(text, HasSubstr("  why: No domain trigger"));
}

TEST_F(RouterTest, FormatDecisionShowsFilesAndCollaborators) {
  const std::string text = FormatDecision(
      Route("fix the button styles of the API docs", {"src/ui/Cart.tsx"}));
  EXPECT_THAT(text, HasSubstr("file src/ui/Cart.tsx (*.tsx)"));
  EXPECT_THAT(text, HasSubstr("  collaborators: backend\n"));
}

}  // namespace
}  // namespace baton::router
