// All domain cards' keyword, tech-stack and file-pattern triggers, compiled
// into matchers that answer for every card at the same time: ONE RE2::Set
// for the keywords and tech-stack mentions of all cards, and one for all file
// patterns (compiled the first time a request names files). A request's text
// is scanned once, however many cards there are (the text set reads the
// ASCII-lowercased request, through each trigger's prefilter); only the
// triggers the set reports are then
// located and confirmed (router/text_pattern.h) to give their spans.
//
// Matching: keywords and tech-stack mentions are case-insensitive whole words
// (TextPattern); a keyword also matches its plural and verb forms. Each one also matches its
// aliases: the built-in ones (router/lexicon.h) and those its card lists
// under `### Aliases`. File patterns are globs (router/glob.h) matched against
// each path with any leading "./" removed.
//
// Weights: keyword 1, multi-word keyword 1.5, tech-stack mention 1.5, each
// file a card's patterns match 2; a trigger that several cards share (the same
// term, up to built-in aliases) is divided among them (`pipeline` in two cards weighs
// 0.5 in each), and a file several cards match is divided likewise: shared
// evidence cannot tell domains apart.
//
// Thread-safety: immutable after Create; Match* are safe to call
// concurrently.
#ifndef BATON_ROUTER_SIGNAL_INDEX_H_
#define BATON_ROUTER_SIGNAL_INDEX_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/base/call_once.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domains/domain.pb.h"
#include "re2/set.h"
#include "router/route.pb.h"
#include "router/text_pattern.h"

namespace baton::router {

inline constexpr double kKeywordWeight = 1.0;
inline constexpr double kMultiWordKeywordWeight = 1.5;
inline constexpr double kTechStackWeight = 1.5;
inline constexpr double kFilePatternWeight = 2.0;
// Spans reported per trigger; a trigger counts once however often it occurs.
inline constexpr int kMaxSpansPerTrigger = 4;

class SignalIndex {
 public:
  struct Signal {
    int card = 0;
    TriggerMatch::Kind kind = TriggerMatch::KEYWORD;
    std::string trigger;   // As the card wrote it.
    std::string category;  // Keyword group, or "Tech Stack".
    double weight = 0;     // After sharing.
    // The term itself, then its aliases.
    std::vector<TextPattern> patterns;
  };
  struct TextHit {
    int signal = 0;
    Span span;
  };
  struct Glob {
    int card = 0;
    std::string pattern;
  };
  struct FileHit {
    int glob = 0;
    int file = 0;  // Index into the files given to MatchFiles.
    double weight = 0;  // kFilePatternWeight / cards matching this file.
  };

  // Outcomes:
  //   OK               the index.
  //   InvalidArgument  a keyword, tech-stack mention, alias or file pattern
  //                    is empty or cannot compile; the message names the card
  //                    (domain and source path) and quotes the trigger.
  static absl::StatusOr<SignalIndex> Create(
      const domains::DomainCatalog& catalog);

  SignalIndex(SignalIndex&&) = default;
  SignalIndex& operator=(SignalIndex&&) = default;

  // The spans of the text triggers in `text`, by begin, then end, heavier
  // first. Linear in the size of `text` for a fixed catalog.
  std::vector<TextHit> MatchText(absl::string_view text) const;
  // The same into *hits (cleared first), reusing its memory.
  void MatchText(absl::string_view text, std::vector<TextHit>* hits) const;

  // The globs each file matches, by file, then glob.
  std::vector<FileHit> MatchFiles(const std::vector<std::string>& files) const;

  const Signal& signal(int i) const { return signals_[i]; }
  int signal_count() const { return static_cast<int>(signals_.size()); }
  const Glob& glob(int i) const { return globs_[i]; }

 private:
  SignalIndex() = default;

  void AddSpans(int signal, absl::string_view lowered,
                std::vector<TextHit>* hits) const;

  std::vector<Signal> signals_;
  // Per set: the signal behind each of its pattern indices.
  std::unique_ptr<RE2::Set> text_set_;  // Keywords and tech-stack mentions.
  std::vector<int> text_signals_;
  std::vector<Glob> globs_;
  // Patterns added (so Create reports bad ones) but compiled on first use.
  std::unique_ptr<RE2::Set> file_set_;
  std::unique_ptr<absl::once_flag> file_set_once_;
  mutable bool file_set_compiled_ = false;
};

}  // namespace baton::router

#endif  // BATON_ROUTER_SIGNAL_INDEX_H_
