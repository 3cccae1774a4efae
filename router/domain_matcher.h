// Finds one domain card's triggers in a request: keywords and tech-stack
// mentions in the text, file patterns in the changed paths. This is the
// evidence for the router's first decision, which domain a request belongs to.
//
// Matching: keywords and tech-stack mentions are case-insensitive whole words;
// a multi-word keyword ("slow query") allows any whitespace between its words,
// and a keyword ending in a letter also matches its plural ("migrations",
// "queries"). File patterns are globs (router/glob.h) matched against each
// path with a leading "./" removed. All patterns of a kind run at once
// through an RE2::Set; spans are then found with the individual patterns.
//
// Scoring (weights below): each distinct trigger counts once however often it
// occurs; of two triggers matching the same span (a keyword and a tech-stack
// mention "Redis") only the heavier counts; each file counts once however many
// patterns it matches. The score is the sum.
//
// Thread-safety: immutable after Create; Match is safe to call concurrently.
#ifndef BATON_ROUTER_DOMAIN_MATCHER_H_
#define BATON_ROUTER_DOMAIN_MATCHER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domains/domain.pb.h"
#include "re2/re2.h"
#include "re2/set.h"
#include "router/route.pb.h"

namespace baton::router {

inline constexpr double kKeywordWeight = 1.0;
inline constexpr double kMultiWordKeywordWeight = 1.5;
inline constexpr double kTechStackWeight = 1.5;
inline constexpr double kFilePatternWeight = 2.0;

struct DomainMatches {
  double score = 0;
  // Text matches in order of position, then file matches in file order.
  std::vector<TriggerMatch> matches;
};

class DomainMatcher {
 public:
  // Compiles the card's triggers.
  //
  // Outcomes:
  //   OK               the matcher.
  //   InvalidArgument  a keyword, tech-stack mention or file pattern is empty
  //                    or does not compile; the message names the card
  //                    (domain and source path) and quotes the pattern.
  static absl::StatusOr<DomainMatcher> Create(const domains::DomainCard& card);

  DomainMatcher(DomainMatcher&&) = default;
  DomainMatcher& operator=(DomainMatcher&&) = default;

  DomainMatches Match(absl::string_view text,
                      const std::vector<std::string>& files) const;

 private:
  struct TextTrigger {
    TriggerMatch::Kind kind;
    std::string trigger;  // As the card wrote it.
    std::string category;
    double weight;
    std::unique_ptr<RE2> regex;
  };

  DomainMatcher() = default;

  std::vector<TextTrigger> text_triggers_;
  std::unique_ptr<RE2::Set> text_set_;  // Null when the card has none.
  std::vector<std::string> globs_;
  std::unique_ptr<RE2::Set> file_set_;  // Null when the card has none.
};

}  // namespace baton::router

#endif  // BATON_ROUTER_DOMAIN_MATCHER_H_
