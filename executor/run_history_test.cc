#include <cstdlib>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "executor/run_catalog.h"
#include "executor/run_history.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::executor {
namespace {

using ::baton::testing::StatusIs;
using ::testing::HasSubstr;

class RunHistoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = absl::StrCat(std::getenv("TEST_TMPDIR"), "/",
                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
  }

  // A run of two steps with three checkpoints: start, after a, after b.
  RunDirectory TwoStepRun(const std::string& id) {
    absl::StatusOr<RunDirectory> run = RunDirectory::Create(root_, id);
    handoff::Handoff handoff;
    handoff.set_run_id(id);
    handoff.mutable_workflow()->set_name("W");
    for (const char* agent : {"a", "b"}) {
      domains::ChainStep* step = handoff.mutable_workflow()->add_stages()->add_steps();
      step->set_kind(domains::ChainStep::AGENT);
      step->set_agent(agent);
    }
    handoff.set_status(handoff::RUN_RUNNING);
    handoff::RunManifest manifest;
    manifest.set_run_id(id);
    manifest.set_created_unix_ms(1000);
    EXPECT_TRUE(run->WriteManifest(manifest).ok());
    EXPECT_TRUE(run->WriteCheckpoint(handoff, 0).ok());
    for (int i = 0; i < 2; ++i) {
      handoff::StepRecord* record = handoff.add_steps();
      record->set_index(i);
      record->set_status(handoff::STEP_SUCCEEDED);
      (*handoff.mutable_facts())[absl::StrCat("after", i)] = "yes";
      if (i == 1) handoff.set_status(handoff::RUN_SUCCEEDED);
      handoff::WorkspaceSnapshot snapshot;
      snapshot.set_head(absl::StrCat("head", i));
      EXPECT_TRUE(run->WriteCheckpoint(handoff, i + 1, snapshot).ok());
    }
    EXPECT_TRUE(run->Publish().ok());
    return *std::move(run);
  }

  std::string root_;
};

TEST_F(RunHistoryTest, RewindWritesTheOldCheckpointAgainAndKeepsTheLaterOnes) {
  RunDirectory run = TwoStepRun("r1");
  absl::StatusOr<int> rewound = RewindRun(run, 1);
  ASSERT_TRUE(rewound.ok()) << rewound.status();
  EXPECT_EQ(*rewound, 3);
  EXPECT_EQ(run.CheckpointSequences().size(), 4u);
  absl::StatusOr<handoff::Checkpoint> latest = run.LatestCheckpoint();
  EXPECT_EQ(latest->handoff().steps_size(), 1);
  EXPECT_EQ(latest->handoff().status(), handoff::RUN_RUNNING);
  EXPECT_FALSE(latest->handoff().facts().contains("after1"));
  EXPECT_EQ(latest->workspace().head(), "head0");
}

TEST_F(RunHistoryTest, RewindToAnUnknownCheckpointIsNotFound) {
  RunDirectory run = TwoStepRun("r1");
  EXPECT_THAT(RewindRun(run, 9), StatusIs(absl::StatusCode::kNotFound, HasSubstr("checkpoint 9")));
}

TEST_F(RunHistoryTest, ForkStartsANewRunFromACheckpoint) {
  RunDirectory source = TwoStepRun("r1");
  handoff::RunManifest manifest;
  manifest.set_run_id("r2");
  absl::StatusOr<RunDirectory> fork = ForkRun(source, 1, root_, manifest);
  ASSERT_TRUE(fork.ok()) << fork.status();
  absl::StatusOr<handoff::Checkpoint> first = fork->LatestCheckpoint();
  EXPECT_EQ(first->sequence(), 0);
  EXPECT_EQ(first->handoff().run_id(), "r2");
  EXPECT_EQ(first->handoff().steps_size(), 1);
  EXPECT_EQ(fork->ReadManifest()->forked_from(), "r1");
  // The source is untouched.
  EXPECT_EQ(source.LatestCheckpoint()->handoff().steps_size(), 2);
}

TEST_F(RunHistoryTest, RunsAreListedWithTheirProgress) {
  TwoStepRun("r1");
  std::vector<RunSummary> runs = ListRuns(root_);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].run_id, "r1");
  EXPECT_EQ(runs[0].status, handoff::RUN_SUCCEEDED);
  EXPECT_EQ(runs[0].completed_steps, 2);
  EXPECT_EQ(runs[0].total_steps, 2);
  EXPECT_TRUE(runs[0].next_step.empty());
}

TEST_F(RunHistoryTest, GarbageCollectionRemovesOnlyOldFinishedRuns) {
  TwoStepRun("done");
  RunDirectory unfinished = TwoStepRun("unfinished");
  ASSERT_TRUE(RewindRun(unfinished, 1).ok());
  int hooks = 0;
  absl::StatusOr<std::vector<RunSummary>> deleted = CollectGarbage(
      root_, absl::Now() + absl::Hours(1), [&](const RunSummary&) {
        ++hooks;
        return absl::OkStatus();
      });
  ASSERT_TRUE(deleted.ok());
  ASSERT_EQ(deleted->size(), 1u);
  EXPECT_EQ((*deleted)[0].run_id, "done");
  EXPECT_EQ(hooks, 1);
  EXPECT_FALSE(std::filesystem::exists(root_ + "/done"));
  EXPECT_TRUE(std::filesystem::exists(root_ + "/unfinished"));
  // Nothing is old enough with a cutoff in the past.
  EXPECT_TRUE(CollectGarbage(root_, absl::UnixEpoch(), nullptr)->empty());
}

}  // namespace
}  // namespace baton::executor
