#include "executor/request_window.h"

#include <algorithm>

namespace baton::executor {

RequestWindow::RequestWindow(handoff::Handoff* handoff, int running_stage) : handoff_(handoff) {
  const int older = std::max(0, handoff->steps_size() - kAgentStepWindow);
  older_steps_.resize(static_cast<size_t>(older));
  if (older > 0) handoff->mutable_steps()->ExtractSubrange(0, older, older_steps_.data());

  auto* stages = handoff->mutable_workflow()->mutable_stages();
  const int first = std::clamp(running_stage - kAgentStageWindow, 0, stages->size());
  const int end = std::clamp(running_stage + kAgentStageWindow + 1, first, stages->size());
  stages_after_.resize(static_cast<size_t>(stages->size() - end));
  if (!stages_after_.empty()) {
    stages->ExtractSubrange(end, static_cast<int>(stages_after_.size()), stages_after_.data());
  }
  stages_before_.resize(static_cast<size_t>(first));
  if (first > 0) stages->ExtractSubrange(0, first, stages_before_.data());
  if (first > 0 || !stages_after_.empty()) {
    chain_text_.swap(*handoff->mutable_workflow()->mutable_chain_text());
  }
}

RequestWindow::~RequestWindow() {
  // AddAllocated appends; rotating the appended pointers to the front puts
  // the older records (and the earlier stages) back where they were.
  auto* steps = handoff_->mutable_steps();
  for (handoff::StepRecord* record : older_steps_) steps->AddAllocated(record);
  std::rotate(steps->pointer_begin(), steps->pointer_begin() + (steps->size() - steps_omitted()),
              steps->pointer_end());

  auto* stages = handoff_->mutable_workflow()->mutable_stages();
  for (domains::ChainStage* stage : stages_before_) stages->AddAllocated(stage);
  std::rotate(stages->pointer_begin(),
              stages->pointer_begin() + (stages->size() - stages_omitted_before()),
              stages->pointer_end());
  for (domains::ChainStage* stage : stages_after_) stages->AddAllocated(stage);
  if (stages_omitted_before() > 0 || stages_omitted_after() > 0) {
    chain_text_.swap(*handoff_->mutable_workflow()->mutable_chain_text());
  }
}

void RequestWindow::Describe(handoff::AgentRequest& request) const {
  request.set_steps_omitted(steps_omitted());
  request.set_stages_omitted_before(stages_omitted_before());
  request.set_stages_omitted_after(stages_omitted_after());
}

}  // namespace baton::executor
