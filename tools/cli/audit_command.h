// `baton audit`: the security-auditor's checks on files a person points at
// (agents/schema/security_audit.h): secrets (BLOCKER), plaintext database
// transport, personal data in the columns of .sql files.
//
//   baton audit [PATH]... [--changed] [--json]
//
// PATHs are files or folders (default: the working directory; folders are
// searched recursively, leaving out .git, .baton, node_modules and bazel-*).
// --changed audits the uncommitted, staged and untracked files of the
// repository around the working directory instead, as a run's
// security-auditor does before a commit.
//
// Exit codes: 0 no finding of ERROR or worse; 1 ERROR or BLOCKER findings;
// 2 bad usage, a path that does not exist, or no repository for --changed.
#ifndef BATON_TOOLS_CLI_AUDIT_COMMAND_H_
#define BATON_TOOLS_CLI_AUDIT_COMMAND_H_

#include <ostream>
#include <string>
#include <vector>

#include "tools/cli/pipeline.h"

namespace baton::cli {

// `args` is argv after "audit". Relative paths are resolved against
// $BUILD_WORKING_DIRECTORY (set by `bazel run`), else the current folder.
int RunAuditCommand(const std::vector<std::string>& args,
                    const Installation& installation, std::ostream& out,
                    std::ostream& err);

}  // namespace baton::cli

#endif  // BATON_TOOLS_CLI_AUDIT_COMMAND_H_
