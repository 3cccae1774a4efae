// The executor loop against real subprocesses: testing/fake_agent scripted
// per agent name through the registry.
#include "executor/executor.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "executor/atomic_file.h"
#include "executor/process_step_runner.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::executor {
namespace {

using ::baton::testing::StatusIs;
using ::testing::AllOf;
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
  void CheckpointDiscarded(const std::string& message) override { discarded.push_back(message); }
  std::vector<std::string> discarded;
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

  // A workflow of single-agent stages, a parallel stage for "a+b", or a
  // gate for a "[text]" entry.
  handoff::Handoff Initial(const std::vector<std::string>& chain) {
    handoff::Handoff handoff;
    handoff.set_run_id("run-1");
    handoff.set_domain("data");
    handoff.mutable_request()->set_text("Add phone_number column to users table");
    handoff.mutable_workflow()->set_name("Database Migration");
    handoff.mutable_workflow()->set_chain_text(absl::StrJoin(chain, " → "));
    for (const std::string& entry : chain) {
      domains::ChainStage* stage = handoff.mutable_workflow()->add_stages();
      if (entry.front() == '[') {
        domains::ChainStep* step = stage->add_steps();
        step->set_kind(domains::ChainStep::HUMAN_GATE);
        step->set_note(entry.substr(1, entry.size() - 2));
        continue;
      }
      for (absl::string_view agent : absl::StrSplit(entry, '+')) {
        domains::ChainStep* step = stage->add_steps();
        step->set_kind(domains::ChainStep::AGENT);
        step->set_agent(std::string(agent));
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
  // After the step succeeded its folder keeps the log and an empty scratch
  // folder (the attempt counter the agent kept there is gone).
  const std::string step_dir = runs() + "/run-1/steps/00-qa-specialist";
  std::vector<std::string> left;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(step_dir)) {
    left.push_back(entry.path().string().substr(step_dir.size() + 1));
  }
  std::sort(left.begin(), left.end());
  EXPECT_THAT(left, ::testing::ElementsAre("scratch", "stderr.log"));
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

TEST_F(ExecutorTest, ParallelStepsRunAtOnceAndMergeInDeclaredOrder) {
  // b finishes long before a, yet a's fact is merged first and b's wins.
  Agent("a", "slowfact:600:winner=a");
  Agent("b", "fact:winner=b");
  Agent("c", "ok");
  absl::Time start = absl::Now();
  absl::StatusOr<handoff::Handoff> done = RunToEnd({"a+b", "c"});
  ASSERT_TRUE(done.ok()) << done.status();
  ASSERT_EQ(done->steps_size(), 3);
  EXPECT_EQ(done->steps(0).agent(), "a");
  EXPECT_EQ(done->steps(1).agent(), "b");
  EXPECT_EQ(done->facts().at("winner"), "b");
  // Both started before either finished.
  EXPECT_LT(done->steps(1).started_unix_ms(),
            done->steps(0).started_unix_ms() + done->steps(0).duration_ms());
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
}

TEST_F(ExecutorTest, ParallelFailureKeepsTheSiblingsWork) {
  Agent("a", "fact:a=done");
  Agent("b", "exit:4");
  Agent("c", "ok");
  absl::StatusOr<handoff::Handoff> failed = RunToEnd({"a+b", "c"});
  EXPECT_THAT(failed, StatusIs(absl::StatusCode::kInternal, HasSubstr("agent b")));
  absl::StatusOr<RunDirectory> run = RunDirectory::Open(runs(), "run-1");
  absl::StatusOr<handoff::Checkpoint> latest = run->LatestCheckpoint();
  EXPECT_EQ(latest->handoff().facts().at("a"), "done");
  EXPECT_EQ(latest->completed_steps(), 1);
  // Resume runs only b (fixed), then c.
  Agent("b", "ok");
  progress_.started.clear();
  Executor executor(registry_, runner_, progress_, Options());
  absl::StatusOr<handoff::Handoff> done = executor.Advance(*run, {});
  ASSERT_TRUE(done.ok()) << done.status();
  EXPECT_EQ(progress_.started, (std::vector<std::string>{"b#1", "c#1"}));
}

TEST_F(ExecutorTest, HangingAgentIsKilledAtItsTimeout) {
  AgentSpec spec;
  spec.name = "qa-specialist";
  spec.argv = {fake_agent_, "hang"};
  spec.timeout = absl::Milliseconds(300);
  registry_.Add(spec);
  absl::StatusOr<handoff::Handoff> done = RunToEnd({"qa-specialist"});
  EXPECT_THAT(done, StatusIs(absl::StatusCode::kDeadlineExceeded,
                             HasSubstr("timed out after 300ms")));
}

TEST_F(ExecutorTest, FloodingAgentIsKilledAtItsOutputCap) {
  AgentSpec spec;
  spec.name = "qa-specialist";
  spec.argv = {fake_agent_, "flood:104857600"};
  spec.max_stdout_bytes = 1 << 20;
  registry_.Add(spec);
  absl::StatusOr<handoff::Handoff> done = RunToEnd({"qa-specialist"});
  EXPECT_THAT(done, StatusIs(absl::StatusCode::kResourceExhausted,
                             HasSubstr("wrote more than 1048576 bytes to stdout")));
}

TEST_F(ExecutorTest, AFailedStepKeepsItsFindingsInItsRecord) {
  Agent("a", "ok");
  Agent("qa", "failfinding:row-mismatch");
  EXPECT_FALSE(RunToEnd({"a", "qa"}).ok());
  absl::StatusOr<RunDirectory> run = RunDirectory::Open(runs(), "run-1");
  ASSERT_TRUE(run.ok());
  absl::StatusOr<handoff::Checkpoint> latest = run->LatestCheckpoint();
  ASSERT_TRUE(latest.ok());
  const handoff::StepRecord& failed = latest->handoff().steps(1);
  EXPECT_EQ(failed.status(), handoff::STEP_FAILED);
  ASSERT_EQ(failed.findings_size(), 1);
  EXPECT_EQ(failed.findings(0).rule(), "row-mismatch");
  EXPECT_EQ(latest->handoff().findings_size(), 0);  // Not the run's findings.
}

TEST_F(ExecutorTest, AgentsSeeABoundedWindowOfStepRecordsAndStages) {
  Agent("h", "history");
  const int length = kAgentStepWindow + 8;  // 40 stages of one step each.
  std::vector<std::string> chain(length, "h");
  absl::StatusOr<handoff::Handoff> done = RunToEnd(chain);
  ASSERT_TRUE(done.ok()) << done.status();
  ASSERT_EQ(done->steps_size(), length);  // The run keeps every record...
  EXPECT_EQ(done->workflow().stages_size(), length);  // ... and every stage.
  EXPECT_FALSE(done->workflow().chain_text().empty());
  // Stage i sees stages [i-16, i+16].
  EXPECT_EQ(done->steps(0).summary(), "saw 0 step records, 0 omitted; stages 0+17+23");
  EXPECT_EQ(done->steps(20).summary(), "saw 20 step records, 0 omitted; stages 4+33+3");
  EXPECT_EQ(done->steps(kAgentStepWindow).summary(),
            "saw 32 step records, 0 omitted; stages 16+24+0");
  EXPECT_EQ(done->steps(length - 1).summary(), "saw 32 step records, 7 omitted; stages 23+17+0");
}

TEST_F(ExecutorTest, UntilAndPauseBeforeStopAtTheChosenStage) {
  Agent("a", "ok");
  Agent("b", "ok");
  Agent("c", "ok");
  Executor executor(registry_, runner_, progress_, Options());
  absl::StatusOr<RunDirectory> run = executor.Start(runs(), Initial({"a", "b", "c"}));
  ASSERT_TRUE(run.ok());
  AdvanceOptions until;
  until.until_agent = "a";
  EXPECT_EQ(executor.Advance(*run, until)->steps_size(), 1);
  AdvanceOptions pause;
  pause.pause_before_agent = "c";
  absl::StatusOr<handoff::Handoff> paused = executor.Advance(*run, pause);
  EXPECT_EQ(paused->steps_size(), 2);
  EXPECT_EQ(paused->status(), handoff::RUN_RUNNING);
  EXPECT_EQ(executor.Advance(*run, {})->status(), handoff::RUN_SUCCEEDED);
}

// Records what the executor asked of the workspace.
class FakeTracker : public WorkspaceTracker {
 public:
  absl::StatusOr<handoff::WorkspaceSnapshot> Snapshot(
      const std::vector<std::string>& paths) override {
    if (!snapshot_error.ok()) return snapshot_error;
    handoff::WorkspaceSnapshot snapshot;
    snapshot.set_head(absl::StrCat("snap", ++snapshots));
    for (const std::string& path : paths) snapshot.add_entries()->set_path(path);
    return snapshot;
  }
  absl::StatusOr<std::vector<std::string>> Restore(
      const handoff::WorkspaceSnapshot& snapshot, bool exact) override {
    restored.push_back(snapshot.head());
    return std::vector<std::string>{"partial.sql"};
  }
  absl::Status CheckHead(const handoff::WorkspaceSnapshot& expected) override {
    if (++head_checks == fail_head_check_at) {
      return absl::FailedPreconditionError(absl::StrCat("HEAD moved: expected ", expected.head()));
    }
    return absl::OkStatus();
  }
  absl::StatusOr<MadeCommit> Commit(const handoff::CommitPlan& proposal) override {
    proposals.push_back(proposal);
    if (!commit_error.ok()) return commit_error;
    MadeCommit made;
    made.commit = proposal;
    made.commit.set_commit_id("c0ffee0123456789c0ffee0123456789c0ffee01");
    made.commit.set_branch("baton/run-1");
    made.already = proposals.size() > 1;
    return made;
  }
  int snapshots = 0;
  int head_checks = 0;
  int fail_head_check_at = -1;
  std::vector<std::string> restored;
  std::vector<handoff::CommitPlan> proposals;
  absl::Status commit_error;
  absl::Status snapshot_error;
};

TEST_F(ExecutorTest, AStartThatFailsLeavesNoRunAndSaysToRunTheRequestAgain) {
  Agent("a", "ok");
  FakeTracker tracker;
  // A real full-disk error, as the first checkpoint's write would meet it.
  tracker.snapshot_error = AppendLine("/dev/full", "x", /*sync=*/false);
  ASSERT_THAT(std::string(tracker.snapshot_error.message()), HasSubstr("then resume the run"));
  ExecutorOptions options = Options();
  options.tracker = &tracker;
  Executor executor(registry_, runner_, progress_, options);
  absl::StatusOr<RunDirectory> run = executor.Start(runs(), Initial({"a"}));
  EXPECT_THAT(run, StatusIs(absl::StatusCode::kResourceExhausted,
                            AllOf(HasSubstr("no space left on device writing /dev/full"),
                                  HasSubstr("then run the request again (the run was not created"),
                                  ::testing::Not(HasSubstr("resume")))));
  // Neither the published run nor its hidden staging folder is left.
  ASSERT_TRUE(std::filesystem::exists(runs()));
  EXPECT_TRUE(std::filesystem::is_empty(runs()));
  // The same run id can start afresh.
  tracker.snapshot_error = absl::OkStatus();
  EXPECT_TRUE(executor.Start(runs(), Initial({"a"})).ok());
}

TEST_F(ExecutorTest, MovedHeadStopsTheRunBeforeTheNextStep) {
  Agent("a", "write:a.sql");
  Agent("b", "ok");
  FakeTracker tracker;
  // Before b (a: before, after, and once its snapshot saw a new HEAD:
  // this fake's HEAD changes at every snapshot).
  tracker.fail_head_check_at = 4;
  ExecutorOptions options = Options();
  options.tracker = &tracker;
  Executor executor(registry_, runner_, progress_, options);
  absl::StatusOr<RunDirectory> run = executor.Start(runs(), Initial({"a", "b"}));
  AdvanceOptions first;
  first.restore_workspace = false;
  EXPECT_THAT(executor.Advance(*run, first),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("HEAD moved: expected snap2")));
  EXPECT_EQ(progress_.started, std::vector<std::string>{"a#1"});
  EXPECT_EQ(run->LatestCheckpoint()->completed_steps(), 1);
  // Once HEAD is back the run goes on from where it stopped.
  ASSERT_TRUE(executor.Advance(*run, {}).ok());
  EXPECT_EQ(progress_.started, (std::vector<std::string>{"a#1", "b#1"}));
}

TEST_F(ExecutorTest, HeadMovedDuringAStepFailsThatStepAndKeepsItsInputCheckpoint) {
  Agent("a", "write:a.sql");
  FakeTracker tracker;
  tracker.fail_head_check_at = 2;  // Right after a ran.
  ExecutorOptions options = Options();
  options.tracker = &tracker;
  Executor executor(registry_, runner_, progress_, options);
  absl::StatusOr<RunDirectory> run = executor.Start(runs(), Initial({"a"}));
  AdvanceOptions first;
  first.restore_workspace = false;
  EXPECT_THAT(executor.Advance(*run, first),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("HEAD moved")));
  absl::StatusOr<handoff::Checkpoint> latest = run->LatestCheckpoint();
  EXPECT_EQ(latest->handoff().status(), handoff::RUN_FAILED);
  EXPECT_EQ(latest->completed_steps(), 0);
  EXPECT_THAT(Journal(), HasSubstr("STEP_FAILED"));
  ASSERT_TRUE(executor.Advance(*run, {}).ok());
  EXPECT_EQ(progress_.started, (std::vector<std::string>{"a#1", "a#1"}));
}

TEST_F(ExecutorTest, AHeadThatMovesBeforeTheSnapshotIsNotAdopted) {
  // The foreign commit lands after the check that follows step a and before
  // a's snapshot reads HEAD: the snapshot must not make it the run's HEAD.
  Agent("a", "write:a.sql");
  Agent("b", "ok");
  FakeTracker tracker;
  tracker.fail_head_check_at = 3;  // The check of the snapshot taken after a.
  ExecutorOptions options = Options();
  options.tracker = &tracker;
  Executor executor(registry_, runner_, progress_, options);
  absl::StatusOr<RunDirectory> run = executor.Start(runs(), Initial({"a", "b"}));
  AdvanceOptions first;
  first.restore_workspace = false;
  EXPECT_THAT(executor.Advance(*run, first),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("HEAD moved: expected snap1")));
  // a is not recorded: the run's last checkpoint still expects snap1.
  absl::StatusOr<handoff::Checkpoint> latest = run->LatestCheckpoint();
  EXPECT_EQ(latest->completed_steps(), 0);
  EXPECT_EQ(latest->workspace().head(), "snap1");
  EXPECT_THAT(Journal(), HasSubstr("STEP_FAILED"));
  EXPECT_EQ(progress_.started, std::vector<std::string>{"a#1"});
  // Once HEAD is back, a runs again, then b.
  ASSERT_TRUE(executor.Advance(*run, {}).ok());
  EXPECT_EQ(progress_.started, (std::vector<std::string>{"a#1", "a#1", "b#1"}));
}

