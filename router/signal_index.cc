#include "router/signal_index.h"

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/base/call_once.h"
#include "absl/container/flat_hash_set.h"
#include "absl/container/node_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "router/glob.h"
#include "router/lexicon.h"

namespace baton::router {
namespace {

constexpr absl::string_view kTechStackCategory = "Tech Stack";
// Thousands of patterns make a large DFA; RE2's default budget (8 MiB) would
// make the sets fail on long requests.
constexpr int64_t kSetMemoryBudget = int64_t{256} << 20;

std::string CardName(const domains::DomainCard& card) {
  return card.source_path().empty()
             ? absl::StrCat("domain card \"", card.domain(), "\"")
             : absl::StrCat("domain card \"", card.domain(), "\" (",
                            card.source_path(), ")");
}

// Lowercase words joined by single spaces: the key aliases are looked up by.
std::string Normalize(const TextPattern& pattern) {
  return absl::StrJoin(pattern.words, " ");
}

RE2::Options SetOptions(bool case_sensitive) {
  RE2::Options options;
  options.set_case_sensitive(case_sensitive);
  options.set_log_errors(false);
  options.set_max_mem(kSetMemoryBudget);
  return options;
}

// Builds a set from `regexes`; null when there are none.
absl::StatusOr<std::unique_ptr<RE2::Set>> BuildSet(
    const std::vector<std::string>& regexes, bool case_sensitive,
    absl::string_view what) {
  if (regexes.empty()) return nullptr;
  auto set =
      std::make_unique<RE2::Set>(SetOptions(case_sensitive), RE2::UNANCHORED);
  for (const std::string& regex : regexes) {
    std::string error;
    if (set->Add(regex, &error) < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(what, ": cannot compile /", regex, "/: ", error));
    }
  }
  if (!set->Compile()) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, ": too many patterns to compile"));
  }
  return set;
}

}  // namespace

