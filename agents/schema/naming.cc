#include "agents/schema/naming.h"

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace baton::agents::schema {
namespace {

// singular -> plural for words the rules get wrong.
constexpr std::pair<absl::string_view, absl::string_view> kIrregular[] = {
    {"person", "people"},   {"child", "children"}, {"man", "men"},
    {"woman", "women"},     {"mouse", "mice"},     {"analysis", "analyses"},
    {"status", "statuses"}, {"bus", "buses"},      {"campus", "campuses"},
    {"bonus", "bonuses"},   {"virus", "viruses"},  {"census", "censuses"},
    {"quiz", "quizzes"},    {"leaf", "leaves"},    {"index", "indexes"},
};

constexpr absl::string_view kUncountable[] = {
    "data",      "information", "inventory", "equipment", "metadata",
    "feedback",  "staff",       "media",     "news",      "series",
    "species",   "software",    "audio",     "progress",
};

// Role prefixes before the referenced entity in a *_id column name.
constexpr absl::string_view kRolePrefixes[] = {
    "created_by", "updated_by", "deleted_by", "owner",    "author",
    "assignee",   "assigned",   "buyer",      "seller",   "sender",
    "recipient",  "parent",     "billing",    "shipping", "primary",
    "default",    "home",       "work",       "current",  "last",
};

bool IsUncountable(absl::string_view word) {
  for (absl::string_view u : kUncountable) {
    if (u == word) return true;
  }
  return false;
}

bool IsVowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

}  // namespace

std::string ToSnakeCase(absl::string_view text) {
  std::string out;
  bool pending_separator = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c))) {
      pending_separator = !out.empty();
      continue;
    }
    // camelCase boundary: a capital after a lower-case letter or digit.
    if (absl::ascii_isupper(static_cast<unsigned char>(c)) && i > 0 &&
        (absl::ascii_islower(static_cast<unsigned char>(text[i - 1])) ||
         absl::ascii_isdigit(static_cast<unsigned char>(text[i - 1])))) {
      pending_separator = !out.empty();
    }
    if (pending_separator) out.push_back('_');
    pending_separator = false;
    out.push_back(absl::ascii_tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

std::string PluralizeWord(absl::string_view word) {
  const std::string w = absl::AsciiStrToLower(word);
  if (w.empty() || IsUncountable(w)) return w;
  for (const auto& [singular, plural] : kIrregular) {
    if (w == singular) return std::string(plural);
    if (w == plural) return w;
  }
  if (SingularizeWord(w) != w) return w;  // Already plural.
  if (absl::EndsWith(w, "s") || absl::EndsWith(w, "x") ||
      absl::EndsWith(w, "z") || absl::EndsWith(w, "ch") ||
      absl::EndsWith(w, "sh")) {
    return w + "es";
  }
  if (w.size() > 1 && w.back() == 'y' && !IsVowel(w[w.size() - 2])) {
    return w.substr(0, w.size() - 1) + "ies";
  }
  return w + "s";
}

std::string SingularizeWord(absl::string_view word) {
  const std::string w = absl::AsciiStrToLower(word);
  if (w.empty() || IsUncountable(w)) return w;
  for (const auto& [singular, plural] : kIrregular) {
    if (w == plural) return std::string(singular);
    if (w == singular) return w;
  }
  if (absl::EndsWith(w, "ss") || absl::EndsWith(w, "us") ||
      absl::EndsWith(w, "is") || !absl::EndsWith(w, "s")) {
    return w;
  }
  if (absl::EndsWith(w, "ies") && w.size() > 3) {
    return w.substr(0, w.size() - 3) + "y";
  }
  if (absl::EndsWith(w, "sses") || absl::EndsWith(w, "xes") ||
      absl::EndsWith(w, "zes") || absl::EndsWith(w, "ches") ||
      absl::EndsWith(w, "shes")) {
    return w.substr(0, w.size() - 2);
  }
  return w.substr(0, w.size() - 1);
}

std::string TableNameFor(absl::string_view phrase) {
  std::vector<std::string> words =
      absl::StrSplit(ToSnakeCase(phrase), '_', absl::SkipEmpty());
  if (words.empty()) return "";
  words.back() = PluralizeWord(words.back());
  return absl::StrJoin(words, "_");
}

std::string ForeignKeyColumnFor(absl::string_view table) {
  std::vector<std::string> words =
      absl::StrSplit(ToSnakeCase(table), '_', absl::SkipEmpty());
  if (words.empty()) return "";
  words.back() = SingularizeWord(words.back());
  return absl::StrJoin(words, "_") + "_id";
}

std::vector<std::string> ReferencedTableCandidates(absl::string_view column) {
  const std::string name = ToSnakeCase(column);
  std::vector<std::string> candidates;
  if (!absl::EndsWith(name, "_id") || name.size() <= 3) return candidates;
  const std::string stem = name.substr(0, name.size() - 3);
  std::set<std::string> seen;
  auto add = [&](const std::string& candidate) {
    if (!candidate.empty() && seen.insert(candidate).second) {
      candidates.push_back(candidate);
    }
  };
  add(TableNameFor(stem));
  add(stem);
  for (absl::string_view prefix : kRolePrefixes) {
    const std::string with_separator = std::string(prefix) + "_";
    if (absl::StartsWith(stem, with_separator) &&
        stem.size() > with_separator.size()) {
      const std::string rest = stem.substr(with_separator.size());
      add(TableNameFor(rest));
      add(rest);
    }
  }
  return candidates;
}

}  // namespace baton::agents::schema
