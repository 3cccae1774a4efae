// `baton stage`: a run's stages driven from outside, one process per stage,
// for schedulers that run each stage as its own task on possibly another
// machine (Airflow, Kubernetes Jobs); the run's state lives in a folder all
// workers share (--state-dir), the repository at the same path on each.
//
//   baton stage start "<request>" [--domain D --workflow W] [--file P]...
//                     [--repo DIR] [--state-dir DIR] [--staging URL] [--agents FILE]
//       creates the run (its worktree and checkpoint 0) and runs nothing;
//       the last line printed is the run id alone.
//   baton stage run <run-id> --step N [--approve] [--repo DIR] [--state-dir DIR]
//                   [--wait SECONDS]
//       `baton step` made idempotent for one step: when step N (0-based, in
//       the chain's order) is done already it does nothing; otherwise it
//       runs the stage holding step N (with its parallel siblings), waiting
//       while another worker advances the run. Refuses to skip ahead when an
//       earlier stage is not done.
//
// Exit codes: 0 the step is done; 1 the stage failed (state kept); 2 bad
// usage, an unknown run or step, or an earlier stage is not done; 4 the
// step is a human gate waiting for --approve.
#ifndef BATON_TOOLS_NIGHTLY_STAGE_COMMAND_H_
#define BATON_TOOLS_NIGHTLY_STAGE_COMMAND_H_

#include <ostream>
#include <string>
#include <vector>

#include "tools/cli/pipeline.h"

namespace baton::nightly {

int RunStageCommand(const std::vector<std::string>& args, const cli::Installation& installation,
                    std::ostream& out, std::ostream& err);

}  // namespace baton::nightly

#endif  // BATON_TOOLS_NIGHTLY_STAGE_COMMAND_H_
