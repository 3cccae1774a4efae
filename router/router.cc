#include "router/router.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/call_once.h"
#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace baton::router {

class Router::LazySpeller {
 public:
  const Speller& Get(const domains::DomainCatalog& catalog) {
    absl::call_once(once_, [&] { speller_ = std::make_unique<Speller>(catalog); });
    return *speller_;
  }

 private:
  absl::once_flag once_;
  std::unique_ptr<Speller> speller_;
};

const Speller& Router::GetSpeller() const { return speller_->Get(catalog_); }


Router::Router(Router&&) = default;
Router& Router::operator=(Router&&) = default;
Router::~Router() = default;

struct Router::Scores {
  QueryTerms query;
  std::vector<SignalIndex::TextHit> text_hits;
  std::vector<SignalIndex::FileHit> file_hits;
  // Whether each hit counts for its card (a span another trigger of the card
  // already claimed, or a file the card already matched, does not).
  std::vector<char> text_counts;
  std::vector<char> file_counts;
  // Without the frequent stems' evidence until Complete(card) adds it for
  // the cards a decision looks at (see WorkflowIndex::AddFrequent).
  mutable std::vector<WorkflowRank> ranks;
  mutable std::vector<char> completed;  // [card]
  std::vector<double> domain;       // [card]
  // [card]: index into `ranks` of the best-covered phrase counted as domain
  // evidence, or -1.
  std::vector<int> phrase_rank;
  // Working memory of ScoreAll.
  std::vector<int> counted_signals;
  std::vector<int> last_kept;
};

void Router::Complete(const Scores& scores, int card) const {
  if (scores.completed[card]) return;
  scores.completed[card] = 1;
  workflows_.AddFrequent(scores.query, card, &scores.ranks);
}

namespace {

// 1 - runner_up / best, within [0, 1].
double Margin(double best, double runner_up) {
  if (best <= 0) return 0;
  return std::clamp(1.0 - runner_up / best, 0.0, 1.0);
}

bool TooClose(double best, double runner_up) {
  return runner_up >= best * (1.0 - kMargin);
}

std::string ScoreText(double score) { return absl::StrFormat("%.2f", score); }

// `"a", "b"` for the distinct texts the matches matched, in order.
std::string QuotedMatchedTexts(
    const google::protobuf::RepeatedPtrField<TriggerMatch>& matches) {
  // Reserved once: appending piece by piece would regrow it several times.
  size_t size = 0;
  for (const TriggerMatch& match : matches) {
    size += match.matched_text().size() + 7;  // ", file " or ", \"\"".
  }
  std::string out;
  out.reserve(size);
  for (int i = 0; i < matches.size(); ++i) {
    const TriggerMatch& match = matches[i];
    bool repeated = false;
    for (int j = 0; j < i && !repeated; ++j) {
      repeated = matches[j].matched_text() == match.matched_text() &&
                 (matches[j].begin() < 0) == (match.begin() < 0);
    }
    if (repeated) continue;
    if (!out.empty()) out.append(", ");
    if (match.begin() < 0) {
      out.append("file ").append(match.matched_text());
    } else {
      out.append("\"").append(match.matched_text()).append("\"");
    }
  }
  return out;
}

}  // namespace

absl::StatusOr<Router> Router::Create(const domains::DomainCatalog& catalog) {
  absl::StatusOr<SignalIndex> signals = SignalIndex::Create(catalog);
  if (!signals.ok()) return signals.status();
  return Router(catalog, *std::move(signals));
}

Router::Router(domains::DomainCatalog catalog, SignalIndex signals)
    : catalog_(std::move(catalog)),
      signals_(std::move(signals)),
      workflows_(catalog_),
      speller_(std::make_unique<LazySpeller>()) {
  signal_topics_.resize(signals_.signal_count());
  for (int i = 0; i < signals_.signal_count(); ++i) {
    const SignalIndex::Signal& signal = signals_.signal(i);
    if (signal.kind == TriggerMatch::KEYWORD) {
      signal_topics_[i] = workflows_.NamedWorkflow(signal.card, signal.category);
    }
  }
}