TEST_F(ExecutorTest, CorruptLatestCheckpointFallsBackAndRerunsTheStepsAfterIt) {
  Agent("a", "write:a.sql");
  Agent("b", "write:b.sql");
  ASSERT_EQ(RunToEnd({"a", "b"})->status(), handoff::RUN_SUCCEEDED);
  // Checkpoints: 0 start, 1 after a, 2 after b. Flip a byte of the last.
  const std::string last = runs() + "/run-1/checkpoints/000002.pb";
  std::string bytes = *ReadFile(last);
  bytes[bytes.size() / 2] ^= 0x20;
  ASSERT_TRUE(WriteFileAtomically(last, bytes).ok());
  progress_.started.clear();
  Executor executor(registry_, runner_, progress_, Options());
  absl::StatusOr<RunDirectory> run = RunDirectory::Open(runs(), "run-1");
  absl::StatusOr<handoff::Handoff> done = executor.Advance(*run, {});
  ASSERT_TRUE(done.ok()) << done.status();
  EXPECT_EQ(done->status(), handoff::RUN_SUCCEEDED);
  EXPECT_EQ(progress_.started, std::vector<std::string>{"b#1"});
  ASSERT_EQ(progress_.discarded.size(), 1u);
  EXPECT_THAT(progress_.discarded[0],
              AllOf(HasSubstr("000002.pb is corrupt"), HasSubstr("from checkpoint 1")));
  EXPECT_THAT(Journal(), HasSubstr("CHECKPOINT_DISCARDED"));
}

