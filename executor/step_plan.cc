#include "executor/step_plan.h"

namespace baton::executor {

StepPlan::StepPlan(const domains::Workflow& workflow) {
  int index = 0;
  for (int stage = 0; stage < workflow.stages_size(); ++stage) {
    for (const domains::ChainStep& step : workflow.stages(stage).steps()) {
      steps_.push_back(PlannedStep{index++, stage, step});
    }
  }
}

bool StepPlan::Done(const handoff::Handoff& handoff, int index) const {
  for (const handoff::StepRecord& record : handoff.steps()) {
    if (record.index() == index && (record.status() == handoff::STEP_SUCCEEDED ||
                                    record.status() == handoff::STEP_APPROVED)) {
      return true;
    }
  }
  return false;
}

std::optional<PlannedStep> StepPlan::Next(const handoff::Handoff& handoff) const {
  for (const PlannedStep& planned : steps_) {
    if (!Done(handoff, planned.index)) return planned;
  }
  return std::nullopt;
}

int StepPlan::CompletedCount(const handoff::Handoff& handoff) const {
  int count = 0;
  for (const PlannedStep& planned : steps_) count += Done(handoff, planned.index) ? 1 : 0;
  return count;
}

bool StepPlan::Commits() const {
  for (const PlannedStep& planned : steps_) {
    if (planned.step.kind() == domains::ChainStep::AGENT &&
        planned.step.agent() == "git-workflow-manager") {
      return true;
    }
  }
  return false;
}

}  // namespace baton::executor
