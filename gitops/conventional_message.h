// Conventional Commits (https://www.conventionalcommits.org) messages for the
// work a run produced, derived from the user's request and the workflow, e.g.
// "Add phone_number column to users table" (Database Migration, a .sql file)
//   -> "feat(db): add phone_number column to users table".
// Thread-safe: a stateless function.
#ifndef BATON_GITOPS_CONVENTIONAL_MESSAGE_H_
#define BATON_GITOPS_CONVENTIONAL_MESSAGE_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace baton::gitops {

// Longest subject line (type, scope and description together).
inline constexpr int kMaxSubjectLength = 72;

// "<type>(<scope>): <description>", then, when `paths` is not empty, a blank
// line and a body listing the files ("Files:" and one "- path" per line).
// - type: "fix" when the request speaks of a fix or bug; otherwise "perf" for
//   Query Optimization and "feat" for the other data workflows (schema
//   design, migrations, ETL, cache, backup); for an unknown workflow, "perf"
//   for optimisation requests, else "feat".
// - scope: "db" when a path is data-domain (under database/, db/ or a
//   migrations/ directory, or a .sql file); otherwise no scope.
// - description: the request's first line, whitespace collapsed, first
//   letter lower-cased (acronyms such as "ETL" kept), no trailing period,
//   cut at a word boundary so the subject fits kMaxSubjectLength. A blank
//   request gives "update <first file>" (or "update files").
std::string ConventionalMessage(absl::string_view request_text,
                                absl::string_view workflow,
                                const std::vector<std::string>& paths);

}  // namespace baton::gitops

#endif  // BATON_GITOPS_CONVENTIONAL_MESSAGE_H_
