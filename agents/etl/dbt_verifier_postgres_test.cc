// The dbt verifier on a real PostgreSQL server (BATON_TEST_POSTGRES_URL;
// skips without it, except under CI=true): the same scaffold builds with the
// same row counts, and the data-quality rules fire the same way.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "agents/etl/dbt_project.h"
#include "agents/etl/dbt_scaffold.h"
#include "agents/etl/dbt_verifier.h"
#include "agents/etl/pipeline_design.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/postgres/test_database.h"

namespace baton::agents::etl {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

class DbtVerifierPostgresTest : public baton::testing::PostgresTest {
 protected:
  void SetUp() override {
    PostgresTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    workspace_ = absl::StrCat(std::getenv("TEST_TMPDIR"), "/",
                              ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(workspace_);
    std::filesystem::create_directories(workspace_);
    ASSERT_TRUE(WriteDbtScaffold(workspace_, *DesignPipeline("Create dbt models for orders"))
                    .ok());
    target_.kind = "postgres";
    target_.url = server_url();
  }

  std::string workspace_;
  data::StagingTarget target_;
};

TEST_F(DbtVerifierPostgresTest, ScaffoldBuildsOnPostgres) {
  absl::StatusOr<DbtVerification> report = VerifyDbtProject(workspace_, target_);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_TRUE(report->problems.empty()) << report->problems.front().message;
  EXPECT_THAT(report->database, HasSubstr("PostgreSQL"));
  EXPECT_THAT(report->row_counts,
              ElementsAre(Pair("stg_orders", 4), Pair("stg_users", 3),
                          Pair("int_user_orders", 3), Pair("dim_users", 3),
                          Pair("fct_orders", 3)));
}

TEST_F(DbtVerifierPostgresTest, NullInRequiredFieldIsFoundOnPostgres) {
  const std::string path = workspace_ + "/" + kFixturesFile;
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  in.close();
  std::ofstream(path, std::ios::trunc)
      << absl::StrReplaceAll(text.str(), {{"(3, 'linus@example.com'", "(3, NULL"}});
  absl::StatusOr<DbtVerification> report = VerifyDbtProject(workspace_, target_);
  ASSERT_TRUE(report.ok()) << report.status();
  ASSERT_EQ(report->problems.size(), 2u);
  EXPECT_EQ(report->problems[0].rule, "etl-not-null");
  EXPECT_EQ(report->problems[0].message,
            "model stg_users: 1 rows with NULL in required field email");
}

}  // namespace
}  // namespace baton::agents::etl
