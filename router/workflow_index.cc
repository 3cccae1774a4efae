#include "router/workflow_index.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "router/lexicon.h"

namespace baton::router {
namespace {

uint64_t PairKey(int a, int b) {
  return (static_cast<uint64_t>(static_cast<uint32_t>(a)) << 32) |
         static_cast<uint32_t>(b);
}

// Calls fn(i, j) for each pair of tokens that may form an intent pair: j's
// word 1..kPairWindow words after i's, in the same clause.
template <typename T, typename Fn>
void ForEachPair(const std::vector<T>& tokens, Fn fn) {
  for (size_t i = 0; i < tokens.size(); ++i) {
    for (size_t j = i + 1;
         j < tokens.size() &&
         tokens[j].position <= tokens[i].position + kPairWindow;
         ++j) {
      if (tokens[j].segment != tokens[i].segment) break;
      if (tokens[j].position == tokens[i].position) continue;
      fn(i, j);
    }
  }
}

// The byte offset of the first preposition in `phrase` (where the scope of a
// phrase such as "Add new column to users table" begins), or its size.
int ScopeStart(absl::string_view phrase) {
  static const auto* const kPrepositions = new absl::flat_hash_set<std::string>{
      "across", "at",     "between", "by",  "for",  "from",
      "in",     "inside", "into",    "of",  "on",   "onto",
      "over",   "to",     "under",   "via", "with", "within"};
  size_t i = 0;
  while (i < phrase.size()) {
    while (i < phrase.size() && !absl::ascii_isalpha(phrase[i])) ++i;
    const size_t begin = i;
    while (i < phrase.size() && absl::ascii_isalpha(phrase[i])) ++i;
    if (i > begin && kPrepositions->contains(absl::AsciiStrToLower(
                         phrase.substr(begin, i - begin)))) {
      return static_cast<int>(begin);
    }
  }
  return static_cast<int>(phrase.size());
}

// The first three bytes of `word` (fewer when shorter) and its length up to
// 3: equal for a word and its stem (Stem never cuts into the first three
// letters, and keeps shorter words whole).
uint32_t PrefixKey(absl::string_view word) {
  uint32_t key = static_cast<uint32_t>(std::min<size_t>(word.size(), 3)) << 24;
  for (size_t i = 0; i < word.size() && i < 3; ++i) {
    key |= static_cast<uint32_t>(static_cast<unsigned char>(word[i]))
           << (8 * i);
  }
  return key;
}

// A set of small integers that empties in O(1).
class MarkSet {
 public:
  void Reset(size_t size) {
    if (marks_.size() < size) marks_.resize(size, 0);
    if (++epoch_ == 0) {  // Wrapped: clear for real.
      std::fill(marks_.begin(), marks_.end(), 0);
      epoch_ = 1;
    }
  }
  // True when `id` was not in the set.
  bool Insert(int id) {
    if (marks_[id] == epoch_) return false;
    marks_[id] = epoch_;
    return true;
  }

