#include "router/workflow_scorer.h"

#include <cmath>
#include <string>

#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace baton::router {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::DoubleNear;
using ::testing::Gt;
using ::testing::IsEmpty;
using ::testing::Property;

// Card 0: Migration (0), Optimization (1), Backup (2). Card 1: Endpoint (0).
constexpr char kCatalog[] = R"pb(
  cards {
    domain: "data"
    workflows {
      name: "Database Migration"
      trigger_phrases: [ "Add new column to users table" ]
      stages { steps { kind: AGENT agent: "qa" note: "staging test" } }
    }
    workflows {
      name: "Query Optimization"
      trigger_phrases: [ "Slow query on users table" ]
      stages {
        steps { kind: AGENT agent: "infra" note: "add indexes, rewrite query" }
      }
    }
    workflows {
      name: "Backup & Recovery"
      trigger_phrases: [ "Set up automated backups", "Restore from backup" ]
    }
  }
  cards {
    domain: "backend"
    workflows {
      name: "API Endpoint"
      trigger_phrases: [ "Add new API endpoint for users" ]
    }
  }
)pb";

class WorkflowScorerTest : public ::testing::Test {
 protected:
  WorkflowScorerTest() : scorer_(Catalog()) {}

  static domains::DomainCatalog Catalog() {
    domains::DomainCatalog catalog;
    EXPECT_TRUE(
        google::protobuf::TextFormat::ParseFromString(kCatalog, &catalog));
    return catalog;
  }

  WorkflowScore Score(int card, int workflow, const std::string& text,
                      std::vector<std::string> files = {}) {
    return scorer_.Score(card, workflow, MakeQueryTerms(text, files));
  }

  WorkflowScorer scorer_;
};

TEST_F(WorkflowScorerTest, RareWordsWeighMoreThanCommonOnes) {
  // 4 workflows; "users" is in 3 of them, "table" in 2, "backups" in 1.
  const double idf_users = std::log(1 + 4.0 / 3);
  const double idf_table = std::log(1 + 4.0 / 2);
  const double idf_backup = std::log(1 + 4.0 / 1);
  // Both are scope words in "Slow query on users table".
  EXPECT_THAT(Score(0, 1, "users").score,
              DoubleNear(kScopeWeight * idf_users, 1e-9));
  EXPECT_THAT(Score(0, 1, "table").score,
              DoubleNear(kScopeWeight * idf_table, 1e-9));
  EXPECT_THAT(Score(0, 2, "backups").score, DoubleNear(idf_backup, 1e-9));
  EXPECT_EQ(Score(0, 2, "users").score, 0);
}

TEST_F(WorkflowScorerTest, WordsAfterThePrepositionAreScopeNotIntent) {
  const double idf_column = std::log(1 + 4.0 / 1);
  const double idf_table = std::log(1 + 4.0 / 2);
  const WorkflowScore head = Score(0, 0, "column");
  EXPECT_THAT(head.score, DoubleNear(idf_column, 1e-9));
  EXPECT_TRUE(head.intent);
  const WorkflowScore scope = Score(0, 0, "table");
  EXPECT_THAT(scope.score, DoubleNear(kScopeWeight * idf_table, 1e-9));
  EXPECT_FALSE(scope.intent);
  // Name words are all intent.
  EXPECT_TRUE(Score(0, 2, "recovery").intent);
}

TEST_F(WorkflowScorerTest, RecordsMatchesWithPhraseAndSpan) {
  const WorkflowScore score = Score(0, 2, "Please RESTORE it");
  ASSERT_EQ(score.matches.size(), 1u);
  const TriggerMatch& match = score.matches[0];
  EXPECT_EQ(match.kind(), TriggerMatch::TRIGGER_PHRASE);
  EXPECT_EQ(match.trigger(), "Restore from backup");
  EXPECT_EQ(match.matched_text(), "RESTORE");
  EXPECT_EQ(match.begin(), 7);
  EXPECT_EQ(match.end(), 14);
  EXPECT_EQ(match.category(), "Backup & Recovery");
}

