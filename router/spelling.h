// Reads likely typos in a request as the catalog's own words: "databse" as
// "database", "postgress" as "postgres", "kuberentes" as "kubernetes". The
// router asks for corrections only when a request routes nowhere or
// ambiguously, and says which words it re-read.
//
// The vocabulary is every word of at least kMinVocabularyWord letters in the
// cards' keywords, aliases (built-in ones included), tech-stack mentions,
// trigger phrases, workflow names and chain notes. A request word is
// corrected when it has at least kMinTypoWord letters, is neither a
// vocabulary word nor one with a plural or verb ending, and exactly one
// edit (insert, delete, substitute, or swap two neighbours) turns it into a
// vocabulary word; of several such words the most frequent in the cards
// wins, then the alphabetically first. Lookups use a symmetric-delete index,
// so each word costs O(length) hash lookups.
//
// Thread-safety: immutable after construction; Correct is safe to call
// concurrently.
#ifndef BATON_ROUTER_SPELLING_H_
#define BATON_ROUTER_SPELLING_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"
#include "domains/domain.pb.h"

namespace baton::router {

inline constexpr int kMinVocabularyWord = 4;
inline constexpr int kMinTypoWord = 5;

struct Correction {
  // Byte span of the word in the original text.
  int begin = 0;
  int end = 0;
  std::string written;  // As in the text.
  std::string read_as;  // Lowercase.
};

// The text with each correction applied, and a map back to the original.
struct CorrectedText {
  std::string text;
  std::vector<Correction> corrections;
  // The byte offset in the original text of `offset` in `text`; offsets
  // inside a replaced word map to the word's begin (or, with `is_end`, its
  // end).
  int ToOriginal(int offset, bool is_end) const;
};

class Speller {
 public:
  explicit Speller(const domains::DomainCatalog& catalog);

  // Corrections for the words of `text`, in text order; empty when none.
  std::vector<Correction> Correct(absl::string_view text) const;

  static CorrectedText Apply(absl::string_view text,
                             std::vector<Correction> corrections);

  // OSA edit distance (insert, delete, substitute, swap neighbours) between
  // `a` and `b`, computed up to `limit`: returns limit + 1 when larger.
  static int Distance(absl::string_view a, absl::string_view b, int limit);

 private:
  void AddWord(absl::string_view word);
  // True for a known word with a plural or verb ending ("databases").
  bool IsInflectionOfKnown(absl::string_view word) const;

  absl::flat_hash_map<std::string, int> frequency_;  // word -> occurrences
  std::vector<std::string> words_;                    // Distinct, in order.
  // Hash of each word and of each one-letter deletion of it -> indices into
  // words_ (a hash collision only adds a candidate Distance rejects).
  absl::flat_hash_map<uint64_t, std::vector<uint32_t>> deletions_;
};

}  // namespace baton::router

#endif  // BATON_ROUTER_SPELLING_H_
