// The order of a workflow's steps, and which one is next: a pure function of
// the chain and the handoff's step records (no I/O).
//
// Stages run in order; the steps of a parallel stage (`a + b`) are listed in
// the chain's declared order, so merging their results in that order does
// not depend on which finished first.
#ifndef BATON_EXECUTOR_STEP_PLAN_H_
#define BATON_EXECUTOR_STEP_PLAN_H_

#include <optional>
#include <vector>

#include "domains/domain.pb.h"
#include "executor/handoff.pb.h"

namespace baton::executor {

struct PlannedStep {
  int index = 0;  // Position in the flattened chain.
  int stage = 0;
  domains::ChainStep step;
};

class StepPlan {
 public:
  explicit StepPlan(const domains::Workflow& workflow);

  const std::vector<PlannedStep>& steps() const { return steps_; }
  int size() const { return static_cast<int>(steps_.size()); }

  // The first step without a succeeded (or approved) record in `handoff`;
  // nullopt when every step is done.
  std::optional<PlannedStep> Next(const handoff::Handoff& handoff) const;

  // done[i]: step i has succeeded (or been approved). O(steps + records).
  std::vector<bool> DoneMask(const handoff::Handoff& handoff) const;

  // How many steps have succeeded (or been approved).
  int CompletedCount(const handoff::Handoff& handoff) const;

  // True when the chain contains the git-workflow-manager (only those commit).
  bool Commits() const;

 private:
  std::vector<PlannedStep> steps_;
};

}  // namespace baton::executor

#endif  // BATON_EXECUTOR_STEP_PLAN_H_
