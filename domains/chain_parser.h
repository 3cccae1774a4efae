// Parses the agent-chain notation of domain cards into stages.
//
// Notation: `→` (or ASCII `->`) separates sequential stages; `+` joins steps
// that run in parallel within a stage. A step is an agent name matching
// [a-z][a-z0-9-]* with an optional parenthesised note
// (`debug-specialist (analyze query)`; notes may hold commas, spaces and
// balanced parentheses). `[primary-agent]` stands for the card's primary
// agent; any other bracketed text (`[fix if needed]`) is a human gate.
//
//   spec-manager → systems-architect + security-auditor → [review schema]
//
// Thread-safety: stateless function, safe to call concurrently.
#ifndef BATON_DOMAINS_CHAIN_PARSER_H_
#define BATON_DOMAINS_CHAIN_PARSER_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domains/domain.pb.h"

namespace baton::domains {

// Returns the stages of `chain` in order. `primary_agent` replaces
// `[primary-agent]` (the step keeps `[primary-agent]` in written_as).
//
// Outcomes:
//   OK               the stages; every stage has at least one step.
//   InvalidArgument  the chain is malformed; the message names the offending
//                    text and its 1-based column (in characters) within
//                    `chain`: empty chain, dangling arrow, empty stage or step,
//                    unbalanced parenthesis or bracket, bad agent name,
//                    `[primary-agent]` with an empty `primary_agent`.
absl::StatusOr<std::vector<ChainStage>> ParseChain(
    absl::string_view chain, absl::string_view primary_agent);

// True when `name` is a valid agent name: [a-z][a-z0-9-]*.
bool IsValidAgentName(absl::string_view name);

}  // namespace baton::domains

#endif  // BATON_DOMAINS_CHAIN_PARSER_H_
