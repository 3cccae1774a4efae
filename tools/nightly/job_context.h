// What every nightly job gets besides its configuration: Baton's
// installation, the date, where its report and logs go, when it must stop,
// and the run an earlier invocation left stopped (to resume instead of
// starting again). Plus the small helpers every job kind shares.
// A JobContext is read-only while jobs run; the StopFlag is thread-safe.
#ifndef BATON_TOOLS_NIGHTLY_JOB_CONTEXT_H_
#define BATON_TOOLS_NIGHTLY_JOB_CONTEXT_H_

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "executor/handoff.pb.h"
#include "tools/cli/pipeline.h"
#include "tools/nightly/nightly_report.pb.h"
#include "tools/nightly/stop_flag.h"

namespace baton::nightly {

struct JobContext {
  cli::Installation installation;
  std::string date;        // YYYY-MM-DD
  std::string report_dir;  // <report_dir>/<date>, absolute.
  std::string job_dir;     // <report_dir>/<date>/jobs/<job>, absolute.
  absl::Time deadline = absl::InfiniteFuture();
  absl::Duration timeout = absl::InfiniteDuration();
  const StopFlag* stop = nullptr;  // Null: never stopped from outside.
  // A run an earlier invocation of this date stopped (timeout, SIGTERM):
  // resumed rather than started again. Empty: start a new run.
  std::vector<std::string> resume_run_ids;
};

// Why the job must stop now: "timed out after 30s (the job's timeout)",
// the stop flag's reason, or "" to go on. Sets *status to TIMED_OUT or
// STOPPED accordingly (may be null).
std::string StopReason(const JobContext& context, JobReport::Status* status = nullptr);

// `path` relative to the report folder (for links in the report), or
// `path` itself when it is empty or on another root.
std::string RelativeToReport(const JobContext& context, const std::string& path);

// Appends `findings` to the report.
void AddFindings(const std::vector<handoff::Finding>& findings, JobReport* report);

// The number of findings of at least `severity`.
int CountAtLeast(const JobReport& report, handoff::Finding::Severity severity);

}  // namespace baton::nightly

#endif  // BATON_TOOLS_NIGHTLY_JOB_CONTEXT_H_