// Deletes the run's folder when the first step finishes.
class DeletingProgress : public RecordingProgress {
 public:
  void StepFinished(const handoff::StepRecord& record) override {
    RecordingProgress::StepFinished(record);
    std::filesystem::remove_all(run_dir);
  }
  std::string run_dir;
};

TEST_F(ExecutorTest, DeletedRunDirectoryStopsTheRunWithoutRecreatingIt) {
  Agent("a", "ok");
  Agent("b", "ok");
  DeletingProgress progress;
  progress.run_dir = runs() + "/run-1";
  Executor executor(registry_, runner_, progress, Options());
  absl::StatusOr<RunDirectory> run = executor.Start(runs(), Initial({"a", "b"}));
  ASSERT_TRUE(run.ok());
  EXPECT_THAT(executor.Advance(*run, {}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("state directory of run run-1"), HasSubstr("was deleted"),
                             HasSubstr("Start the request again"))));
  EXPECT_EQ(progress.started, std::vector<std::string>{"a#1"});
  EXPECT_FALSE(std::filesystem::exists(progress.run_dir));
}

// Deletes the run's folder while the step runs, then fails the way a read
// of a file inside it fails.
class DeletingRunner : public StepRunner {
 public:
  absl::StatusOr<handoff::AgentResult> RunStep(const AgentSpec&, const handoff::AgentRequest&,
                                               const StepPaths& paths, StepTelemetry*) override {
    std::filesystem::remove_all(run_dir);
    return absl::NotFoundError(absl::StrCat("cannot read ", paths.step_dir, "/result.pb"));
  }
  std::string run_dir;
};

