// A keyword or tech-stack mention as the router matches it in request text:
// its words, case-insensitive, whole words, any run of whitespace between
// them, and (for keywords) the inflections of the last word: plural and
// verb forms (`migration` matches `migrations`, `query` matches `queries`
// and `queried`, `cache` matches `caching` and `cached`, `index` matches
// `indexes` and `indexed`); words shorter than three letters and words not
// ending in a letter are matched as written.
//
// The same TextPattern yields a prefilter for the router's RE2::Set (which
// finds, all at once, WHICH patterns may occur) and a direct finder (which
// then decides whether and WHERE one occurs). The prefilter is the lowercase
// words without word boundaries or endings (`slow\s+quer` for "slow
// query"): on ASCII-lowercased text it matches wherever the finder does and
// more; it is cheap to compile for thousands of patterns. TextPatternRegex is the exact regular expression
// the finder implements (for tests and the benchmark's baseline). The finder
// works on ASCII-lowercased text too.
//
// Thread-safety: values; the functions are pure.
#ifndef BATON_ROUTER_TEXT_PATTERN_H_
#define BATON_ROUTER_TEXT_PATTERN_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace baton::router {

struct TextPattern {
  // Lowercase, non-empty, without whitespace.
  std::vector<std::string> words;
  // The last word also matches its inflections (see above).
  bool plural = false;
};

struct Span {
  int begin = 0;
  int end = 0;
};

// Outcomes: OK; InvalidArgument "is empty" when `phrase` has no word.
absl::StatusOr<TextPattern> MakeTextPattern(absl::string_view phrase,
                                            bool plural);

// The pattern as an RE2 regular expression, for a case-insensitive RE2:
// exactly the spans FindTextPattern finds (on ASCII text).
std::string TextPatternRegex(const TextPattern& pattern);

// A case-sensitive regular expression that matches, in ASCII-lowercased
// text, wherever `pattern` matches, and possibly elsewhere.
std::string TextPatternPrefilter(const TextPattern& pattern);

// Appends the non-overlapping spans of `pattern` in `lowered` (the request
// with ASCII letters lowercased), left to right, at most `max_spans` of them.
// Linear in the size of `lowered`.
void FindTextPattern(const TextPattern& pattern, absl::string_view lowered,
                     int max_spans, std::vector<Span>* spans);

// True for [A-Za-z0-9_], the characters of RE2's \b and \w.
inline bool IsRegexWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '_';
}

}  // namespace baton::router

#endif  // BATON_ROUTER_TEXT_PATTERN_H_
