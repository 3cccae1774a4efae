#include "executor/handoff_edit.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::executor {
namespace {

using ::baton::testing::StatusIs;
using ::testing::HasSubstr;

handoff::Handoff Sample() {
  handoff::Handoff handoff;
  handoff.set_protocol_version(1);
  handoff.set_run_id("r1");
  handoff.set_domain("data");
  handoff.mutable_workflow()->set_name("Database Migration");
  handoff.mutable_request()->set_text("Add phone_number column to users table");
  handoff.add_steps()->set_agent("infrastructure-specialist");
  handoff::Finding* finding = handoff.add_findings();
  finding->set_severity(handoff::Finding::WARNING);
  return handoff;
}

TEST(HandoffEditTest, TextRoundTrips) {
  absl::StatusOr<handoff::Handoff> parsed = HandoffFromText(HandoffToText(Sample()));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->request().text(), "Add phone_number column to users table");
}

TEST(HandoffEditTest, ParseErrorsNameLineAndColumn) {
  EXPECT_THAT(HandoffFromText("run_id: \"r1\"\nrequest { txt: \"x\" }\n"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("line 2 column")));
}

TEST(HandoffEditTest, SetsScalarsMapKeysEnumsAndListElements) {
  handoff::Handoff handoff = Sample();
  ASSERT_TRUE(ApplyAssignment("request.text=Add email column", &handoff).ok());
  ASSERT_TRUE(ApplyAssignment("facts.migration.table=users", &handoff).ok());
  ASSERT_TRUE(ApplyAssignment("facts.migration.table=accounts", &handoff).ok());
  ASSERT_TRUE(ApplyAssignment("findings.0.severity=INFO", &handoff).ok());
  ASSERT_TRUE(ApplyAssignment("staging.url=postgres://localhost/db", &handoff).ok());
  EXPECT_EQ(handoff.request().text(), "Add email column");
  EXPECT_EQ(handoff.facts().at("migration.table"), "accounts");
  EXPECT_EQ(handoff.facts_size(), 1);
  EXPECT_EQ(handoff.findings(0).severity(), handoff::Finding::INFO);
  EXPECT_EQ(handoff.staging().url(), "postgres://localhost/db");
}

TEST(HandoffEditTest, BadAssignmentsSayWhatIsWrong) {
  handoff::Handoff handoff = Sample();
  EXPECT_THAT(ApplyAssignment("request.txt=x", &handoff),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("has no field \"txt\"")));
  EXPECT_THAT(ApplyAssignment("findings.7.rule=x", &handoff),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("is a list of 1")));
  EXPECT_THAT(ApplyAssignment("findings.0.severity=LOUD", &handoff),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("Severity")));
  EXPECT_THAT(ApplyAssignment("no-equals", &handoff),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("path=value")));
}

TEST(HandoffEditTest, ValidationKeepsTheRunsIdentityAndHistory) {
  handoff::Handoff before = Sample();
  handoff::Handoff after = before;
  (*after.mutable_facts())["note"] = "ok";
  EXPECT_TRUE(ValidateEdit(before, after).ok());
  after.set_run_id("other");
  EXPECT_THAT(ValidateEdit(before, after), StatusIs(absl::StatusCode::kInvalidArgument,
                                                    HasSubstr("fork the run")));
  after = before;
  after.mutable_steps(0)->set_summary("rewritten");
  EXPECT_THAT(ValidateEdit(before, after), StatusIs(absl::StatusCode::kInvalidArgument,
                                                    HasSubstr("read-only")));
  after = before;
  after.add_artifacts()->set_path("../etc/passwd");
  EXPECT_THAT(ValidateEdit(before, after), StatusIs(absl::StatusCode::kInvalidArgument,
                                                    HasSubstr("must be relative")));
}

}  // namespace
}  // namespace baton::executor
