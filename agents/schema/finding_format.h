// How `baton lint-schema` and `baton audit` print findings: one line per
// finding ("<location>: <SEVERITY> <rule>: <message>") with its fix
// indented below, a count line, or the same as JSON for scripts.
// Stateless; thread-safe.
#ifndef BATON_AGENTS_SCHEMA_FINDING_FORMAT_H_
#define BATON_AGENTS_SCHEMA_FINDING_FORMAT_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "executor/handoff.pb.h"

namespace baton::agents::schema {

// "db/a.sql:4: WARNING missing-audit-columns: table roles has no
// updated_at column\n    fix: Add ...\n"
std::string FormatFinding(const handoff::Finding& finding);

// "3 findings: 1 blocker, 0 errors, 2 warnings" ("no findings").
std::string CountFindings(const std::vector<handoff::Finding>& findings);

// {"subject": <subject>, "findings": [{"severity", "rule", "location",
// "message", "fix"}...], "counts": {"BLOCKER": n, "ERROR": n, "WARNING": n,
// "INFO": n}}, with two-space indentation and a final newline.
std::string FindingsJson(absl::string_view subject,
                         const std::vector<handoff::Finding>& findings);

}  // namespace baton::agents::schema

#endif  // BATON_AGENTS_SCHEMA_FINDING_FORMAT_H_
