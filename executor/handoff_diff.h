// A readable account of what changed between two handoffs: what a step
// added to the history, artifacts, findings, facts, the commit and status.
// Used by `baton step` and `baton show --diff`.
#ifndef BATON_EXECUTOR_HANDOFF_DIFF_H_
#define BATON_EXECUTOR_HANDOFF_DIFF_H_

#include <string>

#include "executor/handoff.pb.h"

namespace baton::executor {

// One line per change, each starting with "+" (added), "~" (changed) or
// "-" (removed); "no changes" when the two are equal.
std::string DescribeHandoffChanges(const handoff::Handoff& before,
                                   const handoff::Handoff& after);

}  // namespace baton::executor

#endif  // BATON_EXECUTOR_HANDOFF_DIFF_H_
