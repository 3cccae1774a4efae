#include "executor/prompt_protocol.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace baton::executor {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

handoff::AgentRequest Request() {
  handoff::AgentRequest request;
  request.set_workspace("/repo");
  request.set_scratch_dir("/repo/.baton/runs/r/steps/01-doc-writer/scratch");
  handoff::Handoff* handoff = request.mutable_handoff();
  handoff->mutable_request()->set_text("Add phone_number column to users table");
  handoff->set_domain("data");
  handoff->mutable_workflow()->set_name("Database Migration");
  handoff->mutable_workflow()->set_chain_text("infrastructure-specialist → doc-writer");
  handoff->mutable_route()->set_explanation("domain data: keyword \"table\"");
  handoff::StepRecord* failed = handoff->add_steps();
  failed->set_index(0);
  failed->set_agent("infrastructure-specialist");
  failed->set_status(handoff::STEP_FAILED);
  failed->set_error("database not reachable");
  handoff::StepRecord* done = handoff->add_steps();
  done->set_index(0);
  done->set_agent("infrastructure-specialist");
  done->set_status(handoff::STEP_SUCCEEDED);
  done->set_summary("wrote 004_add_phone_number_to_users.sql");
  handoff::Artifact* artifact = handoff->add_artifacts();
  artifact->set_path("database/migrations/004_add_phone_number_to_users.sql");
  artifact->set_kind(handoff::Artifact::MIGRATION);
  artifact->set_agent("infrastructure-specialist");
  artifact->set_commit(true);
  handoff::Finding* finding = handoff->add_findings();
  finding->set_severity(handoff::Finding::WARNING);
  finding->set_rule("pii-column");
  finding->set_message("phone_number looks like personal data");
  finding->set_location("users.phone_number");
  (*handoff->mutable_facts())["migration.table"] = "users";
  domains::StandardsSection* standards = handoff->add_standards();
  standards->set_title("Migration Standards");
  standards->add_items("Include rollback script");
  request.mutable_step()->set_index(1);
  request.mutable_step()->set_agent("doc-writer");
  request.mutable_step()->set_note("document the migration");
  request.mutable_step()->set_workflow("Database Migration");
  request.mutable_step()->set_domain("data");
  return request;
}

TEST(PromptProtocolTest, PromptCarriesEverythingTheStepNeeds) {
  std::string prompt = RenderPrompt(Request());
  EXPECT_THAT(prompt, AllOf(HasSubstr("# Step 2: doc-writer\n"),
                            HasSubstr("Your task in this step: document the migration."),
                            HasSubstr("## Request\n\nAdd phone_number column to users table\n"),
                            HasSubstr("workflow \"Database Migration\": "
                                      "infrastructure-specialist → doc-writer"),
                            HasSubstr("domain data: keyword \"table\"")));
  EXPECT_THAT(prompt, HasSubstr("- 1. infrastructure-specialist: succeeded — wrote "
                                "004_add_phone_number_to_users.sql\n"));
  // The failed first attempt was superseded by the retry.
  EXPECT_THAT(prompt, Not(HasSubstr("database not reachable")));
  EXPECT_THAT(prompt, AllOf(HasSubstr("- [WARNING] pii-column: phone_number looks like "
                                      "personal data (users.phone_number)"),
                            HasSubstr("- `database/migrations/004_add_phone_number_to_users.sql`"
                                      " (migration, by infrastructure-specialist, to be "
                                      "committed)"),
                            HasSubstr("- migration.table = users"),
                            HasSubstr("### Migration Standards\n- Include rollback script"),
                            HasSubstr("working directory is the workspace `/repo`")));
}

TEST(PromptProtocolTest, FirstStepSaysSo) {
  handoff::AgentRequest request = Request();
  request.mutable_handoff()->clear_steps();
  request.mutable_handoff()->clear_findings();
  request.mutable_handoff()->clear_artifacts();
  std::string prompt = RenderPrompt(request);
  EXPECT_THAT(prompt, AllOf(HasSubstr("None: this is the first step."),
                            HasSubstr("## Open findings\n\nNone."),
                            HasSubstr("## Artifacts so far\n\nNone.")));
}

TEST(PromptProtocolTest, SummaryIsTheFirstLineWithoutHeadingMarks) {
  EXPECT_EQ(ReportSummary("\n\n## Documented 1 migration  \nmore"), "Documented 1 migration");
  EXPECT_EQ(ReportSummary(" \n\t\n"), "");
  EXPECT_EQ(ReportSummary("abcdefghij", 4), "abcd…");
  // Never cuts a UTF-8 sequence in half: "é" is two bytes.
  EXPECT_EQ(ReportSummary("aé", 2), "a…");
}

TEST(PromptProtocolTest, ArtifactKindsFollowThePath) {
  EXPECT_EQ(GuessArtifactKind("database/migrations/004_x.sql"), handoff::Artifact::MIGRATION);
  EXPECT_EQ(GuessArtifactKind("migrations/1.SQL"), handoff::Artifact::MIGRATION);
  EXPECT_EQ(GuessArtifactKind("database/schemas/users.sql"), handoff::Artifact::SCHEMA);
  EXPECT_EQ(GuessArtifactKind("docs/notes.md"), handoff::Artifact::SPEC);
  EXPECT_EQ(GuessArtifactKind("config/app.yaml"), handoff::Artifact::CONFIG);
  EXPECT_EQ(GuessArtifactKind("docs/erd.mmd"), handoff::Artifact::DIAGRAM);
  EXPECT_EQ(GuessArtifactKind("src/main.py"), handoff::Artifact::CODE);
}

}  // namespace
}  // namespace baton::executor
