// Scores how well a request fits the workflows of a catalog: the evidence for
// the router's second decision (which workflow inside the chosen domain) and
// part of the first (a well-covered trigger phrase points at its domain).
//
// Each workflow is a small document of stems (router/tokenizer.h) built from
// the card, each stem with a field weight:
//   - its name and its trigger phrases: 1.0, except the words after a
//     phrase's first preposition, which name the example's scope rather than
//     the intent ("users table" in "Add new column to users table"):
//     kScopeWeight;
//   - the notes of its chain steps ("add indexes, rewrite query"): what the
//     agents do inside the workflow, not what users ask for: kNoteWeight.
// A stem in several fields keeps its heaviest weight; a word pair (two words
// of one phrase at most kPairWindow content words apart, in order) the
// weight of its first word, which carries the intent ("add" in "add ...
// users"); notes form no pairs. Every one-word tech-stack mention of any card
// (MySQL, Kafka, Terraform) also stands for the class kTechClass, at most at
// scope weight, so that "Migrate from MySQL to PostgreSQL" also fits "switch
// from MongoDB to DynamoDB". A stem's rarity across all workflows of the
// catalog is idf = ln(1 + N / df), N workflows, df of them containing the
// stem, so "users" (in many phrases) counts little and "ERD" (in one) much.
//
// A request's score for a workflow is
//   sum over distinct request stems in the document:  idf * field weight
// + sum over distinct ordered word pairs (a, b) of the request that the
//   document also holds, b at most kPairWindow content words after a in the
//   same clause:  kPairWeight * (idf(a) + idf(b)) * field weight
// + kCoverageWeight * the coverage of its best-covered trigger phrase (see
//   below): matching much of one example beats matching scattered words
// + for each workflow named by the category of a keyword the request
//   matched (NamedWorkflow: "SendGrid" is under **Integrations**, which names
//   Third-Party Integration): kTopicWeight * the category's idf mass
// + for the stems of the changed file paths not already in the text
//   (`db/migrations/004_add_email.sql` -> db, migration, add, email, sql):
//   kFileStemWeight * idf * field weight.
// A score has `intent` when the request says what to do, not merely which
// table: evidence of full field weight (a name or phrase word before its
// scope) for two distinct stems, or for a word pair, or for a stem that no
// other workflow of the same card has at full weight ("endpoint", "drop"),
// or for one stem when the whole score is at least kIntentSupport times that
// stem's part (a keyword topic counts as a second stem); or a trigger phrase
// covered by at least kIntentCoverage.
// "the database" or "migration" alone name a topic several workflows share
// and have no intent; "Rename column" and "Create ERD" have. The router
// matches no workflow without intent.
//
// Separately, each trigger phrase (and the name) reports its coverage: the
// share of the phrase's idf mass whose stems occur in the request text,
// counted only when at least two of its stems (or its only one) occur.
//
// Ranking touches only the workflows that share a stem with the request
// (inverted index: stem -> postings). Stems that many workflows share (df >
// FrequentThreshold(), such as "add" across a hundred cards) would touch most
// of them while weighing little, so Rank leaves them out and AddFrequent adds
// them for the few cards the router goes on to consider; they still count
// toward the coverage of phrases that a rarer request stem touches.
//
// Thread-safety: immutable after construction; all methods are safe to call
// concurrently (scratch space is per thread).
#ifndef BATON_ROUTER_WORKFLOW_INDEX_H_
#define BATON_ROUTER_WORKFLOW_INDEX_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"
#include "domains/domain.pb.h"
#include "router/route.pb.h"
#include "router/tokenizer.h"
#include "router/word_table.h"

