#include "agents/git_workflow_manager/handlers.h"

#include "agents/git_workflow_manager/commit_step.h"
#include "gitops/git_sandbox.h"
#include "gitops/repository.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::agents::git_workflow_manager {
namespace {

using ::baton::testing::IsOk;
using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(HandlersTest, ServesEveryDataWorkflow) {
  for (const char* workflow :
       {"Database Schema Design", "Database Migration", "Query Optimization",
        "ETL Pipeline Development", "Data Migration", "Cache Implementation",
        "Backup & Recovery"}) {
    EXPECT_EQ(Handlers().count(workflow), 1u) << workflow;
  }
  EXPECT_EQ(Handlers().size(), 7u);
}

TEST(HandlersTest, ProposesTheCommitThroughTheAgentProtocol) {
  gitops::GitSandbox sandbox;
  std::string workspace = sandbox.Dir("workspace");
  ASSERT_THAT(
      gitops::InitRepository(workspace, "Baton Test", "baton@example.com"),
      IsOk());
  ASSERT_TRUE(
      gitops::WriteFile(workspace + "/backup/policy.yaml", "daily: true\n"));
  handoff::AgentRequest request;
  request.set_workspace(workspace);
  request.mutable_step()->set_workflow("Backup & Recovery");
  request.mutable_handoff()->set_run_id("run-1");
  request.mutable_handoff()->mutable_request()->set_text(
      "Set up automated backups");
  absl::StatusOr<handoff::Artifact> artifact =
      MakeArtifact(workspace, "backup/policy.yaml", handoff::Artifact::CONFIG,
                   "infrastructure-specialist", "backup policy", true);
  ASSERT_THAT(artifact, IsOk());
  *request.mutable_handoff()->add_artifacts() = *artifact;

  handoff::AgentResult result = HandleRequest(kAgentName, Handlers(), request);
  EXPECT_EQ(result.outcome(), handoff::AgentResult::SUCCEEDED)
      << result.error();
  EXPECT_EQ(result.summary(), "proposed feat: set up automated backups (1 file)");
  EXPECT_THAT(result.commit().paths(), ::testing::ElementsAre("backup/policy.yaml"));
  EXPECT_EQ(result.commit().commit_id(), "");  // Baton commits, not the agent.

  // A blocker turns into a FAILED step that names it.
  handoff::Finding* blocker = request.mutable_handoff()->add_findings();
  blocker->set_severity(handoff::Finding::BLOCKER);
  blocker->set_rule("unencrypted-backup");
  blocker->set_message("backups are not encrypted");
  result = HandleRequest(kAgentName, Handlers(), request);
  EXPECT_EQ(result.outcome(), handoff::AgentResult::FAILED);
  EXPECT_THAT(result.error(),
              HasSubstr("unencrypted-backup: backups are not encrypted"));
}

TEST(HandlersTest, OtherWorkflowsAreNotImplemented) {
  handoff::AgentRequest request;
  request.mutable_step()->set_workflow("Frontend Feature");
  handoff::AgentResult result = HandleRequest(kAgentName, Handlers(), request);
  EXPECT_EQ(result.outcome(), handoff::AgentResult::FAILED);
  EXPECT_THAT(
      result.error(),
      StartsWith("git-workflow-manager is not implemented for workflow"));
}

}  // namespace
}  // namespace baton::agents::git_workflow_manager
