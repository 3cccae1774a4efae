// What of a run's handoff an agent's request carries: the most recent step
// records and the stages of the chain around the running one, so that a
// request costs the same at step 10 and at step 1,000 of a long chain.
//
//   RequestWindow window(&handoff, running_stage);
//   ... build requests that borrow `handoff` (read only) ...
//   // window's destructor puts everything back, in order.
//
// While a RequestWindow lives, `handoff` holds:
//   - steps: the last kAgentStepWindow records (steps_omitted() older ones
//     are set aside);
//   - workflow.stages: the stages within kAgentStageWindow of the running
//     stage (stages_omitted_before() / stages_omitted_after() others are set
//     aside), and workflow.chain_text is left empty when any stage is.
// Nothing is copied: records and stages are moved out and back as pointers.
// The handoff must not be modified meanwhile (requests only read it).
#ifndef BATON_EXECUTOR_REQUEST_WINDOW_H_
#define BATON_EXECUTOR_REQUEST_WINDOW_H_

#include <string>
#include <vector>

#include "executor/handoff.pb.h"

namespace baton::executor {

// The most recent step records an agent receives in its request's handoff
// (AgentRequest.steps_omitted counts the rest).
inline constexpr int kAgentStepWindow = 32;
// The stages on either side of the running one an agent receives
// (AgentRequest.stages_omitted_before / _after count the rest).
inline constexpr int kAgentStageWindow = 16;

class RequestWindow {
 public:
  RequestWindow(handoff::Handoff* handoff, int running_stage);
  ~RequestWindow();
  RequestWindow(const RequestWindow&) = delete;
  RequestWindow& operator=(const RequestWindow&) = delete;

  int steps_omitted() const { return static_cast<int>(older_steps_.size()); }
  int stages_omitted_before() const { return static_cast<int>(stages_before_.size()); }
  int stages_omitted_after() const { return static_cast<int>(stages_after_.size()); }

  // Sets the three counts on `request`.
  void Describe(handoff::AgentRequest& request) const;

 private:
  handoff::Handoff* handoff_;
  std::vector<handoff::StepRecord*> older_steps_;
  std::vector<domains::ChainStage*> stages_before_;
  std::vector<domains::ChainStage*> stages_after_;
  std::string chain_text_;
};

}  // namespace baton::executor

#endif  // BATON_EXECUTOR_REQUEST_WINDOW_H_
