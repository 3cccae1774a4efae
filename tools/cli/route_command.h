// `baton route`: routes one request and explains the decision, without
// running anything.
//
//   baton route "<request>" [--file P]... [--changed] [--repo DIR] [--json]
//               [--pick-best] [--domain D [--workflow W]]
//
// --changed adds the repository's uncommitted, staged and untracked files
// (read with libgit2; Baton's own .baton/ state is left out) to the --file
// paths. --json prints the RouteDecision (router/route.proto) in the proto
// JSON mapping with every field, for scripts; otherwise a short explanation.
// --pick-best turns an ambiguous decision into the best candidate.
//
// Exit codes: 0 routed (matched or overridden); 2 bad usage, unreadable
// cards, unknown --domain/--workflow (the message lists the valid names), or
// no repository for --changed; 3 the request routed nowhere or ambiguously.
#ifndef BATON_TOOLS_CLI_ROUTE_COMMAND_H_
#define BATON_TOOLS_CLI_ROUTE_COMMAND_H_

#include <ostream>
#include <string>
#include <vector>

#include "tools/cli/pipeline.h"

namespace baton::cli {

// `args` is argv after "route". --cards and --agents-root are accepted and
// ignored (main() has put them into `installation`).
int RunRouteCommand(const std::vector<std::string>& args,
                    const Installation& installation, std::ostream& out,
                    std::ostream& err);

}  // namespace baton::cli

#endif  // BATON_TOOLS_CLI_ROUTE_COMMAND_H_
