#include "agents/schema/finding_format.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace baton::agents::schema {
namespace {

using ::baton::handoff::Finding;

// `text` as a JSON string literal.
std::string Quote(absl::string_view text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          out += absl::StrFormat("\\u%04x", c);
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  return out + "\"";
}

std::string Plural(int count, absl::string_view one, absl::string_view many) {
  return absl::StrCat(count, " ", count == 1 ? one : many);
}

}  // namespace

std::string FormatFinding(const Finding& finding) {
  std::string line = absl::StrCat(
      finding.location().empty() ? "" : absl::StrCat(finding.location(), ": "),
      Finding::Severity_Name(finding.severity()), " ", finding.rule(), ": ",
      finding.message(), "\n");
  if (!finding.fix().empty()) absl::StrAppend(&line, "    fix: ", finding.fix(), "\n");
  return line;
}

std::string CountFindings(const std::vector<Finding>& findings) {
  if (findings.empty()) return "no findings";
  std::map<Finding::Severity, int> counts;
  for (const Finding& finding : findings) ++counts[finding.severity()];
  std::vector<std::string> parts;
  if (counts[Finding::BLOCKER] > 0) {
    parts.push_back(Plural(counts[Finding::BLOCKER], "blocker", "blockers"));
  }
  parts.push_back(Plural(counts[Finding::ERROR], "error", "errors"));
  parts.push_back(Plural(counts[Finding::WARNING], "warning", "warnings"));
  if (counts[Finding::INFO] > 0) {
    parts.push_back(Plural(counts[Finding::INFO], "note", "notes"));
  }
  return absl::StrCat(Plural(static_cast<int>(findings.size()), "finding", "findings"),
                      ": ", absl::StrJoin(parts, ", "));
}

std::string FindingsJson(absl::string_view subject,
                         const std::vector<Finding>& findings) {
  std::map<std::string, int> counts = {
      {"BLOCKER", 0}, {"ERROR", 0}, {"WARNING", 0}, {"INFO", 0}};
  std::vector<std::string> items;
  for (const Finding& finding : findings) {
    const std::string severity = Finding::Severity_Name(finding.severity());
    ++counts[severity];
    items.push_back(absl::StrCat(
        "    {\"severity\": ", Quote(severity), ", \"rule\": ", Quote(finding.rule()),
        ", \"location\": ", Quote(finding.location()),
        ", \"message\": ", Quote(finding.message()), ", \"fix\": ",
        Quote(finding.fix()), "}"));
  }
  std::vector<std::string> count_items;
  for (const char* severity : {"BLOCKER", "ERROR", "WARNING", "INFO"}) {
    count_items.push_back(absl::StrCat(Quote(severity), ": ", counts[severity]));
  }
  return absl::StrCat("{\n  \"subject\": ", Quote(subject), ",\n  \"findings\": [",
                      items.empty() ? "" : "\n", absl::StrJoin(items, ",\n"),
                      items.empty() ? "" : "\n  ", "],\n  \"counts\": {",
                      absl::StrJoin(count_items, ", "), "}\n}\n");
}

}  // namespace baton::agents::schema
