// The commands that inspect and steer existing runs:
//   baton runs                         every run: status, progress, age
//   baton show <run> [--checkpoint N | --step N] [--format text|json] [--diff]
//   baton step <run>                   run exactly the next step, print what changed
//   baton edit <run> [--set path=value]...   (else opens $EDITOR on text format)
//   baton rewind <run> --to N          make checkpoint N current again
//   baton fork <run> --at N            a new run (own worktree) from checkpoint N
//   baton gc --older-than 30d          delete finished runs and their worktrees
// Each takes --repo DIR and --state-dir DIR. Exit codes as baton_main.cc.
#ifndef BATON_TOOLS_CLI_RUN_COMMANDS_H_
#define BATON_TOOLS_CLI_RUN_COMMANDS_H_

#include <ostream>
#include <string>
#include <vector>

#include "tools/cli/pipeline.h"

namespace baton::cli {

int RunRunsCommand(const std::vector<std::string>& args, const Installation& installation,
                   std::ostream& out, std::ostream& err);
int RunShowCommand(const std::vector<std::string>& args, const Installation& installation,
                   std::ostream& out, std::ostream& err);
int RunStepCommand(const std::vector<std::string>& args, const Installation& installation,
                   std::ostream& out, std::ostream& err);
int RunEditCommand(const std::vector<std::string>& args, const Installation& installation,
                   std::ostream& out, std::ostream& err);
int RunRewindCommand(const std::vector<std::string>& args, const Installation& installation,
                     std::ostream& out, std::ostream& err);
int RunForkCommand(const std::vector<std::string>& args, const Installation& installation,
                   std::ostream& out, std::ostream& err);
int RunGcCommand(const std::vector<std::string>& args, const Installation& installation,
                 std::ostream& out, std::ostream& err);

}  // namespace baton::cli

#endif  // BATON_TOOLS_CLI_RUN_COMMANDS_H_
