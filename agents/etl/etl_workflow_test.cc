// End to end: "Build daily data sync from MongoDB to Redshift" through the
// real router, the five real agent binaries, real SQLite and real git
// (libgit2), on a throwaway copy of testing/fixtures/data_repo.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "gitops/committer.h"
#include "gitops/repository.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"
#include "tools/cli/demo_repository.h"
#include "tools/cli/pipeline.h"

namespace baton {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class EtlWorkflowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string cwd = std::filesystem::current_path().string();
    installation_.cards_dir = cwd + "/domains";
    installation_.agents_root = cwd;
    std::string scratch =
        absl::StrCat(std::getenv("TEST_TMPDIR"), "/",
                     ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(scratch);
    absl::StatusOr<std::string> repo =
        cli::CreateDemoRepository(cwd + "/testing/fixtures/data_repo", scratch);
    ASSERT_TRUE(repo.ok()) << repo.status();
    repo_ = *repo;
  }

  // Commits extra files into the user's repository before the run.
  void CommitFiles(const std::vector<std::pair<std::string, std::string>>& files) {
    gitops::CommitRequest request;
    request.repo = repo_;
    request.message = "chore: existing dbt models";
    for (const auto& [path, text] : files) {
      std::filesystem::create_directories(
          std::filesystem::path(repo_ + "/" + path).parent_path());
      std::ofstream(repo_ + "/" + path) << text;
      request.paths.push_back(path);
    }
    absl::StatusOr<gitops::CommitInfo> commit = gitops::CommitPaths(request);
    ASSERT_TRUE(commit.ok()) << commit.status();
  }

  absl::StatusOr<cli::RunOutcome> Run() {
    cli::RunOptions options;
    options.request = "Build daily data sync from MongoDB to Redshift";
    options.repo = repo_;
    options.retry_base_delay = absl::Milliseconds(1);
    return cli::StartRun(installation_, options, out_);
  }

  void ExpectFailedAtQa(const absl::StatusOr<cli::RunOutcome>& outcome,
                        const std::string& rule, const std::string& model) {
    ASSERT_TRUE(outcome.ok()) << outcome.status();
    EXPECT_FALSE(outcome->status.ok());
    EXPECT_EQ(outcome->handoff.status(), handoff::RUN_FAILED);
    const std::string message(outcome->status.message());
    EXPECT_THAT(message, HasSubstr(rule));
    EXPECT_THAT(message, HasSubstr(model));
    ASSERT_EQ(outcome->handoff.steps_size(), 4);
    EXPECT_EQ(outcome->handoff.steps(3).agent(), "qa-specialist");
    EXPECT_EQ(outcome->handoff.steps(3).status(), handoff::STEP_FAILED);
    EXPECT_EQ(*gitops::CountCommits(outcome->workspace), 2);  // Nothing new.
  }

  cli::Installation installation_;
  std::string repo_;
  std::ostringstream out_;
};

