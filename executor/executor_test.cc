// The executor loop against real subprocesses: testing/fake_agent scripted
// per agent name through the registry.
#include "executor/executor.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "executor/process_step_runner.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::executor {
namespace {

using ::baton::testing::StatusIs;
using ::testing::HasSubstr;

// Remembers what the executor reported.
class RecordingProgress : public ProgressSink {
 public:
  void StepStarted(const PlannedStep& step, int attempt) override {
    started.push_back(absl::StrCat(step.step.agent(), "#", attempt));
  }
  void StepFinished(const handoff::StepRecord& record) override {
    finished.push_back(record);
  }
  void WaitingForHuman(const PlannedStep& step) override { gates.push_back(step.step.note()); }
  std::vector<std::string> started;
  std::vector<handoff::StepRecord> finished;
  std::vector<std::string> gates;
};

class ExecutorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char cwd[4096];
    ASSERT_NE(::getcwd(cwd, sizeof(cwd)), nullptr);
    fake_agent_ = absl::StrCat(cwd, "/testing/fake_agent");
    root_ = absl::StrCat(std::getenv("TEST_TMPDIR"), "/",
                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    workspace_ = root_ + "/ws";
    std::filesystem::create_directories(workspace_);
  }

  // Registers `name` as the fake agent running `mode`.
  void Agent(const std::string& name, const std::string& mode) {
    AgentSpec spec;
    spec.name = name;
    spec.argv = {fake_agent_, mode};
    spec.timeout = absl::Seconds(20);
    registry_.Add(spec);
  }

  // A workflow of single-agent stages, or a gate for a "[text]" entry.
  handoff::Handoff Initial(const std::vector<std::string>& chain) {
    handoff::Handoff handoff;
    handoff.set_run_id("run-1");
    handoff.set_domain("data");
    handoff.mutable_request()->set_text("Add phone_number column to users table");
    handoff.mutable_workflow()->set_name("Database Migration");
    for (const std::string& entry : chain) {
      domains::ChainStep* step = handoff.mutable_workflow()->add_stages()->add_steps();
      if (entry.front() == '[') {
        step->set_kind(domains::ChainStep::HUMAN_GATE);
        step->set_note(entry.substr(1, entry.size() - 2));
      } else {
        step->set_kind(domains::ChainStep::AGENT);
        step->set_agent(entry);
      }
    }
    return handoff;
  }

  absl::StatusOr<handoff::Handoff> RunToEnd(const std::vector<std::string>& chain) {
    Executor executor(registry_, runner_, progress_, Options());
    absl::StatusOr<RunDirectory> run = executor.Start(runs(), Initial(chain));
    if (!run.ok()) return run.status();
    return executor.Advance(*run, {});
  }

  ExecutorOptions Options() {
    ExecutorOptions options;
    options.workspace = workspace_;
    options.retry_base_delay = absl::Milliseconds(1);
    return options;
  }

  std::string runs() { return root_ + "/runs"; }

  std::string Journal() {
    std::ifstream in(runs() + "/run-1/journal.jsonl");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }

  std::string fake_agent_;
  std::string root_;
  std::string workspace_;
  AgentRegistry registry_;
  ProcessStepRunner runner_;
  RecordingProgress progress_;
};

