// Routes requests against the real data card (domains/data.md), next to two
// small inline cards so that a request leaking into the wrong domain shows.
#include <string>
#include <utility>
#include <vector>

#include "domains/card_loader.h"
#include "domains/domain.pb.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "router/router.h"

namespace baton::router {
namespace {

using ::testing::IsEmpty;
using ::testing::Not;

constexpr char kBackendCard[] = R"pb(
  domain: "backend"
  priority: 2
  triggers {
    keyword_groups {
      category: "API"
      keywords: [ "API", "endpoint", "REST", "GraphQL", "controller" ]
    }
    keyword_groups {
      category: "Auth"
      keywords: [ "login", "OAuth", "authentication" ]
    }
    file_patterns: [ "src/api/**/*", "*.controller.ts" ]
    tech_stack: [ "Express", "NestJS" ]
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
)pb";

constexpr char kFrontendCard[] = R"pb(
  domain: "frontend"
  priority: 3
  triggers {
    keyword_groups {
      category: "UI"
      keywords: [ "component", "UI", "CSS", "button", "page", "form" ]
    }
    file_patterns: [ "*.tsx", "src/components/**/*" ]
    tech_stack: [ "React", "Vue" ]
  }
  workflows {
    name: "Component Development"
    trigger_phrases: [ "Build a React component for the user profile" ]
  }
  workflows {
    name: "UI Styling"
    trigger_phrases: [ "Fix button styles", "Make the page responsive" ]
  }
)pb";

domains::DomainCard ParseInline(const char* text) {
  domains::DomainCard card;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &card));
  return card;
}

class DataCardTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<domains::DomainCard> data =
        domains::LoadCard("domains/data.md");
    ASSERT_TRUE(data.ok()) << data.status();
    data_card_ = new domains::DomainCard(*std::move(data));
    domains::DomainCatalog catalog;
    *catalog.add_cards() = ParseInline(kBackendCard);
    *catalog.add_cards() = *data_card_;
    *catalog.add_cards() = ParseInline(kFrontendCard);
    absl::StatusOr<Router> router = Router::Create(catalog);
    ASSERT_TRUE(router.ok()) << router.status();
    router_ = new Router(*std::move(router));
  }

  static RouteDecision Route(const std::string& text,
                             std::vector<std::string> files = {}) {
    return router_->Route(RouteQuery{text, std::move(files)});
  }

  // Expects `text` to route clearly to the data domain's `workflow`.
  static void ExpectRoutes(const std::string& text,
                           const std::string& workflow) {
    const RouteDecision decision = Route(text);
    EXPECT_EQ(decision.outcome(), RouteDecision::MATCHED)
        << text << "\n"
        << FormatDecision(decision);
    EXPECT_EQ(decision.domain(), "data") << text;
    EXPECT_EQ(decision.workflow(), workflow) << text << "\n"
                                             << FormatDecision(decision);
  }

  static inline domains::DomainCard* data_card_ = nullptr;
  static inline Router* router_ = nullptr;
};

TEST_F(DataCardTest, TheCardHasSevenWorkflows) {
  EXPECT_EQ(data_card_->workflows_size(), 7);
}

TEST_F(DataCardTest, EveryTriggerPhraseRoutesToItsOwnWorkflow) {
  int phrases = 0;
  for (const domains::Workflow& workflow : data_card_->workflows()) {
    for (const std::string& phrase : workflow.trigger_phrases()) {
      ExpectRoutes(phrase, workflow.name());
      ++phrases;
    }
  }
  EXPECT_GE(phrases, 7);
}

TEST_F(DataCardTest, TheCardsExampleRequestsRouteRight) {
  ExpectRoutes("Query on users table is slow", "Query Optimization");
  ExpectRoutes("Add 'phone_number' column to users table",
               "Database Migration");
  ExpectRoutes("Add phone_number column to users table", "Database Migration");
  ExpectRoutes("Migrate from MySQL to PostgreSQL", "Data Migration");
  ExpectRoutes("Set up automated backups", "Backup & Recovery");
  ExpectRoutes("Add Redis caching for user queries", "Cache Implementation");
  ExpectRoutes("Build daily data sync from MongoDB to Redshift",
               "ETL Pipeline Development");
  ExpectRoutes("Design database schema for users", "Database Schema Design");
}

