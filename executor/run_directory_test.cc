#include "executor/run_directory.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "google/protobuf/util/message_differencer.h"
#include "executor/atomic_file.h"
#include "executor/digest.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::executor {
namespace {

using ::baton::testing::StatusIs;
using ::testing::AllOf;
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

handoff::Handoff WithSteps(int steps) {
  handoff::Handoff handoff;
  handoff.set_run_id("r1");
  handoff.mutable_request()->set_text("Add phone_number column to users table");
  for (int i = 0; i < steps; ++i) {
    handoff::StepRecord* record = handoff.add_steps();
    record->set_index(i);
    record->set_agent(absl::StrCat("agent-", i));
    record->set_summary(std::string(200, 'x'));
    handoff.add_findings()->set_rule(absl::StrCat("rule-", i));
  }
  (*handoff.mutable_facts())["steps"] = absl::StrCat(steps);
  return handoff;
}

TEST(RunDirectoryTest, DeltaCheckpointsReassembleAndGrowLinearly) {
  absl::StatusOr<RunDirectory> run = RunDirectory::Create(Root(), "r1");
  ASSERT_TRUE(run.ok());
  constexpr int kSteps = 300;
  for (int i = 0; i <= kSteps; ++i) ASSERT_TRUE(run->WriteCheckpoint(WithSteps(i), i).ok());
  ASSERT_TRUE(run->Publish().ok());
  absl::StatusOr<RunDirectory> reopened = RunDirectory::Open(Root(), "r1");
  for (int i : {0, 1, 150, kSteps}) {
    absl::StatusOr<handoff::Checkpoint> checkpoint = reopened->ReadCheckpoint(i);
    ASSERT_TRUE(checkpoint.ok()) << checkpoint.status();
    EXPECT_FALSE(checkpoint->delta());
    std::string differences;
    google::protobuf::util::MessageDifferencer differ;
    differ.ReportDifferencesToString(&differences);
    EXPECT_TRUE(differ.Compare(checkpoint->handoff(), WithSteps(i)))
        << "checkpoint " << i << ": " << differences;
  }
  // Each checkpoint stores only its own step: the last is no bigger than
  // the second, and the whole store is linear in the step count.
  auto size = [&](int sequence) {
    return std::filesystem::file_size(
        absl::StrCat(reopened->path(), "/checkpoints/", absl::StrFormat("%06d.pb", sequence)));
  };
  EXPECT_LE(size(kSteps), size(2) + 16);
  uintmax_t total = 0;
  for (int i = 0; i <= kSteps; ++i) total += size(i);
  EXPECT_LT(total, uintmax_t{kSteps + 1} * (size(2) + 16));
}

// Delta checkpoints copy Handoff fields one by one (run_directory.cc): a new
// field must be added there too, or it would be lost on the way to disk.
TEST(RunDirectoryTest, DeltaCheckpointsKnowEveryHandoffField) {
  const std::set<std::string> handled = {
      "protocol_version", "run_id", "request", "route", "workflow", "domain",
      "domain_card_sha256", "steps", "artifacts", "findings", "commit", "facts",
      "status", "staging", "standards", "source"};
  const google::protobuf::Descriptor* descriptor = handoff::Handoff::descriptor();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    EXPECT_TRUE(handled.contains(descriptor->field(i)->name()))
        << "handle Handoff." << descriptor->field(i)->name()
        << " in RunDirectory::WriteCheckpoint / ReadCheckpoint";
  }
}

TEST(RunDirectoryTest, DeltaKeepsTheFixedPartsOfTheRun) {
  absl::StatusOr<RunDirectory> run = RunDirectory::Create(Root(), "r1");
  handoff::Handoff first = WithSteps(1);
  first.mutable_workflow()->set_name("Database Migration");
  first.mutable_route()->set_workflow("Database Migration");
  first.add_standards()->set_title("Migration Standards");
  first.mutable_staging()->set_kind("sqlite");
  first.mutable_source()->set_url("mysql://app@db/shop");
  first.mutable_commit()->set_message("m");
  ASSERT_TRUE(run->WriteCheckpoint(first, 1).ok());
  handoff::Handoff second = first;
  *second.add_steps() = first.steps(0);
  second.add_artifacts()->set_path("a.sql");
  ASSERT_TRUE(run->WriteCheckpoint(second, 2).ok());
  absl::StatusOr<handoff::Checkpoint> read = run->ReadCheckpoint(1);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(read->handoff(), second));
}

