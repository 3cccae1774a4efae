// Splits request text and trigger phrases into comparable word stems, so that
// "Optimizing the report queries" and "Optimize report generation" share
// `optim` and `report`.
//
// Rules: ASCII letters, digits and `_` form words; a `.` between two word
// characters joins them into one identifier (`orders.user_id`), because code
// names are not intent words. Everything else (spaces, quotes, punctuation,
// non-ASCII bytes) separates words; `, ; : ! ? ( )` and a sentence-ending `.`
// also start a new segment (a clause), so word pairs never span clauses.
// Words are lowercased, stop words ("the", "please", "up", ...) and tokens
// without a letter are dropped (except numbers of three or more digits, such
// as HTTP status codes), the rest replaced by their canonical synonym
// (router/lexicon.h: "remove" -> "drop") and stemmed (see Stem).
//
// Thread-safety: pure functions, safe to call concurrently.
#ifndef BATON_ROUTER_TOKENIZER_H_
#define BATON_ROUTER_TOKENIZER_H_

#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/strings/string_view.h"

namespace baton::router {

struct Token {
  std::string stem;
  // Byte span [begin, end) of the word in the tokenized text.
  int begin = 0;
  int end = 0;
  // Clause number, counted from 0.
  int segment = 0;
  // Ordinal of the content word (tokens derived from one word share it).
  int position = 0;
};

// The content words of `text`, in order.
std::vector<Token> Tokenize(absl::string_view text);

// The words of `text` by the rules above, before stop words, synonyms and
// stemming: calls fn(lowercase_word, begin, end, segment) for each. The view
// is valid during the call only. Tokenize is ScanWords plus IsStopWord,
// CanonicalSynonym and Stem.
void ScanWords(absl::string_view text,
               absl::FunctionRef<void(absl::string_view, int, int, int)> fn);

// Every stop word (see IsStopWord).
std::vector<std::string> StopWords();

// A light suffix-stripping stemmer for lowercase English words: plurals
// (`queries` -> `query`, `backups` -> `backup`), `-ing`/`-ed`, a final `e`,
// then one of `-ization`, `-ation`, `-ability`, `-ibility`, `-abl(e)`,
// `-ibl(e)`, `-iz`, `-at`, or else the `-ion` of `-tion`/`-sion`
// (encryption -> `encrypt`, vulnerable -> `vulner`); a stem never drops below
// three letters. optimize/optimizing/optimization -> `optim`,
// migrate/migration/migrating -> `migr`, cache/caching -> `cach`.
std::string Stem(absl::string_view lowercase_word);

// Stem without allocating: stems the n lowercase bytes at `word` in place
// (never longer than they were) and returns the stem's length.
size_t StemInPlace(char* word, size_t n);

// True for words too common to say anything about a request's intent.
bool IsStopWord(absl::string_view lowercase_word);

}  // namespace baton::router

#endif  // BATON_ROUTER_TOKENIZER_H_
