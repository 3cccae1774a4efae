#include "router/workflow_scorer.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace baton::router {
namespace {

std::string PairKey(const std::string& a, const std::string& b) {
  return absl::StrCat(a, "\n", b);
}

// Calls fn(i, j) for each pair of tokens that may form an intent pair.
template <typename Fn>
void ForEachPair(const std::vector<Token>& tokens, Fn fn) {
  for (size_t i = 0; i < tokens.size(); ++i) {
    for (size_t j = i + 1; j < tokens.size() && j <= i + kPairWindow; ++j) {
      if (tokens[j].segment != tokens[i].segment) break;
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

}  // namespace

QueryTerms MakeQueryTerms(absl::string_view text,
                          const std::vector<std::string>& files) {
  QueryTerms query;
  query.text = std::string(text);
  query.tokens = Tokenize(text);
  for (const std::string& file : files) {
    // Folders, extensions, dashes and underscores separate words in a path.
    std::string words = file;
    for (char& c : words) {
      if (c == '/' || c == '.' || c == '-' || c == '_') c = ' ';
    }
    for (Token& token : Tokenize(words)) {
      query.file_stems.push_back({std::move(token.stem), file});
    }
  }
  return query;
}

WorkflowScorer::WorkflowScorer(const domains::DomainCatalog& catalog) {
  absl::flat_hash_map<std::string, int> document_frequency;
  int total = 0;
  for (const domains::DomainCard& card : catalog.cards()) {
    std::vector<Document>& documents = documents_.emplace_back();
    for (const domains::Workflow& workflow : card.workflows()) {
      Document& doc = documents.emplace_back();
      doc.workflow = workflow.name();
      // Words after the first preposition weigh `scope_weight`.
      auto add = [&doc](const std::string& text, double weight,
                        double scope_weight) {
        std::vector<Token> tokens = Tokenize(text);
        const int scope = ScopeStart(text);
        auto weight_of = [&](const Token& token) {
          return token.begin > scope ? scope_weight : weight;
        };
        for (const Token& token : tokens) {
          Term& term = doc.stems[token.stem];
          if (weight_of(token) > term.weight) {
            term = Term{weight_of(token), text};
          }
        }
        ForEachPair(tokens, [&](size_t i, size_t j) {
          const double w = std::min(weight_of(tokens[i]), weight_of(tokens[j]));
          Term& term = doc.pairs[PairKey(tokens[i].stem, tokens[j].stem)];
          if (w > term.weight) term = Term{w, text};
        });
      };
      auto add_phrase = [&](const std::string& text, double scope_weight) {
        add(text, 1.0, scope_weight);
        Phrase& phrase = doc.phrases.emplace_back();
        phrase.text = text;
        for (const Token& token : Tokenize(text)) {
          if (std::find(phrase.stems.begin(), phrase.stems.end(), token.stem) ==
              phrase.stems.end()) {
            phrase.stems.push_back(token.stem);
          }
        }
      };
      for (const std::string& phrase : workflow.trigger_phrases()) {
        add_phrase(phrase, kScopeWeight);
      }
      add_phrase(workflow.name(), 1.0);
      for (const domains::ChainStage& stage : workflow.stages()) {
        for (const domains::ChainStep& step : stage.steps()) {
          if (step.kind() == domains::ChainStep::AGENT &&
              !step.note().empty()) {
            add(step.note(), kNoteWeight, kNoteWeight);
          }
        }
      }
      for (const auto& [stem, term] : doc.stems) ++document_frequency[stem];
      ++total;
    }
  }
  for (const auto& [stem, df] : document_frequency) {
    idf_[stem] = std::log(1.0 + static_cast<double>(total) / df);
  }
}

double WorkflowScorer::Idf(const std::string& stem) const {
  auto it = idf_.find(stem);
  return it == idf_.end() ? 0.0 : it->second;
}

WorkflowScore WorkflowScorer::Score(int card, int workflow,
                                    const QueryTerms& query) const {
  const Document& doc = documents_[card][workflow];
  WorkflowScore result;
  auto record = [&](const Term& term, std::string matched_text, int begin,
                    int end, double weight) {
    TriggerMatch& match = result.matches.emplace_back();
    match.set_kind(TriggerMatch::TRIGGER_PHRASE);
    match.set_trigger(term.source);
    match.set_matched_text(std::move(matched_text));
    match.set_begin(begin);
    match.set_end(end);
    match.set_category(doc.workflow);
    match.set_weight(weight);
    result.score += weight;
  };
  const std::vector<Token>& tokens = query.tokens;
  absl::flat_hash_set<std::string> seen;
  for (const Token& token : tokens) {
    if (!seen.insert(token.stem).second) continue;
    auto it = doc.stems.find(token.stem);
    if (it == doc.stems.end()) continue;
    record(it->second, query.text.substr(token.begin, token.end - token.begin),
           token.begin, token.end, Idf(token.stem) * it->second.weight);
    result.intent |= it->second.weight >= 1.0;
  }
  absl::flat_hash_set<std::string> seen_pairs;
  ForEachPair(tokens, [&](size_t i, size_t j) {
    const std::string key = PairKey(tokens[i].stem, tokens[j].stem);
    if (!seen_pairs.insert(key).second) return;
    auto it = doc.pairs.find(key);
    if (it == doc.pairs.end()) return;
    const double weight = kPairWeight *
                          (Idf(tokens[i].stem) + Idf(tokens[j].stem)) *
                          it->second.weight;
    record(it->second,
           query.text.substr(tokens[i].begin, tokens[j].end - tokens[i].begin),
           tokens[i].begin, tokens[j].end, weight);
    result.intent = true;
  });
  for (const QueryTerms::FileStem& file_stem : query.file_stems) {
    if (!seen.insert(file_stem.stem).second) continue;
    auto it = doc.stems.find(file_stem.stem);
    if (it == doc.stems.end()) continue;
    record(it->second, file_stem.file, -1, -1,
           kFileStemWeight * Idf(file_stem.stem) * it->second.weight);
    result.intent |= it->second.weight >= 1.0;
  }
  for (const Phrase& phrase : doc.phrases) {
    double total = 0;
    double covered = 0;
    size_t covered_stems = 0;
    int begin = -1;
    int end = -1;
    for (const std::string& stem : phrase.stems) {
      total += Idf(stem);
      for (const Token& token : tokens) {
        if (token.stem != stem) continue;
        covered += Idf(stem);
        ++covered_stems;
        if (begin < 0 || token.begin < begin) begin = token.begin;
        end = std::max(end, token.end);
        break;
      }
    }
    // One shared word is no phrase match, unless the phrase is one word.
    const size_t needed = std::min<size_t>(2, phrase.stems.size());
    if (covered_stems < needed) continue;
    const double coverage = total > 0 ? covered / total : 0;
    if (coverage > result.coverage) {
      result.coverage = coverage;
      result.covered_phrase = phrase.text;
      result.covered_begin = begin;
      result.covered_end = end;
    }
  }
  return result;
}

}  // namespace baton::router
