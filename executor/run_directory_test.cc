#include "executor/run_directory.h"

#include <cstdlib>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "executor/atomic_file.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::executor {
namespace {

using ::baton::testing::StatusIs;
using ::testing::HasSubstr;

std::string Root() {
  return absl::StrCat(std::getenv("TEST_TMPDIR"), "/",
                      ::testing::UnitTest::GetInstance()->current_test_info()->name());
}

TEST(RunDirectoryTest, CheckpointsAreNumberedAndTheLatestWins) {
  absl::StatusOr<RunDirectory> run = RunDirectory::Create(Root(), "r1");
  ASSERT_TRUE(run.ok()) << run.status();
  handoff::Handoff first;
  first.set_run_id("r1");
  first.mutable_request()->set_text("first");
  EXPECT_EQ(*run->WriteCheckpoint(first, 0), 0);
  handoff::Handoff second = first;
  second.mutable_request()->set_text("second");
  EXPECT_EQ(*run->WriteCheckpoint(second, 1), 1);
  ASSERT_TRUE(run->Publish().ok());

  absl::StatusOr<RunDirectory> reopened = RunDirectory::Open(Root(), "r1");
  ASSERT_TRUE(reopened.ok());
  absl::StatusOr<handoff::Checkpoint> latest = reopened->LatestCheckpoint();
  ASSERT_TRUE(latest.ok()) << latest.status();
  EXPECT_EQ(latest->sequence(), 1);
  EXPECT_EQ(latest->completed_steps(), 1);
  EXPECT_EQ(latest->format_version(), kCheckpointFormat);
  EXPECT_EQ(latest->handoff().request().text(), "second");
}

TEST(RunDirectoryTest, UnknownRunIsNotFound) {
  EXPECT_THAT(RunDirectory::Open(Root(), "nope"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("no run \"nope\"")));
}

TEST(RunDirectoryTest, UnpublishedRunDoesNotExist) {
  absl::StatusOr<RunDirectory> run = RunDirectory::Create(Root(), "r1");
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(RunDirectory::Open(Root(), "r1").status().code(), absl::StatusCode::kNotFound);
  // A crash before Publish leaves a hidden folder that the next Create replaces.
  EXPECT_TRUE(RunDirectory::Create(Root(), "r1").ok());
}

TEST(RunDirectoryTest, SecondRunWithSameIdIsRefused) {
  ASSERT_TRUE(RunDirectory::Create(Root(), "r1")->Publish().ok());
  EXPECT_EQ(RunDirectory::Create(Root(), "r1").status().code(),
            absl::StatusCode::kAlreadyExists);
}

TEST(RunDirectoryTest, CorruptCheckpointIsDataLoss) {
  absl::StatusOr<RunDirectory> run = RunDirectory::Create(Root(), "r1");
  ASSERT_TRUE(run.ok());
  ASSERT_TRUE(WriteFileAtomically(absl::StrCat(run->path(), "/checkpoints/000000.pb"),
                                  "\xff\xff\xff garbage")
                  .ok());
  EXPECT_THAT(run->LatestCheckpoint(),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("000000.pb is corrupt")));
}

TEST(RunDirectoryTest, JournalAppendsOneJsonObjectPerLine) {
  absl::StatusOr<RunDirectory> run = RunDirectory::Create(Root(), "r1");
  ASSERT_TRUE(run.ok());
  handoff::JournalEvent event;
  event.set_type(handoff::JournalEvent::STEP_STARTED);
  event.set_agent("qa-specialist");
  ASSERT_TRUE(run->AppendEvent(event).ok());
  event.set_type(handoff::JournalEvent::STEP_FINISHED);
  ASSERT_TRUE(run->AppendEvent(event).ok());
  std::ifstream journal(absl::StrCat(run->path(), "/journal.jsonl"));
  std::string line1, line2;
  std::getline(journal, line1);
  std::getline(journal, line2);
  EXPECT_THAT(line1, HasSubstr("\"type\":\"STEP_STARTED\""));
  EXPECT_THAT(line1, HasSubstr("\"run_id\":\"r1\""));
  EXPECT_THAT(line2, HasSubstr("\"type\":\"STEP_FINISHED\""));
}

TEST(RunDirectoryTest, LockIsExclusiveAcrossHandles) {
  ASSERT_TRUE(RunDirectory::Create(Root(), "r1")->Publish().ok());
  absl::StatusOr<RunDirectory> a = RunDirectory::Open(Root(), "r1");
  absl::StatusOr<RunDirectory> b = RunDirectory::Open(Root(), "r1");
  ASSERT_TRUE(a->Lock().ok());
  EXPECT_THAT(b->Lock(), StatusIs(absl::StatusCode::kFailedPrecondition,
                                  HasSubstr("run r1 is being advanced by pid")));
}

}  // namespace
}  // namespace baton::executor