void Router::ScoreAll(const RouteQuery& query, Scores* out) const {
  Scores& scores = *out;
  const int cards = catalog_.cards_size();
  scores.domain.assign(cards, 0.0);
  scores.phrase_rank.assign(cards, -1);
  scores.completed.assign(cards, 0);

  // Keywords and tech-stack mentions: each distinct trigger once; of two
  // triggers of one card on the same span only the heavier (listed first).
  signals_.MatchText(query.text, &scores.text_hits);
  scores.text_counts.assign(scores.text_hits.size(), 0);
  std::vector<int>& counted_signals = scores.counted_signals;
  counted_signals.clear();
  std::vector<int>& last_kept = scores.last_kept;  // [card] -> text_hits
  last_kept.assign(cards, -1);
  for (size_t i = 0; i < scores.text_hits.size(); ++i) {
    const SignalIndex::TextHit& hit = scores.text_hits[i];
    const SignalIndex::Signal& signal = signals_.signal(hit.signal);
    const int previous = last_kept[signal.card];
    if (previous >= 0 &&
        scores.text_hits[previous].span.begin == hit.span.begin &&
        scores.text_hits[previous].span.end == hit.span.end) {
      continue;
    }
    last_kept[signal.card] = static_cast<int>(i);
    scores.text_counts[i] = 1;
    if (std::find(counted_signals.begin(), counted_signals.end(),
                  hit.signal) == counted_signals.end()) {
      counted_signals.push_back(hit.signal);
      scores.domain[signal.card] += signal.weight;
    }
  }
  // Files: each file once per card, however many of its globs match.
  if (query.files.empty()) {
    scores.file_hits.clear();
  } else {
    scores.file_hits = signals_.MatchFiles(query.files);
  }
  scores.file_counts.assign(scores.file_hits.size(), 0);
  std::vector<std::pair<int, int>> counted_files;  // (card, file)
  for (size_t i = 0; i < scores.file_hits.size(); ++i) {
    const SignalIndex::FileHit& hit = scores.file_hits[i];
    const std::pair<int, int> key(signals_.glob(hit.glob).card, hit.file);
    scores.file_counts[i] = 1;
    if (std::find(counted_files.begin(), counted_files.end(), key) ==
        counted_files.end()) {
      counted_files.push_back(key);
      scores.domain[key.first] += hit.weight;
    }
  }
  // The best-covered trigger phrase of each card is domain evidence too.
  workflows_.Prepare(query.text, query.files, &scores.query);
  for (size_t i = 0; i < scores.text_hits.size(); ++i) {
    const SignalIndex::TextHit& hit = scores.text_hits[i];
    const WorkflowIndex::NamedTopic& topic = signal_topics_[hit.signal];
    if (scores.text_counts[i] && topic.workflow >= 0) {
      scores.query.topics.push_back(QueryTerms::Topic{
          topic.workflow, topic.weight, hit.span.begin, hit.span.end});
    }
  }
  workflows_.Rank(scores.query, /*all_stems=*/false, &scores.ranks);
  for (size_t r = 0; r < scores.ranks.size(); ++r) {
    const WorkflowRank& rank = scores.ranks[r];
    if (rank.coverage < kMinPhraseCoverage) continue;
    int& best = scores.phrase_rank[workflows_.card_of(rank.workflow)];
    if (best < 0 || rank.coverage > scores.ranks[best].coverage ||
        (rank.coverage == scores.ranks[best].coverage &&
         rank.workflow < scores.ranks[best].workflow)) {
      best = static_cast<int>(r);
    }
  }
  for (int c = 0; c < cards; ++c) {
    if (scores.phrase_rank[c] >= 0) {
      scores.domain[c] +=
          kPhraseWeight * scores.ranks[scores.phrase_rank[c]].coverage;
    }
  }
}

