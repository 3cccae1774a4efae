#include "router/router.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace baton::router {

struct Router::Scores {
  std::vector<DomainMatches> domains;                 // [card]
  std::vector<std::vector<WorkflowScore>> workflows;  // [card][workflow]
};

namespace {

// 1 - runner_up / best, within [0, 1].
double Margin(double best, double runner_up) {
  if (best <= 0) return 0;
  return std::clamp(1.0 - runner_up / best, 0.0, 1.0);
}

bool TooClose(double best, double runner_up) {
  return runner_up >= best * (1.0 - kMargin);
}

// The workflows of one card, best score first, ties in card order.
std::vector<int> RankWorkflows(const std::vector<WorkflowScore>& scores) {
  std::vector<int> order(scores.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    return scores[a].score > scores[b].score;
  });
  return order;
}

// The best workflow the request states an intent for, or -1.
int BestWorkflow(const std::vector<WorkflowScore>& scores) {
  int best = -1;
  for (size_t w = 0; w < scores.size(); ++w) {
    if (scores[w].intent &&
        (best < 0 || scores[w].score > scores[best].score)) {
      best = static_cast<int>(w);
    }
  }
  return best;
}

double BestWorkflowScore(const std::vector<WorkflowScore>& scores) {
  const int best = BestWorkflow(scores);
  return best < 0 ? 0 : scores[best].score;
}

// `"a", "b"` for the distinct texts the matches matched, in order.
template <typename Matches>
std::string QuotedMatchedTexts(const Matches& matches) {
  std::vector<std::string> texts;
  for (const TriggerMatch& match : matches) {
    std::string quoted = absl::StrCat("\"", match.matched_text(), "\"");
    if (std::find(texts.begin(), texts.end(), quoted) == texts.end()) {
      texts.push_back(std::move(quoted));
    }
  }
  return absl::StrJoin(texts, ", ");
}

// The phrases a workflow's single-word matches came from, each with its
// words: `"slow", "query" fit "Slow query on users table"`.
template <typename Matches>
std::string WordsAndPhrases(const Matches& matches) {
  std::vector<std::string> phrases;
  std::vector<std::vector<std::string>> words;
  for (const TriggerMatch& match : matches) {
    // Word pairs span whitespace; they repeat words already listed.
    if (match.begin() >= 0 &&
        match.matched_text().find_first_of(" \t\n") != std::string::npos) {
      continue;
    }
    const std::string shown =
        match.begin() < 0 ? absl::StrCat("file ", match.matched_text())
                          : absl::StrCat("\"", match.matched_text(), "\"");
    auto it = std::find(phrases.begin(), phrases.end(), match.trigger());
    if (it == phrases.end()) {
      phrases.push_back(match.trigger());
      words.emplace_back();
      it = phrases.end() - 1;
    }
    std::vector<std::string>& list = words[it - phrases.begin()];
    if (std::find(list.begin(), list.end(), shown) == list.end()) {
      list.push_back(shown);
    }
  }
  std::vector<std::string> parts;
  for (size_t i = 0; i < phrases.size(); ++i) {
    parts.push_back(absl::StrCat(absl::StrJoin(words[i], ", "), " fit \"",
                                 phrases[i], "\""));
  }
  return absl::StrJoin(parts, "; ");
}

std::string ScoreText(double score) { return absl::StrFormat("%.2f", score); }

}  // namespace

absl::StatusOr<Router> Router::Create(const domains::DomainCatalog& catalog) {
  std::vector<DomainMatcher> matchers;
  for (const domains::DomainCard& card : catalog.cards()) {
    absl::StatusOr<DomainMatcher> matcher = DomainMatcher::Create(card);
    if (!matcher.ok()) return matcher.status();
    matchers.push_back(*std::move(matcher));
  }
  return Router(catalog, std::move(matchers));
}

Router::Router(domains::DomainCatalog catalog,
               std::vector<DomainMatcher> matchers)
    : catalog_(std::move(catalog)),
      matchers_(std::move(matchers)),
      scorer_(catalog_) {}

