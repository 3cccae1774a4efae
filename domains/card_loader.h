// Loads domain cards: markdown documents with a YAML front matter block that
// tell Baton which requests belong to a domain and which agent chains serve
// them (see domains/data.md for the format).
//
// Front matter (between leading `---` lines) must hold `domain`, `priority`
// and `primary_agent`; `secondary_agents` and `related_agents` are optional
// lists. The body is CommonMark; the loader reads `# Title`, `## Triggers`
// (`### Keywords`, `### File Patterns`, `### Tech Stack Mentions`, and
// optionally `### Aliases`: `- **PostgreSQL**: Postgres, PG`),
// `## Agent Workflows` (one `### Name` per workflow, a `**Trigger**:` line of
// quoted phrases, then the chain in a code block), `## Quality Standards` and
// `### When to Coordinate with Other Domains`. Other sections are prose for
// the agents and are ignored.
//
// Every card error is InvalidArgument with the message
// `<path>:<line>: <what is wrong and how to fix it>`, lines counted in the
// file (1-based).
//
// Thread-safety: stateless functions, safe to call concurrently.
#ifndef BATON_DOMAINS_CARD_LOADER_H_
#define BATON_DOMAINS_CARD_LOADER_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domains/domain.pb.h"

namespace baton::domains {

// Parses the card `text`; `path` is used for source_path and in messages.
//
// Outcomes:
//   OK               the card, with content_sha256 = hex sha256 of `text`.
//   InvalidArgument  `<path>:<line>: ...` for the first problem found: missing
//                    or unclosed front matter, YAML syntax error, missing or
//                    mistyped required key, no `## Agent Workflows` section,
//                    a workflow without trigger phrases or without a chain,
//                    a chain syntax error, a duplicate workflow name, a
//                    malformed trigger list item.
absl::StatusOr<DomainCard> ParseCard(absl::string_view text,
                                     absl::string_view path);

// As ParseCard, but reads on after a problem: returns what it could read
// and appends every problem (each InvalidArgument `<path>:<line>: ...`) to
// `problems` in file order. ParseCard's error is the first of them. For
// lint (domains/card_lint.h), which reports them all.
DomainCard ParseCardLenient(absl::string_view text, absl::string_view path,
                            std::vector<absl::Status>* problems);

// Reads and parses the card at `path`.
//
// Outcomes: as ParseCard, plus NotFound when the file cannot be read.
absl::StatusOr<DomainCard> LoadCard(const std::string& path);

// The `*.md` files directly inside `dir` (not recursive), sorted by file
// name. NotFound when `dir` cannot be listed or holds none.
absl::StatusOr<std::vector<std::string>> ListCardFiles(const std::string& dir);

// The bytes of the card at `path`. NotFound when it cannot be read.
absl::StatusOr<std::string> ReadCardFile(const std::string& path);

// Loads every `*.md` file directly inside `dir` (not recursive), sorted by
// file name.
//
// Outcomes:
//   OK               the catalog, cards in file-name order.
//   NotFound         `dir` cannot be listed, or holds no `*.md` file.
//   InvalidArgument  one line per bad card (each `<path>:<line>: ...`), and
//                    one per card whose `domain` another card already uses.
absl::StatusOr<DomainCatalog> LoadCardDirectory(const std::string& dir);

}  // namespace baton::domains

#endif  // BATON_DOMAINS_CARD_LOADER_H_
