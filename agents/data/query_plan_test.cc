#include "agents/data/query_plan.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::agents::data {
namespace {

using ::baton::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;

SqlRow Row(const std::string& id, const std::string& parent, const std::string& detail) {
  return {id, parent, "0", detail};
}

TEST(QueryPlanTest, ReadsSqlitePlansWithAliases) {
  absl::StatusOr<QueryPlan> plan = ParseSqlitePlan(
      {Row("2", "0", "SCAN o"),
       Row("4", "0", "SEARCH u USING INTEGER PRIMARY KEY (rowid=?)"),
       Row("7", "0", "SEARCH r USING AUTOMATIC COVERING INDEX (user_id=?)"),
       Row("9", "0", "USE TEMP B-TREE FOR ORDER BY")},
      {{"o", "orders"}, {"u", "users"}, {"r", "user_roles"}});
  ASSERT_TRUE(plan.ok()) << plan.status();
  ASSERT_THAT(plan->nodes, SizeIs(4));
  EXPECT_TRUE(plan->FullScanOn("orders"));
  EXPECT_FALSE(plan->FullScanOn("users"));
  EXPECT_THAT(plan->IndexesOn("users"), ElementsAre("INTEGER PRIMARY KEY"));
  EXPECT_TRUE(plan->FullScanOn("user_roles"));  // An automatic index is no index.
  EXPECT_EQ(plan->nodes[3].operation, "USE TEMP B-TREE FOR ORDER BY");
  EXPECT_EQ(plan->Summary(),
            "SCAN o (table orders); SEARCH u (table users) USING INDEX INTEGER PRIMARY "
            "KEY; SEARCH r (table user_roles)");
}

TEST(QueryPlanTest, ReadsSqliteIndexSearch) {
  absl::StatusOr<QueryPlan> plan =
      ParseSqlitePlan({Row("3", "0", "SEARCH users USING INDEX idx_users_email (email=?)")}, {});
  ASSERT_TRUE(plan.ok());
  EXPECT_FALSE(plan->FullScanOn("users"));
  EXPECT_THAT(plan->IndexesOn("users"), ElementsAre("idx_users_email"));
  EXPECT_EQ(plan->Text(), "-> SEARCH users USING INDEX idx_users_email (email=?)\n");
}

TEST(QueryPlanTest, ReadsPostgresJson) {
  const std::string json = R"json([{"Plan": {"Node Type": "Bitmap Heap Scan",
      "Relation Name": "users", "Alias": "users", "Recheck Cond": "(email = 'a')",
      "Actual Rows": 1, "Plans": [{"Node Type": "Bitmap Index Scan",
      "Index Name": "idx_users_email", "Index Cond": "(email = 'a')"}]},
      "Planning Time": 0.1, "Execution Time": 0.25}])json";
  absl::StatusOr<QueryPlan> plan = ParsePostgresPlan(json);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->database, "PostgreSQL");
  ASSERT_THAT(plan->nodes, SizeIs(2));
  EXPECT_EQ(plan->nodes[1].depth, 1);
  EXPECT_FALSE(plan->FullScanOn("users"));
  EXPECT_THAT(plan->IndexesOn("users"), ElementsAre("idx_users_email"));
  EXPECT_EQ(*plan->execution_ms, 0.25);
  EXPECT_THAT(plan->Text(), HasSubstr("  -> Bitmap Index Scan using idx_users_email on users"));
  EXPECT_THAT(plan->Text(), HasSubstr("Execution Time: 0.250 ms"));

  absl::StatusOr<QueryPlan> seq = ParsePostgresPlan(
      R"json([{"Plan": {"Node Type": "Seq Scan", "Relation Name": "users", "Alias": "u",
      "Filter": "(email = 'a')"}}])json");
  ASSERT_TRUE(seq.ok());
  EXPECT_TRUE(seq->FullScanOn("USERS"));
  EXPECT_EQ(seq->Summary(), "Seq Scan on users u");
}

TEST(QueryPlanTest, RejectsWhatIsNotAPlan) {
  EXPECT_THAT(ParsePostgresPlan("{\"x\": 1}"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("EXPLAIN")));
  EXPECT_THAT(ParseSqlitePlan({{"1"}}, {}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("notused")));
}

}  // namespace
}  // namespace baton::agents::data