Router::Scores Router::ScoreAll(const RouteQuery& query) const {
  Scores scores;
  const QueryTerms terms = MakeQueryTerms(query.text, query.files);
  for (int c = 0; c < catalog_.cards_size(); ++c) {
    scores.domains.push_back(matchers_[c].Match(query.text, query.files));
    std::vector<WorkflowScore>& workflows = scores.workflows.emplace_back();
    for (int w = 0; w < catalog_.cards(c).workflows_size(); ++w) {
      workflows.push_back(scorer_.Score(c, w, terms));
    }
    // The best-covered trigger phrase is domain evidence too.
    const WorkflowScore* best = nullptr;
    for (const WorkflowScore& workflow : workflows) {
      if (best == nullptr || workflow.coverage > best->coverage) {
        best = &workflow;
      }
    }
    if (best != nullptr && best->coverage >= kMinPhraseCoverage) {
      TriggerMatch& match = scores.domains[c].matches.emplace_back();
      match.set_kind(TriggerMatch::TRIGGER_PHRASE);
      match.set_trigger(best->covered_phrase);
      match.set_matched_text(query.text.substr(
          best->covered_begin, best->covered_end - best->covered_begin));
      match.set_begin(best->covered_begin);
      match.set_end(best->covered_end);
      match.set_category(
          catalog_.cards(c).workflows(best - workflows.data()).name());
      match.set_weight(kPhraseWeight * best->coverage);
      scores.domains[c].score += match.weight();
    }
  }
  return scores;
}

Candidate Router::MakeCandidate(int card, int workflow, double score) const {
  Candidate candidate;
  candidate.set_domain(catalog_.cards(card).domain());
  if (workflow >= 0) {
    candidate.set_workflow(catalog_.cards(card).workflows(workflow).name());
  }
  candidate.set_score(score);
  return candidate;
}

std::string Router::PhraseHint(int card, int workflow) const {
  const domains::Workflow& w = catalog_.cards(card).workflows(workflow);
  std::vector<std::string> phrases;
  for (const std::string& phrase : w.trigger_phrases()) {
    phrases.push_back(absl::StrCat("\"", phrase, "\""));
  }
  return absl::StrCat(catalog_.cards(card).domain(), " / ", w.name(),
                      phrases.empty() ? "" : " (e.g. ",
                      absl::StrJoin(phrases, ", "), phrases.empty() ? "" : ")");
}

void Router::AddCollaborators(const Scores& scores, int card,
                              RouteDecision* decision) const {
  std::vector<int> others;
  for (int c = 0; c < catalog_.cards_size(); ++c) {
    if (c != card && scores.domains[c].score > 0) others.push_back(c);
  }
  std::stable_sort(others.begin(), others.end(), [&](int a, int b) {
    return scores.domains[a].score > scores.domains[b].score;
  });
  for (int c : others) decision->add_collaborators(catalog_.cards(c).domain());
}

RouteDecision Router::DecideWorkflow(
    const Scores& scores, int card,
    RouteDecision::Outcome clear_outcome) const {
  const domains::DomainCard& domain = catalog_.cards(card);
  const std::vector<WorkflowScore>& workflows = scores.workflows[card];
  RouteDecision decision;
  decision.set_domain(domain.domain());
  decision.set_domain_score(scores.domains[card].score);
  for (const TriggerMatch& match : scores.domains[card].matches) {
    *decision.add_domain_matches() = match;
  }
  const std::string domain_why =
      decision.domain_matches().empty()
          ? absl::StrCat("No trigger of the ", domain.domain(),
                         " domain matched the request.")
          : absl::StrCat("The request matches the ", domain.domain(),
                         " domain (",
                         QuotedMatchedTexts(decision.domain_matches()), ").");
  const std::vector<int> ranked = RankWorkflows(workflows);
  if (ranked.empty() || !workflows[ranked[0]].intent) {
    decision.set_outcome(RouteDecision::NO_MATCH);
    std::vector<std::string> hints;
    for (size_t i = 0; i < ranked.size() && i < kMaxNearest; ++i) {
      *decision.add_candidates() =
          MakeCandidate(card, ranked[i], workflows[ranked[i]].score);
      hints.push_back(PhraseHint(card, ranked[i]));
    }
    decision.set_explanation(absl::StrCat(
        domain_why,
        ranked.empty() || workflows[ranked[0]].matches.empty()
            ? " It fits none of its workflows' trigger phrases."
            : absl::StrCat(" It says too little about what to do (only ",
                           WordsAndPhrases(workflows[ranked[0]].matches), ")."),
        hints.empty()
            ? " The card defines no workflows."
            : absl::StrCat(" Closest: ", absl::StrJoin(hints, "; "), ".")));
    return decision;
  }

  const int best = ranked[0];
  const WorkflowScore& winner = workflows[best];
  decision.set_workflow(domain.workflows(best).name());
  decision.set_workflow_score(winner.score);
  for (const TriggerMatch& match : winner.matches) {
    *decision.add_workflow_matches() = match;
  }
  for (int w : ranked) {
    if (workflows[w].score <= 0) break;
    *decision.add_candidates() = MakeCandidate(card, w, workflows[w].score);
  }
  const double runner_up = ranked.size() > 1 ? workflows[ranked[1]].score : 0;
  decision.set_confidence(Margin(winner.score, runner_up));
  if (TooClose(winner.score, runner_up)) {
    decision.set_outcome(RouteDecision::AMBIGUOUS);
    decision.set_explanation(absl::StrCat(
        domain_why, " Two of its workflows fit about equally: ",
        domain.workflows(best).name(), " (", ScoreText(winner.score), ") and ",
        domain.workflows(ranked[1]).name(), " (", ScoreText(runner_up),
        "). Rephrase the request or pass --workflow."));
    return decision;
  }
  decision.set_outcome(clear_outcome);
  decision.set_explanation(absl::StrCat(
      domain_why, " It fits the workflow ", domain.workflows(best).name(), " (",
      WordsAndPhrases(decision.workflow_matches()), ")",
      runner_up > 0
          ? absl::StrCat("; runner-up ", domain.workflows(ranked[1]).name(),
                         " scored ", ScoreText(runner_up), " against ",
                         ScoreText(winner.score))
          : std::string(),
      "."));
  return decision;
}

