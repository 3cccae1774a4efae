#include "router/workflow_index.h"

#include <map>
#include <string>
#include <vector>

#include "domains/card_loader.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "router/synthetic_cards.h"
#include "router/tokenizer.h"

namespace baton::router {
namespace {

constexpr char kCatalog[] = R"pb(
  cards {
    domain: "data"
    triggers { tech_stack: [ "MySQL", "PostgreSQL", "MongoDB" ] }
    workflows {
      name: "Database Schema Design"
      trigger_phrases: [ "Design database schema for users", "Create ERD" ]
    }
    workflows {
      name: "Database Migration"
      trigger_phrases: [ "Add new column to users table" ]
    }
    workflows {
      name: "Query Optimization"
      trigger_phrases: [ "Slow query on users table" ]
      stages { steps { kind: AGENT agent: "x" note: "add indexes" } }
    }
    workflows {
      name: "Data Migration"
      trigger_phrases: [ "Migrate from MySQL to PostgreSQL" ]
    }
  }
  cards {
    domain: "backend"
    workflows {
      name: "API Endpoint Development"
      trigger_phrases: [ "Add new API endpoint" ]
    }
  }
)pb";

domains::DomainCatalog Catalog() {
  domains::DomainCatalog catalog;
  EXPECT_TRUE(
      google::protobuf::TextFormat::ParseFromString(kCatalog, &catalog));
  return catalog;
}

// name -> rank, for every workflow with evidence.
std::map<std::string, WorkflowRank> Ranks(const WorkflowIndex& index,
                                          const domains::DomainCatalog& catalog,
                                          const std::string& text) {
  const std::vector<std::string> files;
  const QueryTerms query = index.Prepare(text, files);
  std::vector<WorkflowRank> ranks = index.Rank(query);
  for (int c = 0; c < catalog.cards_size(); ++c) {
    index.AddFrequent(query, c, &ranks);
  }
  std::map<std::string, WorkflowRank> by_name;
  for (const WorkflowRank& rank : ranks) {
    by_name[catalog.cards(index.card_of(rank.workflow))
                .workflows(index.index_in_card(rank.workflow))
                .name()] = rank;
  }
  return by_name;
}

TEST(WorkflowIndexTest, IntentNeedsMoreThanASharedTopicWord) {
  const domains::DomainCatalog catalog = Catalog();
  const WorkflowIndex index(catalog);
  // "database" is in two workflows' text: a topic, no intent.
  auto ranks = Ranks(index, catalog, "the database");
  EXPECT_FALSE(ranks["Database Schema Design"].intent);
  EXPECT_FALSE(ranks["Database Migration"].intent);
  // Scope words alone ("users table") are no intent either.
  ranks = Ranks(index, catalog, "users table");
  EXPECT_FALSE(ranks["Database Migration"].intent);
  EXPECT_FALSE(ranks["Query Optimization"].intent);
  // A word only one workflow of the card has at full weight is.
  ranks = Ranks(index, catalog, "the ERD please");
  EXPECT_TRUE(ranks["Database Schema Design"].intent);
  // Two full-weight words are.
  ranks = Ranks(index, catalog, "query is slow");
  EXPECT_TRUE(ranks["Query Optimization"].intent);
  // Chain notes weigh little and never give intent.
  ranks = Ranks(index, catalog, "indexes");
  EXPECT_GT(ranks["Query Optimization"].score, 0);
  EXPECT_FALSE(ranks["Query Optimization"].intent);
}

TEST(WorkflowIndexTest, PairsAndTechClassesGeneralizeExamples) {
  const domains::DomainCatalog catalog = Catalog();
  const WorkflowIndex index(catalog);
  // "add ... column" across an unknown word is a pair of the phrase.
  auto ranks = Ranks(index, catalog, "add a phone_number column");
  EXPECT_TRUE(ranks["Database Migration"].strong);
  EXPECT_GT(ranks["Database Migration"].score,
            ranks["API Endpoint Development"].score);
  // MongoDB is a tech-stack mention like MySQL: "migrate ... <tech>".
  ranks = Ranks(index, catalog, "migrate MongoDB to PostgreSQL");
  EXPECT_TRUE(ranks["Data Migration"].intent);
  EXPECT_GT(ranks["Data Migration"].coverage, 0.5);
}

TEST(WorkflowIndexTest, PrepareResolvesWordsLikeTokenize) {
  const domains::DomainCatalog catalog = Catalog();
  const WorkflowIndex index(catalog);
  for (const std::string text :
       {"Migrate the MYSQL db to Postgres, then add 3 columns!",
        "optimizing queries on users_table and orders.user_id",
        "remove the slow query; design schemas", ""}) {
    const std::vector<std::string> files;
    const QueryTerms query = index.Prepare(text, files);
    std::vector<int> expected;
    for (const Token& token : Tokenize(text)) {
      const int id = index.StemId(token.stem);
      expected.push_back(id);
      if (id >= 0 && (token.stem == "mysql" || token.stem == "postgresql" ||
                      token.stem == "mongodb")) {
        expected.push_back(index.StemId(kTechClass));
      }
    }
    std::vector<int> actual;
    for (const QueryToken& token : query.tokens) actual.push_back(token.id);
    EXPECT_EQ(actual, expected) << text;
  }
}

TEST(WorkflowIndexTest, ExplainAddsUpToTheEvidence) {
  const domains::DomainCatalog catalog = Catalog();
  const WorkflowIndex index(catalog);
  const std::string text = "Slow query on the orders table";
  const std::vector<std::string> files = {"db/queries/slow_report.sql"};
  const QueryTerms query = index.Prepare(text, files);
  for (const WorkflowRank& rank : index.Rank(query, /*all_stems=*/true)) {
    google::protobuf::RepeatedPtrField<TriggerMatch> matches;
    WorkflowRank sum;
    index.Explain(rank.workflow, query, &matches, &sum);
    EXPECT_NEAR(sum.score, rank.score - kCoverageWeight * rank.coverage, 1e-9);
    for (const TriggerMatch& match : matches) {
      if (match.begin() < 0) {
        EXPECT_EQ(match.matched_text(), files[0]);
      } else {
        EXPECT_EQ(text.substr(match.begin(), match.end() - match.begin()),
                  match.matched_text());
      }
    }
  }
}

// With a hundred cards, common verbs are frequent: Rank leaves them out and
// AddFrequent puts them back for a card, with the same result.
TEST(WorkflowIndexTest, FrequentStemsAddedLaterGiveTheSameScores) {
  domains::DomainCatalog catalog;
  for (int i = 0; i < 100; ++i) {
    absl::StatusOr<domains::DomainCard> card =
        domains::ParseCard(SyntheticCard(i), "synthetic.md");
    ASSERT_TRUE(card.ok()) << card.status();
    *catalog.add_cards() = *std::move(card);
  }
  const WorkflowIndex index(catalog);
  const std::string text = SyntheticRequest(42, 300);
  const std::vector<std::string> files;
  const QueryTerms query = index.Prepare(text, files);
  std::vector<WorkflowRank> all = index.Rank(query, /*all_stems=*/true);
  std::vector<WorkflowRank> lazy = index.Rank(query);
  EXPECT_LT(lazy.size(), all.size()) << "the common verb touches every card";
  for (int c = 0; c < catalog.cards_size(); ++c) {
    index.AddFrequent(query, c, &lazy);
  }
  std::map<int, const WorkflowRank*> by_workflow;
  for (const WorkflowRank& rank : lazy) by_workflow[rank.workflow] = &rank;
  for (const WorkflowRank& rank : all) {
    ASSERT_TRUE(by_workflow.count(rank.workflow)) << rank.workflow;
    const WorkflowRank& other = *by_workflow[rank.workflow];
    EXPECT_NEAR(other.score - kCoverageWeight * other.coverage,
                rank.score - kCoverageWeight * rank.coverage, 1e-9);
    EXPECT_EQ(other.full_stems, rank.full_stems);
    EXPECT_EQ(other.strong, rank.strong);
  }
}

}  // namespace
}  // namespace baton::router
