// The router: picks the domain and then the workflow for a user's request
// (text plus optional changed file paths), says why, and says so clearly when
// nothing fits.
//
// Two decisions:
//  1. Domain. Each card's keywords, tech-stack mentions and file patterns are
//     matched (router/domain_matcher.h: whole words, case-insensitive; globs).
//     The domain score is the sum of the weights of the distinct triggers
//     that fired (keyword 1, multi-word keyword 1.5, tech stack 1.5, each
//     matching file 2), plus kPhraseWeight * coverage for the card's
//     best-covered workflow trigger phrase when at least kMinPhraseCoverage
//     of it (by idf mass) occurs in the request: a card's own phrases are its
//     most specific triggers ("Set up automated backups" names no keyword).
//     No trigger in any card -> NO_MATCH. Domains scoring
//     within kMargin of the best are contenders; the contender whose best
//     intent-bearing workflow (step 2) clearly wins (by kMargin) is chosen,
//     otherwise the decision is AMBIGUOUS between the contenders.
//  2. Workflow, inside the chosen domain, from the request's own words
//     against each workflow's trigger phrases, name and chain notes
//     (router/workflow_scorer.h: IDF-weighted stem overlap plus verb-object
//     word pairs), never from the domain keywords. When the best workflow
//     matched no intent (only scope words such as the table in "for
//     orders", or nothing) -> NO_MATCH, the domain still reported; a
//     runner-up within kMargin of the best -> AMBIGUOUS; otherwise MATCHED.
// Ties go to the card with the smaller `priority` number, then catalog order.
//
// The decision records every domain trigger and workflow phrase that fired
// with its span in the request, `confidence` = min(1 - runner-up domain
// score / domain score, 1 - runner-up workflow score / workflow score) (for
// a domain settled by its workflow, the margin between the contenders' best
// workflows stands in for the first term), the
// ranked candidates (candidates[1] is the runner-up), and as collaborators
// the other domains whose triggers also fired. For NO_MATCH the candidates
// are the nearest workflows by workflow score (at most kMaxNearest) and the
// explanation quotes their trigger phrases.
//
// Thread-safety: immutable after Create; Route and Override are safe to call
// concurrently.
#ifndef BATON_ROUTER_ROUTER_H_
#define BATON_ROUTER_ROUTER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domains/domain.pb.h"
#include "router/domain_matcher.h"
#include "router/route.pb.h"
#include "router/workflow_scorer.h"

namespace baton::router {

// Relative closeness under which two scores are too close to call.
inline constexpr double kMargin = 0.2;
inline constexpr int kMaxNearest = 3;
inline constexpr double kPhraseWeight = 2.0;
inline constexpr double kMinPhraseCoverage = 0.5;

struct RouteQuery {
  std::string text;
  // Repository-relative paths of the files the request is about (--file).
  std::vector<std::string> files;
};

class Router {
 public:
  // Compiles every card's triggers; keeps a copy of the catalog.
  //
  // Outcomes:
  //   OK               the router.
  //   InvalidArgument  a keyword or glob cannot compile; the message names
  //                    the card and the pattern.
  static absl::StatusOr<Router> Create(const domains::DomainCatalog& catalog);

  Router(Router&&) = default;
  Router& operator=(Router&&) = default;

  // Outcome MATCHED, AMBIGUOUS or NO_MATCH (see the top of this file).
  RouteDecision Route(const RouteQuery& query) const;

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

 private:
  struct Scores;

  Router(domains::DomainCatalog catalog, std::vector<DomainMatcher> matchers);

  Scores ScoreAll(const RouteQuery& query) const;
  // Decides the workflow inside `card`; `clear_outcome` is MATCHED for
  // Route and OVERRIDDEN for a domain-only Override.
  RouteDecision DecideWorkflow(const Scores& scores, int card,
                               RouteDecision::Outcome clear_outcome) const;
  RouteDecision NoDomain(const Scores& scores) const;
  RouteDecision AmbiguousDomains(const Scores& scores,
                                 const std::vector<int>& contenders) const;
  void AddCollaborators(const Scores& scores, int card,
                        RouteDecision* decision) const;
  Candidate MakeCandidate(int card, int workflow, double score) const;
  std::string PhraseHint(int card, int workflow) const;

  domains::DomainCatalog catalog_;
  std::vector<DomainMatcher> matchers_;  // One per card.
  WorkflowScorer scorer_;
};

// A short human explanation over several lines: outcome, domain and
// workflow, scores and confidence, the matched triggers with the text they
// matched, the runner-up; for NO_MATCH the closest candidates.
std::string FormatDecision(const RouteDecision& decision);

}  // namespace baton::router

#endif  // BATON_ROUTER_ROUTER_H_
