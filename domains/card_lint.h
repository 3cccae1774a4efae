// Lint for domain cards: every problem in every card, each with file:line,
// so that a team with many cards can fix them in one pass (the loader stops
// at the first problem of a card; lint reads on, see ParseCardLenient).
//
// Errors (the card does not load, or a run of it would fail):
//   - anything the loader rejects: missing front matter or front-matter keys,
//     bad YAML, a workflow without trigger phrases or chain, an empty or
//     malformed chain, a duplicate workflow, a malformed trigger item;
//   - an agent in a chain that is neither a known agent (LintOptions) nor
//     declared in the card's front matter (primary/secondary/related);
//   - a file pattern that is not a valid glob (router/glob.h);
//   - two cards with the same domain name.
// Warnings (the card loads, but routes worse):
//   - a keyword or tech-stack mention that fires on another domain's keyword
//     (equal up to case and aliases, or inside it: "SQL" inside "SQL
//     injection"), so requests about it score both domains;
//   - a term listed twice in one card; a card with no keyword, tech-stack
//     mention or file pattern; a trigger phrase used by two workflows.
//
// Thread-safety: stateless functions, safe to call concurrently.
#ifndef BATON_DOMAINS_CARD_LINT_H_
#define BATON_DOMAINS_CARD_LINT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace baton::domains {

struct LintProblem {
  enum Severity { kError, kWarning };
  std::string path;
  int line = 0;  // 1-based.
  Severity severity = kError;
  std::string message;
};

// `path:line: error: message` (or `warning:`).
std::string FormatProblem(const LintProblem& problem);

struct LintOptions {
  // Agents that exist without being declared in a card (the built-in ones,
  // executor/agent_registry.h kBuiltinAgents).
  std::vector<std::string> known_agents;
};

struct CardText {
  std::string path;
  std::string text;
};

// Every problem of one card, in file order.
std::vector<LintProblem> LintCard(absl::string_view text,
                                  absl::string_view path,
                                  const LintOptions& options);

// Every card's problems (in the order given), then the problems between
// cards (duplicate domains, shadowing keywords), sorted by path and line.
std::vector<LintProblem> LintCards(const std::vector<CardText>& cards,
                                   const LintOptions& options);

// Lints every `*.md` file directly inside `dir`, in file-name order.
//
// Outcomes:
//   OK        the problems (empty when the cards are clean).
//   NotFound  `dir` cannot be listed or holds no `*.md` file, or a card
//             cannot be read.
absl::StatusOr<std::vector<LintProblem>> LintCardDirectory(
    const std::string& dir, const LintOptions& options);

}  // namespace baton::domains

#endif  // BATON_DOMAINS_CARD_LINT_H_