TEST(RunDirectoryTest, MissingParentOfADeltaIsDataLoss) {
  absl::StatusOr<RunDirectory> run = RunDirectory::Create(Root(), "r1");
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(run->WriteCheckpoint(WithSteps(i), i).ok());
  std::filesystem::remove(absl::StrCat(run->path(), "/checkpoints/000001.pb"));
  EXPECT_THAT(run->ReadCheckpoint(2),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("builds on checkpoint 1")));
}

TEST(RunDirectoryTest, FullCheckpointsAreWrittenForEditsAndRewinds) {
  absl::StatusOr<RunDirectory> run = RunDirectory::Create(Root(), "r1");
  ASSERT_TRUE(run->WriteCheckpoint(WithSteps(1), 1).ok());
  ASSERT_TRUE(run->WriteCheckpoint(WithSteps(2), 2, {}, /*exact_restore=*/false, /*full=*/true).ok());
  handoff::Checkpoint stored;
  std::ifstream in(absl::StrCat(run->path(), "/checkpoints/000001.pb"), std::ios::binary);
  ASSERT_TRUE(stored.ParseFromIstream(&in));
  EXPECT_FALSE(stored.delta());
  EXPECT_EQ(stored.handoff().steps_size(), 2);
}

TEST(RunDirectoryTest, FormatOneCheckpointFromAnOlderBatonStillLoads) {
  absl::StatusOr<RunDirectory> run = RunDirectory::Create(Root(), "old");
  ASSERT_TRUE(run.ok());
  std::filesystem::copy_file("executor/format1_checkpoint.pb",
                             absl::StrCat(run->path(), "/checkpoints/000000.pb"));
  ASSERT_TRUE(run->Publish().ok());
  absl::StatusOr<RunDirectory> reopened = RunDirectory::Open(Root(), "old");
  absl::StatusOr<handoff::Checkpoint> loaded = reopened->LatestCheckpoint();
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->format_version(), 1u);
  EXPECT_EQ(loaded->handoff().run_id(), "20261126-010000-abc123");
  EXPECT_EQ(loaded->handoff().steps(0).agent(), "infrastructure-specialist");
  EXPECT_EQ(loaded->handoff().facts().at("migration.table"), "users");
  EXPECT_EQ(loaded->workspace().head(), "8c7cd5800000000000000000000000000000000");
  // Today's Baton continues it with a format-2 delta on top.
  handoff::Handoff next = loaded->handoff();
  next.add_steps()->set_agent("qa-specialist");
  ASSERT_TRUE(reopened->WriteCheckpoint(next, 2).ok());
  absl::StatusOr<handoff::Checkpoint> continued = reopened->LatestCheckpoint();
  ASSERT_TRUE(continued.ok()) << continued.status();
  EXPECT_EQ(continued->format_version(), kCheckpointFormat);
  ASSERT_EQ(continued->handoff().steps_size(), 2);
  EXPECT_EQ(continued->handoff().steps(1).agent(), "qa-specialist");
}

// Three checkpoints: 0 full, 1 and 2 deltas.
absl::StatusOr<RunDirectory> ThreeCheckpoints() {
  absl::StatusOr<RunDirectory> run = RunDirectory::Create(Root(), "r1");
  if (!run.ok()) return run;
  for (int steps = 0; steps < 3; ++steps) {
    handoff::Handoff handoff;
    handoff.set_run_id("r1");
    for (int i = 0; i < steps; ++i) handoff.add_steps()->set_agent(absl::StrCat("agent", i));
    if (!run->WriteCheckpoint(handoff, steps).ok()) return absl::InternalError("write");
  }
  if (!run->Publish().ok()) return absl::InternalError("publish");
  return RunDirectory::Open(Root(), "r1");
}

std::string CheckpointFile(const RunDirectory& run, int sequence) {
  return absl::StrFormat("%s/checkpoints/%06d.pb", run.path(), sequence);
}

void FlipByte(const std::string& file, size_t from_end) {
  std::string bytes = *ReadFile(file);
  bytes[bytes.size() - from_end] ^= 0x01;
  ASSERT_TRUE(WriteFileAtomically(file, bytes).ok());
}

