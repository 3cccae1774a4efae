#include "executor/agent_registry.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace baton::executor {
namespace {

using ::baton::testing::IsOk;
using ::baton::testing::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

domains::Workflow Chain(const std::vector<std::string>& agents) {
  domains::Workflow workflow;
  workflow.set_name("Database Migration");
  workflow.mutable_location()->set_file("cards/mixed.md");
  workflow.mutable_location()->set_line(18);
  for (const std::string& agent : agents) {
    domains::ChainStep* step = workflow.add_stages()->add_steps();
    step->set_kind(domains::ChainStep::AGENT);
    step->set_agent(agent);
  }
  return workflow;
}

TEST(AgentRegistryTest, BuiltinsLiveUnderTheRoot) {
  AgentRegistry registry = BuiltinAgentRegistry("/opt/baton");
  absl::StatusOr<const AgentSpec*> qa = registry.Find("qa-specialist");
  ASSERT_THAT(qa, IsOk());
  EXPECT_THAT((*qa)->argv, ElementsAre("/opt/baton/agents/qa_specialist/qa-specialist"));
  EXPECT_EQ(DescribeKind(**qa), "built-in");
  EXPECT_EQ((*qa)->source, "built-in");
  EXPECT_THAT(registry.Find("ghost"),
              StatusIs(absl::StatusCode::kNotFound,
                       AllOf(HasSubstr("unknown agent \"ghost\""), HasSubstr("qa-specialist"))));
}

TEST(AgentRegistryTest, KindNamesTheProtocolOfCommands) {
  AgentSpec spec;
  spec.builtin = false;
  spec.protocol = AgentProtocol::kJson;
  EXPECT_EQ(DescribeKind(spec), "command (json)");
  spec.protocol = AgentProtocol::kProto;
  EXPECT_EQ(DescribeKind(spec), "command (proto)");
  spec.protocol = AgentProtocol::kPrompt;
  EXPECT_EQ(DescribeKind(spec), "prompt");
}

TEST(AgentRegistryTest, CardTimeoutsApplyToBuiltinsOnly) {
  AgentRegistry registry = BuiltinAgentRegistry("/opt/baton");
  AgentSpec python;
  python.name = "security-auditor";
  python.argv = {"/repo/audit.py"};
  python.builtin = false;
  python.source = "agents.textproto:3";
  python.timeout = absl::Seconds(42);
  registry.Add(python);
  domains::DomainCard card;
  (*card.mutable_agent_timeout_seconds())["qa-specialist"] = 900;
  (*card.mutable_agent_timeout_seconds())["security-auditor"] = 5;
  registry.ApplyCardTimeouts(card);
  EXPECT_EQ((*registry.Find("qa-specialist"))->timeout, absl::Seconds(900));
  EXPECT_EQ((*registry.Find("security-auditor"))->timeout, absl::Seconds(42));
  EXPECT_EQ((*registry.Find("spec-manager"))->timeout, absl::Minutes(10));
}

TEST(AgentRegistryTest, AddReplacesByName) {
  AgentRegistry registry = BuiltinAgentRegistry("/opt/baton");
  AgentSpec python;
  python.name = "qa-specialist";
  python.argv = {"/repo/qa.py"};
  python.builtin = false;
  registry.Add(python);
  EXPECT_THAT((*registry.Find("qa-specialist"))->argv, ElementsAre("/repo/qa.py"));
}

TEST(AgentRegistryTest, CheckWorkflowNamesTheCardLineAndEachUnknownAgentOnce) {
  AgentRegistry registry = BuiltinAgentRegistry("/opt/baton");
  domains::Workflow workflow =
      Chain({"infrastructure-specialist", "doc-writer", "ghost", "doc-writer"});
  EXPECT_THAT(registry.UnknownAgents(workflow), ElementsAre("doc-writer", "ghost"));
  EXPECT_THAT(registry.CheckWorkflow(workflow),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("cards/mixed.md:18: workflow \"Database Migration\" "
                                       "names unknown agent(s) doc-writer, ghost"),
                             HasSubstr("agents.textproto"))));
  EXPECT_THAT(registry.CheckWorkflow(Chain({"qa-specialist"})), IsOk());
}

}  // namespace
}  // namespace baton::executor
