// Schema lint for the qa-specialist's staging test of a Database Migration:
// lints the tables the run's migration touched, in the schema the
// repository's migrations build (schema_lint.h), and adds the findings to
// the step's result. Findings never fail the step; only a BLOCKER would stop
// the commit, and lint produces none.
// Thread-compatible: reads the workspace.
#ifndef BATON_AGENTS_SCHEMA_MIGRATION_LINT_H_
#define BATON_AGENTS_SCHEMA_MIGRATION_LINT_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "executor/handoff.pb.h"

namespace baton::agents::schema {

// The tables a Database Migration run touched: the "migration.table" fact
// and the tables of `added_columns` ("table.column").
std::vector<std::string> TouchedTables(const handoff::Handoff& handoff,
                                       const std::vector<std::string>& added_columns);

// Appends to `result` the lint findings for `tables` of the schema the
// migrations of `workspace` build, with `agent` set. When the schema cannot
// be loaded it appends one INFO "schema-lint-skipped" finding saying why.
// Returns the number of findings added.
int AddSchemaLintFindings(const std::string& workspace,
                          const std::vector<std::string>& tables,
                          absl::string_view agent, handoff::AgentResult* result);

}  // namespace baton::agents::schema

#endif  // BATON_AGENTS_SCHEMA_MIGRATION_LINT_H_