absl::StatusOr<SignalIndex> SignalIndex::Create(
    const domains::DomainCatalog& catalog) {
  SignalIndex index;
  // Keywords and tech-stack mentions share one set: one scan per request.
  std::vector<std::string> text_regexes;
  // Sharing: alias key -> cards using it.
  // Sharing: alias key -> (last card seen with it, number of cards); cards
  // are visited in order, so a card is counted once.
  absl::node_hash_map<std::string, std::pair<int, int>> key_cards;  // Stable.

  std::vector<const std::pair<int, int>*> signal_keys;

  for (int c = 0; c < catalog.cards_size(); ++c) {
    const domains::DomainCard& card = catalog.cards(c);
    // The card's own aliases, by normalized term.
    absl::flat_hash_map<std::string, std::vector<std::string>> card_aliases;
    for (const domains::AliasGroup& group : card.triggers().aliases()) {
      std::vector<std::string> names = {group.term()};
      names.insert(names.end(), group.aliases().begin(), group.aliases().end());
      for (const std::string& name : names) {
        std::vector<std::string>& others =
            card_aliases[absl::AsciiStrToLower(name)];
        for (const std::string& other : names) {
          if (other != name) others.push_back(other);
        }
      }
    }
    absl::flat_hash_set<std::string> seen;  // kind + normalized term.
    auto add = [&](TriggerMatch::Kind kind, const std::string& trigger,
                   absl::string_view category) -> absl::Status {
      const bool keyword = kind == TriggerMatch::KEYWORD;
      const absl::string_view what = keyword ? "keyword" : "tech-stack mention";
      auto fail = [&](absl::string_view why) {
        return absl::InvalidArgumentError(absl::StrCat(CardName(card), ": ", what,
                                                       " \"", trigger, "\" (",
                                                       category, ") ", why));
      };
      absl::StatusOr<TextPattern> own = MakeTextPattern(trigger, keyword);
      if (!own.ok()) return fail(own.status().message());
      const std::string normalized = Normalize(*own);
      if (!seen.insert(absl::StrCat(keyword ? "k:" : "t:", normalized))
               .second) {
        return absl::OkStatus();  // Listed under two categories: one trigger.
      }
      Signal signal;
      signal.card = c;
      signal.kind = kind;
      signal.trigger = trigger;
      signal.category = std::string(category);
      signal.patterns.push_back(*std::move(own));
      // Cards share a trigger when they name the same term, up to the
      // built-in aliases (a card's own aliases are its business).
      std::vector<std::string> aliases = BuiltinAliases(normalized);
      std::string key = normalized;
      for (const std::string& alias : aliases) key = std::min(key, alias);
      if (auto it = card_aliases.find(normalized); it != card_aliases.end()) {
        aliases.insert(aliases.end(), it->second.begin(), it->second.end());
      }
      for (const std::string& alias : aliases) {
        absl::StatusOr<TextPattern> pattern = MakeTextPattern(alias, keyword);
        if (!pattern.ok()) {
          return fail(absl::StrCat("has an empty alias"));
        }
        signal.patterns.push_back(*std::move(pattern));
      }
      std::vector<std::string> alternatives;
      for (const TextPattern& pattern : signal.patterns) {
        alternatives.push_back(TextPatternPrefilter(pattern));
      }
      const std::string regex =
          absl::StrCat("(?:", absl::StrJoin(alternatives, ")|(?:"), ")");
      const int id = static_cast<int>(index.signals_.size());
      text_regexes.push_back(regex);
      index.text_signals_.push_back(id);
      const bool multi_word = signal.patterns.front().words.size() > 1;
      signal.weight = !keyword    ? kTechStackWeight
                      : multi_word ? kMultiWordKeywordWeight
                                   : kKeywordWeight;
      std::pair<int, int>& cards = key_cards[key];
      if (cards.second == 0 || cards.first != c) {
        cards.first = c;
        ++cards.second;
      }
      signal_keys.push_back(&cards);
      index.signals_.push_back(std::move(signal));
      return absl::OkStatus();
    };
    for (const domains::KeywordGroup& group : card.triggers().keyword_groups()) {
      for (const std::string& keyword : group.keywords()) {
        absl::Status s = add(TriggerMatch::KEYWORD, keyword, group.category());
        if (!s.ok()) return s;
      }
    }
    for (const std::string& tech : card.triggers().tech_stack()) {
      absl::Status s = add(TriggerMatch::TECH_STACK, tech, kTechStackCategory);
      if (!s.ok()) return s;
    }
    for (const std::string& glob : card.triggers().file_patterns()) {
      index.globs_.push_back(Glob{c, glob});
    }
  }
  for (size_t i = 0; i < index.signals_.size(); ++i) {
    index.signals_[i].weight /=
        static_cast<double>(signal_keys[i]->second);
  }

  // The text sets read ASCII-lowercased text (the prefilters are lowercase),
  // which keeps their programs small: no case-folding classes.
  absl::StatusOr<std::unique_ptr<RE2::Set>> text = BuildSet(
      text_regexes, /*case_sensitive=*/true, "keywords and tech-stack mentions");
  if (!text.ok()) return text.status();
  index.text_set_ = *std::move(text);

  std::vector<std::string> glob_regexes;
  for (const Glob& glob : index.globs_) {
    absl::StatusOr<std::string> regex = GlobToRegex(glob.pattern);
    if (!regex.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(CardName(catalog.cards(glob.card)), ": ",
                       regex.status().message()));
    }
    glob_regexes.push_back(*std::move(regex));
  }
  if (!glob_regexes.empty()) {
    index.file_set_ = std::make_unique<RE2::Set>(
        SetOptions(/*case_sensitive=*/true), RE2::UNANCHORED);
    for (size_t g = 0; g < glob_regexes.size(); ++g) {
      std::string error;
      if (index.file_set_->Add(glob_regexes[g], &error) < 0) {
        const Glob& glob = index.globs_[g];
        return absl::InvalidArgumentError(
            absl::StrCat(CardName(catalog.cards(glob.card)), ": file pattern `",
                         glob.pattern, "`: ", error));
      }
    }
    // Compiled on first use (MatchFiles): most requests name no file.
    index.file_set_once_ = std::make_unique<absl::once_flag>();
  }
  return index;
}

