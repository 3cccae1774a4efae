// Fuzz target: the domain-card loader (domains/card_loader) and card lint on
// arbitrary card text. Invariants: ParseCard fails exactly when the lenient
// parse reports a problem, with the first of them; every problem is
// InvalidArgument "fuzz.md:<line>: ..."; lint never crashes; a card that
// loads compiles into a Router that routes its own trigger phrases.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "domains/card_lint.h"
#include "domains/card_loader.h"
#include "domains/domain.pb.h"
#include "router/router.h"
#include "testing/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view text = baton::fuzz::AsText(data, size);
  if (size > 64 * 1024) return 0;
  std::vector<absl::Status> problems;
  const baton::domains::DomainCard lenient =
      baton::domains::ParseCardLenient(text, "fuzz.md", &problems);
  const absl::StatusOr<baton::domains::DomainCard> strict =
      baton::domains::ParseCard(text, "fuzz.md");
  FUZZ_CHECK(strict.ok() == problems.empty(), text);
  for (const absl::Status& problem : problems) {
    FUZZ_CHECK(problem.code() == absl::StatusCode::kInvalidArgument, text);
    FUZZ_CHECK(absl::StartsWith(problem.message(), "fuzz.md:"), text);
  }
  if (!strict.ok()) {
    FUZZ_CHECK(strict.status().message() == problems.front().message(), text);
  }

  baton::domains::LintOptions lint_options;
  lint_options.known_agents = {"qa-specialist", "git-workflow-manager"};
  for (const baton::domains::LintProblem& problem :
       baton::domains::LintCard(text, "fuzz.md", lint_options)) {
    FUZZ_CHECK(!baton::domains::FormatProblem(problem).empty(), text);
  }

  if (!strict.ok()) return 0;
  baton::domains::DomainCatalog catalog;
  *catalog.add_cards() = *strict;
  absl::StatusOr<baton::router::Router> router = baton::router::Router::Create(catalog);
  if (!router.ok()) return 0;  // e.g. a file pattern RE2 refuses; reported, not a crash.
  int routed = 0;
  for (const baton::domains::Workflow& workflow : strict->workflows()) {
    for (const std::string& phrase : workflow.trigger_phrases()) {
      if (++routed > 8) return 0;
      const baton::router::RouteDecision decision = router->Route({phrase, {}});
      FUZZ_CHECK(!decision.explanation().empty(), text);
    }
  }
  return 0;
}