TEST_F(EtlWorkflowTest, DailySyncRequestEndsInOneVerifiedCommitOfTheDbtProject) {
  absl::StatusOr<cli::RunOutcome> outcome = Run();
  ASSERT_TRUE(outcome.ok()) << outcome.status() << "\n" << out_.str();
  ASSERT_TRUE(outcome->status.ok()) << outcome->status << "\n" << out_.str();
  const handoff::Handoff& handoff = outcome->handoff;
  EXPECT_EQ(handoff.status(), handoff::RUN_SUCCEEDED);
  EXPECT_EQ(handoff.workflow().name(), "ETL Pipeline Development");
  ASSERT_EQ(handoff.steps_size(), 5);
  EXPECT_EQ(handoff.steps(0).agent(), "spec-manager");
  EXPECT_EQ(handoff.steps(1).agent(), "systems-architect");
  EXPECT_EQ(handoff.steps(2).agent(), "infrastructure-specialist");
  EXPECT_EQ(handoff.steps(3).agent(), "qa-specialist");
  EXPECT_EQ(handoff.steps(4).agent(), "git-workflow-manager");

  EXPECT_EQ(handoff.facts().at("etl.source"), "mongodb");
  EXPECT_EQ(handoff.facts().at("etl.target"), "Redshift");
  EXPECT_EQ(handoff.facts().at("etl.incremental_key"), "updated_at");
  EXPECT_EQ(handoff.facts().at("qa.model_rows"),
            "stg_orders=4,stg_users=3,int_user_orders=3,dim_users=3,fct_orders=3");
  EXPECT_THAT(handoff.facts().at("qa.staging"), HasSubstr("SQLite"));

  const std::string design = Slurp(outcome->workspace + "/docs/design/orders_pipeline.md");
  EXPECT_THAT(design, HasSubstr("MongoDB → Redshift, daily"));
  EXPECT_THAT(design, HasSubstr("## Idempotency"));
  EXPECT_THAT(Slurp(outcome->workspace + "/dbt/models/marts/fct_orders.sql"),
              HasSubstr("{{ ref('int_user_orders') }}"));

  absl::StatusOr<std::optional<gitops::CommitInfo>> commit =
      gitops::FindCommitWithTrailer(outcome->workspace, "Baton-Run", outcome->run_id);
  ASSERT_TRUE(commit.ok() && commit->has_value());
  EXPECT_THAT((*commit)->files, Contains("docs/specs/orders_pipeline.md"));
  EXPECT_THAT((*commit)->files, Contains("docs/design/orders_pipeline.md"));
  EXPECT_THAT((*commit)->files, Contains("dbt/dbt_project.yml"));
  EXPECT_THAT((*commit)->files, Contains("dbt/models/staging/stg_orders.sql"));
  EXPECT_THAT((*commit)->files, Contains("dbt/models/intermediate/int_user_orders.sql"));
  EXPECT_THAT((*commit)->files, Contains("dbt/models/marts/dim_users.sql"));
  EXPECT_THAT((*commit)->files, Contains("dbt/tests/assert_positive_amounts.sql"));
  EXPECT_EQ((*commit)->files.size(), 14u);
  EXPECT_EQ(*gitops::CountCommits(repo_), 1);  // The user's branch is untouched.
}

TEST_F(EtlWorkflowTest, ModelReferencingAMissingModelFailsNamingIt) {
  CommitFiles({{"dbt/models/marts/rpt_daily_revenue.sql",
                "select * from {{ ref('fct_order_lines') }}\n"}});
  ExpectFailedAtQa(Run(), "etl-missing-ref", "rpt_daily_revenue");
}

TEST_F(EtlWorkflowTest, CycleFailsNamingTheLoop) {
  CommitFiles({{"dbt/models/marts/rpt_a.sql", "select * from {{ ref('rpt_b') }}\n"},
               {"dbt/models/marts/rpt_b.sql", "select * from {{ ref('rpt_a') }}\n"}});
  absl::StatusOr<cli::RunOutcome> outcome = Run();
  ExpectFailedAtQa(outcome, "etl-cycle", "rpt_a -> rpt_b -> rpt_a");
}

TEST_F(EtlWorkflowTest, NullInARequiredFieldFailsNamingTheModel) {
  CommitFiles({{"dbt/models/marts/rpt_user_contacts.sql",
                "select user_id, cast(null as varchar(20)) as phone\n"
                "from {{ ref('stg_users') }}\n"},
               {"dbt/models/marts/_reports.yml",
                "version: 2\nmodels:\n  - name: rpt_user_contacts\n    columns:\n"
                "      - name: phone\n        tests: [not_null]\n"}});
  absl::StatusOr<cli::RunOutcome> outcome = Run();
  ExpectFailedAtQa(outcome, "etl-not-null", "rpt_user_contacts");
  ASSERT_TRUE(outcome.ok());
  EXPECT_THAT(std::string(outcome->status.message()),
              HasSubstr("3 rows with NULL in required field phone"));
}

}  // namespace
}  // namespace baton
