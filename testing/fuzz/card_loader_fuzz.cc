// Fuzz target: the domain-card loader (domains/card_loader) and card lint on
// arbitrary card text. Invariants: every problem is
// InvalidArgument "fuzz.md:<line>: ..."; lint never crashes. (Routing is
// router_fuzz's: compiling a Router per input would make this one crawl.)
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "domains/card_lint.h"
#include "domains/card_loader.h"
#include "domains/domain.pb.h"
#include "testing/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view text = baton::fuzz::AsText(data, size);
  if (size > 64 * 1024) return 0;
  std::vector<absl::Status> problems;
  const baton::domains::DomainCard lenient =
      baton::domains::ParseCardLenient(text, "fuzz.md", &problems);
  // (ParseCard is this parse plus "the first problem is the error".)
  for (const absl::Status& problem : problems) {
    FUZZ_CHECK(problem.code() == absl::StatusCode::kInvalidArgument, text);
    FUZZ_CHECK(absl::StartsWith(problem.message(), "fuzz.md:"), text);
  }
  if (problems.empty()) {
    FUZZ_CHECK(!lenient.domain().empty(), text);
    FUZZ_CHECK(lenient.workflows_size() > 0, text);
  }

  baton::domains::LintOptions lint_options;
  lint_options.known_agents = {"qa-specialist", "git-workflow-manager"};
  for (const baton::domains::LintProblem& problem :
       baton::domains::LintCard(text, "fuzz.md", lint_options)) {
    FUZZ_CHECK(!baton::domains::FormatProblem(problem).empty(), text);
  }

  return 0;
}
