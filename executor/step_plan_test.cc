#include "executor/step_plan.h"

#include "gtest/gtest.h"

namespace baton::executor {
namespace {

domains::Workflow Chain() {
  // a → b + c → [gate] → git-workflow-manager
  domains::Workflow workflow;
  auto add = [&](std::initializer_list<const char*> agents) {
    domains::ChainStage* stage = workflow.add_stages();
    for (const char* agent : agents) {
      domains::ChainStep* step = stage->add_steps();
      step->set_kind(domains::ChainStep::AGENT);
      step->set_agent(agent);
    }
  };
  add({"a"});
  add({"b", "c"});
  domains::ChainStep* gate = workflow.add_stages()->add_steps();
  gate->set_kind(domains::ChainStep::HUMAN_GATE);
  gate->set_note("fix if needed");
  add({"git-workflow-manager"});
  return workflow;
}

void Record(handoff::Handoff* handoff, int index, handoff::StepStatus status) {
  handoff::StepRecord* record = handoff->add_steps();
  record->set_index(index);
  record->set_status(status);
}

TEST(StepPlanTest, FlattensStagesInDeclaredOrder) {
  StepPlan plan(Chain());
  ASSERT_EQ(plan.size(), 5);
  EXPECT_EQ(plan.steps()[1].step.agent(), "b");
  EXPECT_EQ(plan.steps()[2].step.agent(), "c");
  EXPECT_EQ(plan.steps()[2].stage, 1);
  EXPECT_EQ(plan.steps()[3].step.kind(), domains::ChainStep::HUMAN_GATE);
  EXPECT_TRUE(plan.Commits());
}

TEST(StepPlanTest, NextSkipsDoneStepsAndRetriesFailedOnes) {
  StepPlan plan(Chain());
  handoff::Handoff handoff;
  EXPECT_EQ(plan.Next(handoff)->index, 0);
  Record(&handoff, 0, handoff::STEP_SUCCEEDED);
  Record(&handoff, 1, handoff::STEP_FAILED);
  EXPECT_EQ(plan.Next(handoff)->index, 1);
  EXPECT_EQ(plan.CompletedCount(handoff), 1);
  Record(&handoff, 1, handoff::STEP_SUCCEEDED);
  Record(&handoff, 2, handoff::STEP_SUCCEEDED);
  EXPECT_EQ(plan.Next(handoff)->step.kind(), domains::ChainStep::HUMAN_GATE);
  Record(&handoff, 3, handoff::STEP_APPROVED);
  Record(&handoff, 4, handoff::STEP_SUCCEEDED);
  EXPECT_FALSE(plan.Next(handoff).has_value());
  EXPECT_EQ(plan.CompletedCount(handoff), 5);
}

TEST(StepPlanTest, ChainsWithoutGitWorkflowManagerDoNotCommit) {
  domains::Workflow workflow;
  domains::ChainStep* step = workflow.add_stages()->add_steps();
  step->set_kind(domains::ChainStep::AGENT);
  step->set_agent("qa-specialist");
  EXPECT_FALSE(StepPlan(workflow).Commits());
}

}  // namespace
}  // namespace baton::executor