RouteDecision Router::NoDomain(const Scores& scores) const {
  struct Nearest {
    int card;
    int workflow;
    double score;
  };
  std::vector<Nearest> nearest;
  for (int c = 0; c < catalog_.cards_size(); ++c) {
    for (int w = 0; w < catalog_.cards(c).workflows_size(); ++w) {
      nearest.push_back({c, w, scores.workflows[c][w].score});
    }
  }
  std::stable_sort(nearest.begin(), nearest.end(),
                   [&](const Nearest& a, const Nearest& b) {
                     if (a.score != b.score) return a.score > b.score;
                     return catalog_.cards(a.card).priority() <
                            catalog_.cards(b.card).priority();
                   });
  RouteDecision decision;
  decision.set_outcome(RouteDecision::NO_MATCH);
  std::vector<std::string> hints;
  for (size_t i = 0; i < nearest.size() && i < kMaxNearest; ++i) {
    *decision.add_candidates() =
        MakeCandidate(nearest[i].card, nearest[i].workflow, nearest[i].score);
    hints.push_back(PhraseHint(nearest[i].card, nearest[i].workflow));
  }
  if (!nearest.empty() && nearest[0].score > 0) {
    for (const TriggerMatch& match :
         scores.workflows[nearest[0].card][nearest[0].workflow].matches) {
      *decision.add_workflow_matches() = match;
    }
  }
  decision.set_explanation(
      hints.empty()
          ? std::string("The catalog has no domain cards.")
          : absl::StrCat("No domain trigger (keyword, tech-stack mention or "
                         "file pattern) matched the request. Closest: ",
                         absl::StrJoin(hints, "; "), "."));
  return decision;
}

RouteDecision Router::AmbiguousDomains(
    const Scores& scores, const std::vector<int>& contenders) const {
  const int leader = contenders[0];
  RouteDecision decision =
      DecideWorkflow(scores, leader, RouteDecision::AMBIGUOUS);
  decision.set_outcome(RouteDecision::AMBIGUOUS);
  decision.clear_candidates();
  std::vector<std::string> parts;
  for (int c : contenders) {
    const int w = BestWorkflow(scores.workflows[c]);
    *decision.add_candidates() =
        MakeCandidate(c, w, BestWorkflowScore(scores.workflows[c]));
    parts.push_back(absl::StrCat(catalog_.cards(c).domain(), " (score ",
                                 ScoreText(scores.domains[c].score), ": ",
                                 QuotedMatchedTexts(scores.domains[c].matches),
                                 ")"));
  }
  double runner_up = 0;
  for (int c = 0; c < catalog_.cards_size(); ++c) {
    if (c != leader) runner_up = std::max(runner_up, scores.domains[c].score);
  }
  decision.set_confidence(Margin(scores.domains[leader].score, runner_up));
  decision.set_explanation(absl::StrCat(
      "The request matches several domains about equally: ",
      absl::StrJoin(parts, ", "),
      ", and their workflows do not settle it. Pass --domain to choose."));
  return decision;
}