namespace baton::router {

inline constexpr double kScopeWeight = 0.5;
inline constexpr double kNoteWeight = 0.25;
inline constexpr double kPairWeight = 0.5;
inline constexpr int kPairWindow = 2;
inline constexpr double kFileStemWeight = 0.5;
inline constexpr double kIntentCoverage = 0.5;
inline constexpr double kCoverageWeight = 2.0;
inline constexpr double kIntentSupport = 1.5;
inline constexpr double kTopicWeight = 0.5;
// A stem is frequent when more than max(kMinFrequentDf, workflows / 8)
// workflows have it.
inline constexpr int kMinFrequentDf = 32;
// The stem of the tech-stack class; no word stems to it.
inline constexpr char kTechClass[] = "#tech";

// One word of a request (or a tech class standing for one).
struct QueryToken {
  int id = -1;  // Vocabulary id; -1 for a word no workflow has.
  int begin = 0;
  int end = 0;
  int segment = 0;
  int position = 0;  // Ordinal of the word (see Token::position).
};

// A request split into stems once, then scored against every workflow. The
// views point into the text and files given to Prepare, which must outlive
// it. The index fills its mutable members on first use, so one QueryTerms is
// scored by one thread at a time.
struct QueryTerms {
  absl::string_view text;
  std::vector<QueryToken> tokens;
  struct FileStem {
    int id = -1;
    int file = 0;  // Index into `files`.
  };
  const std::vector<std::string>* files = nullptr;
  std::vector<FileStem> file_stems;
  // Filled by the index on first use: the request's word pairs some
  // workflow has (their postings, summed idf and request span).
  struct Pair {
    const void* postings = nullptr;
    double idf = 0;
    int begin = 0;
    int end = 0;
  };
  mutable std::vector<Pair> pairs;
  mutable bool pairs_found = false;
  // Filled by the index on first use: the index in `tokens` of the first
  // token of each distinct known stem, in text order.
  mutable std::vector<int> distinct;
  mutable bool distinct_found = false;
  // Workflows a matched keyword's category names (see NamedWorkflow).
  struct Topic {
    int workflow = 0;
    double weight = 0;
    int begin = 0;  // The keyword's span in `text`.
    int end = 0;
  };
  std::vector<Topic> topics;
};

// One workflow's standing against a request.
struct WorkflowRank {
  int workflow = 0;  // Global index (see WorkflowIndex::global_id).
  double score = 0;
  bool intent = false;
  // The best-covered phrase (or the name), 0..1, its text, and the request
  // span from its first to its last covered word (-1 when none).
  double coverage = 0;
  int covered_source = -1;
  int covered_begin = -1;
  int covered_end = -1;
  // What `intent` is decided from (see the top of this file).
  bool strong = false;    // A full-weight pair or card-unique stem matched.
  int full_stems = 0;     // Distinct full-weight stems (and topics).
  double full_mass = 0;   // Their weight (without topics).
};

class WorkflowIndex {
 public:
  explicit WorkflowIndex(const domains::DomainCatalog& catalog);

  // Splits the request as Tokenize would, resolving each word through a
  // table of the words the cards use (one hash lookup for most words).
  QueryTerms Prepare(absl::string_view text,
                     const std::vector<std::string>& files) const;
  // The same into *query (reset first), reusing its memory.
  void Prepare(absl::string_view text, const std::vector<std::string>& files,
               QueryTerms* query) const;

  // Every workflow with any evidence in the request (score > 0 or a covered
  // phrase), in no particular order. Without `all_stems`, evidence from
  // frequent stems is left out (see above; AddFrequent).
  std::vector<WorkflowRank> Rank(const QueryTerms& query,
                                 bool all_stems = false) const;
  // The same into *ranks (cleared first), reusing its memory.
  void Rank(const QueryTerms& query, bool all_stems,
            std::vector<WorkflowRank>* ranks) const;

  // Adds the frequent stems' evidence for `card`'s workflows to `ranks` (as
  // returned by Rank without all_stems), adding workflows that had none.
  // Call at most once per card.
  void AddFrequent(const QueryTerms& query, int card,
                   std::vector<WorkflowRank>* ranks) const;

  // The document frequency above which a stem is frequent.
  int FrequentThreshold() const { return frequent_threshold_; }

  // Appends the TRIGGER_PHRASE matches behind workflow `global`'s score:
  // trigger =
  // the phrase, name or note the stem came from; category = the workflow
  // name; begin/end = the request span (-1 for file-path stems, whose
  // matched_text is the file). `rank`, when given, receives the sum of the
  // matches' weights (without the coverage term, intent or coverage, which
  // only Rank computes).
  void Explain(int global, const QueryTerms& query,
               google::protobuf::RepeatedPtrField<TriggerMatch>* matches,
               WorkflowRank* rank = nullptr) const;

