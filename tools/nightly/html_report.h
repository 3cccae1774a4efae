// The night's report as one self-contained HTML page: inline CSS and
// JavaScript only, no request to any network. The NightReport is embedded
// as JSON; the script renders from it the summary, the nights that were
// skipped or missed, a Gantt-style timeline (inline SVG, one bar per job
// and per step), each job's outcome with its commits and review branches,
// the findings by severity, and links to every run's logs (paths relative
// to the report, so they open as file:// next to it).
// Stateless; thread-safe.
#ifndef BATON_TOOLS_NIGHTLY_HTML_REPORT_H_
#define BATON_TOOLS_NIGHTLY_HTML_REPORT_H_

#include <string>

#include "absl/strings/string_view.h"
#include "tools/nightly/nightly_report.pb.h"

namespace baton::nightly {

std::string RenderHtmlReport(const NightReport& report);

// `json` made safe inside a <script> element ('<', '>', '&' and U+2028/9
// escaped as \uXXXX, which JSON.parse reads back unchanged).
std::string EscapeJsonForScript(absl::string_view json);

}  // namespace baton::nightly

#endif  // BATON_TOOLS_NIGHTLY_HTML_REPORT_H_
