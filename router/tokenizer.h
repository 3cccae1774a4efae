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
// without a letter are dropped, and the rest are stemmed (see Stem).
//
// Thread-safety: pure functions, safe to call concurrently.
#ifndef BATON_ROUTER_TOKENIZER_H_
#define BATON_ROUTER_TOKENIZER_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace baton::router {

struct Token {
  std::string stem;
  // Byte span [begin, end) of the word in the tokenized text.
  int begin = 0;
  int end = 0;
  // Clause number, counted from 0.
  int segment = 0;
};

// The content words of `text`, in order.
std::vector<Token> Tokenize(absl::string_view text);

// A light suffix-stripping stemmer for lowercase English words: plurals
// (`queries` -> `query`, `backups` -> `backup`), `-ing`/`-ed`, a final `e`,
// then one of `-ization`, `-ation`, `-iz`, `-at`; a stem never drops below
// three letters. optimize/optimizing/optimization -> `optim`,
// migrate/migration/migrating -> `migr`, cache/caching -> `cach`.
std::string Stem(absl::string_view lowercase_word);

// True for words too common to say anything about a request's intent.
bool IsStopWord(absl::string_view lowercase_word);

}  // namespace baton::router

#endif  // BATON_ROUTER_TOKENIZER_H_
