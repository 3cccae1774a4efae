// The router: picks the domain and then the workflow for a user's request
// (text plus optional changed file paths), says why, and says so clearly when
// nothing fits.
//
// A catalog is compiled once (Create) into three matchers shared by all
// cards: router/signal_index.h (one RE2::Set per trigger kind for keywords,
// tech-stack mentions and file patterns), router/workflow_index.h (an
// inverted index of the workflows' trigger phrases) and router/spelling.h
// (built on first use). Routing a request then costs about the same for 1
// card or 100 (BENCHMARKS.md).
//
// Two decisions:
//  1. Domain. A card's score is the weight of its distinct keywords,
//     tech-stack mentions and matching files (signal_index.h), plus
//     kPhraseWeight * coverage for its best-covered workflow trigger phrase
//     when at least kMinPhraseCoverage of it occurs in the request: a card's
//     own phrases are its most specific triggers ("Set up automated
//     backups" names no keyword). No trigger in any card -> NO_MATCH.
//     Domains scoring within kMargin of the best are contenders; the
//     contender whose best intent-bearing workflow (step 2) clearly wins (by
//     kMargin) is chosen, otherwise the decision is AMBIGUOUS between them.
//  2. Workflow, inside the chosen domain, from the request's own words
//     against each workflow's trigger phrases, name and chain notes
//     (workflow_index.h), never from the domain keywords. The best workflow
//     with intent wins; none with intent (only scope words such as the
//     table in "for orders", or nothing) -> NO_MATCH, the domain still
//     reported; a runner-up (any other workflow with evidence) scoring within
//     kMargin of the winner -> AMBIGUOUS; otherwise MATCHED.
// Ties go to the card with the smaller `priority` number, then catalog order.
// With RouteOptions::pick_best, an AMBIGUOUS decision becomes MATCHED for the
// best candidate (confidence stays low and the explanation says so).
// When the request as written is NO_MATCH or AMBIGUOUS, or MATCHED with a
// confidence under kConfidentEnough, likely typos are read as card words
// (spelling.h) and the request is routed again; the second decision is kept
// when it is better (MATCHED where the first was not, or more confident),
// with the corrections recorded.
//
// The decision records every domain trigger and workflow phrase that fired
// with its span in the request, `confidence` = min(1 - runner-up domain
// score / domain score, 1 - runner-up workflow score / workflow score) (for
// a domain settled by its workflow, the margin between the contenders' best
// workflows stands in for the first term), the ranked candidates
// (candidates[1] is the runner-up), and as collaborators the other domains
// whose triggers also fired. For NO_MATCH the candidates are the nearest
// workflows (at most kMaxNearest) and the explanation quotes their trigger
// phrases and the keywords that would have matched.
//
// Thread-safety: immutable after Create; Route and Override are safe to call
// concurrently.
#ifndef BATON_ROUTER_ROUTER_H_
#define BATON_ROUTER_ROUTER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domains/domain.pb.h"
#include "google/protobuf/arena.h"
#include "router/route.pb.h"
#include "router/signal_index.h"
#include "router/spelling.h"
#include "router/workflow_index.h"

namespace baton::router {

// Relative closeness under which two scores are too close to call.
inline constexpr double kMargin = 0.2;
inline constexpr int kMaxNearest = 3;
inline constexpr double kPhraseWeight = 2.0;
inline constexpr double kMinPhraseCoverage = 0.5;
// Below this confidence a MATCHED request is also re-read for typos.
inline constexpr double kConfidentEnough = 0.5;

struct RouteQuery {
  std::string text;
  // Repository-relative paths of the files the request is about (--file,
  // --changed).
  std::vector<std::string> files;
};

struct RouteOptions {
  // Resolve AMBIGUOUS to the best candidate.
  bool pick_best = false;
  // Re-read likely typos when the request routes nowhere or ambiguously.
  bool correct_typos = true;
};

class Router {
 public:
  // Compiles every card's triggers; keeps a copy of the catalog.
  //
  // Outcomes:
  //   OK               the router.
  //   InvalidArgument  a keyword, alias or glob cannot compile; the message
  //                    names the card and the pattern.
  static absl::StatusOr<Router> Create(const domains::DomainCatalog& catalog);

