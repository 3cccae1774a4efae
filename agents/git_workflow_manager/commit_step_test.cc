#include "agents/git_workflow_manager/commit_step.h"

#include <filesystem>

#include "agents/common/agent_main.h"
#include "gitops/committer.h"
#include "gitops/git_sandbox.h"
#include "gitops/repository.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::agents::git_workflow_manager {
namespace {

using ::baton::testing::IsOk;
using ::baton::testing::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr char kMigration[] = "database/migrations/002_add_phone_number.sql";
constexpr char kRollback[] =
    "database/migrations/002_add_phone_number.down.sql";
constexpr char kReport[] = "reports/staging_test.md";

int Count(const std::string& repo) {
  absl::StatusOr<int> count = gitops::CountCommits(repo);
  return count.ok() ? *count : -1;
}

class CommitStepTest : public ::testing::Test {
 protected:
  CommitStepTest() : workspace_(sandbox_.Dir("workspace")) {}

  void SetUp() override {
    ASSERT_THAT(
        gitops::InitRepository(workspace_, "Baton Test", "baton@example.com"),
        IsOk());
    request_.set_workspace(workspace_);
    request_.mutable_step()->set_agent(std::string(kAgentName));
    request_.mutable_step()->set_workflow("Database Migration");
    handoff::Handoff* handoff = request_.mutable_handoff();
    handoff->set_run_id("20240501-abc123");
    handoff->mutable_request()->set_text(
        "Add phone_number column to users table");
    handoff->mutable_workflow()->set_name("Database Migration");
    // What the chain's earlier agents left behind.
    AddArtifact(kMigration, "ALTER TABLE users ADD COLUMN phone_number TEXT;\n",
                "infrastructure-specialist", true);
    AddArtifact(kRollback, "ALTER TABLE users DROP COLUMN phone_number;\n",
                "infrastructure-specialist", true);
    AddArtifact(kReport, "# staging test\nall green\n", "qa-specialist", false);
  }

  void AddArtifact(const std::string& path, const std::string& contents,
                   const std::string& agent, bool commit) {
    ASSERT_TRUE(gitops::WriteFile(workspace_ + "/" + path, contents));
    absl::StatusOr<handoff::Artifact> artifact = MakeArtifact(
        workspace_, path, handoff::Artifact::MIGRATION, agent, "test", commit);
    ASSERT_THAT(artifact, IsOk());
    *request_.mutable_handoff()->add_artifacts() = *artifact;
  }

  void AddFinding(handoff::Finding::Severity severity, const std::string& rule,
                  const std::string& message) {
    handoff::Finding* finding = request_.mutable_handoff()->add_findings();
    finding->set_severity(severity);
    finding->set_rule(rule);
    finding->set_message(message);
    finding->set_agent("security-auditor");
    finding->set_location("users.phone_number");
  }

  gitops::GitSandbox sandbox_;
  std::string workspace_;
  handoff::AgentRequest request_;
};

TEST_F(CommitStepTest, ProposesTheCommittableArtifactsAndCommitsNothing) {
  absl::StatusOr<handoff::AgentResult> result = CommitStep(request_);
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->outcome(), handoff::AgentResult::SUCCEEDED);

  const handoff::CommitPlan& commit = result->commit();
  EXPECT_EQ(commit.commit_id(), "");
  EXPECT_THAT(commit.paths(), ElementsAre(kMigration, kRollback));  // Not the QA report.
  EXPECT_THAT(
      commit.message(),
      AllOf(StartsWith("feat(db): add phone_number column to users table\n"),
            HasSubstr(kMigration), Not(HasSubstr("Baton-Run"))));
  EXPECT_EQ(result->summary(),
            "proposed feat(db): add phone_number column to users table (2 files)");
  // The executor commits (gitops/run_commit.h); the agent never touches git.
  EXPECT_EQ(Count(workspace_), 0);
}

