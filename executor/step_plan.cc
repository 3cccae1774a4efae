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

std::vector<bool> StepPlan::DoneMask(const handoff::Handoff& handoff) const {
  std::vector<bool> done(steps_.size(), false);
  for (const handoff::StepRecord& record : handoff.steps()) {
    if (record.index() >= 0 && record.index() < size() &&
        (record.status() == handoff::STEP_SUCCEEDED ||
         record.status() == handoff::STEP_APPROVED)) {
      done[record.index()] = true;
    }
  }
  return done;
}

std::optional<PlannedStep> StepPlan::Next(const handoff::Handoff& handoff) const {
  std::vector<bool> done = DoneMask(handoff);
  for (const PlannedStep& planned : steps_) {
    if (!done[planned.index]) return planned;
  }
  return std::nullopt;
}

int StepPlan::CompletedCount(const handoff::Handoff& handoff) const {
  int count = 0;
  for (bool done : DoneMask(handoff)) count += done ? 1 : 0;
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
