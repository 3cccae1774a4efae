#include "router/domain_matcher.h"

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "router/glob.h"

namespace baton::router {
namespace {

constexpr absl::string_view kTechStackCategory = "Tech Stack";
constexpr absl::string_view kFilePatternCategory = "File Patterns";

bool IsWordChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_';
}

bool IsVowel(char c) {
  return absl::StrContains("aeiou", absl::ascii_tolower(c));
}

std::string CardName(const domains::DomainCard& card) {
  return card.source_path().empty()
             ? absl::StrCat("domain card \"", card.domain(), "\"")
             : absl::StrCat("domain card \"", card.domain(), "\" (",
                            card.source_path(), ")");
}

// A whole-word, case-insensitive (set by the options) pattern for `phrase`;
// with `plural`, a final letter-word also matches its plural.
absl::StatusOr<std::string> PhraseToRegex(absl::string_view phrase,
                                          bool plural) {
  std::vector<absl::string_view> words =
      absl::StrSplit(phrase, absl::ByAnyChar(" \t\n"), absl::SkipEmpty());
  if (words.empty()) return absl::InvalidArgumentError("is empty");
  std::vector<std::string> quoted;
  for (absl::string_view word : words)
    quoted.push_back(
        RE2::QuoteMeta(re2::StringPiece(word.data(), word.size())));
  const absl::string_view last = words.back();
  if (plural && absl::ascii_isalpha(last.back())) {
    std::string& tail = quoted.back();
    if (last.size() > 2 && absl::ascii_tolower(last.back()) == 'y' &&
        !IsVowel(last[last.size() - 2])) {
      tail.pop_back();
      tail += "(?:y|ies)";  // query, queries
    } else {
      tail += "(?:s|es)?";
    }
  }
  std::string regex = absl::StrJoin(quoted, "\\s+");
  if (IsWordChar(words.front().front())) regex = "\\b" + regex;
  if (IsWordChar(last.back())) regex += "\\b";
  return regex;
}

RE2::Options MatchOptions(bool case_sensitive) {
  RE2::Options options;
  options.set_case_sensitive(case_sensitive);
  options.set_log_errors(false);
  return options;
}

}  // namespace

absl::StatusOr<DomainMatcher> DomainMatcher::Create(
    const domains::DomainCard& card) {
  DomainMatcher matcher;
  const RE2::Options text_options = MatchOptions(/*case_sensitive=*/false);
  auto add_text = [&](TriggerMatch::Kind kind, const std::string& trigger,
                      absl::string_view category,
                      absl::flat_hash_set<std::string>* seen) -> absl::Status {
    const absl::string_view what =
        kind == TriggerMatch::KEYWORD ? "keyword" : "tech-stack mention";
    absl::StatusOr<std::string> regex =
        PhraseToRegex(trigger, /*plural=*/kind == TriggerMatch::KEYWORD);
    std::string error = regex.ok() ? "" : std::string(regex.status().message());
    std::unique_ptr<RE2> re;
    if (regex.ok()) {
      re = std::make_unique<RE2>(*regex, text_options);
      if (!re->ok()) error = re->error();
    }
    if (!error.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(CardName(card), ": ", what,
                                                     " \"", trigger, "\" (",
                                                     category, "): ", error));
    }
    // A keyword listed under two categories is one trigger.
    if (!seen->insert(absl::AsciiStrToLower(trigger)).second) {
      return absl::OkStatus();
    }
    const bool multi_word = absl::StrContains(trigger, ' ');
    double weight = kind == TriggerMatch::TECH_STACK ? kTechStackWeight
                    : multi_word                     ? kMultiWordKeywordWeight
                                                     : kKeywordWeight;
    matcher.text_triggers_.push_back(TextTrigger{
        kind, trigger, std::string(category), weight, std::move(re)});
    return absl::OkStatus();
  };

  absl::flat_hash_set<std::string> keywords_seen;
  absl::flat_hash_set<std::string> tech_seen;
  for (const domains::KeywordGroup& group : card.triggers().keyword_groups()) {
    for (const std::string& keyword : group.keywords()) {
      absl::Status s = add_text(TriggerMatch::KEYWORD, keyword,
                                group.category(), &keywords_seen);
      if (!s.ok()) return s;
    }
  }
  for (const std::string& tech : card.triggers().tech_stack()) {
    absl::Status s = add_text(TriggerMatch::TECH_STACK, tech,
                              kTechStackCategory, &tech_seen);
    if (!s.ok()) return s;
  }
  if (!matcher.text_triggers_.empty()) {
    matcher.text_set_ =
        std::make_unique<RE2::Set>(text_options, RE2::UNANCHORED);
    for (const TextTrigger& trigger : matcher.text_triggers_) {
      std::string error;
      if (matcher.text_set_->Add(trigger.regex->pattern(), &error) < 0) {
        return absl::InvalidArgumentError(absl::StrCat(
            CardName(card), ": \"", trigger.trigger, "\": ", error));
      }
    }
    if (!matcher.text_set_->Compile()) {
      return absl::InvalidArgumentError(
          absl::StrCat(CardName(card), ": text triggers are too large"));
    }
  }

  const RE2::Options file_options = MatchOptions(/*case_sensitive=*/true);
  for (const std::string& glob : card.triggers().file_patterns()) {
    absl::StatusOr<std::string> regex = GlobToRegex(glob);
    if (!regex.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(CardName(card), ": ", regex.status().message()));
    }
    if (!matcher.file_set_) {
      matcher.file_set_ =
          std::make_unique<RE2::Set>(file_options, RE2::UNANCHORED);
    }
    std::string error;
    if (matcher.file_set_->Add(*regex, &error) < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(CardName(card), ": file pattern `", glob, "`: ", error));
    }
    matcher.globs_.push_back(glob);
  }
  if (matcher.file_set_ && !matcher.file_set_->Compile()) {
    return absl::InvalidArgumentError(
        absl::StrCat(CardName(card), ": file patterns are too large"));
  }
  return matcher;
}

