#include "agents/etl/dbt_verifier.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "agents/etl/dbt_scaffold.h"
#include "agents/etl/pipeline_design.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::agents::etl {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::Pair;

class DbtVerifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    workspace_ = absl::StrCat(std::getenv("TEST_TMPDIR"), "/",
                              ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(workspace_);
    std::filesystem::create_directories(workspace_);
    design_ = *DesignPipeline("Build daily data sync from MongoDB to Redshift");
    absl::StatusOr<std::vector<std::string>> files = WriteDbtScaffold(workspace_, design_);
    ASSERT_TRUE(files.ok()) << files.status();
    target_.kind = "sqlite";
    target_.scratch_dir = workspace_ + "/scratch";
    std::filesystem::create_directories(target_.scratch_dir);
  }

  void Write(const std::string& relative, const std::string& text) {
    std::ofstream(workspace_ + "/" + relative, std::ios::trunc) << text;
  }
  std::string Read(const std::string& relative) {
    std::ifstream in(workspace_ + "/" + relative);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }

  std::string workspace_;
  PipelineDesign design_;
  data::StagingTarget target_;
};

TEST_F(DbtVerifierTest, ScaffoldBuildsInDependencyOrderAndPassesItsTests) {
  absl::StatusOr<DbtVerification> report = VerifyDbtProject(workspace_, target_);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_TRUE(report->problems.empty()) << report->problems.front().message;
  // Order 2 was synced twice: the silver layer keeps one row per order.
  EXPECT_THAT(report->row_counts,
              ElementsAre(Pair("stg_orders", 4), Pair("stg_users", 3),
                          Pair("int_user_orders", 3), Pair("dim_users", 3),
                          Pair("fct_orders", 3)));
  EXPECT_EQ(report->checks, 16);
  EXPECT_THAT(report->Summary(), HasSubstr("built 5 dbt models on SQLite"));
  EXPECT_THAT(report->Summary(), HasSubstr("checks passed"));
}

TEST_F(DbtVerifierTest, MissingModelIsReportedWithTheModelThatRefsIt) {
  Write("dbt/models/marts/fct_orders.sql", "select * from {{ ref('int_orders_v2') }}");
  absl::StatusOr<DbtVerification> report = VerifyDbtProject(workspace_, target_);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_THAT(report->problems,
              ElementsAre(AllOf(Field(&EtlProblem::rule, "etl-missing-ref"),
                                Field(&EtlProblem::model, "fct_orders"),
                                Field(&EtlProblem::location, "dbt/models/marts/fct_orders.sql"),
                                Field(&EtlProblem::message, HasSubstr("'int_orders_v2'")))));
  EXPECT_TRUE(report->row_counts.empty());
}

TEST_F(DbtVerifierTest, UndeclaredSourceIsReported) {
  Write("dbt/models/staging/stg_users.sql", "select id from {{ source('mysql', 'users') }}");
  absl::StatusOr<DbtVerification> report = VerifyDbtProject(workspace_, target_);
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->problems.size(), 1u);
  EXPECT_EQ(report->problems[0].rule, "etl-missing-source");
  EXPECT_THAT(report->problems[0].message, HasSubstr("source('mysql', 'users')"));
}

TEST_F(DbtVerifierTest, CycleIsReportedAsAPath) {
  Write("dbt/models/staging/stg_users.sql",
        "select user_id from {{ ref('dim_users') }}");
  absl::StatusOr<DbtVerification> report = VerifyDbtProject(workspace_, target_);
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->problems.size(), 1u);
  EXPECT_EQ(report->problems[0].rule, "etl-cycle");
  EXPECT_THAT(report->problems[0].message,
              HasSubstr("cycle: stg_users -> dim_users -> stg_users"));
}

TEST_F(DbtVerifierTest, SqlThatDoesNotParseNamesTheModel) {
  Write("dbt/models/intermediate/int_user_orders.sql",
        "selec order_id from {{ ref('stg_orders') }}");
  absl::StatusOr<DbtVerification> report = VerifyDbtProject(workspace_, target_);
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->problems.size(), 1u);
  EXPECT_EQ(report->problems[0].rule, "etl-parse");
  EXPECT_THAT(report->problems[0].message,
              HasSubstr("model int_user_orders: SQL does not parse"));
}

