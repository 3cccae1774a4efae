// One night: every job of the config (or the ones named), at most
// `parallel` at a time, each with its timeout; a failed job never stops
// the others. Jobs already completed on the same date with the same inputs
// (JobFingerprint: the job's config and its repository's HEAD) are skipped
// unless `force`; a job whose run an earlier invocation of the date
// stopped (timeout, SIGTERM) resumes that run. Then the night's report:
// <report_dir>/<date>/report.json and report.html.
// The caller holds the NightlyLock. Thread-safe apart from that.
#ifndef BATON_TOOLS_NIGHTLY_NIGHTLY_RUNNER_H_
#define BATON_TOOLS_NIGHTLY_NIGHTLY_RUNNER_H_

#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tools/cli/pipeline.h"
#include "tools/nightly/nightly_config.pb.h"
#include "tools/nightly/nightly_report.pb.h"
#include "tools/nightly/stop_flag.h"

namespace baton::nightly {

struct NightlyOptions {
  std::string config_path;
  NightlyConfig config;  // As LoadNightlyConfig returns it.
  cli::Installation installation;
  std::string date;  // YYYY-MM-DD
  int parallel = 2;  // At least 1.
  std::string overlap = "skip";
  bool force = false;
  // Run only these jobs (by name); empty runs all.
  std::vector<std::string> only_jobs;
  const StopFlag* stop = nullptr;
  // This invocation, as history.jsonl already records it.
  Invocation invocation;
};

struct NightResult {
  NightReport report;
  std::string json_path;
  std::string html_path;
  // This invocation as it ended ("ran" or "stopped"), for history.jsonl.
  Invocation invocation;
};

// Runs the night and writes its report; prints one line per finished job
// to `out`. InvalidArgument when `only_jobs` names a job the config does
// not have; Internal when the report cannot be written. Job failures are
// in the report, never errors.
absl::StatusOr<NightResult> RunNight(const NightlyOptions& options, std::ostream& out);

// 0 when every job succeeded or was skipped as done; 1 when any failed,
// timed out or was stopped.
int NightExitCode(const NightReport& report);

// Writes report.json and report.html of `report` into `day_dir`.
absl::Status WriteNightReport(const std::string& day_dir, const NightReport& report);

}  // namespace baton::nightly

#endif  // BATON_TOOLS_NIGHTLY_NIGHTLY_RUNNER_H_
