#include "router/text_pattern.h"

#include <string.h>

#include <string>
#include <string_view>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "re2/re2.h"

namespace baton::router {
namespace {

// RE2's \s.
bool IsRegexSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

bool IsVowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

// How the plural of the last word is formed.
struct Plural {
  // The last word without the letters the plural replaces (`quer` for
  // `query`), and the endings that may follow it, in the order RE2 tries
  // them (leftmost-first), the empty ending last.
  absl::string_view stem;
  // Inline: FindTextPattern computes a Plural per call and must not
  // allocate.
  absl::InlinedVector<absl::string_view, 5> endings;
};

Plural PluralOf(const TextPattern& pattern) {
  const std::string& last = pattern.words.back();
  if (!pattern.plural || last.size() < 3 ||
      !absl::ascii_isalpha(last.back())) {
    return Plural{last, {""}};
  }
  const absl::string_view word = last;
  const char before = last[last.size() - 2];
  if (last.back() == 'y' && !IsVowel(before)) {  // query, queries, queried
    return Plural{word.substr(0, word.size() - 1),
                  {"y", "ies", "ied", "ying"}};
  }
  if (last.back() == 'e' && !IsVowel(before)) {  // cache, caching, cached
    return Plural{word.substr(0, word.size() - 1),
                  {"e", "es", "ed", "ing"}};
  }
  return Plural{word, {"s", "es", "ed", "ing", ""}};
}

bool BoundaryBefore(absl::string_view text, size_t pos) {
  return pos == 0 || !IsRegexWordChar(text[pos - 1]);
}

bool BoundaryAfter(absl::string_view text, size_t pos) {
  return pos >= text.size() || !IsRegexWordChar(text[pos]);
}

// The end of a match of `pattern` starting at `pos` in `text`, or npos.
size_t MatchAt(const TextPattern& pattern, const Plural& plural,
               absl::string_view text, size_t pos) {
  const size_t n = pattern.words.size();
  for (size_t i = 0; i < n; ++i) {
    if (i > 0) {
      const size_t before = pos;
      while (pos < text.size() && IsRegexSpace(text[pos])) ++pos;
      if (pos == before) return absl::string_view::npos;
    }
    const absl::string_view word =
        i + 1 < n ? absl::string_view(pattern.words[i]) : plural.stem;
    if (text.substr(pos, word.size()) != word) return absl::string_view::npos;
    pos += word.size();
  }
  const std::string& last = pattern.words.back();
  const bool needs_boundary = IsRegexWordChar(last.back());
  for (absl::string_view ending : plural.endings) {
    if (text.substr(pos, ending.size()) != ending) continue;
    const size_t end = pos + ending.size();
    if (!needs_boundary || BoundaryAfter(text, end)) return end;
  }
  return absl::string_view::npos;
}

}  // namespace

absl::StatusOr<TextPattern> MakeTextPattern(absl::string_view phrase,
                                            bool plural) {
  TextPattern pattern;
  pattern.plural = plural;
  for (absl::string_view word :
       absl::StrSplit(phrase, absl::ByAnyChar(" \t\n\f\r"), absl::SkipEmpty())) {
    pattern.words.push_back(absl::AsciiStrToLower(word));
  }
  if (pattern.words.empty()) return absl::InvalidArgumentError("is empty");
  return pattern;
}

std::string TextPatternRegex(const TextPattern& pattern) {
  std::vector<std::string> quoted;
  for (const std::string& word : pattern.words) {
    quoted.push_back(RE2::QuoteMeta(word));
  }
  const Plural plural = PluralOf(pattern);
  if (plural.endings.size() > 1) {
    std::string& tail = quoted.back();
    tail = RE2::QuoteMeta(
        re2::StringPiece(plural.stem.data(), plural.stem.size()));
    std::vector<absl::string_view> endings;
    bool optional = false;
    for (absl::string_view ending : plural.endings) {
      if (ending.empty()) {
        optional = true;
      } else {
        endings.push_back(ending);
      }
    }
    absl::StrAppend(&tail, "(?:", absl::StrJoin(endings, "|"), ")",
                    optional ? "?" : "");
  }
  std::string regex = absl::StrJoin(quoted, "\\s+");
  if (IsRegexWordChar(pattern.words.front().front())) regex = "\\b" + regex;
  if (IsRegexWordChar(pattern.words.back().back())) regex += "\\b";
  return regex;
}

std::string TextPatternPrefilter(const TextPattern& pattern) {
  const Plural plural = PluralOf(pattern);
  std::vector<std::string> quoted;
  for (size_t i = 0; i + 1 < pattern.words.size(); ++i) {
    quoted.push_back(RE2::QuoteMeta(pattern.words[i]));
  }
  quoted.push_back(RE2::QuoteMeta(
      re2::StringPiece(plural.stem.data(), plural.stem.size())));
  return absl::StrJoin(quoted, "\\s+");
}

void FindTextPattern(const TextPattern& pattern, absl::string_view lowered,
                     int max_spans, std::vector<Span>* spans) {
  const Plural plural = PluralOf(pattern);
  const absl::string_view first =
      pattern.words.size() == 1 ? plural.stem
                                : absl::string_view(pattern.words.front());
  const bool needs_boundary = IsRegexWordChar(first.front());
  int found = 0;
  size_t from = 0;
  while (found < max_spans && from < lowered.size()) {
    // memmem skips ahead by the whole word (std::string_view::find stops at
    // every occurrence of its first letter; absl's find is a naive loop).
    const void* at = memmem(lowered.data() + from, lowered.size() - from,
                            first.data(), first.size());
    if (at == nullptr) return;
    const size_t pos =
        static_cast<size_t>(static_cast<const char*>(at) - lowered.data());
    if (needs_boundary && !BoundaryBefore(lowered, pos)) {
      from = pos + 1;
      continue;
    }
    const size_t end = MatchAt(pattern, plural, lowered, pos);
    if (end == absl::string_view::npos) {
      from = pos + 1;
      continue;
    }
    spans->push_back(Span{static_cast<int>(pos), static_cast<int>(end)});
    ++found;
    from = end > pos ? end : pos + 1;
  }
}

}  // namespace baton::router