RouteDecision Router::Route(const RouteQuery& query) const {
  const Scores scores = ScoreAll(query);
  std::vector<int> cards;
  for (int c = 0; c < catalog_.cards_size(); ++c) {
    if (scores.domains[c].score > 0) cards.push_back(c);
  }
  if (cards.empty()) return NoDomain(scores);
  std::stable_sort(cards.begin(), cards.end(), [&](int a, int b) {
    if (scores.domains[a].score != scores.domains[b].score) {
      return scores.domains[a].score > scores.domains[b].score;
    }
    return catalog_.cards(a).priority() < catalog_.cards(b).priority();
  });
  const double top = scores.domains[cards[0]].score;
  const double second = cards.size() > 1 ? scores.domains[cards[1]].score : 0;
  int chosen = cards[0];
  double domain_confidence = Margin(top, second);
  if (TooClose(top, second)) {
    // Close domains: let the best workflow of each settle it.
    std::vector<int> contenders;
    for (int c : cards) {
      if (TooClose(top, scores.domains[c].score)) contenders.push_back(c);
    }
    std::stable_sort(contenders.begin(), contenders.end(), [&](int a, int b) {
      return BestWorkflowScore(scores.workflows[a]) >
             BestWorkflowScore(scores.workflows[b]);
    });
    const double best = BestWorkflowScore(scores.workflows[contenders[0]]);
    const double next = BestWorkflowScore(scores.workflows[contenders[1]]);
    if (best <= 0 || TooClose(best, next)) {
      RouteDecision decision = AmbiguousDomains(scores, contenders);
      AddCollaborators(scores, contenders[0], &decision);
      return decision;
    }
    chosen = contenders[0];
    domain_confidence = Margin(best, next);
  }
  RouteDecision decision =
      DecideWorkflow(scores, chosen, RouteDecision::MATCHED);
  AddCollaborators(scores, chosen, &decision);
  if (decision.outcome() == RouteDecision::MATCHED) {
    decision.set_confidence(std::min(decision.confidence(), domain_confidence));
  }
  return decision;
}

absl::StatusOr<RouteDecision> Router::Override(absl::string_view domain,
                                               absl::string_view workflow,
                                               const RouteQuery& query) const {
  int card = -1;
  std::vector<std::string> domain_names;
  for (int c = 0; c < catalog_.cards_size(); ++c) {
    domain_names.push_back(catalog_.cards(c).domain());
    if (absl::EqualsIgnoreCase(catalog_.cards(c).domain(), domain)) card = c;
  }
  if (card < 0) {
    return absl::NotFoundError(absl::StrCat(
        "unknown domain \"", domain, "\"; valid domains: ",
        domain_names.empty() ? "(none)" : absl::StrJoin(domain_names, ", ")));
  }
  const Scores scores = ScoreAll(query);
  if (workflow.empty()) {
    RouteDecision decision =
        DecideWorkflow(scores, card, RouteDecision::OVERRIDDEN);
    AddCollaborators(scores, card, &decision);
    decision.set_explanation(absl::StrCat("Domain chosen by --domain ",
                                          catalog_.cards(card).domain(), ". ",
                                          decision.explanation()));
    return decision;
  }
  const domains::DomainCard& chosen = catalog_.cards(card);
  int index = -1;
  std::vector<std::string> workflow_names;
  for (int w = 0; w < chosen.workflows_size(); ++w) {
    workflow_names.push_back(
        absl::StrCat("\"", chosen.workflows(w).name(), "\""));
    if (absl::EqualsIgnoreCase(chosen.workflows(w).name(), workflow)) index = w;
  }
  if (index < 0) {
    return absl::NotFoundError(absl::StrCat(
        "unknown workflow \"", workflow, "\" in domain \"", chosen.domain(),
        "\"; valid workflows: ",
        workflow_names.empty() ? "(none)"
                               : absl::StrJoin(workflow_names, ", ")));
  }
  RouteDecision decision;
  decision.set_outcome(RouteDecision::OVERRIDDEN);
  decision.set_domain(chosen.domain());
  decision.set_workflow(chosen.workflows(index).name());
  decision.set_domain_score(scores.domains[card].score);
  decision.set_workflow_score(scores.workflows[card][index].score);
  decision.set_confidence(1.0);
  for (const TriggerMatch& match : scores.domains[card].matches) {
    *decision.add_domain_matches() = match;
  }
  for (const TriggerMatch& match : scores.workflows[card][index].matches) {
    *decision.add_workflow_matches() = match;
  }
  *decision.add_candidates() =
      MakeCandidate(card, index, scores.workflows[card][index].score);
  AddCollaborators(scores, card, &decision);
  decision.set_explanation(absl::StrCat("Chosen by --domain ", chosen.domain(),
                                        " --workflow \"",
                                        chosen.workflows(index).name(), "\"."));
  return decision;
}

}  // namespace baton::router
