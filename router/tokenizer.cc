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

size_t StemInPlace(char* w, size_t n) {
  auto ends = [&](absl::string_view suffix) {
    return n >= suffix.size() &&
           std::memcmp(w + n - suffix.size(), suffix.data(), suffix.size()) ==
               0;
  };
  // Removes `suffix` when at least kMinStem characters remain.
  auto strip = [&](absl::string_view suffix) {
    if (!ends(suffix) || n < suffix.size() + kMinStem) return false;
    n -= suffix.size();
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
  // Derivations, so that the verb and its noun agree.
  for (absl::string_view suffix :
       {"ization", "ation", "ability", "ibility", "abl", "ibl", "iz", "at"}) {
    if (strip(suffix)) return n;
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
    const size_t begin = i;
    while (i < text.size()) {
      if (IsWordChar(text[i])) {
        ++i;
      } else if (text[i] == '.' && i + 1 < text.size() &&
                 IsWordChar(text[i + 1])) {
        ++i;  // `orders.user_id` stays one identifier.
      } else {
        break;
      }
    }
    // Leading and trailing underscores are decoration (`__init__`).
    size_t b = begin;
    size_t e = i;
    while (b < e && text[b] == '_') ++b;
    while (e > b && text[e - 1] == '_') --e;
    if (e - b < 2) continue;
    char* word = buffer;
    if (e - b > sizeof(buffer)) {
      long_word.resize(e - b);
      word = long_word.data();
    }
    uint8_t any = 0;
    uint8_t all = kDigit;
    for (size_t k = 0; k < e - b; ++k) {
      const unsigned char c = static_cast<unsigned char>(text[b + k]);
      word[k] = kClasses.lower[c];
      any |= kClasses.of[c];
      all &= kClasses.of[c];
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
