#include "gitops/conventional_message.h"

#include <algorithm>
#include <cstddef>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace baton::gitops {
namespace {

// The data card's workflows and the commit type their work usually is.
const std::map<std::string, std::string, std::less<>>& WorkflowTypes() {
  static const auto* types =
      new std::map<std::string, std::string, std::less<>>{
          {"Backup & Recovery", "feat"},
          {"Cache Implementation", "feat"},
          {"Data Migration", "feat"},
          {"Database Migration", "feat"},
          {"Database Schema Design", "feat"},
          {"ETL Pipeline Development", "feat"},
          {"Query Optimization", "perf"},
      };
  return *types;
}

std::vector<std::string> LowerWords(absl::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    if (absl::ascii_isalnum(static_cast<unsigned char>(c))) {
      word += absl::ascii_tolower(static_cast<unsigned char>(c));
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

bool HasWord(const std::vector<std::string>& words,
             std::initializer_list<absl::string_view> wanted) {
  return std::any_of(words.begin(), words.end(), [&](const std::string& w) {
    return std::find(wanted.begin(), wanted.end(), w) != wanted.end();
  });
}

std::string CommitType(absl::string_view request, absl::string_view workflow) {
  std::vector<std::string> words = LowerWords(request);
  if (HasWord(words, {"fix", "fixes", "fixed", "fixing", "bug", "bugs",
                      "bugfix", "hotfix", "broken", "repair"})) {
    return "fix";
  }
  auto it = WorkflowTypes().find(workflow);
  if (it != WorkflowTypes().end()) return it->second;
  if (HasWord(words, {"optimize", "optimise", "optimization", "optimisation",
                      "slow", "faster", "speed", "performance"})) {
    return "perf";
  }
  return "feat";
}

bool IsDataPath(absl::string_view path) {
  std::string lower = absl::AsciiStrToLower(path);
  return absl::StartsWith(lower, "database/") ||
         absl::StartsWith(lower, "db/") ||
         absl::StartsWith(lower, "migrations/") ||
         absl::StrContains(lower, "/migrations/") ||
         absl::EndsWith(lower, ".sql");
}

// The request's first non-blank line with runs of whitespace collapsed.
std::string FirstLine(absl::string_view text) {
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    std::vector<absl::string_view> words =
        absl::StrSplit(line, absl::ByAnyChar(" \t\r\f\v"), absl::SkipEmpty());
    if (!words.empty()) return absl::StrJoin(words, " ");
  }
  return "";
}

// Lower-cases the first letter unless the first word is an acronym ("ETL").
void LowerFirstLetter(std::string* text) {
  if (text->empty() ||
      !absl::ascii_isupper(static_cast<unsigned char>((*text)[0]))) {
    return;
  }
  if (text->size() > 1 &&
      absl::ascii_isupper(static_cast<unsigned char>((*text)[1]))) {
    return;
  }
  (*text)[0] = absl::ascii_tolower(static_cast<unsigned char>((*text)[0]));
}

// Cuts `text` to at most `limit` bytes, at a space when there is one, and
// never inside a UTF-8 sequence.
std::string Shorten(const std::string& text, size_t limit) {
  if (text.size() <= limit) return text;
  size_t cut = text.rfind(' ', limit);
  if (cut == std::string::npos || cut == 0) {
    cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
      --cut;
  }
  return std::string(absl::StripTrailingAsciiWhitespace(text.substr(0, cut)));
}

}  // namespace

std::string ConventionalMessage(absl::string_view request_text,
                                absl::string_view workflow,
                                const std::vector<std::string>& paths) {
  std::string prefix = CommitType(request_text, workflow);
  if (std::any_of(paths.begin(), paths.end(),
                  [](const std::string& p) { return IsDataPath(p); })) {
    prefix += "(db)";
  }
  prefix += ": ";

  std::string description = FirstLine(request_text);
  while (!description.empty() &&
         (description.back() == '.' || description.back() == ' ')) {
    description.pop_back();
  }
  if (description.empty()) {
    description =
        paths.empty() ? "update files" : absl::StrCat("update ", paths[0]);
  }
  LowerFirstLetter(&description);
  description = Shorten(description, kMaxSubjectLength - prefix.size());

  std::string message = prefix + description;
  if (!paths.empty()) {
    absl::StrAppend(&message, "\n\nFiles:");
    for (const std::string& path : paths)
      absl::StrAppend(&message, "\n- ", path);
  }
  return message;
}

}  // namespace baton::gitops