TEST_F(CommitStepTest, RefusesWhileBlockersStand) {
  AddFinding(handoff::Finding::WARNING, "nullable-column",
             "consider a default");
  AddFinding(handoff::Finding::BLOCKER, "pii-unencrypted",
             "phone_number is PII and is stored unencrypted");
  AddFinding(handoff::Finding::BLOCKER, "no-rollback-test",
             "rollback never ran");

  EXPECT_THAT(
      CommitStep(request_),
      StatusIs(
          absl::StatusCode::kFailedPrecondition,
          AllOf(HasSubstr("2 BLOCKER findings"),
                HasSubstr("[security-auditor] pii-unencrypted: phone_number "
                          "is PII and is stored unencrypted "
                          "(users.phone_number)"),
                HasSubstr("no-rollback-test: rollback never ran"),
                Not(HasSubstr("nullable-column")))));
  EXPECT_EQ(Count(workspace_), 0);
}

TEST_F(CommitStepTest, NonBlockingFindingsDoNotStopTheCommit) {
  AddFinding(handoff::Finding::ERROR, "missing-index",
             "no index on phone_number");
  absl::StatusOr<handoff::AgentResult> result = CommitStep(request_);
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->commit().paths_size(), 2);
}

TEST_F(CommitStepTest, RefusesAnArtifactEditedAfterItsAgentWroteIt) {
  ASSERT_TRUE(gitops::WriteFile(workspace_ + "/" + kMigration,
                                "ALTER TABLE users ADD COLUMN phone TEXT;\n"));
  EXPECT_THAT(
      CommitStep(request_),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               HasSubstr(std::string(kMigration) +
                         " changed after infrastructure-specialist wrote it")));
  EXPECT_EQ(Count(workspace_), 0);
}

TEST_F(CommitStepTest, RefusesAnArtifactDeletedAfterItsAgentWroteIt) {
  std::filesystem::remove(workspace_ + "/" + kRollback);
  EXPECT_THAT(
      CommitStep(request_),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               HasSubstr(std::string(kRollback) +
                         " changed after infrastructure-specialist wrote it")));
  EXPECT_EQ(Count(workspace_), 0);
}

TEST_F(CommitStepTest, ALaterArtifactForTheSamePathSupersedesTheEarlierOne) {
  AddArtifact(kMigration,
              "ALTER TABLE users ADD COLUMN phone_number VARCHAR(20);\n",
              "qa-specialist", true);
  absl::StatusOr<handoff::AgentResult> result = CommitStep(request_);
  ASSERT_THAT(result, IsOk());
  EXPECT_THAT(result->commit().paths(), ElementsAre(kMigration, kRollback));
}

TEST_F(CommitStepTest, RejectsArtifactPathsOutsideTheWorkspace) {
  handoff::Artifact* artifact = request_.mutable_handoff()->add_artifacts();
  artifact->set_path("../outside.sql");
  artifact->set_agent("infrastructure-specialist");
  artifact->set_commit(true);
  EXPECT_THAT(CommitStep(request_),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("infrastructure-specialist"),
                             HasSubstr("../outside.sql"))));
  EXPECT_EQ(Count(workspace_), 0);
}

TEST_F(CommitStepTest, NothingMarkedForCommit) {
  request_.mutable_handoff()->clear_artifacts();
  AddArtifact(kReport, "# report\n", "qa-specialist", false);
  EXPECT_THAT(
      CommitStep(request_),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               HasSubstr("no artifact in the handoff is marked commit=true")));
}

TEST_F(CommitStepTest, NeedsARunId) {
  request_.mutable_handoff()->clear_run_id();
  EXPECT_THAT(CommitStep(request_), StatusIs(absl::StatusCode::kInvalidArgument,
                                             HasSubstr("no run_id")));
}

TEST_F(CommitStepTest, NeedsAWorkspace) {
  request_.clear_workspace();
  EXPECT_THAT(CommitStep(request_), StatusIs(absl::StatusCode::kInvalidArgument,
                                             HasSubstr("names no workspace")));
}

}  // namespace
}  // namespace baton::agents::git_workflow_manager