 private:
  std::vector<uint32_t> marks_;
  uint32_t epoch_ = 0;
};

// Per-thread working memory of Rank, so that a call allocates little. Every
// slot is -1 between calls.
struct RankScratch {
  struct PhraseAcc {
    double covered = 0;
    int stems = 0;
    int begin = -1;
    int end = -1;
  };
  MarkSet seen;
  std::vector<int> slot;         // workflow -> index into the ranks
  std::vector<int> phrase_slot;  // phrase -> index into accs
  std::vector<int> touched;      // phrases
  std::vector<PhraseAcc> accs;
  std::vector<int> frequent;     // tokens
};

RankScratch& Scratch() {
  thread_local RankScratch scratch;
  return scratch;
}

// query.distinct, found on first use (the query's tokens do not change
// after Prepare).
const std::vector<int>& DistinctTokens(const QueryTerms& query,
                                       size_t vocabulary, MarkSet* seen) {
  if (query.distinct_found) return query.distinct;
  query.distinct_found = true;
  seen->Reset(vocabulary);
  query.distinct.clear();
  for (size_t t = 0; t < query.tokens.size(); ++t) {
    const int id = query.tokens[t].id;
    if (id >= 0 && seen->Insert(id)) {
      query.distinct.push_back(static_cast<int>(t));
    }
  }
  return query.distinct;
}

}  // namespace

struct WorkflowIndex::Evidence {
  enum Kind { kStem, kPair, kFileStem, kTopic };
  Kind kind = kStem;
  bool sole = false;  // See Posting::sole.
  int workflow = 0;
  double weight = 0;
  bool full = false;
  int source = 0;
  int begin = -1;  // Request span; -1 for a file stem.
  int end = -1;
  int file = -1;
};

int WorkflowIndex::Intern(const std::string& stem) {
  auto [it, inserted] =
      vocabulary_.emplace(stem, static_cast<int>(postings_.size()));
  if (inserted) {
    postings_.emplace_back();
    phrase_postings_.emplace_back();
  }
  return it->second;
}

int WorkflowIndex::StemId(absl::string_view stem) const {
  return stems_.Find(stem, -1);
}

std::vector<Token> WorkflowIndex::WithClasses(std::vector<Token> tokens) const {
  std::vector<Token> out;
  out.reserve(tokens.size());
  for (Token& token : tokens) {
    const bool tech = tech_stems_.contains(token.stem);
    out.push_back(std::move(token));
    if (tech) {
      Token klass = out.back();
      klass.stem = kTechClass;
      out.push_back(std::move(klass));
    }
  }
  return out;
}

int WorkflowIndex::WordId(absl::string_view word) const {
  if (const int id = words_.Find(word, kUnknown); id != kUnknown) return id;
  // Not a stop word, nor a synonym, nor a word of the cards.
  const uint32_t key = PrefixKey(word) % (prefix_bits_.size() * 64);
  if ((prefix_bits_[key / 64] >> (key % 64) & 1) == 0) return -1;
  char buffer[64];
  if (word.size() > sizeof(buffer)) return StemId(Stem(word));
  std::memcpy(buffer, word.data(), word.size());
  return StemId(absl::string_view(buffer, StemInPlace(buffer, word.size())));
}

WorkflowIndex::WorkflowIndex(const domains::DomainCatalog& catalog) {
  for (const domains::DomainCard& card : catalog.cards()) {
    for (const std::string& tech : card.triggers().tech_stack()) {
      const std::vector<Token> words = Tokenize(tech);
      if (words.size() == 1) tech_stems_.insert(words[0].stem);
    }
  }
  // Every tech word gets an id, so that a request naming one finds its
  // class even when no workflow names that very tool.
  for (const std::string& stem : tech_stems_) Intern(stem);
  std::vector<int> document_frequency;
  struct Term {
    double weight = 0;
    int source = 0;
  };
  std::vector<std::string> card_words;  // Lowercase words of the card texts.
  for (int c = 0; c < catalog.cards_size(); ++c) {
    card_begin_.push_back(static_cast<int>(workflows_.size()));
    const domains::DomainCard& card = catalog.cards(c);
    for (int w = 0; w < card.workflows_size(); ++w) {
      const domains::Workflow& workflow = card.workflows(w);
      const int global = static_cast<int>(workflows_.size());
      workflows_.push_back(WorkflowInfo{c, w, workflow.name(), 0, {}});
      absl::flat_hash_map<int, Term> stems;
      absl::flat_hash_map<uint64_t, Term> pairs;
      // Words after the first preposition weigh `scope_weight`.
      auto add = [&](const std::string& text, double weight,
                     double scope_weight, bool with_pairs, bool phrase) {
        const int source = static_cast<int>(sources_.size());
        sources_.push_back(text);
        ScanWords(text, [&](absl::string_view word, int, int, int) {
          card_words.emplace_back(word);
        });
        const std::vector<Token> tokens = WithClasses(Tokenize(text));
        const int scope = ScopeStart(text);
        // A class token is never more than scope: it says which kind of
        // thing, not what to do.
        auto weight_of = [&](const Token& token) {
          const double w = token.begin > scope ? scope_weight : weight;
          return token.stem == kTechClass ? std::min(w, kScopeWeight) : w;
        };
        std::vector<int> ids;
        for (const Token& token : tokens) {
          const int id = Intern(token.stem);
          ids.push_back(id);
          Term& term = stems[id];
          if (weight_of(token) > term.weight) {
            term = Term{weight_of(token), source};
          }
        }
        if (with_pairs) {
          ForEachPair(tokens, [&](size_t i, size_t j) {
            const double pair_weight = weight_of(tokens[i]);
            Term& term = pairs[PairKey(ids[i], ids[j])];
            if (pair_weight > term.weight) term = Term{pair_weight, source};
          });
        }
        if (phrase) {
          std::sort(ids.begin(), ids.end());
          ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
          const int p = static_cast<int>(phrases_.size());
          phrases_.push_back(
              Phrase{global, source, static_cast<int>(ids.size()), 0});
          phrase_stems_.push_back(ids);
          for (int id : ids) phrase_postings_[id].push_back(p);
        }
        return ids;
      };
      for (const std::string& phrase : workflow.trigger_phrases()) {
        add(phrase, 1.0, kScopeWeight, /*with_pairs=*/true, /*phrase=*/true);
      }
      workflows_[global].name_source = static_cast<int>(sources_.size());
      workflows_[global].name_stems =
          add(workflow.name(), 1.0, 1.0, /*with_pairs=*/true, /*phrase=*/true);
      for (const domains::ChainStage& stage : workflow.stages()) {
        for (const domains::ChainStep& step : stage.steps()) {
          if (step.kind() == domains::ChainStep::AGENT &&
              !step.note().empty()) {
            add(step.note(), kNoteWeight, kNoteWeight, /*with_pairs=*/false,
                /*phrase=*/false);
          }
        }
      }
      document_frequency.resize(postings_.size(), 0);
      for (const auto& [id, term] : stems) {
        postings_[id].push_back(
            Posting{global, static_cast<float>(term.weight), term.source});
        ++document_frequency[id];
      }
      for (const auto& [key, term] : pairs) {
        pair_postings_[key].push_back(
            Posting{global, static_cast<float>(term.weight), term.source});
      }
    }
  }
  const double total = static_cast<double>(workflows_.size());
  frequent_threshold_ =
      std::max(kMinFrequentDf, static_cast<int>(workflows_.size()) / 8);
  frequent_.assign(postings_.size(), 0);
  document_frequency.resize(postings_.size(), 0);
  for (size_t id = 0; id < postings_.size(); ++id) {
    frequent_[id] = document_frequency[id] > frequent_threshold_;
  }
  idf_.resize(postings_.size());
  for (size_t id = 0; id < idf_.size(); ++id) {
    idf_[id] = std::log(1.0 + total / std::max(1, document_frequency[id]));
  }
  for (size_t id = 0; id < phrase_postings_.size(); ++id) {
    for (int p : phrase_postings_[id]) phrases_[p].idf_mass += idf_[id];
  }
  // Postings in workflow order (so a card's are adjacent), then which are
  // the card's only full-weight posting of their stem.
  for (auto& list : postings_) {
    std::sort(list.begin(), list.end(), [](const Posting& a, const Posting& b) {
      return a.workflow < b.workflow;
    });
    for (size_t i = 0; i < list.size();) {
      const int card = workflows_[list[i].workflow].card;
      size_t j = i;
      int full = 0;
      for (; j < list.size() && workflows_[list[j].workflow].card == card;
           ++j) {
        full += list[j].weight >= 1.0f;
      }
      for (; i < j; ++i) list[i].sole = full == 1 && list[i].weight >= 1.0f;
    }
  }
  prefix_bits_.assign(kPrefixBits / 64, 0);
  for (const auto& [stem, id] : vocabulary_) {
    stems_.Insert(stem, id);
    const uint32_t key = PrefixKey(stem) % kPrefixBits;
    prefix_bits_[key / 64] |= uint64_t{1} << (key % 64);
  }
  class_id_ = StemId(kTechClass);
  is_tech_.assign(postings_.size(), 0);
  for (const std::string& stem : tech_stems_) {
    if (const int id = StemId(stem); id >= 0) is_tech_[id] = 1;
  }
  // The request words Prepare resolves with one lookup.
  for (const std::string& word : card_words) {
    if (words_.Find(word, kUnknown) == kUnknown) {
      words_.Insert(word, StemId(Stem(word)));
    }
  }
  for (const std::string& word : SynonymWords()) {
    words_.Insert(word, StemId(Stem(CanonicalSynonym(word))));
  }
  for (const std::string& word : StopWords()) words_.Insert(word, kStop);
}

QueryTerms WorkflowIndex::Prepare(absl::string_view text,
                                  const std::vector<std::string>& files) const {
  QueryTerms query;
  Prepare(text, files, &query);
  return query;
}

void WorkflowIndex::Prepare(absl::string_view text,
                            const std::vector<std::string>& files,
                            QueryTerms* out) const {
  QueryTerms& query = *out;
  query.text = text;
  query.tokens.clear();
  query.file_stems.clear();
  query.pairs.clear();
  query.pairs_found = false;
  query.distinct.clear();
  query.distinct_found = false;
  query.topics.clear();
  query.tokens.reserve(text.size() / 5 + 4);
  int position = 0;
  ScanWords(text, [&](absl::string_view word, int begin, int end,
                      int segment) {
    const int id = WordId(word);
    if (id == kStop) return;
    query.tokens.push_back(QueryToken{id, begin, end, segment, position});
    if (id >= 0 && is_tech_[id] && class_id_ >= 0) {
      query.tokens.push_back(
          QueryToken{class_id_, begin, end, segment, position});
    }
    ++position;
  });
  query.files = &files;
  for (size_t f = 0; f < files.size(); ++f) {
    // Folders, extensions, dashes and underscores separate words in a path.
    std::string words = files[f];
    for (char& c : words) {
      if (c == '/' || c == '.' || c == '-' || c == '_') c = ' ';
    }
    ScanWords(words, [&](absl::string_view word, int, int, int) {
      const int id = WordId(word);
      if (id >= 0) query.file_stems.push_back({id, static_cast<int>(f)});
    });
  }
}

WorkflowIndex::NamedTopic WorkflowIndex::NamedWorkflow(
    int card, absl::string_view label) const {
  std::vector<int> stems;
  for (const Token& token : Tokenize(label)) {
    const int id = StemId(token.stem);
    if (id < 0) return NamedTopic();  // No workflow has the word at all.
    stems.push_back(id);
  }
  NamedTopic found;
  if (stems.empty()) return found;
  const int first = card_begin_[card];
  const int last = card + 1 < static_cast<int>(card_begin_.size())
                       ? card_begin_[card + 1]
                       : workflow_count();
  for (int w = first; w < last; ++w) {
    const std::vector<int>& name = workflows_[w].name_stems;
    const bool all = std::all_of(stems.begin(), stems.end(), [&](int id) {
      return std::find(name.begin(), name.end(), id) != name.end();
    });
    if (!all) continue;
    if (found.workflow >= 0) return NamedTopic();  // Two names: no topic.
    found.workflow = w;
  }
  if (found.workflow < 0) return found;
  for (int id : stems) found.weight += kTopicWeight * idf_[id];
  return found;
}

template <typename Fn>
void WorkflowIndex::ForEachEvidence(const QueryTerms& query,
                                    const std::vector<int>& distinct,
                                    const Filter& filter, Fn fn) const {
  // The postings to visit: all, or (by binary search, postings being in
  // workflow order) one workflow's or one card's.
  int first_workflow = 0;
  int end_workflow = workflow_count();
  if (filter.only_workflow >= 0) {
    first_workflow = filter.only_workflow;
    end_workflow = filter.only_workflow + 1;
  } else if (filter.only_card >= 0) {
    first_workflow = card_begin_[filter.only_card];
    end_workflow = filter.only_card + 1 < static_cast<int>(card_begin_.size())
                       ? card_begin_[filter.only_card + 1]
                       : workflow_count();
  }
  const bool whole = first_workflow == 0 && end_workflow == workflow_count();
  auto range = [&](const std::vector<Posting>& list) {
    const Posting* begin = list.data();
    const Posting* end = list.data() + list.size();
    if (whole) return std::make_pair(begin, end);
    auto before = [](const Posting& p, int workflow) {
      return p.workflow < workflow;
    };
    return std::make_pair(
        std::lower_bound(begin, end, first_workflow, before),
        std::lower_bound(begin, end, end_workflow, before));
  };
  auto wanted = [&](int id) {
    if (filter.skip != nullptr && (*filter.skip)[id]) return false;
    return filter.keep == nullptr || (*filter.keep)[id];
  };
  for (int t : distinct) {
    const QueryToken& token = query.tokens[t];
    if (!wanted(token.id)) continue;
    const double idf = idf_[token.id];
    const auto [first, last] = range(postings_[token.id]);
    for (const Posting* p = first; p != last; ++p) {
      fn(Evidence{Evidence::kStem, p->sole, p->workflow, idf * p->weight,
                  p->weight >= 1.0f, p->source, token.begin, token.end, -1});
    }
  }
  if (!filter.stems_only) {
    // The request's word pairs that some workflow has, found once per query.
    if (!query.pairs_found) {
      query.pairs_found = true;
      ForEachPair(query.tokens, [&](size_t i, size_t j) {
        const int a = query.tokens[i].id;
        const int b = query.tokens[j].id;
        if (a < 0 || b < 0) return;
        const uint64_t key = PairKey(a, b);
        auto it = pair_postings_.find(key);
        if (it == pair_postings_.end()) return;
        for (const QueryTerms::Pair& pair : query.pairs) {
          if (pair.postings == &it->second) return;  // Seen.
        }
        query.pairs.push_back(QueryTerms::Pair{
            &it->second, idf_[a] + idf_[b], query.tokens[i].begin,
            query.tokens[j].end});
      });
    }
    for (const QueryTerms::Pair& pair : query.pairs) {
      const auto [first, last] =
          range(*static_cast<const std::vector<Posting>*>(pair.postings));
      for (const Posting* p = first; p != last; ++p) {
        fn(Evidence{Evidence::kPair, false, p->workflow,
                    kPairWeight * pair.idf * p->weight, p->weight >= 1.0f,
                    p->source, pair.begin, pair.end, -1});
      }
    }
    std::vector<int> topics_seen;
    for (const QueryTerms::Topic& topic : query.topics) {
      if (topic.workflow < first_workflow || topic.workflow >= end_workflow ||
          std::find(topics_seen.begin(), topics_seen.end(), topic.workflow) !=
              topics_seen.end()) {
        continue;
      }
      topics_seen.push_back(topic.workflow);
      fn(Evidence{Evidence::kTopic, false, topic.workflow, topic.weight, true,
                  workflows_[topic.workflow].name_source, topic.begin,
                  topic.end, -1});
    }
  }
  if (query.file_stems.empty()) return;
  absl::flat_hash_set<int> seen;
  for (const QueryToken& token : query.tokens) seen.insert(token.id);
  for (const QueryTerms::FileStem& stem : query.file_stems) {
    if (!seen.insert(stem.id).second || !wanted(stem.id)) continue;
    const auto [first, last] = range(postings_[stem.id]);
    for (const Posting* p = first; p != last; ++p) {
      fn(Evidence{Evidence::kFileStem, p->sole, p->workflow,
                  kFileStemWeight * idf_[stem.id] * p->weight,
                  p->weight >= 1.0f, p->source, -1, -1, stem.file});
    }
  }
}

void WorkflowIndex::Accumulate(const Evidence& e, WorkflowRank* rank) {
  rank->score += e.weight;
  if (!e.full) return;
  if (e.kind == Evidence::kPair || e.sole) {
    rank->strong = true;
    return;
  }
  ++rank->full_stems;
  // A topic counts as a second word, never as the one that is supported.
  if (e.kind != Evidence::kTopic) rank->full_mass += e.weight;
}

void WorkflowIndex::DecideIntent(WorkflowRank* rank) {
  rank->intent = rank->strong || rank->full_stems >= 2 ||
                 rank->coverage >= kIntentCoverage ||
                 // One shared intent word, well supported by other evidence.
                 (rank->full_mass > 0 &&
                  rank->score >= kIntentSupport * rank->full_mass);
}

std::vector<WorkflowRank> WorkflowIndex::Rank(const QueryTerms& query,
                                              bool all_stems) const {
  std::vector<WorkflowRank> ranks;
  Rank(query, all_stems, &ranks);
  return ranks;
}

void WorkflowIndex::Rank(const QueryTerms& query, bool all_stems,
                         std::vector<WorkflowRank>* out) const {
  RankScratch& s = Scratch();
  if (s.slot.size() < workflows_.size()) s.slot.resize(workflows_.size(), -1);
  if (s.phrase_slot.size() < phrases_.size()) {
    s.phrase_slot.resize(phrases_.size(), -1);
  }
  const std::vector<int>& distinct =
      DistinctTokens(query, postings_.size(), &s.seen);
  std::vector<WorkflowRank>& ranks = *out;
  ranks.clear();
  auto rank_of = [&](int workflow) -> WorkflowRank& {
    int& slot = s.slot[workflow];
    if (slot < 0) {
      slot = static_cast<int>(ranks.size());
      ranks.push_back(WorkflowRank{workflow});
    }
    return ranks[slot];
  };
  Filter filter;
  if (!all_stems) filter.skip = &frequent_;
  ForEachEvidence(query, distinct, filter, [&](const Evidence& e) {
    Accumulate(e, &rank_of(e.workflow));
  });

  // Phrase coverage. Frequent stems do not open phrases (they would open
  // most), but count in the phrases a rarer stem opened.
  s.touched.clear();
  s.accs.clear();
  auto cover = [&](int p, const QueryToken& token) {
    if (s.phrase_slot[p] < 0) {
      s.phrase_slot[p] = static_cast<int>(s.accs.size());
      s.accs.emplace_back();
      s.touched.push_back(p);
    }
    RankScratch::PhraseAcc& acc = s.accs[s.phrase_slot[p]];
    acc.covered += idf_[token.id];
    ++acc.stems;
    if (acc.begin < 0 || token.begin < acc.begin) acc.begin = token.begin;
    acc.end = std::max(acc.end, token.end);
  };
  std::vector<int>& frequent = s.frequent;  // Tokens of frequent stems.
  frequent.clear();
  for (int t : distinct) {
    const QueryToken& token = query.tokens[t];
    if (!all_stems && frequent_[token.id]) {
      frequent.push_back(t);
      continue;
    }
    for (int p : phrase_postings_[token.id]) cover(p, token);
  }
  const size_t opened = s.touched.size();
  for (size_t i = 0; i < opened; ++i) {
    const int p = s.touched[i];
    const std::vector<int>& stems = phrase_stems_[p];
    for (int t : frequent) {
      if (std::binary_search(stems.begin(), stems.end(),
                             query.tokens[t].id)) {
        cover(p, query.tokens[t]);
      }
    }
  }
  for (int p : s.touched) {
    const RankScratch::PhraseAcc& acc = s.accs[s.phrase_slot[p]];
    s.phrase_slot[p] = -1;
    const Phrase& phrase = phrases_[p];
    // One shared word is no phrase match, unless the phrase is one word.
    if (acc.stems < std::min(2, phrase.stems)) continue;
    const double coverage =
        phrase.idf_mass > 0 ? acc.covered / phrase.idf_mass : 0;
    WorkflowRank& rank = rank_of(phrase.workflow);
    if (coverage > rank.coverage) {
      rank.coverage = coverage;
      rank.covered_source = phrase.source;
      rank.covered_begin = acc.begin;
      rank.covered_end = acc.end;
    }
  }
  for (WorkflowRank& rank : ranks) {
    s.slot[rank.workflow] = -1;
    rank.score += kCoverageWeight * rank.coverage;
    DecideIntent(&rank);
  }
}

void WorkflowIndex::AddFrequent(const QueryTerms& query, int card,
                                std::vector<WorkflowRank>* ranks) const {
  RankScratch& s = Scratch();
  const std::vector<int>& distinct =
      DistinctTokens(query, postings_.size(), &s.seen);
  const int first = card_begin_[card];
  const int end = card + 1 < static_cast<int>(card_begin_.size())
                      ? card_begin_[card + 1]
                      : workflow_count();
  std::vector<int> index(end - first, -1);  // workflow - first -> rank
  for (size_t r = 0; r < ranks->size(); ++r) {
    const int w = (*ranks)[r].workflow;
    if (w >= first && w < end) index[w - first] = static_cast<int>(r);
  }
  Filter filter;
  filter.only_card = card;
  filter.keep = &frequent_;
  filter.stems_only = true;
  ForEachEvidence(query, distinct, filter, [&](const Evidence& e) {
    int& r = index[e.workflow - first];
    if (r < 0) {
      r = static_cast<int>(ranks->size());
      ranks->push_back(WorkflowRank{e.workflow});
    }
    Accumulate(e, &(*ranks)[r]);
  });
  for (int r : index) {
    if (r >= 0) DecideIntent(&(*ranks)[r]);
  }
}

void WorkflowIndex::Explain(
    int global, const QueryTerms& query,
    google::protobuf::RepeatedPtrField<TriggerMatch>* matches,
    WorkflowRank* rank) const {
  WorkflowRank result{global};
  RankScratch& s = Scratch();
  const std::vector<int>& distinct =
      DistinctTokens(query, postings_.size(), &s.seen);
  Filter filter;
  filter.only_workflow = global;
  ForEachEvidence(query, distinct, filter, [&](const Evidence& e) {
    result.score += e.weight;
    TriggerMatch* match = matches->Add();
    match->set_kind(TriggerMatch::TRIGGER_PHRASE);
    match->set_trigger(sources_[e.source]);
    if (e.file >= 0) {
      match->set_matched_text((*query.files)[e.file]);
    } else {
      match->set_matched_text(
          std::string(query.text.substr(e.begin, e.end - e.begin)));
    }
    match->set_begin(e.begin);
    match->set_end(e.end);
    match->set_category(workflows_[global].name);
    match->set_weight(e.weight);
  });
  if (rank != nullptr) *rank = result;
}

}  // namespace baton::router
