// The YAML front matter of a domain card: splits it from the markdown body
// and fills the card's front-matter fields (domain, priority, agents).
//
// Errors are InvalidArgument `<path>:<line>: ...` with file line numbers.
// Thread-safety: stateless functions, safe to call concurrently.
#ifndef BATON_DOMAINS_FRONT_MATTER_H_
#define BATON_DOMAINS_FRONT_MATTER_H_

#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domains/domain.pb.h"

namespace baton::domains {

// A card cut in two. The views point into the text given to
// SplitFrontMatter, which must outlive them.
struct CardParts {
  absl::string_view yaml;    // Between the `---` lines, without them.
  int yaml_first_line = 0;   // File line of yaml's first line (2).
  int closing_line = 0;      // File line of the closing `---`.
  absl::string_view body;    // Everything after the closing line.
  int body_line_offset = 0;  // body line N is file line N + this.
};

// Outcomes: OK; InvalidArgument when the text does not start with a `---`
// line (a UTF-8 byte-order mark is skipped) or the block is never closed by a
// `---` (or `...`) line.
absl::StatusOr<CardParts> SplitFrontMatter(absl::string_view text,
                                           absl::string_view path);

// Parses parts.yaml into card's domain, priority, primary_agent,
// secondary_agents, related_agents and agent_timeouts. Unknown keys are
// ignored.
// Outcomes: OK; InvalidArgument for a YAML syntax error (at the line YAML
// reports), a block that is not a mapping, a missing required key (at the
// closing `---` line) or a value of the wrong type or form (at its line).
absl::Status ParseFrontMatter(const CardParts& parts, absl::string_view path,
                              DomainCard* card);

// As ParseFrontMatter, but appends every problem to `problems` (each missing
// key, each bad value) and fills what it can; a YAML syntax error or a block
// that is not a mapping is one problem and stops the reading.
void ReadFrontMatter(const CardParts& parts, absl::string_view path,
                     DomainCard* card, std::vector<absl::Status>* problems);

// InvalidArgument `<path>:<line>: <what>`.
absl::Status CardError(absl::string_view path, int line,
                       absl::string_view what);

}  // namespace baton::domains

#endif  // BATON_DOMAINS_FRONT_MATTER_H_
