// Scores how well a request fits each workflow of a catalog: the evidence for
// the router's second decision, which workflow inside the chosen domain.
//
// Each workflow is a small document of stems (router/tokenizer.h) built
// from the card, each stem with a field weight:
//   - its name and its trigger phrases: 1.0, except the words after a
//     phrase's first preposition, which name the example's scope rather than
//     the intent ("users table" in "Add new column to users table", "orders"
//     in "Create migration for orders"): kScopeWeight;
//   - the notes of its chain steps ("add indexes, rewrite query"):
//     kNoteWeight.
// A stem in several fields keeps its heaviest weight; a word pair the lighter
// of its two words'. A stem's rarity across all workflows of the catalog is
// idf = ln(1 + N / df), N workflows, df of them containing the stem, so
// "users" (in many phrases) counts little and "ERD" (in one) much.
//
// A request's score for a workflow is
//   sum over distinct request stems in the document:  idf * field weight
// + sum over distinct ordered word pairs (a, b) of the request that the
//   document also holds, b at most kPairWindow content words after a in the
//   same clause:  kPairWeight * (idf(a) + idf(b)) * field weight
// + for the stems of the changed file paths not already in the text
//   (`db/migrations/004_add_email.sql` -> db, migration, add, email, sql):
//   kFileStemWeight * idf * field weight.
// Pairs are the intent cue: "add an index" pairs add->index, which a chain
// note "add indexes" holds and "Add new column" does not; "add ... column"
// finds "Add new column" across the unknown word in between. A score has
// `intent` when a full-weight word or a pair matched.
//
// Separately, each trigger phrase (and the name) reports its coverage: the
// share of the phrase's idf mass whose stems occur in the request text,
// counted only when at least two of its stems (or its only one) occur. The
// router counts a well-covered phrase as domain evidence, so "Create ERD"
// finds its card although "ERD" is no keyword.
//
// Thread-safety: immutable after construction; Score is safe to call
// concurrently.
#ifndef BATON_ROUTER_WORKFLOW_SCORER_H_
#define BATON_ROUTER_WORKFLOW_SCORER_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "domains/domain.pb.h"
#include "router/route.pb.h"
#include "router/tokenizer.h"

namespace baton::router {

inline constexpr double kScopeWeight = 0.5;
inline constexpr double kNoteWeight = 0.5;
inline constexpr double kPairWeight = 0.5;
inline constexpr int kPairWindow = 2;
inline constexpr double kFileStemWeight = 0.5;

// A request split into stems once, then scored against every workflow.
struct QueryTerms {
  std::string text;
  std::vector<Token> tokens;
  struct FileStem {
    std::string stem;
    std::string file;
  };
  std::vector<FileStem> file_stems;
};

QueryTerms MakeQueryTerms(absl::string_view text,
                          const std::vector<std::string>& files);

struct WorkflowScore {
  double score = 0;
  // TRIGGER_PHRASE matches: trigger = the phrase, name or chain note the
  // stem came from; category = the workflow name; begin/end = the request
  // span (-1 for file-path stems).
  std::vector<TriggerMatch> matches;
  // True when a matched word has full field weight (a name word, or a phrase
  // word before the scope) or a word pair matched: the request says what to
  // do, not merely which table. The router matches no workflow without it.
  bool intent = false;
  // The best-covered phrase (or the name) of the workflow, 0..1, and the
  // request span from its first to its last covered word (-1 when none).
  double coverage = 0;
  std::string covered_phrase;
  int covered_begin = -1;
  int covered_end = -1;
};

class WorkflowScorer {
 public:
  explicit WorkflowScorer(const domains::DomainCatalog& catalog);

  // REQUIRES: `card` and `workflow` index the catalog given to the
  // constructor.
  WorkflowScore Score(int card, int workflow, const QueryTerms& query) const;

 private:
  struct Term {
    double weight = 0;
    std::string source;  // The phrase, name or note as the card wrote it.
  };
  struct Phrase {
    std::string text;
    std::vector<std::string> stems;  // Distinct.
  };
  struct Document {
    std::string workflow;
    std::vector<Phrase> phrases;  // Trigger phrases, then the name.
    absl::flat_hash_map<std::string, Term> stems;
    absl::flat_hash_map<std::string, Term> pairs;  // Key: a + '\n' + b.
  };

  double Idf(const std::string& stem) const;

  std::vector<std::vector<Document>> documents_;  // [card][workflow]
  absl::flat_hash_map<std::string, double> idf_;
};

}  // namespace baton::router

#endif  // BATON_ROUTER_WORKFLOW_SCORER_H_