TEST_F(ExecutorTest, RunsEveryStepAndCheckpointsEachOne) {
  Agent("infrastructure-specialist", "write:004_add_phone.sql");
  Agent("qa-specialist", "fact:qa.verified=yes");
  absl::StatusOr<handoff::Handoff> done =
      RunToEnd({"infrastructure-specialist", "qa-specialist"});
  ASSERT_TRUE(done.ok()) << done.status();
  EXPECT_EQ(done->status(), handoff::RUN_SUCCEEDED);
  ASSERT_EQ(done->steps_size(), 2);
  EXPECT_EQ(done->steps(0).summary(), "wrote 004_add_phone.sql");
  EXPECT_EQ(done->steps(0).exit_code(), 0);
  ASSERT_EQ(done->artifacts_size(), 1);
  EXPECT_EQ(done->artifacts(0).agent(), "infrastructure-specialist");
  EXPECT_EQ(done->facts().at("qa.verified"), "yes");
  EXPECT_TRUE(std::filesystem::exists(workspace_ + "/004_add_phone.sql"));
  // Checkpoint 0 (start) + one per step.
  EXPECT_TRUE(std::filesystem::exists(runs() + "/run-1/checkpoints/000002.pb"));
  EXPECT_THAT(Journal(), HasSubstr("\"type\":\"RUN_FINISHED\""));
  EXPECT_TRUE(std::filesystem::exists(runs() + "/run-1/steps/00-infrastructure-specialist/stderr.log"));
}

TEST_F(ExecutorTest, NonZeroExitFailsTheRunNamingAgentAndLog) {
  Agent("infrastructure-specialist", "ok");
  Agent("qa-specialist", "exit:3");
  absl::StatusOr<handoff::Handoff> done =
      RunToEnd({"infrastructure-specialist", "qa-specialist"});
  EXPECT_THAT(done, StatusIs(absl::StatusCode::kInternal,
                             HasSubstr("agent qa-specialist")));
  EXPECT_THAT(done.status().message(), HasSubstr("exit code 3"));
  EXPECT_THAT(done.status().message(), HasSubstr("steps/01-qa-specialist/stderr.log"));
  // The checkpoint after the first step is still there, and the failure is
  // recorded after it.
  absl::StatusOr<RunDirectory> run = RunDirectory::Open(runs(), "run-1");
  absl::StatusOr<handoff::Checkpoint> latest = run->LatestCheckpoint();
  ASSERT_TRUE(latest.ok());
  EXPECT_TRUE(std::filesystem::exists(runs() + "/run-1/checkpoints/000001.pb"));
  EXPECT_EQ(latest->handoff().status(), handoff::RUN_FAILED);
  EXPECT_EQ(latest->completed_steps(), 1);
  EXPECT_THAT(Journal(), HasSubstr("\"type\":\"STEP_FAILED\""));
}

TEST_F(ExecutorTest, CrashBySignalIsReported) {
  Agent("qa-specialist", "signal:11");
  absl::StatusOr<handoff::Handoff> done = RunToEnd({"qa-specialist"});
  EXPECT_THAT(done, StatusIs(absl::StatusCode::kInternal,
                             HasSubstr("killed by signal 11")));
}

TEST_F(ExecutorTest, GarbageOnStdoutIsReported) {
  Agent("qa-specialist", "garbage");
  absl::StatusOr<handoff::Handoff> done = RunToEnd({"qa-specialist"});
  EXPECT_THAT(done, StatusIs(absl::StatusCode::kInternal,
                             HasSubstr("not a binary baton.handoff.AgentResult")));
}

TEST_F(ExecutorTest, AgentFailureStopsTheRunWithItsMessage) {
  Agent("qa-specialist", "fail");
  Agent("git-workflow-manager", "ok");
  absl::StatusOr<handoff::Handoff> done = RunToEnd({"qa-specialist", "git-workflow-manager"});
  EXPECT_THAT(done, StatusIs(absl::StatusCode::kAborted,
                             HasSubstr("the work was impossible")));
  EXPECT_EQ(progress_.started, std::vector<std::string>{"qa-specialist#1"});
}

TEST_F(ExecutorTest, ArtifactOutsideTheWorkspaceFailsTheStep) {
  Agent("infrastructure-specialist", "write:../escaped.sql");
  absl::StatusOr<handoff::Handoff> done = RunToEnd({"infrastructure-specialist"});
  EXPECT_THAT(done, StatusIs(absl::StatusCode::kPermissionDenied,
                             HasSubstr("climbs out of the workspace")));
}

