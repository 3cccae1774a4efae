// `baton nightly --config nightly.textproto`: the unattended night.
//
//   baton nightly --config FILE [--parallel N] [--overlap skip|queue|replace]
//                 [--wait SECONDS] [--force] [--date YYYY-MM-DD] [--job NAME]...
//
// Takes the nightly lock (nightly_lock.h) under the overlap policy, records
// the invocation in history.jsonl (skipped ones too), runs the jobs
// (nightly_runner.h) and prints where the report is. SIGTERM or SIGINT stop
// the jobs' runs at their next step boundary (resumable) and still write
// the report.
// Exit codes: 0 every job succeeded (or was done already); 1 a job failed,
// timed out or was stopped; 2 bad usage or config; 3 nothing ran because
// another nightly is running (skip, or a queue/replace wait that expired).
#ifndef BATON_TOOLS_NIGHTLY_NIGHTLY_COMMAND_H_
#define BATON_TOOLS_NIGHTLY_NIGHTLY_COMMAND_H_

#include <ostream>
#include <string>
#include <vector>

#include "tools/cli/pipeline.h"

namespace baton::nightly {

inline constexpr int kExitNightOverlap = 3;

int RunNightlyCommand(const std::vector<std::string>& args, const cli::Installation& installation,
                      std::ostream& out, std::ostream& err);

}  // namespace baton::nightly

#endif  // BATON_TOOLS_NIGHTLY_NIGHTLY_COMMAND_H_
