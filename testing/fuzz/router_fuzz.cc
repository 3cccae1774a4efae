// Fuzz target: Router::Route over the real cards (domains/data.md and
// testing/cards/*.md). The input's first line is the request, each further
// line (up to 16) a file path. Invariants: the outcome is one of MATCHED,
// AMBIGUOUS, NO_MATCH; there is an explanation; every matched span lies inside
// the request and its text is the request's bytes there; formatting works.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_split.h"
#include "domains/card_loader.h"
#include "domains/domain.pb.h"
#include "router/route.pb.h"
#include "router/router.h"
#include "testing/fuzz/fuzz_support.h"

namespace {

const baton::router::Router* router = nullptr;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  baton::fuzz::InitFuzzTarget((*argv)[0]);
  baton::domains::DomainCatalog catalog;
  for (const char* card : {"domains/data.md", "testing/cards/backend.md",
                           "testing/cards/infrastructure.md", "testing/cards/security.md"}) {
    absl::StatusOr<baton::domains::DomainCard> loaded =
        baton::domains::LoadCard(baton::fuzz::DataPath(card));
    if (!loaded.ok()) baton::fuzz::Fail(loaded.status().ToString(), card);
    *catalog.add_cards() = *std::move(loaded);
  }
  absl::StatusOr<baton::router::Router> created = baton::router::Router::Create(catalog);
  if (!created.ok()) baton::fuzz::Fail(created.status().ToString(), "catalog");
  router = new baton::router::Router(*std::move(created));
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view input = baton::fuzz::AsText(data, size);
  if (size > 16 * 1024) return 0;
  std::vector<std::string> lines = absl::StrSplit(input, '\n');
  baton::router::RouteQuery query;
  query.text = lines.front();
  for (size_t i = 1; i < lines.size() && i <= 16; ++i) query.files.push_back(lines[i]);

  const baton::router::RouteDecision decision = router->Route(query);
  using Decision = baton::router::RouteDecision;
  FUZZ_CHECK(decision.outcome() == Decision::MATCHED || decision.outcome() == Decision::AMBIGUOUS ||
                 decision.outcome() == Decision::NO_MATCH,
             input);
  FUZZ_CHECK(!decision.explanation().empty(), input);
  const std::string& text = query.text;
  for (const auto* matches : {&decision.domain_matches(), &decision.workflow_matches()}) {
    for (const baton::router::TriggerMatch& match : *matches) {
      if (match.begin() < 0) continue;  // A file or a correction: no span.
      FUZZ_CHECK(match.begin() <= match.end(), input);
      FUZZ_CHECK(match.end() <= static_cast<int>(text.size()), input);
      FUZZ_CHECK(text.substr(match.begin(), match.end() - match.begin()) == match.matched_text(),
                 input);
    }
  }
  FUZZ_CHECK(!baton::router::FormatDecision(decision).empty(), input);
  return 0;
}