TEST_F(WorkflowScorerTest, ChainNotesCountAtNoteWeight) {
  const double idf_index = std::log(1 + 4.0 / 1);
  const WorkflowScore score = Score(0, 1, "indexes");
  EXPECT_THAT(score.score, DoubleNear(kNoteWeight * idf_index, 1e-9));
  EXPECT_FALSE(score.intent);
  ASSERT_EQ(score.matches.size(), 1u);
  EXPECT_EQ(score.matches[0].trigger(), "add indexes, rewrite query");
}

TEST_F(WorkflowScorerTest, VerbObjectPairDecidesBetweenSharedWords) {
  // "add" is in Migration's phrase and Optimization's note; the pair
  // add->index is only in the note.
  const WorkflowScore optimization = Score(0, 1, "add an index");
  const WorkflowScore migration = Score(0, 0, "add an index");
  EXPECT_GT(optimization.score, migration.score);
  EXPECT_TRUE(optimization.intent);  // By the pair alone.
  EXPECT_THAT(
      optimization.matches,
      Contains(AllOf(Property(&TriggerMatch::matched_text, "add an index"),
                     Property(&TriggerMatch::begin, 0),
                     Property(&TriggerMatch::end, 12))));
  // Pairs do not cross clauses.
  const WorkflowScore split = Score(0, 1, "add, index");
  EXPECT_LT(split.score, optimization.score);
}

TEST_F(WorkflowScorerTest, PairSkipsOneUnknownWord) {
  const WorkflowScore score = Score(0, 0, "add email column");
  EXPECT_THAT(score.matches, Contains(Property(&TriggerMatch::matched_text,
                                               "add email column")));
}

TEST_F(WorkflowScorerTest, FilePathWordsCountAtFileWeight) {
  // "migrations" is in 1 of 4 workflows, "add" in 3; "db", "004", "email"
  // and "sql" in none.
  const double idf_migration = std::log(1 + 4.0 / 1);
  const double idf_add = std::log(1 + 4.0 / 3);
  const std::string path = "db/migrations/004_add_email.sql";
  const WorkflowScore score = Score(0, 0, "", {path});
  EXPECT_THAT(score.score,
              DoubleNear(kFileStemWeight * (idf_migration + idf_add), 1e-9));
  ASSERT_EQ(score.matches.size(), 2u);
  EXPECT_EQ(score.matches[0].matched_text(), path);
  EXPECT_EQ(score.matches[0].begin(), -1);
  EXPECT_EQ(score.matches[0].end(), -1);
  // A word already in the text is not counted again from the path.
  EXPECT_THAT(Score(0, 0, "add", {path}).score,
              DoubleNear(idf_add + kFileStemWeight * idf_migration, 1e-9));
}

TEST_F(WorkflowScorerTest, CoverageOfTheBestPhrase) {
  const std::string text = "restore yesterday's backup";
  const WorkflowScore full = Score(0, 2, text);
  EXPECT_THAT(full.coverage, DoubleNear(1.0, 1e-9));
  EXPECT_EQ(full.covered_phrase, "Restore from backup");
  EXPECT_EQ(full.covered_begin, 0);
  EXPECT_EQ(full.covered_end, static_cast<int>(text.size()));

  const WorkflowScore partial = Score(0, 2, "set up automated jobs");
  EXPECT_EQ(partial.covered_phrase, "Set up automated backups");
  EXPECT_THAT(partial.coverage, AllOf(Gt(0.5), ::testing::Lt(1.0)));

  // One shared word is not a phrase match.
  const WorkflowScore single = Score(0, 2, "restore the cat");
  EXPECT_GT(single.score, 0);
  EXPECT_EQ(single.coverage, 0);
  EXPECT_EQ(single.covered_begin, -1);
}

TEST_F(WorkflowScorerTest, UnknownWordsScoreNothing) {
  const WorkflowScore score = Score(1, 0, "Paint the bike shed blue");
  EXPECT_EQ(score.score, 0);
  EXPECT_THAT(score.matches, IsEmpty());
}

}  // namespace
}  // namespace baton::router