  // The workflow of `card` whose name holds every stem of `label` (a keyword
  // category such as "Caching" or "Infrastructure as code"), and the weight
  // its topic evidence gets; workflow -1 when no name, or several, do.
  struct NamedTopic {
    int workflow = -1;
    double weight = 0;
  };
  NamedTopic NamedWorkflow(int card, absl::string_view label) const;

  int global_id(int card, int workflow) const {
    return card_begin_[card] + workflow;
  }
  int card_of(int global) const { return workflows_[global].card; }
  int index_in_card(int global) const { return workflows_[global].index; }
  int workflow_count() const { return static_cast<int>(workflows_.size()); }
  const std::string& source(int id) const { return sources_[id]; }
  // The vocabulary id of `stem`, or -1.
  int StemId(absl::string_view stem) const;

 private:
  struct Posting {
    int workflow = 0;
    float weight = 0;
    int source = 0;
    // Full weight, and no other workflow of the card has the stem at full
    // weight.
    bool sole = false;
  };
  struct WorkflowInfo {
    int card = 0;
    int index = 0;
    std::string name;
    int name_source = 0;
    std::vector<int> name_stems;  // Vocabulary ids.
  };
  struct Phrase {
    int workflow = 0;
    int source = 0;
    int stems = 0;  // Distinct.
    double idf_mass = 0;
  };
  int Intern(const std::string& stem);
  // `tokens` with a kTechClass token after each tech-stack word.
  std::vector<Token> WithClasses(std::vector<Token> tokens) const;
  // The vocabulary id a lowercase request word stands for, or -1; kStop for
  // a stop word.
  int WordId(absl::string_view word) const;
  // Which evidence ForEachEvidence visits.
  struct Filter {
    int only_workflow = -1;  // >= 0: only this workflow's.
    int only_card = -1;      // >= 0: only this card's workflows'.
    // Per stem id: 1 = leave out (skip) / take only these (keep); null:
    // every stem.
    const std::vector<char>* skip = nullptr;
    const std::vector<char>* keep = nullptr;
    bool stems_only = false;  // No pairs, no topics.
  };
  // Calls fn(Evidence) for each piece of evidence the request gives a
  // workflow, as `filter` says.
  template <typename Fn>
  void ForEachEvidence(const QueryTerms& query,
                       const std::vector<int>& distinct, const Filter& filter,
                       Fn fn) const;
  struct Evidence;
  static void Accumulate(const Evidence& e, WorkflowRank* rank);
  static void DecideIntent(WorkflowRank* rank);

  static constexpr int kStop = -2;
  static constexpr int kUnknown = -3;

  absl::flat_hash_set<std::string> tech_stems_;
  int class_id_ = -1;            // Vocabulary id of kTechClass.
  std::vector<char> is_tech_;    // [stem id]
  // Lowercase words the cards use, stop words and synonyms -> WordId.
  WordTable words_;
  WordTable stems_;  // Vocabulary stem -> id (as vocabulary_).
  // A bitset of the PrefixKeys (hashed) of the vocabulary stems: a word
  // whose key is not set cannot stem to a vocabulary stem (stems keep a
  // word's first three letters), so Stem need not run for it.
  static constexpr uint32_t kPrefixBits = 1 << 16;
  std::vector<uint64_t> prefix_bits_;
  std::vector<WorkflowInfo> workflows_;
  std::vector<int> card_begin_;
  std::vector<std::string> sources_;
  absl::flat_hash_map<std::string, int> vocabulary_;
  std::vector<double> idf_;                      // [stem id]
  std::vector<std::vector<Posting>> postings_;   // [stem id]
  absl::flat_hash_map<uint64_t, std::vector<Posting>> pair_postings_;
  std::vector<Phrase> phrases_;
  std::vector<std::vector<int>> phrase_stems_;  // [phrase]: sorted stem ids
  int frequent_threshold_ = 0;
  std::vector<char> frequent_;  // [stem id]
  std::vector<std::vector<int>> phrase_postings_;  // [stem id] -> phrases
};

}  // namespace baton::router

#endif  // BATON_ROUTER_WORKFLOW_INDEX_H_