TEST_F(DataCardTest, RephrasingsRouteRight) {
  // Query Optimization.
  ExpectRoutes("the orders report query is really slow", "Query Optimization");
  ExpectRoutes("the users lookup by email is slow, it needs an index",
               "Query Optimization");
  ExpectRoutes("OPTIMIZE THE SLOW QUERIES ON THE ORDERS TABLE",
               "Query Optimization");
  ExpectRoutes("Optimizing the monthly report generation, it takes minutes",
               "Query Optimization");
  // Database Migration.
  ExpectRoutes("create migration for orders", "Database Migration");
  ExpectRoutes("We need to add a status column to the orders table",
               "Database Migration");
  ExpectRoutes("Write a migration that adds an email column to users",
               "Database Migration");
  // Issue 5's examples of schema changes: an index is one too.
  ExpectRoutes("please add an index on orders.user_id", "Database Migration");
  ExpectRoutes("rename the email column in accounts", "Database Migration");
  ExpectRoutes("drop the fax column from customers", "Database Migration");
  // Data Migration.
  ExpectRoutes("migrate our data from mysql to postgres", "Data Migration");
  ExpectRoutes("Move everything from MongoDB to PostgreSQL (data migration)",
               "Data Migration");
  // Backup & Recovery.
  ExpectRoutes("Restore the users database from last night's backup",
               "Backup & Recovery");
  ExpectRoutes("set up automated daily backups for Postgres",
               "Backup & Recovery");
  // Cache Implementation.
  ExpectRoutes("add a redis cache in front of the product queries",
               "Cache Implementation");
  ExpectRoutes("Implement caching for user lookups", "Cache Implementation");
  // ETL Pipeline Development.
  ExpectRoutes("Build an ETL pipeline that loads orders into Snowflake",
               "ETL Pipeline Development");
  ExpectRoutes("nightly sync of the events collection from MongoDB to Redshift",
               "ETL Pipeline Development");
  // Database Schema Design.
  ExpectRoutes("design the schema for a new billing database",
               "Database Schema Design");
  ExpectRoutes("Create an ERD for the inventory service",
               "Database Schema Design");
}

TEST_F(DataCardTest, MigrationFileAloneRoutesToDatabaseMigration) {
  const RouteDecision decision =
      Route("", {"database/migrations/004_add_phone_number.sql"});
  EXPECT_EQ(decision.domain(), "data") << FormatDecision(decision);
  EXPECT_EQ(decision.workflow(), "Database Migration")
      << FormatDecision(decision);
}

TEST_F(DataCardTest, UnrelatedRequestIsNoMatchWithNearestCandidates) {
  const RouteDecision decision = Route("Paint the bike shed blue");
  EXPECT_EQ(decision.outcome(), RouteDecision::NO_MATCH)
      << FormatDecision(decision);
  EXPECT_EQ(decision.domain(), "");
  EXPECT_EQ(decision.workflow(), "");
  EXPECT_THAT(decision.candidates(), Not(IsEmpty()));
  EXPECT_THAT(decision.explanation(),
              ::testing::HasSubstr("No domain trigger"));
}

TEST_F(DataCardTest, OtherDomainsRequestsStayThere) {
  const RouteDecision api = Route("Add a new REST endpoint for invoices");
  EXPECT_EQ(api.domain(), "backend") << FormatDecision(api);
  EXPECT_EQ(api.workflow(), "API Endpoint Development");
  const RouteDecision ui = Route("Make the settings page responsive");
  EXPECT_EQ(ui.domain(), "frontend") << FormatDecision(ui);
  EXPECT_EQ(ui.workflow(), "UI Styling");
}

}  // namespace
}  // namespace baton::router
