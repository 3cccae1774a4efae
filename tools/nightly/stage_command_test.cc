// `baton stage` and `baton export airflow --run-id` together: the DAG's
// tasks, run as the commands it names, advance a real run step by step.
#include "tools/nightly/stage_command.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gitops/committer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/cli/demo_repository.h"
#include "tools/nightly/export_command.h"
#include "tools/nightly/test_process.h"

namespace baton::nightly {
namespace {

using ::testing::HasSubstr;

class StageCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string cwd = std::filesystem::current_path().string();
    installation_.cards_dir = cwd + "/domains";
    installation_.agents_root = cwd;
    dir_ = absl::StrCat(std::getenv("TEST_TMPDIR"), "/",
                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    absl::StatusOr<std::string> repo =
        cli::CreateDemoRepository(cwd + "/testing/fixtures/data_repo", dir_);
    ASSERT_TRUE(repo.ok()) << repo.status();
    repo_ = *repo;
    state_ = dir_ + "/shared-state";
  }

  int Stage(const std::vector<std::string>& args) {
    out_.str("");
    err_.str("");
    return RunStageCommand(args, installation_, out_, err_);
  }

  cli::Installation installation_;
  std::string dir_;
  std::string repo_;
  std::string state_;
  std::ostringstream out_;
  std::ostringstream err_;
};

TEST_F(StageCommandTest, ExportedDagTasksAdvanceTheRunOneStepEachAndAreIdempotent) {
  ASSERT_EQ(Stage({"start", "Add phone_number column to users table", "--repo", repo_,
                   "--state-dir", state_}),
            0)
      << err_.str();
  std::vector<std::string> lines = absl::StrSplit(out_.str(), '\n', absl::SkipEmpty());
  const std::string run_id = lines.back();
  EXPECT_THAT(out_.str(), HasSubstr("no step ran yet"));
  EXPECT_TRUE(std::filesystem::exists(state_ + "/" + run_id));

  std::ostringstream dag_out, dag_err;
  const std::string dag_path = dir_ + "/baton_dag.py";
  ASSERT_EQ(RunExportCommand({"airflow", "--run-id", run_id, "--state-dir", state_, "--repo",
                              repo_, "--output", dag_path},
                             installation_, dag_out, dag_err),
            0)
      << dag_err.str();
  EXPECT_EQ(RunShell("python3 -m py_compile " + dag_path).exit_code, 0);
  const std::string dag = ReadText(dag_path);
  EXPECT_THAT(dag, HasSubstr("step_00_infrastructure_specialist >> step_01_qa_specialist"));
  EXPECT_THAT(dag, HasSubstr("step_01_qa_specialist >> step_02_git_workflow_manager"));
  EXPECT_THAT(dag, HasSubstr(absl::StrCat("stage run '", run_id, "' --step 1")));

  const std::vector<std::string> where = {"--repo", repo_, "--state-dir", state_};
  auto task = [&](int step) {
    std::vector<std::string> args = {"run", run_id, "--step", std::to_string(step)};
    args.insert(args.end(), where.begin(), where.end());
    return Stage(args);
  };
  // Out of order: refused, nothing runs.
  EXPECT_EQ(task(1), 2);
  EXPECT_THAT(err_.str(), HasSubstr("step 0 (infrastructure-specialist) of an earlier stage is not done"));
  EXPECT_EQ(task(0), 0) << err_.str();
  // A retried task finds its step done and runs nothing more.
  EXPECT_EQ(task(0), 0);
  EXPECT_THAT(out_.str(), HasSubstr("step 0 (infrastructure-specialist) of run " + run_id + " is done"));
  EXPECT_EQ(task(1), 0) << err_.str();
  EXPECT_EQ(task(2), 0) << err_.str();
  absl::StatusOr<std::optional<gitops::CommitInfo>> commit = gitops::FindCommitWithTrailer(
      repo_ + "/.baton/worktrees/" + run_id, "Baton-Run", run_id);
  ASSERT_TRUE(commit.ok() && commit->has_value());
  EXPECT_EQ((*commit)->branch, "baton/" + run_id);
  EXPECT_EQ(task(7), 2);
  EXPECT_THAT(err_.str(), HasSubstr("there is no step 7"));
}

TEST_F(StageCommandTest, ExportForAWorkflowStartsARunPerDagRun) {
  std::ostringstream out, err;
  ASSERT_EQ(RunExportCommand({"airflow", "Add phone_number column to users table", "--state-dir",
                              state_, "--repo", repo_},
                             installation_, out, err),
            0)
      << err.str();
  EXPECT_THAT(out.str(), HasSubstr("dag_id=\"baton_database_migration\""));
  EXPECT_THAT(out.str(), HasSubstr("start_run >> step_00_infrastructure_specialist"));
  EXPECT_THAT(out.str(), HasSubstr("--domain 'data' --workflow 'Database Migration'"));
  std::ostringstream out2, err2;
  EXPECT_EQ(RunExportCommand({"airflow", "--run-id", "nope", "--state-dir", state_}, installation_,
                             out2, err2),
            2);
  EXPECT_THAT(err2.str(), HasSubstr("nope"));
  EXPECT_EQ(RunExportCommand({"graphviz"}, installation_, out2, err2), 2);
}

}  // namespace
}  // namespace baton::nightly
