#include "router/spelling.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "router/lexicon.h"
#include "router/tokenizer.h"

namespace baton::router {
namespace {

bool IsLetter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Calls fn(word, begin, end) for each run of ASCII letters in `text`, with
// `word` lowercased.
template <typename Fn>
void ForEachWord(absl::string_view text, Fn fn) {
  size_t i = 0;
  while (i < text.size()) {
    if (!IsLetter(text[i])) {
      ++i;
      continue;
    }
    const size_t begin = i;
    while (i < text.size() && IsLetter(text[i])) ++i;
    // Part of an identifier (`user_id`, `v2`, `a.b`): not prose.
    const bool glued =
        (begin > 0 && (text[begin - 1] == '_' ||
                       absl::ascii_isdigit(text[begin - 1]))) ||
        (i < text.size() && (text[i] == '_' || absl::ascii_isdigit(text[i])));
    if (glued) continue;
    fn(absl::AsciiStrToLower(text.substr(begin, i - begin)),
       static_cast<int>(begin), static_cast<int>(i));
  }
}

uint64_t HashWord(absl::string_view word) {
  uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (char c : word) {
    h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  }
  return h;
}

// Calls fn(hash) for `word` itself and for each one-letter deletion of it.
template <typename Fn>
void ForEachDeletion(absl::string_view word, Fn fn) {
  fn(HashWord(word));
  std::string shorter;
  for (size_t i = 0; i < word.size(); ++i) {
    shorter.assign(word.data(), i);
    shorter.append(word.data() + i + 1, word.size() - i - 1);
    fn(HashWord(shorter));
  }
}

}  // namespace

Speller::Speller(const domains::DomainCatalog& catalog) {
  auto add_text = [this](absl::string_view text) {
    ForEachWord(text, [this](const std::string& word, int, int) {
      AddWord(word);
    });
  };
  auto add_term = [&](const std::string& term) {
    add_text(term);
    for (const std::string& alias :
         BuiltinAliases(absl::AsciiStrToLower(term))) {
      add_text(alias);
    }
  };
  for (const domains::DomainCard& card : catalog.cards()) {
    for (const domains::KeywordGroup& group : card.triggers().keyword_groups()) {
      for (const std::string& keyword : group.keywords()) add_term(keyword);
    }
    for (const std::string& tech : card.triggers().tech_stack()) {
      add_term(tech);
    }
    for (const domains::AliasGroup& group : card.triggers().aliases()) {
      add_term(group.term());
      for (const std::string& alias : group.aliases()) add_term(alias);
    }
    for (const domains::Workflow& workflow : card.workflows()) {
      add_text(workflow.name());
      for (const std::string& phrase : workflow.trigger_phrases()) {
        add_text(phrase);
      }
      for (const domains::ChainStage& stage : workflow.stages()) {
        for (const domains::ChainStep& step : stage.steps()) {
          add_text(step.note());
        }
      }
    }
  }
}

void Speller::AddWord(absl::string_view word) {
  if (static_cast<int>(word.size()) < kMinVocabularyWord) return;
  const std::string w(word);
  if (frequency_[w]++ > 0) return;
  const uint32_t index = static_cast<uint32_t>(words_.size());
  words_.push_back(w);
  ForEachDeletion(w, [&](uint64_t key) {
    std::vector<uint32_t>& words = deletions_[key];
    if (words.empty() || words.back() != index) words.push_back(index);
  });
}

bool Speller::IsInflectionOfKnown(absl::string_view word) const {
  auto known = [this](absl::string_view base) {
    return frequency_.contains(base);
  };
  for (absl::string_view suffix : {"s", "es", "ed", "d", "ing"}) {
    if (!absl::EndsWith(word, suffix)) continue;
    const absl::string_view base = word.substr(0, word.size() - suffix.size());
    if (known(base) || known(absl::StrCat(base, "e"))) return true;
  }
  for (absl::string_view suffix : {"ies", "ied"}) {
    if (absl::EndsWith(word, suffix) &&
        known(absl::StrCat(word.substr(0, word.size() - suffix.size()), "y"))) {
      return true;
    }
  }
  return false;
}

int Speller::Distance(absl::string_view a, absl::string_view b, int limit) {
  const int n = static_cast<int>(a.size());
  const int m = static_cast<int>(b.size());
  if (std::abs(n - m) > limit) return limit + 1;
  // Optimal string alignment, three rows.
  std::vector<int> two(m + 1), one(m + 1), row(m + 1);
  for (int j = 0; j <= m; ++j) one[j] = j;
  for (int i = 1; i <= n; ++i) {
    row[0] = i;
    int best = row[0];
    for (int j = 1; j <= m; ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({one[j] + 1, row[j - 1] + 1, one[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        row[j] = std::min(row[j], two[j - 2] + 1);
      }
      best = std::min(best, row[j]);
    }
    if (best > limit) return limit + 1;
    std::swap(two, one);
    std::swap(one, row);
  }
  return std::min(one[m], limit + 1);
}

std::vector<Correction> Speller::Correct(absl::string_view text) const {
  std::vector<Correction> corrections;
  ForEachWord(text, [&](const std::string& word, int begin, int end) {
    if (static_cast<int>(word.size()) < kMinTypoWord) return;
    if (frequency_.contains(word) || IsStopWord(word) ||
        IsInflectionOfKnown(word)) {
      return;
    }
    std::vector<const std::string*> candidates;
    ForEachDeletion(word, [&](uint64_t key) {
      auto it = deletions_.find(key);
      if (it == deletions_.end()) return;
      for (uint32_t index : it->second) candidates.push_back(&words_[index]);
    });
    const std::string* best = nullptr;
    int best_frequency = 0;
    for (const std::string* candidate : candidates) {
      if (Distance(word, *candidate, 1) > 1) continue;
      const int frequency = frequency_.at(*candidate);
      if (best == nullptr || frequency > best_frequency ||
          (frequency == best_frequency && *candidate < *best)) {
        best = candidate;
        best_frequency = frequency;
      }
    }
    if (best != nullptr) {
      corrections.push_back(Correction{
          begin, end, std::string(text.substr(begin, end - begin)), *best});
    }
  });
  return corrections;
}

CorrectedText Speller::Apply(absl::string_view text,
                             std::vector<Correction> corrections) {
  CorrectedText result;
  size_t from = 0;
  for (const Correction& c : corrections) {
    absl::StrAppend(&result.text, text.substr(from, c.begin - from));
    result.text.append(c.read_as);
    from = c.end;
  }
  absl::StrAppend(&result.text, text.substr(from));
  result.corrections = std::move(corrections);
  return result;
}

int CorrectedText::ToOriginal(int offset, bool is_end) const {
  int delta = 0;  // original - corrected, before the current position.
  for (const Correction& c : corrections) {
    const int begin = c.begin - delta;  // In the corrected text.
    const int end = begin + static_cast<int>(c.read_as.size());
    if (offset < begin || (offset == begin && !is_end)) break;
    if (offset < end || (offset == end && is_end)) {
      return is_end && offset > begin ? c.end : c.begin;
    }
    delta += (c.end - c.begin) - static_cast<int>(c.read_as.size());
  }
  return offset + delta;
}

}  // namespace baton::router
