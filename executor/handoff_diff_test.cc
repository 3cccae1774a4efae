#include "executor/handoff_diff.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace baton::executor {
namespace {

using ::testing::HasSubstr;

TEST(HandoffDiffTest, EqualHandoffsHaveNoChanges) {
  handoff::Handoff handoff;
  handoff.set_run_id("r");
  EXPECT_EQ(DescribeHandoffChanges(handoff, handoff), "no changes");
}

TEST(HandoffDiffTest, ListsWhatAStepAdded) {
  handoff::Handoff before;
  (*before.mutable_facts())["kept"] = "1";
  (*before.mutable_facts())["changed"] = "old";
  handoff::Handoff after = before;
  (*after.mutable_facts())["changed"] = "new";
  (*after.mutable_facts())["migration.table"] = "users";
  handoff::StepRecord* step = after.add_steps();
  step->set_agent("infrastructure-specialist");
  step->set_status(handoff::STEP_SUCCEEDED);
  step->set_summary("wrote 004.sql");
  handoff::Artifact* artifact = after.add_artifacts();
  artifact->set_path("database/migrations/004.sql");
  artifact->set_kind(handoff::Artifact::MIGRATION);
  artifact->set_sha256("abcdef0123456789");
  artifact->set_commit(true);
  handoff::Finding* finding = after.add_findings();
  finding->set_severity(handoff::Finding::WARNING);
  finding->set_rule("pii-column");
  finding->set_message("users.phone looks like personal data");
  after.set_status(handoff::RUN_SUCCEEDED);

  std::string diff = DescribeHandoffChanges(before, after);
  EXPECT_THAT(diff, HasSubstr("~ status RUN_STATUS_UNSPECIFIED -> RUN_SUCCEEDED"));
  EXPECT_THAT(diff, HasSubstr("+ step 0 infrastructure-specialist: STEP_SUCCEEDED"));
  EXPECT_THAT(diff, HasSubstr("wrote 004.sql"));
  EXPECT_THAT(diff, HasSubstr("+ artifact database/migrations/004.sql [MIGRATION]"));
  EXPECT_THAT(diff, HasSubstr("to commit"));
  EXPECT_THAT(diff, HasSubstr("+ finding [WARNING] pii-column"));
  EXPECT_THAT(diff, HasSubstr("+ fact migration.table = users"));
  EXPECT_THAT(diff, HasSubstr("~ fact changed = new (was old)"));
  EXPECT_THAT(diff, ::testing::Not(HasSubstr("kept")));
}

}  // namespace
}  // namespace baton::executor