namespace {

// The best intent-bearing workflow of `card`, or null.
const WorkflowRank* BestIntent(const std::vector<WorkflowRank>& ranks,
                               const WorkflowIndex& index, int card) {
  const WorkflowRank* best = nullptr;
  for (const WorkflowRank& r : ranks) {
    if (index.card_of(r.workflow) != card || !r.intent) continue;
    if (best == nullptr || r.score > best->score ||
        (r.score == best->score && r.workflow < best->workflow)) {
      best = &r;
    }
  }
  return best;
}

}  // namespace

void Router::AddCandidate(int card, int workflow, double score,
                          RouteDecision* decision) const {
  Candidate* candidate = decision->add_candidates();
  candidate->set_domain(catalog_.cards(card).domain());
  if (workflow >= 0) {
    candidate->set_workflow(catalog_.cards(card).workflows(workflow).name());
  }
  candidate->set_score(score);
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

std::string Router::KeywordHint(int card) const {
  std::vector<std::string> words;
  for (const domains::KeywordGroup& group :
       catalog_.cards(card).triggers().keyword_groups()) {
    for (const std::string& keyword : group.keywords()) {
      if (words.size() == 5) break;
      words.push_back(absl::StrCat("\"", keyword, "\""));
    }
  }
  if (words.empty()) return "";
  return absl::StrCat(" Words that would route to ",
                      catalog_.cards(card).domain(), ": ",
                      absl::StrJoin(words, ", "), ".");
}

void Router::AddDomainMatches(const Scores& scores, int card,
                              RouteDecision* decision) const {
  for (size_t i = 0; i < scores.text_hits.size(); ++i) {
    const SignalIndex::TextHit& hit = scores.text_hits[i];
    const SignalIndex::Signal& signal = signals_.signal(hit.signal);
    if (signal.card != card || !scores.text_counts[i]) continue;
    TriggerMatch* match = decision->add_domain_matches();
    match->set_kind(signal.kind);
    match->set_trigger(signal.trigger);
    match->set_matched_text(std::string(
        scores.query.text.substr(hit.span.begin, hit.span.end - hit.span.begin)));
    match->set_begin(hit.span.begin);
    match->set_end(hit.span.end);
    match->set_category(signal.category);
    match->set_weight(signal.weight);
  }
  if (const int r = scores.phrase_rank[card]; r >= 0) {
    const WorkflowRank& rank = scores.ranks[r];
    TriggerMatch* match = decision->add_domain_matches();
    match->set_kind(TriggerMatch::TRIGGER_PHRASE);
    match->set_trigger(workflows_.source(rank.covered_source));
    match->set_matched_text(std::string(scores.query.text.substr(
        rank.covered_begin, rank.covered_end - rank.covered_begin)));
    match->set_begin(rank.covered_begin);
    match->set_end(rank.covered_end);
    match->set_category(catalog_.cards(card)
                            .workflows(workflows_.index_in_card(rank.workflow))
                            .name());
    match->set_weight(kPhraseWeight * rank.coverage);
  }
  for (size_t i = 0; i < scores.file_hits.size(); ++i) {
    const SignalIndex::FileHit& hit = scores.file_hits[i];
    const SignalIndex::Glob& glob = signals_.glob(hit.glob);
    if (glob.card != card || !scores.file_counts[i]) continue;
    TriggerMatch* match = decision->add_domain_matches();
    match->set_kind(TriggerMatch::FILE_PATTERN);
    match->set_trigger(glob.pattern);
    match->set_matched_text((*scores.query.files)[hit.file]);
    match->set_begin(-1);
    match->set_end(-1);
    match->set_category("File Patterns");
    match->set_weight(hit.weight);
  }
}

void Router::AddCollaborators(const Scores& scores, int card,
                              RouteDecision* decision) const {
  std::vector<int> others;
  for (int c = 0; c < catalog_.cards_size(); ++c) {
    if (c != card && scores.domain[c] > 0) others.push_back(c);
  }
  // Stable (ties in catalog order), without stable_sort's buffer.
  std::sort(others.begin(), others.end(), [&](int a, int b) {
    if (scores.domain[a] != scores.domain[b]) {
      return scores.domain[a] > scores.domain[b];
    }
    return a < b;
  });
  for (int c : others) decision->add_collaborators(catalog_.cards(c).domain());
}

void Router::DecideWorkflow(const Scores& scores, int card,
                            RouteDecision::Outcome clear_outcome,
                            bool pick_best, RouteDecision* out) const {
  const domains::DomainCard& domain = catalog_.cards(card);
  Complete(scores, card);
  RouteDecision& decision = *out;
  decision.set_domain(domain.domain());
  decision.set_domain_score(scores.domain[card]);
  AddDomainMatches(scores, card, &decision);
  const std::string domain_why =
      decision.domain_matches().empty()
          ? absl::StrCat("No trigger of the ", domain.domain(),
                         " domain matched the request.")
          : absl::StrCat("The request matches the ", domain.domain(),
                         " domain (",
                         QuotedMatchedTexts(decision.domain_matches()), ").");

  // Every workflow of the card, best first; those without evidence score 0.
  std::vector<WorkflowRank> ranked;
  ranked.reserve(domain.workflows_size());
  for (int w = 0; w < domain.workflows_size(); ++w) {
    ranked.push_back(WorkflowRank{workflows_.global_id(card, w)});
  }
  for (const WorkflowRank& r : scores.ranks) {
    if (workflows_.card_of(r.workflow) == card) {
      ranked[workflows_.index_in_card(r.workflow)] = r;
    }
  }
  // Stable (ties in workflow order), without stable_sort's buffer.
  std::sort(ranked.begin(), ranked.end(),
            [](const WorkflowRank& a, const WorkflowRank& b) {
              if (a.score != b.score) return a.score > b.score;
              return a.workflow < b.workflow;
            });
  const auto best = std::find_if(ranked.begin(), ranked.end(),
                                 [](const WorkflowRank& r) { return r.intent; });
  if (best == ranked.end()) {
    decision.set_outcome(RouteDecision::NO_MATCH);
    std::vector<std::string> hints;
    for (size_t i = 0; i < ranked.size() && i < kMaxNearest; ++i) {
      const int w = workflows_.index_in_card(ranked[i].workflow);
      AddCandidate(card, w, ranked[i].score, &decision);
      hints.push_back(PhraseHint(card, w));
    }
    std::string only;
    if (!ranked.empty() && ranked[0].score > 0) {
      workflows_.Explain(ranked[0].workflow, scores.query,
                         decision.mutable_workflow_matches());
      only = absl::StrCat(" It says too little about what to do (only ",
                          QuotedMatchedTexts(decision.workflow_matches()),
                          ").");
    }
    decision.set_explanation(absl::StrCat(
        domain_why,
        only.empty() ? " It fits none of its workflows' trigger phrases."
                     : only,
        hints.empty()
            ? " The card defines no workflows."
            : absl::StrCat(" Closest: ", absl::StrJoin(hints, "; "), ".")));
    return;
  }

  const WorkflowRank& winner = *best;
  const int winner_index = workflows_.index_in_card(winner.workflow);
  decision.set_workflow(domain.workflows(winner_index).name());
  decision.set_workflow_score(winner.score);
  workflows_.Explain(winner.workflow, scores.query,
                     decision.mutable_workflow_matches());
  AddCandidate(card, winner_index, winner.score, &decision);
  const WorkflowRank* runner_up = nullptr;
  for (const WorkflowRank& r : ranked) {
    if (&r == &winner || r.score <= 0) continue;
    AddCandidate(card, workflows_.index_in_card(r.workflow), r.score, &decision);
    if (runner_up == nullptr) runner_up = &r;
  }
  const double second = runner_up == nullptr ? 0 : runner_up->score;
  decision.set_confidence(Margin(winner.score, second));
  if (runner_up != nullptr && TooClose(winner.score, second)) {
    const std::string other =
        domain.workflows(workflows_.index_in_card(runner_up->workflow)).name();
    if (pick_best) {
      decision.set_outcome(RouteDecision::MATCHED);
      decision.set_explanation(absl::StrCat(
          domain_why, " Picked ", decision.workflow(), " (",
          ScoreText(winner.score), ") over the close ", other, " (",
          ScoreText(second), ") because of --pick-best."));
      return;
    }
    decision.set_outcome(RouteDecision::AMBIGUOUS);
    decision.set_explanation(absl::StrCat(
        domain_why, " It fits the workflows ", decision.workflow(), " (",
        ScoreText(winner.score), ") and ", other, " (", ScoreText(second),
        ") about equally; pass --workflow to choose."));
    return;
  }
  decision.set_outcome(clear_outcome);
  decision.set_explanation(absl::StrCat(
      domain_why, " Its words fit the ", decision.workflow(),
      " workflow's trigger phrases best (",
      QuotedMatchedTexts(decision.workflow_matches()), ")",
      runner_up == nullptr
          ? "."
          : absl::StrCat("; runner-up ",
                         domain.workflows(workflows_.index_in_card(
                                              runner_up->workflow))
                             .name(),
                         " (", ScoreText(second), ").")));
  return;
}

void Router::NoDomain(const Scores& scores, RouteDecision* out) const {
  // The nearest workflows by score; those without evidence after, by card
  // priority and catalog order.
  struct Nearest {
    int card;
    int workflow;
    double score;
  };
  std::vector<Nearest> nearest;
  // Nothing matched: rank with every stem, so that the nearest are right.
  for (const WorkflowRank& rank : workflows_.Rank(scores.query, true)) {
    if (rank.score > 0) {
      nearest.push_back(Nearest{workflows_.card_of(rank.workflow),
                                workflows_.index_in_card(rank.workflow),
                                rank.score});
    }
  }
  std::vector<int> by_priority(catalog_.cards_size());
  for (int c = 0; c < catalog_.cards_size(); ++c) by_priority[c] = c;
  std::stable_sort(by_priority.begin(), by_priority.end(), [&](int a, int b) {
    return catalog_.cards(a).priority() < catalog_.cards(b).priority();
  });
  for (int c : by_priority) {
    for (int w = 0; w < catalog_.cards(c).workflows_size() &&
                    nearest.size() < static_cast<size_t>(kMaxNearest) * 4;
         ++w) {
      if (std::none_of(nearest.begin(), nearest.end(), [&](const Nearest& n) {
            return n.card == c && n.workflow == w;
          })) {
        nearest.push_back(Nearest{c, w, 0.0});
      }
    }
  }
  std::stable_sort(nearest.begin(), nearest.end(),
                   [&](const Nearest& a, const Nearest& b) {
                     if (a.score != b.score) return a.score > b.score;
                     const int pa = catalog_.cards(a.card).priority();
                     const int pb = catalog_.cards(b.card).priority();
                     if (pa != pb) return pa < pb;
                     if (a.card != b.card) return a.card < b.card;
                     return a.workflow < b.workflow;
                   });
  RouteDecision& decision = *out;
  decision.set_outcome(RouteDecision::NO_MATCH);
  std::vector<std::string> hints;
  for (size_t i = 0; i < nearest.size() && i < kMaxNearest; ++i) {
    AddCandidate(nearest[i].card, nearest[i].workflow, nearest[i].score, &decision);
    hints.push_back(PhraseHint(nearest[i].card, nearest[i].workflow));
  }
  if (!nearest.empty() && nearest[0].score > 0) {
    workflows_.Explain(
        workflows_.global_id(nearest[0].card, nearest[0].workflow),
        scores.query, decision.mutable_workflow_matches());
  }
  decision.set_explanation(
      hints.empty()
          ? std::string("The catalog has no domain cards.")
          : absl::StrCat("No domain trigger (keyword, tech-stack mention or "
                         "file pattern) matched the request. Closest: ",
                         absl::StrJoin(hints, "; "), ".",
                         KeywordHint(nearest[0].card)));
  return;
}

void Router::AmbiguousDomains(const Scores& scores,
                              const std::vector<int>& contenders,
                              RouteDecision* out) const {
  const int leader = contenders[0];
  DecideWorkflow(scores, leader, RouteDecision::AMBIGUOUS, false, out);
  RouteDecision& decision = *out;
  decision.set_outcome(RouteDecision::AMBIGUOUS);
  decision.clear_candidates();
  std::vector<std::string> parts;
  for (int c : contenders) {
    Complete(scores, c);
    const WorkflowRank* best = BestIntent(scores.ranks, workflows_, c);
    AddCandidate(
        c, best == nullptr ? -1 : workflows_.index_in_card(best->workflow),
        best == nullptr ? 0 : best->score, &decision);
    RouteDecision matches;
    AddDomainMatches(scores, c, &matches);
    parts.push_back(absl::StrCat(catalog_.cards(c).domain(), " (score ",
                                 ScoreText(scores.domain[c]), ": ",
                                 QuotedMatchedTexts(matches.domain_matches()),
                                 ")"));
  }
  double runner_up = 0;
  for (int c = 0; c < catalog_.cards_size(); ++c) {
    if (c != leader) runner_up = std::max(runner_up, scores.domain[c]);
  }
  decision.set_confidence(Margin(scores.domain[leader], runner_up));
  decision.set_explanation(absl::StrCat(
      "The request matches several domains about equally: ",
      absl::StrJoin(parts, ", "),
      ", and their workflows do not settle it. Pass --domain to choose."));
}

void Router::RouteOnce(const RouteQuery& query, const RouteOptions& options,
                       RouteDecision* out) const {
  // Reused by each route on this thread (a route never starts another), so
  // that its vectors keep their capacity.
  thread_local Scores scores;
  ScoreAll(query, &scores);
  std::vector<int> cards;
  for (int c = 0; c < catalog_.cards_size(); ++c) {
    if (scores.domain[c] > 0) cards.push_back(c);
  }
  if (cards.empty()) return NoDomain(scores, out);
  // Stable (ties in catalog order), without stable_sort's buffer.
  std::sort(cards.begin(), cards.end(), [&](int a, int b) {
    if (scores.domain[a] != scores.domain[b]) {
      return scores.domain[a] > scores.domain[b];
    }
    const int pa = catalog_.cards(a).priority();
    const int pb = catalog_.cards(b).priority();
    if (pa != pb) return pa < pb;
    return a < b;
  });
  const double top = scores.domain[cards[0]];
  const double second = cards.size() > 1 ? scores.domain[cards[1]] : 0;
  int chosen = cards[0];
  double domain_confidence = Margin(top, second);
  if (TooClose(top, second)) {
    // Close domains: let the best intent-bearing workflow of each settle it.
    std::vector<int> contenders;
    std::vector<double> best_workflow(catalog_.cards_size(), 0.0);
    for (int c : cards) {
      if (!TooClose(top, scores.domain[c])) continue;
      contenders.push_back(c);
      Complete(scores, c);
      const WorkflowRank* best = BestIntent(scores.ranks, workflows_, c);
      if (best != nullptr) best_workflow[c] = best->score;
    }
    std::stable_sort(contenders.begin(), contenders.end(), [&](int a, int b) {
      return best_workflow[a] > best_workflow[b];
    });
    const double best = best_workflow[contenders[0]];
    const double next = best_workflow[contenders[1]];
    if (best <= 0 || (TooClose(best, next) && !options.pick_best)) {
      AmbiguousDomains(scores, contenders, out);
      AddCollaborators(scores, contenders[0], out);
      return;
    }
    chosen = contenders[0];
    domain_confidence = Margin(best, next);
  }
  DecideWorkflow(scores, chosen, RouteDecision::MATCHED, options.pick_best,
                 out);
  RouteDecision& decision = *out;
  AddCollaborators(scores, chosen, &decision);
  if (decision.outcome() == RouteDecision::MATCHED) {
    decision.set_confidence(std::min(decision.confidence(), domain_confidence));
    if (options.pick_best && TooClose(top, second) &&
        !absl::StrContains(decision.explanation(), "--pick-best") &&
        domain_confidence < kMargin) {
      absl::StrAppend(decision.mutable_explanation(),
                      " Other domains scored close; picked ",
                      decision.domain(), " because of --pick-best.");
    }
  }
}

namespace {

bool Better(const RouteDecision& corrected, const RouteDecision& original) {
  if (corrected.outcome() == RouteDecision::MATCHED) {
    return original.outcome() != RouteDecision::MATCHED ||
           corrected.confidence() > original.confidence();
  }
  return original.outcome() == RouteDecision::NO_MATCH &&
         corrected.outcome() == RouteDecision::AMBIGUOUS;
}

void MapBack(const CorrectedText& corrected, const std::string& original,
             google::protobuf::RepeatedPtrField<TriggerMatch>* matches) {
  for (TriggerMatch& match : *matches) {
    if (match.begin() < 0) continue;
    const int begin = corrected.ToOriginal(match.begin(), /*is_end=*/false);
    const int end = corrected.ToOriginal(match.end(), /*is_end=*/true);
    match.set_begin(begin);
    match.set_end(end);
    match.set_matched_text(original.substr(begin, end - begin));
  }
}

}  // namespace

RouteDecision Router::Route(const RouteQuery& query,
                            const RouteOptions& options) const {
  // On the heap: moving it into the result is a swap.
  std::unique_ptr<RouteDecision> decision(Route(query, options, nullptr));
  return std::move(*decision);
}

RouteDecision* Router::Route(const RouteQuery& query,
                             const RouteOptions& options,
                             google::protobuf::Arena* arena) const {
  RouteDecision* decision =
      google::protobuf::Arena::CreateMessage<RouteDecision>(arena);
  RouteOnce(query, options, decision);
  if (!options.correct_typos ||
      (decision->outcome() == RouteDecision::MATCHED &&
       decision->confidence() >= kConfidentEnough)) {
    return decision;
  }
  std::vector<Correction> corrections = GetSpeller().Correct(query.text);
  if (corrections.empty()) return decision;
  const CorrectedText corrected =
      Speller::Apply(query.text, std::move(corrections));
  std::unique_ptr<RouteDecision> owned_second;
  RouteDecision* second =
      google::protobuf::Arena::CreateMessage<RouteDecision>(arena);
  if (arena == nullptr) owned_second.reset(second);
  RouteOnce(RouteQuery{corrected.text, query.files}, options, second);
  if (!Better(*second, *decision)) return decision;
  if (arena == nullptr) {
    delete decision;
    decision = owned_second.release();
  } else {
    decision = second;
  }
  MapBack(corrected, query.text, decision->mutable_domain_matches());
  MapBack(corrected, query.text, decision->mutable_workflow_matches());
  std::vector<std::string> read;
  for (const Correction& c : corrected.corrections) {
    TypoCorrection* typo = decision->add_corrections();
    typo->set_written(query.text.substr(c.begin, c.end - c.begin));
    typo->set_read_as(c.read_as);
    typo->set_begin(c.begin);
    typo->set_end(c.end);
    read.push_back(absl::StrCat("\"", typo->written(), "\" as \"",
                                c.read_as, "\""));
  }
  decision->set_explanation(absl::StrCat("Read ", absl::StrJoin(read, ", "),
                                         ". ", decision->explanation()));
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
  Scores scores;
  ScoreAll(query, &scores);
  if (workflow.empty()) {
    RouteDecision decision;
    DecideWorkflow(scores, card, RouteDecision::OVERRIDDEN, false, &decision);
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
  decision.set_domain_score(scores.domain[card]);
  AddDomainMatches(scores, card, &decision);
  const int global = workflows_.global_id(card, index);
  Complete(scores, card);
  workflows_.Explain(global, scores.query, decision.mutable_workflow_matches());
  double score = 0;
  for (const WorkflowRank& rank : scores.ranks) {
    if (rank.workflow == global) score = rank.score;
  }
  decision.set_workflow_score(score);
  decision.set_confidence(1.0);
  AddCandidate(card, index, score, &decision);
  AddCollaborators(scores, card, &decision);
  decision.set_explanation(absl::StrCat("Chosen by --domain ", chosen.domain(),
                                        " --workflow \"",
                                        chosen.workflows(index).name(), "\"."));
  return decision;
}

}  // namespace baton::router