  Router(Router&&);
  Router& operator=(Router&&);
  ~Router();

  // Outcome MATCHED, AMBIGUOUS or NO_MATCH (see the top of this file).
  RouteDecision Route(const RouteQuery& query) const {
    return Route(query, RouteOptions());
  }
  RouteDecision Route(const RouteQuery& query,
                      const RouteOptions& options) const;
  // The same decision, allocated on `arena` (owned by it) or, with a null
  // arena, on the heap (owned by the caller). A caller that routes many
  // requests and resets one arena between them saves most of the decision's
  // allocations.
  RouteDecision* Route(const RouteQuery& query, const RouteOptions& options,
                       google::protobuf::Arena* arena) const;

  // The --domain / --workflow overrides. Names compare case-insensitively.
  // With a workflow: outcome OVERRIDDEN for exactly that workflow. With an
  // empty workflow: the best workflow of that domain by the request's words,
  // OVERRIDDEN when it wins clearly, else AMBIGUOUS or NO_MATCH as Route.
  // Either way the matches of the domain's triggers and of the workflow's
  // phrases are reported.
  //
  // Outcomes:
  //   OK        the decision.
  //   NotFound  the domain (or the workflow in it) is unknown; the message
  //             lists the valid names.
  absl::StatusOr<RouteDecision> Override(absl::string_view domain,
                                         absl::string_view workflow,
                                         const RouteQuery& query) const;

  const domains::DomainCatalog& catalog() const { return catalog_; }

 private:
  struct Scores;

  Router(domains::DomainCatalog catalog, SignalIndex signals);

  // The functions below fill `out`, a fresh decision.
  void RouteOnce(const RouteQuery& query, const RouteOptions& options,
                 RouteDecision* out) const;
  // Adds the frequent stems' evidence for `card` to scores.ranks, once.
  void Complete(const Scores& scores, int card) const;
  // Fills *out, reusing its memory.
  void ScoreAll(const RouteQuery& query, Scores* out) const;
  // Decides the workflow inside `card`; a clear winner gets `clear_outcome`
  // (MATCHED for Route, OVERRIDDEN for a domain-only Override).
  void DecideWorkflow(const Scores& scores, int card,
                      RouteDecision::Outcome clear_outcome, bool pick_best,
                      RouteDecision* out) const;
  void NoDomain(const Scores& scores, RouteDecision* out) const;
  void AmbiguousDomains(const Scores& scores,
                        const std::vector<int>& contenders,
                        RouteDecision* out) const;
  void AddDomainMatches(const Scores& scores, int card,
                        RouteDecision* decision) const;
  void AddCollaborators(const Scores& scores, int card,
                        RouteDecision* decision) const;
  void AddCandidate(int card, int workflow, double score,
                    RouteDecision* decision) const;
  std::string PhraseHint(int card, int workflow) const;
  std::string KeywordHint(int card) const;

  // The speller, built on first use: most requests never need it.
  class LazySpeller;
  const Speller& GetSpeller() const;

  domains::DomainCatalog catalog_;
  SignalIndex signals_;
  WorkflowIndex workflows_;
  std::unique_ptr<LazySpeller> speller_;
  // [signal]: the workflow its keyword category names, if any.
  std::vector<WorkflowIndex::NamedTopic> signal_topics_;
};

// A short human explanation: one line with the outcome, domain, workflow and
// confidence; the domain's triggers on one line; one line per trigger phrase
// with the request words it matched; the runner-up; collaborators; for
// NO_MATCH and AMBIGUOUS the candidates and what to do.
std::string FormatDecision(const RouteDecision& decision);

}  // namespace baton::router

#endif  // BATON_ROUTER_ROUTER_H_