TEST(RunDirectoryTest, EveryCheckpointCarriesTheChecksumOfItsBytes) {
  absl::StatusOr<RunDirectory> run = ThreeCheckpoints();
  ASSERT_TRUE(run.ok()) << run.status();
  std::string bytes = *ReadFile(CheckpointFile(*run, 1));
  handoff::Checkpoint stored;
  ASSERT_TRUE(stored.ParseFromString(bytes));
  EXPECT_EQ(stored.format_version(), 3u);
  EXPECT_EQ(stored.payload_sha256(), Sha256Hex(bytes.substr(0, bytes.size() - 66)));
  EXPECT_EQ(bytes.substr(bytes.size() - 64), stored.payload_sha256());
  // Read back, the checksum is checked and gone.
  EXPECT_TRUE(run->ReadCheckpoint(1)->payload_sha256().empty());
}

TEST(RunDirectoryTest, FlippedBitIsDetectedByTheChecksum) {
  absl::StatusOr<RunDirectory> run = ThreeCheckpoints();
  ASSERT_TRUE(run.ok());
  // "agent1" -> "agent0" in the payload still parses; only the sum tells.
  const std::string file = CheckpointFile(*run, 2);
  std::string bytes = *ReadFile(file);
  bytes[bytes.rfind("agent1") + 5] ^= 0x01;
  ASSERT_TRUE(WriteFileAtomically(file, bytes).ok());
  EXPECT_THAT(run->ReadCheckpoint(2),
              StatusIs(absl::StatusCode::kDataLoss,
                       AllOf(HasSubstr("000002.pb is corrupt"), HasSubstr("hash to sha256"))));
}

TEST(RunDirectoryTest, TruncatedCheckpointIsDetected) {
  absl::StatusOr<RunDirectory> run = ThreeCheckpoints();
  ASSERT_TRUE(run.ok());
  const std::string file = CheckpointFile(*run, 2);
  std::string bytes = *ReadFile(file);
  ASSERT_TRUE(WriteFileAtomically(file, bytes.substr(0, bytes.size() - 66)).ok());
  EXPECT_THAT(run->ReadCheckpoint(2), StatusIs(absl::StatusCode::kDataLoss,
                                               HasSubstr("checksum is missing")));
}

TEST(RunDirectoryTest, RecoveryMovesACorruptLatestCheckpointAsideAndSaysSo) {
  absl::StatusOr<RunDirectory> run = ThreeCheckpoints();
  ASSERT_TRUE(run.ok());
  FlipByte(CheckpointFile(*run, 2), 10);  // In the checksum itself.
  absl::StatusOr<CheckpointRecovery> recovered = run->RecoverLatestCheckpoint();
  ASSERT_TRUE(recovered.ok()) << recovered.status();
  EXPECT_EQ(recovered->checkpoint.sequence(), 1);
  EXPECT_EQ(recovered->checkpoint.handoff().steps_size(), 1);
  ASSERT_EQ(recovered->discarded.size(), 1u);
  EXPECT_THAT(recovered->discarded[0],
              AllOf(HasSubstr("000002.pb is corrupt"), HasSubstr("moved it aside to"),
                    HasSubstr("from checkpoint 1 (the steps after it run again)")));
  EXPECT_EQ(run->CheckpointSequences(), (std::vector<int>{0, 1}));
  int kept_aside = 0;
  for (const auto& entry : std::filesystem::directory_iterator(run->path() + "/checkpoints")) {
    kept_aside += entry.path().filename().string().rfind("000002.pb.corrupt-", 0) == 0;
  }
  EXPECT_EQ(kept_aside, 1);
  EXPECT_THAT(*ReadFile(run->path() + "/journal.jsonl"), HasSubstr("CHECKPOINT_DISCARDED"));
  // The run goes on: the next checkpoint takes number 2 again and reads back.
  handoff::Handoff next = recovered->checkpoint.handoff();
  next.add_steps()->set_agent("again");
  EXPECT_EQ(*run->WriteCheckpoint(next, 2), 2);
  EXPECT_EQ(run->LatestCheckpoint()->handoff().steps(1).agent(), "again");
}

TEST(RunDirectoryTest, CorruptMiddleCheckpointTakesTheDeltasOnItAlong) {
  absl::StatusOr<RunDirectory> run = ThreeCheckpoints();
  ASSERT_TRUE(run.ok());
  FlipByte(CheckpointFile(*run, 1), 70);
  absl::StatusOr<CheckpointRecovery> recovered = run->RecoverLatestCheckpoint();
  ASSERT_TRUE(recovered.ok()) << recovered.status();
  EXPECT_EQ(recovered->checkpoint.sequence(), 0);
  ASSERT_EQ(recovered->discarded.size(), 2u);
  EXPECT_THAT(recovered->discarded[0], HasSubstr("000001.pb is corrupt"));
  EXPECT_EQ(run->CheckpointSequences(), std::vector<int>{0});
}