TEST_F(ExecutorTest, TransientFailuresAreRetried) {
  Agent("qa-specialist", "transient:2");
  absl::StatusOr<handoff::Handoff> done = RunToEnd({"qa-specialist"});
  ASSERT_TRUE(done.ok()) << done.status();
  EXPECT_EQ(progress_.started,
            (std::vector<std::string>{"qa-specialist#1", "qa-specialist#2", "qa-specialist#3"}));
  EXPECT_EQ(done->steps(done->steps_size() - 1).attempt(), 3);
  EXPECT_THAT(Journal(), HasSubstr("\"type\":\"STEP_RETRIED\""));
}

TEST_F(ExecutorTest, UnknownAgentIsRefusedBeforeAnythingRuns) {
  Agent("qa-specialist", "ok");
  absl::StatusOr<handoff::Handoff> done = RunToEnd({"qa-specialist", "data-wizard"});
  EXPECT_THAT(done, StatusIs(absl::StatusCode::kInvalidArgument,
                             HasSubstr("unknown agent(s) data-wizard")));
  EXPECT_TRUE(progress_.started.empty());
}

TEST_F(ExecutorTest, FailedRunResumesFromTheFailedStep) {
  Agent("infrastructure-specialist", "ok");
  Agent("qa-specialist", "exit:1");
  ASSERT_FALSE(RunToEnd({"infrastructure-specialist", "qa-specialist"}).ok());
  // The developer fixes the agent, then resumes: only the failed step runs.
  Agent("qa-specialist", "ok");
  progress_.started.clear();
  Executor executor(registry_, runner_, progress_, Options());
  absl::StatusOr<RunDirectory> run = RunDirectory::Open(runs(), "run-1");
  absl::StatusOr<handoff::Handoff> done = executor.Advance(*run, {});
  ASSERT_TRUE(done.ok()) << done.status();
  EXPECT_EQ(done->status(), handoff::RUN_SUCCEEDED);
  EXPECT_EQ(progress_.started, std::vector<std::string>{"qa-specialist#1"});
}

TEST_F(ExecutorTest, HumanGatePausesUntilApproved) {
  Agent("debug-specialist", "ok");
  Agent("qa-specialist", "ok");
  absl::StatusOr<handoff::Handoff> paused =
      RunToEnd({"debug-specialist", "[fix if needed]", "qa-specialist"});
  ASSERT_TRUE(paused.ok()) << paused.status();
  EXPECT_EQ(paused->status(), handoff::RUN_WAITING_FOR_HUMAN);
  EXPECT_EQ(progress_.gates, std::vector<std::string>{"fix if needed"});
  Executor executor(registry_, runner_, progress_, Options());
  absl::StatusOr<RunDirectory> run = RunDirectory::Open(runs(), "run-1");
  AdvanceOptions approve;
  approve.approve_gate = true;
  absl::StatusOr<handoff::Handoff> done = executor.Advance(*run, approve);
  ASSERT_TRUE(done.ok()) << done.status();
  EXPECT_EQ(done->status(), handoff::RUN_SUCCEEDED);
  EXPECT_EQ(done->steps(1).status(), handoff::STEP_APPROVED);
}

TEST_F(ExecutorTest, MaxStepsRunsExactlyOneStep) {
  Agent("infrastructure-specialist", "ok");
  Agent("qa-specialist", "ok");
  Executor executor(registry_, runner_, progress_, Options());
  absl::StatusOr<RunDirectory> run =
      executor.Start(runs(), Initial({"infrastructure-specialist", "qa-specialist"}));
  ASSERT_TRUE(run.ok());
  AdvanceOptions one;
  one.max_steps = 1;
  absl::StatusOr<handoff::Handoff> after = executor.Advance(*run, one);
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(after->steps_size(), 1);
  EXPECT_EQ(after->status(), handoff::RUN_RUNNING);
}

}  // namespace
}  // namespace baton::executor
