#include "tools/nightly/job_context.h"

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"

namespace baton::nightly {

std::string StopReason(const JobContext& context, JobReport::Status* status) {
  if (context.stop != nullptr && context.stop->requested()) {
    if (status != nullptr) *status = JobReport::STOPPED;
    return absl::StrCat("stopped: ", context.stop->reason());
  }
  if (absl::Now() >= context.deadline) {
    if (status != nullptr) *status = JobReport::TIMED_OUT;
    return absl::StrFormat("timed out after %.0fs (the job's timeout)",
                           absl::ToDoubleSeconds(context.timeout));
  }
  return "";
}

std::string RelativeToReport(const JobContext& context, const std::string& path) {
  if (path.empty() || context.report_dir.empty()) return path;
  std::filesystem::path relative =
      std::filesystem::path(path).lexically_relative(context.report_dir);
  return relative.empty() ? path : relative.string();
}

void AddFindings(const std::vector<handoff::Finding>& findings, JobReport* report) {
  for (const handoff::Finding& finding : findings) *report->add_findings() = finding;
}

int CountAtLeast(const JobReport& report, handoff::Finding::Severity severity) {
  int count = 0;
  for (const handoff::Finding& finding : report.findings()) {
    if (finding.severity() >= severity) ++count;
  }
  return count;
}

}  // namespace baton::nightly
