// `baton lint-schema`: applies the data card's schema rules to a real schema
// (agents/schema/schema_lint.h), loaded by SQLite from a repository's
// migrations, a .sql file or a folder of .sql files.
//
//   baton lint-schema [PATH] [--table T]... [--json]
//   baton lint-schema --rules        (the rules, their ids and severities)
//
// PATH defaults to the working directory. --table limits the lint to those
// tables. Each finding is printed with its location (file:line where the
// table or column is defined), severity, rule, message and fix; --json
// prints them as JSON (agents/schema/finding_format.h).
//
// Exit codes: 0 no finding of ERROR or worse; 1 ERROR findings; 2 bad usage,
// or a schema that cannot be loaded (SQL SQLite cannot run: its message with
// file and line).
#ifndef BATON_TOOLS_CLI_LINT_SCHEMA_COMMAND_H_
#define BATON_TOOLS_CLI_LINT_SCHEMA_COMMAND_H_

#include <ostream>
#include <string>
#include <vector>

#include "tools/cli/pipeline.h"

namespace baton::cli {

// `args` is argv after "lint-schema". Relative paths are resolved against
// $BUILD_WORKING_DIRECTORY (set by `bazel run`), else the current folder.
int RunLintSchemaCommand(const std::vector<std::string>& args,
                         const Installation& installation, std::ostream& out,
                         std::ostream& err);

}  // namespace baton::cli

#endif  // BATON_TOOLS_CLI_LINT_SCHEMA_COMMAND_H_