TEST(RunDirectoryTest, NoIntactCheckpointIsDataLossAndKeepsTheFiles) {
  absl::StatusOr<RunDirectory> run = ThreeCheckpoints();
  ASSERT_TRUE(run.ok());
  FlipByte(CheckpointFile(*run, 0), 70);
  EXPECT_THAT(run->RecoverLatestCheckpoint(),
              StatusIs(absl::StatusCode::kDataLoss,
                       AllOf(HasSubstr("every checkpoint of run r1"),
                             HasSubstr("start the request again"))));
  EXPECT_EQ(run->CheckpointSequences(), (std::vector<int>{0, 1, 2}));
}

TEST(RunDirectoryTest, FormatTwoCheckpointWithoutChecksumStillLoads) {
  absl::StatusOr<RunDirectory> run = RunDirectory::Create(Root(), "old2");
  ASSERT_TRUE(run.ok());
  handoff::Checkpoint old;
  old.set_format_version(2);
  old.mutable_handoff()->set_run_id("old2");
  ASSERT_TRUE(WriteFileAtomically(CheckpointFile(*run, 0), old.SerializeAsString()).ok());
  EXPECT_EQ(run->ReadCheckpoint(0)->handoff().run_id(), "old2");
  EXPECT_TRUE(run->RecoverLatestCheckpoint()->discarded.empty());
}

TEST(RunDirectoryTest, DeletedRunFolderIsNeverRecreated) {
  absl::StatusOr<RunDirectory> run = ThreeCheckpoints();
  ASSERT_TRUE(run.ok());
  std::filesystem::remove_all(run->path());
  EXPECT_THAT(run->WriteCheckpoint(handoff::Handoff(), 3),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("state directory of run r1"), HasSubstr("was deleted"))));
  EXPECT_THAT(run->StepDirectory(3, "qa"), StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("was deleted")));
  EXPECT_THAT(run->AppendEvent({}), StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("was deleted")));
  EXPECT_THAT(run->RecoverLatestCheckpoint(),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("was deleted")));
  EXPECT_FALSE(std::filesystem::exists(run->path()));
}

TEST(RunDirectoryTest, ReadsFromADeletedRunFolderNameTheDeletion) {
  absl::StatusOr<RunDirectory> run = ThreeCheckpoints();
  ASSERT_TRUE(run.ok());
  std::filesystem::remove_all(run->path());
  EXPECT_THAT(run->ReadCheckpoint(0),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("was deleted")));
  EXPECT_THAT(run->LatestCheckpoint(),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("was deleted")));
  EXPECT_THAT(run->ReadManifest(),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("was deleted")));
}

TEST(RunDirectoryTest, AFailureDuringADeletionUnderWayNamesTheDeletion) {
  absl::StatusOr<RunDirectory> run = ThreeCheckpoints();
  ASSERT_TRUE(run.ok());
  const absl::Status renamed = absl::InternalError(
      absl::StrCat("cannot rename into ", run->path(), "/checkpoints/000003.pb: No such file or "
                   "directory"));
  // The folder is intact: the failure is the failure (after a short watch).
  EXPECT_EQ(run->ExplainFailure(renamed), renamed);
  const absl::Status other = absl::InternalError("agent qa-specialist failed");
  EXPECT_EQ(run->ExplainFailure(other), other);
  // An rm -rf that finishes a moment after the failure is named as such.
  std::thread deleter([path = run->path()] {
    absl::SleepFor(absl::Milliseconds(50));
    std::filesystem::remove_all(path);
  });
  EXPECT_THAT(run->ExplainFailure(renamed),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("was deleted")));
  deleter.join();
}

TEST(RunDirectoryTest, EmptiedCheckpointFolderIsReportedAsADeletedRun) {
  absl::StatusOr<RunDirectory> run = ThreeCheckpoints();
  ASSERT_TRUE(run.ok());
  for (int sequence = 0; sequence < 3; ++sequence) {
    std::filesystem::remove(CheckpointFile(*run, sequence));
  }
  EXPECT_THAT(run->RecoverLatestCheckpoint(),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("has no checkpoint"), HasSubstr("was deleted or emptied"))));
}

TEST(AtomicFileTest, FullDiskIsNamedWithThePath) {
  EXPECT_THAT(AppendLine("/dev/full", "x", /*sync=*/false),
              StatusIs(absl::StatusCode::kResourceExhausted,
                       HasSubstr("no space left on device writing /dev/full")));
}

}  // namespace
}  // namespace baton::executor
