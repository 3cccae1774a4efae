// `baton agents`: what runs each agent, and whether the registry fits the
// cards.
//
//   baton agents list  [--repo DIR] [--agents FILE]
//       every agent with its kind (built-in, command (json|proto), prompt)
//       and where it is defined (built-in, or <file>:<line>), the command
//       and limits of command agents.
//   baton agents check [--repo DIR] [--agents FILE]
//       the registry's problems (<file>:<line>:<column>: ...), every agent a
//       card's workflow names that no registry defines (<card>:<line>: ...),
//       and every agent program a workflow needs that is missing.
//
// The registry is the built-in agents plus `agents.textproto` at the root of
// the repository (--repo, else the working directory), or FILE instead.
// Exit codes: 0 all is well, 2 problems found or bad usage.
#ifndef BATON_TOOLS_CLI_AGENTS_COMMAND_H_
#define BATON_TOOLS_CLI_AGENTS_COMMAND_H_

#include <ostream>
#include <string>
#include <vector>

#include "tools/cli/pipeline.h"

namespace baton::cli {

// `args` is the command line after `baton agents`.
int RunAgentsCommand(const std::vector<std::string>& args, const Installation& installation,
                     std::ostream& out, std::ostream& err);

}  // namespace baton::cli

#endif  // BATON_TOOLS_CLI_AGENTS_COMMAND_H_
