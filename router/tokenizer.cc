#include "router/tokenizer.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "router/lexicon.h"

namespace baton::router {
namespace {

constexpr size_t kMinStem = 3;

// Character classes, one table lookup per byte.
enum : uint8_t { kWord = 1, kClause = 2, kLetter = 4, kDigit = 8 };

struct CharClasses {
  uint8_t of[256];
  char lower[256];  // ASCII letters lowercased, other bytes as they are.
};

constexpr CharClasses MakeClasses() {
  CharClasses classes{};
  for (int c = 0; c < 256; ++c) {
    const bool upper = c >= 'A' && c <= 'Z';
    const bool letter = (c >= 'a' && c <= 'z') || upper;
    const bool digit = c >= '0' && c <= '9';
    if (letter || digit || c == '_') classes.of[c] |= kWord;
    if (letter) classes.of[c] |= kLetter;
    if (digit) classes.of[c] |= kDigit;
    classes.lower[c] = static_cast<char>(upper ? c - 'A' + 'a' : c);
  }
  for (char c : {',', ';', ':', '!', '?', '(', ')', '.', '\n'}) {
    classes.of[static_cast<unsigned char>(c)] |= kClause;
  }
  return classes;
}

constexpr CharClasses kClasses = MakeClasses();

bool IsWordChar(char c) {
  return kClasses.of[static_cast<unsigned char>(c)] & kWord;
}

bool EndsClause(char c) {
  return kClasses.of[static_cast<unsigned char>(c)] & kClause;
}

const absl::flat_hash_set<std::string>& StopWordSet() {
  static const auto* const kStopWords = new absl::flat_hash_set<std::string>{
      "a",     "about",  "after", "all",    "also",  "am",    "an",
      "and",   "any",    "are",   "as",     "at",    "be",    "been",
      "being", "but",    "by",    "can",    "could", "did",   "do",
      "does",  "doing",  "done",  "e",      "eg",    "etc",   "for",
      "from",  "get",    "got",   "had",    "has",   "have",  "having",
      "he",    "her",    "here",  "his",    "how",   "i",     "ie",
      "if",    "in",     "into",  "is",     "it",    "its",   "just",
      "let",   "lets",   "like",  "make",   "may",   "me",    "might",
      "more",  "most",   "must",  "my",     "need",  "needs", "new",
      "no",    "not",    "now",   "of",     "on",    "onto",  "or",
      "our",   "out",    "over",  "please", "pls",   "quite", "really",
      "she",   "should", "so",    "some",   "such",  "than",  "that",
      "the",   "their",  "them",  "then",   "there", "these", "they",
      "this",  "those",  "to",    "too",    "up",    "us",    "very",
      "via",   "want",   "wants", "was",    "we",    "were",  "what",
      "when",  "where",  "which", "while",  "who",   "why",   "will",
      "with",  "would",  "you",   "your",
  };
  return *kStopWords;
}

}  // namespace

bool IsStopWord(absl::string_view word) {
  return StopWordSet().contains(word);
}

std::vector<std::string> StopWords() {
  return std::vector<std::string>(StopWordSet().begin(), StopWordSet().end());
}

namespace {

// Whether the n bytes at w end with the string literal `suffix`. A template
// over the literal, so that the comparison has a constant size and compiles
// to a few moves rather than a call of memcmp.
template <size_t N>
bool EndsWith(const char* w, size_t n, const char (&suffix)[N]) {
  constexpr size_t k = N - 1;
  return n >= k && std::memcmp(w + n - k, suffix, k) == 0;
}

}  // namespace

size_t StemInPlace(char* w, size_t n) {
  auto ends = [&](const auto& suffix) { return EndsWith(w, n, suffix); };
  // Removes `suffix` when at least kMinStem characters remain.
  auto strip = [&](const auto& suffix) {
    constexpr size_t k = sizeof(suffix) - 1;
    if (!EndsWith(w, n, suffix) || n < k + kMinStem) return false;
    n -= k;
    return true;
  };
  if (n <= kMinStem) return n;
  // Plurals.
  if (ends("ies") && n > kMinStem + 2) {
    n -= 3;
    w[n++] = 'y';
  } else if (!ends("ss") && !ends("us") && !ends("is")) {
    strip("s");
  }
  // Verb inflections.
  if (!strip("ing")) strip("ed");
  strip("e");
  // Derivations, so that the verb and its noun agree (the first that
  // applies).
  if (strip("ization") || strip("ation") || strip("ability") ||
      strip("ibility") || strip("abl") || strip("ibl") || strip("iz") ||
      strip("at")) {
    return n;
  }
  // encryption -> encrypt, regression -> regress.
  if (ends("tion") || ends("sion")) strip("ion");
  return n;
}

std::string Stem(absl::string_view lowercase_word) {
  std::string w(lowercase_word);
  w.resize(StemInPlace(w.data(), w.size()));
  return w;
}

void ScanWords(absl::string_view text,
               absl::FunctionRef<void(absl::string_view, int, int, int)> fn) {
  // Most words fit the stack buffer; longer ones use `long_word`.
  char buffer[64];
  std::string long_word;
  int segment = 0;
  size_t i = 0;
  while (i < text.size()) {
    if (!IsWordChar(text[i])) {
      if (EndsClause(text[i])) ++segment;
      ++i;
      continue;
    }
    // One pass finds the word's end, lowercases it into `buffer` (as far as
    // it fits) and collects its character classes.
    // A word longer than the buffer wraps around in it (the mask) and is
    // copied again below.
    static_assert((sizeof(buffer) & (sizeof(buffer) - 1)) == 0);
    const size_t begin = i;
    uint8_t any = 0;
    uint8_t all = kDigit;
    unsigned char c = static_cast<unsigned char>(text[i]);
    uint8_t classes = kClasses.of[c];
    for (;;) {
      buffer[(i - begin) & (sizeof(buffer) - 1)] = kClasses.lower[c];
      any |= classes;
      all &= classes;
      if (++i == text.size()) break;
      c = static_cast<unsigned char>(text[i]);
      classes = kClasses.of[c];
      if (classes & kWord) continue;
      // `orders.user_id` stays one identifier.
      if (c == '.' && i + 1 < text.size() && IsWordChar(text[i + 1])) {
        continue;
      }
      break;
    }
    // Leading and trailing underscores are decoration (`__init__`).
    size_t b = begin;
    size_t e = i;
    while (b < e && text[b] == '_') ++b;
    while (e > b && text[e - 1] == '_') --e;
    if (e - b < 2) continue;
    char* word = buffer;
    if (e - begin > sizeof(buffer) || b != begin || e != i) {
      // Long or trimmed (rare): copy and classify the kept bytes again.
      word = buffer;
      if (e - b > sizeof(buffer)) {
        long_word.resize(e - b);
        word = long_word.data();
      }
      any = 0;
      all = kDigit;
      for (size_t k = 0; k < e - b; ++k) {
        const unsigned char c = static_cast<unsigned char>(text[b + k]);
        word[k] = kClasses.lower[c];
        any |= kClasses.of[c];
        all &= kClasses.of[c];
      }
    }
    const bool has_letter = any & kLetter;
    const bool all_digits = all & kDigit;
    // Numbers say little, except codes such as HTTP statuses ("502").
    if (!has_letter && !(all_digits && e - b >= 3)) continue;
    fn(absl::string_view(word, e - b), static_cast<int>(b),
       static_cast<int>(e), segment);
  }
}

std::vector<Token> Tokenize(absl::string_view text) {
  std::vector<Token> tokens;
  ScanWords(text, [&](absl::string_view word, int begin, int end,
                      int segment) {
    if (IsStopWord(word)) return;
    tokens.push_back(Token{Stem(CanonicalSynonym(word)), begin, end, segment,
                           static_cast<int>(tokens.size())});
  });
  return tokens;
}

}  // namespace baton::router