DomainMatches DomainMatcher::Match(
    absl::string_view text, const std::vector<std::string>& files) const {
  DomainMatches result;
  std::vector<TriggerMatch> text_matches;
  const re2::StringPiece input(text.data(), text.size());
  std::vector<int> hits;
  if (text_set_ && text_set_->Match(input, &hits)) {
    std::sort(hits.begin(), hits.end());
    for (int index : hits) {
      const TextTrigger& trigger = text_triggers_[index];
      size_t pos = 0;
      re2::StringPiece found;
      while (pos <= text.size() &&
             trigger.regex->Match(input, pos, text.size(), RE2::UNANCHORED,
                                  &found, 1)) {
        const size_t begin = found.data() - text.data();
        const size_t end = begin + found.size();
        TriggerMatch match;
        match.set_kind(trigger.kind);
        match.set_trigger(trigger.trigger);
        match.set_matched_text(std::string(found));
        match.set_begin(static_cast<int>(begin));
        match.set_end(static_cast<int>(end));
        match.set_category(trigger.category);
        match.set_weight(trigger.weight);
        text_matches.push_back(std::move(match));
        pos = end > begin ? end : end + 1;
      }
    }
  }
  // By position; of equal spans the heaviest first, which alone is kept.
  std::sort(text_matches.begin(), text_matches.end(),
            [](const TriggerMatch& a, const TriggerMatch& b) {
              if (a.begin() != b.begin()) return a.begin() < b.begin();
              if (a.end() != b.end()) return a.end() < b.end();
              return a.weight() > b.weight();
            });
  absl::flat_hash_map<std::string, double> trigger_weight;
  for (TriggerMatch& match : text_matches) {
    if (!result.matches.empty() &&
        result.matches.back().begin() == match.begin() &&
        result.matches.back().end() == match.end()) {
      continue;
    }
    double& weight = trigger_weight[absl::AsciiStrToLower(match.trigger())];
    weight = std::max(weight, match.weight());
    result.matches.push_back(std::move(match));
  }
  for (const auto& [trigger, weight] : trigger_weight) result.score += weight;

  if (file_set_) {
    for (const std::string& file : files) {
      absl::string_view path = file;
      while (absl::ConsumePrefix(&path, "./")) {
      }
      hits.clear();
      if (!file_set_->Match(re2::StringPiece(path.data(), path.size()),
                            &hits)) {
        continue;
      }
      std::sort(hits.begin(), hits.end());
      for (int index : hits) {
        TriggerMatch match;
        match.set_kind(TriggerMatch::FILE_PATTERN);
        match.set_trigger(globs_[index]);
        match.set_matched_text(file);
        match.set_begin(-1);
        match.set_end(-1);
        match.set_category(std::string(kFilePatternCategory));
        match.set_weight(kFilePatternWeight);
        result.matches.push_back(std::move(match));
      }
      result.score += kFilePatternWeight;
    }
  }
  return result;
}

}  // namespace baton::router
