// `baton domains`: the domain cards Baton routes with.
//
//   baton domains list                  each card, its workflows and chains
//   baton domains show NAME             one card in full: agents, keywords,
//                                       aliases, file patterns, tech stack,
//                                       workflows with triggers and chains
//   baton domains lint [--strict]       every problem of every card, as
//                                       file:line: severity: message
//   baton domains graph NAME [--workflow W] [--mermaid | --dot]
//                                       the workflows as Mermaid and DOT
//
// Cards come from installation.cards_dir (--cards DIR).
// Exit codes: 0 done (lint: no errors; with --strict, no warnings either);
// 1 lint found problems; 2 bad usage, unreadable cards, unknown NAME or
// workflow (the message lists the valid ones).
#ifndef BATON_TOOLS_CLI_DOMAINS_COMMAND_H_
#define BATON_TOOLS_CLI_DOMAINS_COMMAND_H_

#include <ostream>
#include <string>
#include <vector>

#include "tools/cli/pipeline.h"

namespace baton::cli {

// `args` is argv after "domains". --cards and --agents-root are accepted and
// ignored (main() has put them into `installation`).
int RunDomainsCommand(const std::vector<std::string>& args,
                      const Installation& installation, std::ostream& out,
                      std::ostream& err);

}  // namespace baton::cli

#endif  // BATON_TOOLS_CLI_DOMAINS_COMMAND_H_
