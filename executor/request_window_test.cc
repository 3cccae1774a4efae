#include "executor/request_window.h"

#include <string>

#include "gtest/gtest.h"

namespace baton::executor {
namespace {

// A handoff with `steps` step records and a chain of `stages` stages, each
// named after its position so that order can be checked.
handoff::Handoff Handoff(int steps, int stages) {
  handoff::Handoff handoff;
  for (int i = 0; i < steps; ++i) handoff.add_steps()->set_summary(std::to_string(i));
  for (int i = 0; i < stages; ++i) {
    handoff.mutable_workflow()->add_stages()->add_steps()->set_agent(std::to_string(i));
  }
  handoff.mutable_workflow()->set_chain_text("the whole chain");
  return handoff;
}

std::string FirstAgent(const handoff::Handoff& handoff) {
  return handoff.workflow().stages(0).steps(0).agent();
}

TEST(RequestWindowTest, ShortRunsAreSentWhole) {
  handoff::Handoff handoff = Handoff(3, 5);
  const std::string before = handoff.SerializeAsString();
  {
    RequestWindow window(&handoff, 3);
    EXPECT_EQ(window.steps_omitted(), 0);
    EXPECT_EQ(window.stages_omitted_before(), 0);
    EXPECT_EQ(window.stages_omitted_after(), 0);
    EXPECT_EQ(handoff.SerializeAsString(), before);
  }
  EXPECT_EQ(handoff.SerializeAsString(), before);
}

TEST(RequestWindowTest, LongRunsSendTheRecentStepsAndTheStagesAround) {
  handoff::Handoff handoff = Handoff(500, 1000);
  const std::string before = handoff.SerializeAsString();
  {
    RequestWindow window(&handoff, 500);
    EXPECT_EQ(window.steps_omitted(), 500 - kAgentStepWindow);
    ASSERT_EQ(handoff.steps_size(), kAgentStepWindow);
    EXPECT_EQ(handoff.steps(0).summary(), std::to_string(500 - kAgentStepWindow));
    EXPECT_EQ(handoff.steps(kAgentStepWindow - 1).summary(), "499");

    EXPECT_EQ(window.stages_omitted_before(), 500 - kAgentStageWindow);
    EXPECT_EQ(window.stages_omitted_after(), 1000 - 500 - kAgentStageWindow - 1);
    ASSERT_EQ(handoff.workflow().stages_size(), 2 * kAgentStageWindow + 1);
    EXPECT_EQ(FirstAgent(handoff), std::to_string(500 - kAgentStageWindow));
    EXPECT_TRUE(handoff.workflow().chain_text().empty());

    handoff::AgentRequest request;
    window.Describe(request);
    EXPECT_EQ(request.steps_omitted(), 500 - kAgentStepWindow);
    EXPECT_EQ(request.stages_omitted_before(), 500 - kAgentStageWindow);
    EXPECT_EQ(request.stages_omitted_after(), 1000 - 500 - kAgentStageWindow - 1);
  }
  // Everything is back, in order.
  EXPECT_EQ(handoff.SerializeAsString(), before);
}

TEST(RequestWindowTest, TheEndsOfTheChainAreClamped) {
  handoff::Handoff handoff = Handoff(0, 100);
  {
    RequestWindow window(&handoff, 0);
    EXPECT_EQ(window.stages_omitted_before(), 0);
    EXPECT_EQ(window.stages_omitted_after(), 100 - kAgentStageWindow - 1);
    EXPECT_EQ(FirstAgent(handoff), "0");
  }
  {
    RequestWindow window(&handoff, 99);
    EXPECT_EQ(window.stages_omitted_before(), 99 - kAgentStageWindow);
    EXPECT_EQ(window.stages_omitted_after(), 0);
    EXPECT_EQ(handoff.workflow().stages(handoff.workflow().stages_size() - 1).steps(0).agent(),
              "99");
  }
  EXPECT_EQ(handoff.workflow().stages_size(), 100);
  EXPECT_EQ(handoff.workflow().chain_text(), "the whole chain");
}

}  // namespace
}  // namespace baton::executor