TEST_F(ExecutorTest, AFailureCausedByTheDeletedRunDirectoryNamesTheDeletion) {
  Agent("a", "ok");
  DeletingRunner runner;
  runner.run_dir = runs() + "/run-1";
  Executor executor(registry_, runner, progress_, Options());
  absl::StatusOr<RunDirectory> run = executor.Start(runs(), Initial({"a"}));
  ASSERT_TRUE(run.ok());
  EXPECT_THAT(executor.Advance(*run, {}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("state directory of run run-1"), HasSubstr("was deleted"))));
  EXPECT_FALSE(std::filesystem::exists(runner.run_dir));
}

TEST_F(ExecutorTest, ACommitProposalIsMadeByTheTrackerAndRecorded) {
  Agent("a", "write:a.sql");
  Agent("git", "propose:feat(db): add a\n\nbody");
  FakeTracker tracker;
  ExecutorOptions options = Options();
  options.tracker = &tracker;
  Executor executor(registry_, runner_, progress_, options);
  absl::StatusOr<RunDirectory> run = executor.Start(runs(), Initial({"a", "git"}));
  ASSERT_TRUE(run.ok()) << run.status();
  absl::StatusOr<handoff::Handoff> done = executor.Advance(*run, {});
  ASSERT_TRUE(done.ok()) << done.status();
  ASSERT_EQ(tracker.proposals.size(), 1u);
  EXPECT_THAT(tracker.proposals[0].paths(), ::testing::ElementsAre("a.sql"));
  EXPECT_EQ(done->commit().commit_id(), "c0ffee0123456789c0ffee0123456789c0ffee01");
  EXPECT_EQ(done->commit().branch(), "baton/run-1");
  EXPECT_EQ(done->steps(1).summary(), "committed c0ffee0 on baton/run-1: feat(db): add a (1 file)");
  EXPECT_THAT(Journal(), HasSubstr("COMMIT_MADE"));
}