TEST_F(DbtVerifierTest, UnsupportedJinjaIsARenderProblem) {
  Write("dbt/models/marts/dim_users.sql", "select {{ var('x') }} from {{ ref('stg_users') }}");
  absl::StatusOr<DbtVerification> report = VerifyDbtProject(workspace_, target_);
  ASSERT_TRUE(report.ok());
  ASSERT_FALSE(report->problems.empty());
  EXPECT_EQ(report->problems[0].rule, "etl-render");
  EXPECT_THAT(report->problems[0].message, HasSubstr("model dim_users: line 1: unsupported"));
}

TEST_F(DbtVerifierTest, NullInRequiredFieldAndDuplicateKeysAreFound) {
  std::string fixtures = Read(kFixturesFile);
  fixtures = absl::StrReplaceAll(
      fixtures, {{"(3, 'linus@example.com'", "(3, NULL"},
                 {"(3, 2, 'shipped'", "(1, 2, 'shipped'"}});
  Write(kFixturesFile, fixtures);
  // Without the dedup, duplicates reach the fact table.
  Write("dbt/models/marts/fct_orders.sql",
        "select order_id, user_id, total from {{ ref('stg_orders') }}");
  absl::StatusOr<DbtVerification> report = VerifyDbtProject(workspace_, target_);
  ASSERT_TRUE(report.ok()) << report.status();
  std::vector<std::string> messages;
  for (const EtlProblem& problem : report->problems) {
    messages.push_back(absl::StrCat(problem.rule, " ", problem.message));
  }
  EXPECT_THAT(messages,
              ::testing::UnorderedElementsAre(
                  "etl-not-null model stg_users: 1 rows with NULL in required field email",
                  "etl-not-null model dim_users: 1 rows with NULL in required field email",
                  "etl-unique model fct_orders: 2 duplicate keys in order_id"));
}

TEST_F(DbtVerifierTest, FailingSingularTestIsReported) {
  std::string fixtures = Read(kFixturesFile);
  Write(kFixturesFile, absl::StrReplaceAll(fixtures, {{"99.99", "-5.00"}}));
  absl::StatusOr<DbtVerification> report = VerifyDbtProject(workspace_, target_);
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->problems.size(), 1u);
  EXPECT_EQ(report->problems[0].rule, "etl-test");
  EXPECT_EQ(report->problems[0].message,
            "test assert_positive_amounts returned 1 failing rows");
}

TEST_F(DbtVerifierTest, ModelTheDatabaseRefusesStopsTheRun) {
  Write("dbt/models/staging/stg_users.sql",
        "select no_such_column from {{ source('mongodb', 'users') }}");
  absl::StatusOr<DbtVerification> report = VerifyDbtProject(workspace_, target_);
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->problems.size(), 1u);
  EXPECT_EQ(report->problems[0].rule, "etl-run");
  EXPECT_THAT(report->problems[0].message,
              HasSubstr("model stg_users does not build on SQLite"));
  EXPECT_THAT(report->problems[0].message, HasSubstr("no_such_column"));
}

TEST_F(DbtVerifierTest, ProjectWithoutDbtProjectYmlIsNotFound) {
  std::filesystem::remove(workspace_ + "/dbt/dbt_project.yml");
  EXPECT_THAT(VerifyDbtProject(workspace_, target_),
              testing::StatusIs(absl::StatusCode::kNotFound,
                                HasSubstr("dbt/dbt_project.yml is missing")));
}

TEST_F(DbtVerifierTest, ScaffoldNeverOverwritesAModel) {
  EXPECT_THAT(WriteDbtScaffold(workspace_, design_),
              testing::StatusIs(absl::StatusCode::kAlreadyExists,
                                HasSubstr("dbt/models/staging/stg_users.sql already exists")));
}

}  // namespace
}  // namespace baton::agents::etl