void SignalIndex::AddSpans(int signal, absl::string_view lowered,
                           std::vector<TextHit>* hits) const {
  thread_local std::vector<Span> spans;
  spans.clear();
  for (const TextPattern& pattern : signals_[signal].patterns) {
    FindTextPattern(pattern, lowered, kMaxSpansPerTrigger, &spans);
  }
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
  });
  int kept = 0;
  int covered_to = -1;
  for (const Span& span : spans) {
    if (kept == kMaxSpansPerTrigger) break;
    if (span.begin < covered_to) continue;  // An alias inside another.
    hits->push_back(TextHit{signal, span});
    covered_to = span.end;
    ++kept;
  }
}

std::vector<SignalIndex::TextHit> SignalIndex::MatchText(
    absl::string_view text) const {
  std::vector<TextHit> hits;
  MatchText(text, &hits);
  return hits;
}

void SignalIndex::MatchText(absl::string_view text,
                            std::vector<TextHit>* out) const {
  std::vector<TextHit>& hits = *out;
  hits.clear();
  if (text.empty()) return;
  thread_local std::string lowered;
  lowered.assign(text.data(), text.size());
  for (char& c : lowered) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  const re2::StringPiece input(lowered.data(), lowered.size());
  thread_local std::vector<int> matched;
  auto scan = [&](const RE2::Set* set, const std::vector<int>& signals) {
    if (set == nullptr) return;
    matched.clear();
    RE2::Set::ErrorInfo error;
    if (set->Match(input, &matched, &error)) {
      for (int i : matched) AddSpans(signals[i], lowered, &hits);
    } else if (error.kind != RE2::Set::kNoError) {
      // The DFA ran out of memory: find each trigger directly instead.
      for (int signal : signals) AddSpans(signal, lowered, &hits);
    }
  };
  scan(text_set_.get(), text_signals_);
  std::sort(hits.begin(), hits.end(), [this](const TextHit& a,
                                             const TextHit& b) {
    if (a.span.begin != b.span.begin) return a.span.begin < b.span.begin;
    if (a.span.end != b.span.end) return a.span.end < b.span.end;
    if (signals_[a.signal].weight != signals_[b.signal].weight) {
      return signals_[a.signal].weight > signals_[b.signal].weight;
    }
    return a.signal < b.signal;
  });
}

std::vector<SignalIndex::FileHit> SignalIndex::MatchFiles(
    const std::vector<std::string>& files) const {
  std::vector<FileHit> hits;
  if (file_set_ == nullptr || files.empty()) return hits;
  absl::call_once(*file_set_once_, [this] {
    file_set_compiled_ = file_set_->Compile();
  });
  if (!file_set_compiled_) return hits;
  std::vector<int> matched;
  for (size_t f = 0; f < files.size(); ++f) {
    absl::string_view path = files[f];
    while (absl::ConsumePrefix(&path, "./")) {
    }
    matched.clear();
    if (!file_set_->Match(re2::StringPiece(path.data(), path.size()),
                          &matched)) {
      continue;
    }
    std::sort(matched.begin(), matched.end());
    std::vector<int> cards;
    for (int g : matched) cards.push_back(globs_[g].card);
    std::sort(cards.begin(), cards.end());
    const double share = kFilePatternWeight /
                         static_cast<double>(std::unique(cards.begin(),
                                                         cards.end()) -
                                             cards.begin());
    for (int g : matched) {
      hits.push_back(FileHit{g, static_cast<int>(f), share});
    }
  }
  return hits;
}

}  // namespace baton::router