TEST_F(ExecutorTest, ACommitThatFailsFailsTheStepAndStaysResumable) {
  Agent("a", "write:a.sql");
  Agent("git", "propose:feat(db): add a");
  FakeTracker tracker;
  tracker.commit_error = absl::FailedPreconditionError("no git author configured for ws");
  ExecutorOptions options = Options();
  options.tracker = &tracker;
  Executor executor(registry_, runner_, progress_, options);
  absl::StatusOr<RunDirectory> run = executor.Start(runs(), Initial({"a", "git"}));
  ASSERT_TRUE(run.ok()) << run.status();
  absl::StatusOr<handoff::Handoff> failed = executor.Advance(*run, {});
  EXPECT_THAT(failed.status(),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("cannot make the commit git proposed: no git author")));
  tracker.commit_error = absl::OkStatus();
  absl::StatusOr<handoff::Handoff> done = executor.Advance(*run, {});
  ASSERT_TRUE(done.ok()) << done.status();
  EXPECT_EQ(done->status(), handoff::RUN_SUCCEEDED);
  EXPECT_EQ(done->commit().branch(), "baton/run-1");
}

TEST_F(ExecutorTest, ACommitProposalWithoutAGitWorkspaceIsAnError) {
  Agent("a", "write:a.sql");
  Agent("git", "propose:feat(db): add a");
  EXPECT_THAT(RunToEnd({"a", "git"}).status(),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("agent git proposed a commit, but this run has no git workspace")));
}

TEST_F(ExecutorTest, ResumeRestoresTheWorkspaceOfTheLastGoodCheckpoint) {
  Agent("a", "write:a.sql");
  Agent("b", "exit:1");
  FakeTracker tracker;
  ExecutorOptions options = Options();
  options.tracker = &tracker;
  Executor executor(registry_, runner_, progress_, options);
  absl::StatusOr<RunDirectory> run = executor.Start(runs(), Initial({"a", "b"}));
  AdvanceOptions first;
  first.restore_workspace = false;
  ASSERT_FALSE(executor.Advance(*run, first).ok());
  EXPECT_TRUE(tracker.restored.empty());
  // snap1 at the start, snap2 after a; the failure keeps snap2.
  absl::StatusOr<handoff::Checkpoint> latest = run->LatestCheckpoint();
  EXPECT_EQ(latest->workspace().head(), "snap2");
  ASSERT_EQ(latest->workspace().entries_size(), 1);
  EXPECT_EQ(latest->workspace().entries(0).path(), "a.sql");
  Agent("b", "ok");
  ASSERT_TRUE(executor.Advance(*run, {}).ok());
  EXPECT_EQ(tracker.restored, std::vector<std::string>{"snap2"});
  EXPECT_THAT(Journal(), HasSubstr("WORKSPACE_RESTORED"));
}

}  // namespace
}  // namespace baton::executor
