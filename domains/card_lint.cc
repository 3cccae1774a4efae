#include "domains/card_lint.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "domains/card_loader.h"
#include "domains/domain.pb.h"
#include "re2/re2.h"
#include "router/glob.h"
#include "router/lexicon.h"
#include "router/text_pattern.h"

namespace baton::domains {
namespace {

LintProblem Error(absl::string_view path, int line, std::string message) {
  return LintProblem{std::string(path), line, LintProblem::kError,
                     std::move(message)};
}

LintProblem Warning(absl::string_view path, int line, std::string message) {
  return LintProblem{std::string(path), line, LintProblem::kWarning,
                     std::move(message)};
}

// A loader problem `<path>:<line>: <message>` as a LintProblem.
LintProblem FromStatus(const absl::Status& status, absl::string_view path) {
  absl::string_view message = status.message();
  int line = 0;
  if (absl::ConsumePrefix(&message, path) && absl::ConsumePrefix(&message, ":")) {
    const size_t colon = message.find(':');
    if (colon != absl::string_view::npos &&
        absl::SimpleAtoi(message.substr(0, colon), &line)) {
      message.remove_prefix(colon + 1);
      message = absl::StripLeadingAsciiWhitespace(message);
    }
  }
  return Error(path, line, std::string(message));
}

// The 1-based number of the first line at or after `from_line` that
// contains `needle`, or `fallback`.
int FindLine(absl::string_view text, absl::string_view needle, int from_line,
             int fallback) {
  int line = 1;
  for (absl::string_view l : absl::StrSplit(text, '\n')) {
    if (line >= from_line && absl::StrContains(l, needle)) return line;
    ++line;
  }
  return fallback;
}

std::string Lower(absl::string_view s) { return absl::AsciiStrToLower(s); }

// What separates the words of a term when bucketing terms.
constexpr char kWordBreaks[] = " \t-/._";

// A keyword or tech-stack mention of one card, as the router matches it.
struct Term {
  int card = 0;
  std::string text;  // As written.
  std::string what;  // "keyword" or "tech-stack mention".
  int line = 0;
  std::vector<router::TextPattern> patterns;  // The term, then its aliases.
};

std::vector<Term> CardTerms(const DomainCard& card, absl::string_view text,
                            int index) {
  absl::flat_hash_map<std::string, std::vector<std::string>> card_aliases;
  for (const AliasGroup& group : card.triggers().aliases()) {
    for (const std::string& alias : group.aliases()) {
      card_aliases[Lower(group.term())].push_back(alias);
      card_aliases[Lower(alias)].push_back(group.term());
    }
  }
  std::vector<Term> terms;
  auto add = [&](const std::string& term, absl::string_view what, int line,
                 bool plural) {
    absl::StatusOr<router::TextPattern> own =
        router::MakeTextPattern(term, plural);
    if (!own.ok()) return;
    Term t{index, term, std::string(what), line, {*own}};
    const std::string key = absl::StrJoin(own->words, " ");
    std::vector<std::string> aliases = router::BuiltinAliases(key);
    if (auto it = card_aliases.find(key); it != card_aliases.end()) {
      aliases.insert(aliases.end(), it->second.begin(), it->second.end());
    }
    for (const std::string& alias : aliases) {
      absl::StatusOr<router::TextPattern> pattern =
          router::MakeTextPattern(alias, plural);
      if (pattern.ok()) t.patterns.push_back(*std::move(pattern));
    }
    terms.push_back(std::move(t));
  };
  for (const KeywordGroup& group : card.triggers().keyword_groups()) {
    for (const std::string& keyword : group.keywords()) {
      add(keyword, "keyword", group.location().line(), /*plural=*/true);
    }
  }
  const int tech_heading = FindLine(text, "### Tech Stack Mentions", 1, 1);
  for (const std::string& tech : card.triggers().tech_stack()) {
    add(tech, "tech-stack mention", FindLine(text, tech, tech_heading, 0),
        /*plural=*/false);
  }
  return terms;
}

// True when some pattern of `a` matches inside the written text of `b`.
bool Fires(const Term& a, const Term& b) {
  const std::string lowered = Lower(b.text);
  std::vector<router::Span> spans;
  for (const router::TextPattern& pattern : a.patterns) {
    router::FindTextPattern(pattern, lowered, 1, &spans);
    if (!spans.empty()) return true;
  }
  return false;
}

bool SameTerm(const Term& a, const Term& b) {
  const std::string lowered = Lower(b.text);
  std::vector<router::Span> spans;
  for (const router::TextPattern& pattern : a.patterns) {
    spans.clear();
    router::FindTextPattern(pattern, lowered, 1, &spans);
    if (!spans.empty() && spans[0].begin == 0 &&
        spans[0].end == static_cast<int>(lowered.size())) {
      return true;
    }
  }
  return false;
}

void CheckAgents(const DomainCard& card, absl::string_view text,
                 absl::string_view path, const LintOptions& options,
                 std::vector<LintProblem>* problems) {
  absl::flat_hash_set<std::string> known(options.known_agents.begin(),
                                         options.known_agents.end());
  if (!card.primary_agent().empty()) known.insert(card.primary_agent());
  known.insert(card.secondary_agents().begin(), card.secondary_agents().end());
  known.insert(card.related_agents().begin(), card.related_agents().end());
  std::vector<std::string> listed(known.begin(), known.end());
  std::sort(listed.begin(), listed.end());
  for (const Workflow& workflow : card.workflows()) {
    const int heading = workflow.location().line();
    absl::flat_hash_set<std::string> reported;
    for (const ChainStage& stage : workflow.stages()) {
      for (const ChainStep& step : stage.steps()) {
        if (step.kind() != ChainStep::AGENT || known.contains(step.agent()) ||
            !reported.insert(step.agent()).second) {
          continue;
        }
        problems->push_back(Error(
            path, FindLine(text, step.written_as(), heading + 1, heading),
            absl::StrCat("workflow \"", workflow.name(), "\": unknown agent \"",
                         step.agent(), "\" (known: ",
                         absl::StrJoin(listed, ", "),
                         "; declare it in the front matter's secondary_agents "
                         "or related_agents, or register it)")));
      }
    }
  }
}

void CheckGlobs(const DomainCard& card, absl::string_view text,
                absl::string_view path, std::vector<LintProblem>* problems) {
  const int heading = FindLine(text, "### File Patterns", 1, 1);
  for (const std::string& glob : card.triggers().file_patterns()) {
    const int line =
        FindLine(text, absl::StrCat("`", glob, "`"), heading, heading);
    absl::StatusOr<std::string> regex = router::GlobToRegex(glob);
    if (!regex.ok()) {
      problems->push_back(Error(path, line, std::string(regex.status().message())));
      continue;
    }
    RE2::Options re2_options;
    re2_options.set_log_errors(false);
    RE2 compiled(*regex, re2_options);
    if (!compiled.ok()) {
      problems->push_back(Error(
          path, line,
          absl::StrCat("file pattern `", glob, "`: ", compiled.error())));
    }
  }
}

void CheckDuplicates(const DomainCard& card, absl::string_view text,
                     absl::string_view path,
                     std::vector<LintProblem>* problems) {
  // The same words twice (aliases and inflections of a term are fine to
  // list: "database" and "DB").
  const std::vector<Term> terms = CardTerms(card, text, 0);
  for (size_t i = 0; i < terms.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (terms[i].what == terms[j].what &&
          terms[i].patterns.front().words == terms[j].patterns.front().words) {
        problems->push_back(Warning(
            path, terms[i].line,
            absl::StrCat(terms[i].what, " \"", terms[i].text,
                         "\" is listed twice (also at line ", terms[j].line,
                         "); it counts once")));
        break;
      }
    }
  }
  const Triggers& triggers = card.triggers();
  if (triggers.keyword_groups().empty() && triggers.tech_stack().empty() &&
      triggers.file_patterns().empty() && !card.workflows().empty()) {
    problems->push_back(Warning(
        path, FindLine(text, "## Triggers", 1, 1),
        "the card has no keywords, tech-stack mentions or file patterns; "
        "only its trigger phrases can route requests to it"));
  }
  std::map<std::string, std::string> phrase_owner;  // lowercase -> workflow
  for (const Workflow& workflow : card.workflows()) {
    for (const std::string& phrase : workflow.trigger_phrases()) {
      auto [it, inserted] = phrase_owner.emplace(Lower(phrase), workflow.name());
      if (!inserted && it->second != workflow.name()) {
        problems->push_back(Warning(
            path,
            FindLine(text, absl::StrCat("\"", phrase, "\""),
                     workflow.location().line(), workflow.location().line()),
            absl::StrCat("trigger phrase \"", phrase,
                         "\" also belongs to workflow \"", it->second,
                         "\"; the router cannot tell them apart by it")));
      }
    }
  }
}

bool ProblemLess(const LintProblem& a, const LintProblem& b) {
  if (a.path != b.path) return a.path < b.path;
  return a.line < b.line;
}

}  // namespace

std::string FormatProblem(const LintProblem& problem) {
  return absl::StrCat(problem.path, ":", problem.line, ": ",
                      problem.severity == LintProblem::kError ? "error"
                                                              : "warning",
                      ": ", problem.message);
}

std::vector<LintProblem> LintCard(absl::string_view text,
                                  absl::string_view path,
                                  const LintOptions& options) {
  std::vector<absl::Status> statuses;
  const DomainCard card = ParseCardLenient(text, path, &statuses);
  std::vector<LintProblem> problems;
  for (const absl::Status& status : statuses) {
    problems.push_back(FromStatus(status, path));
  }
  CheckAgents(card, text, path, options, &problems);
  CheckGlobs(card, text, path, &problems);
  CheckDuplicates(card, text, path, &problems);
  std::stable_sort(problems.begin(), problems.end(), ProblemLess);
  return problems;
}

std::vector<LintProblem> LintCards(const std::vector<CardText>& cards,
                                   const LintOptions& options) {
  std::vector<LintProblem> problems;
  std::vector<DomainCard> parsed;
  for (const CardText& card : cards) {
    std::vector<LintProblem> own = LintCard(card.text, card.path, options);
    problems.insert(problems.end(), own.begin(), own.end());
    std::vector<absl::Status> ignored;
    parsed.push_back(ParseCardLenient(card.text, card.path, &ignored));
  }

  std::map<std::string, size_t> domain_owner;
  for (size_t i = 0; i < parsed.size(); ++i) {
    const std::string& domain = parsed[i].domain();
    if (domain.empty()) continue;
    auto [it, inserted] = domain_owner.emplace(domain, i);
    if (!inserted) {
      problems.push_back(Error(
          cards[i].path, FindLine(cards[i].text, "domain:", 1, 1),
          absl::StrCat("domain \"", domain, "\" is already defined by ",
                       cards[it->second].path,
                       " (each card needs its own domain name)")));
    }
  }

  // Shadowing: a term of one card that fires on another card's term. Terms
  // are bucketed by their words' first three letters, so that each is only
  // compared with terms sharing a word start.
  std::vector<Term> terms;
  for (size_t i = 0; i < parsed.size(); ++i) {
    std::vector<Term> own =
        CardTerms(parsed[i], cards[i].text, static_cast<int>(i));
    terms.insert(terms.end(), own.begin(), own.end());
  }
  absl::flat_hash_map<std::string, std::vector<int>> by_prefix;
  for (size_t t = 0; t < terms.size(); ++t) {
    absl::flat_hash_set<std::string> prefixes;
    for (absl::string_view word :
         absl::StrSplit(Lower(terms[t].text), absl::ByAnyChar(kWordBreaks),
                        absl::SkipEmpty())) {
      prefixes.insert(std::string(word.substr(0, 3)));
    }
    for (const std::string& prefix : prefixes) {
      by_prefix[prefix].push_back(static_cast<int>(t));
    }
  }
  for (size_t a = 0; a < terms.size(); ++a) {
    absl::flat_hash_set<int> candidates;
    for (const router::TextPattern& pattern : terms[a].patterns) {
      std::vector<std::string> words = absl::StrSplit(
          pattern.words.front(), absl::ByAnyChar(kWordBreaks), absl::SkipEmpty());
      if (words.empty()) continue;
      auto it = by_prefix.find(words.front().substr(0, 3));
      if (it == by_prefix.end()) continue;
      candidates.insert(it->second.begin(), it->second.end());
    }
    std::vector<int> sorted(candidates.begin(), candidates.end());
    std::sort(sorted.begin(), sorted.end());
    std::vector<std::string> reported;  // Domains already named for `a`.
    for (int b : sorted) {
      const Term& shadowing = terms[a];
      const Term& shadowed = terms[b];
      if (shadowed.card == shadowing.card || !Fires(shadowing, shadowed)) {
        continue;
      }
      const std::string& other = parsed[shadowed.card].domain();
      if (std::find(reported.begin(), reported.end(), other) != reported.end()) {
        continue;
      }
      reported.push_back(other);
      const bool same = SameTerm(shadowing, shadowed);
      problems.push_back(Warning(
          cards[shadowing.card].path, shadowing.line,
          absl::StrCat(shadowing.what, " \"", shadowing.text, "\" ",
                       same ? "is also " : "fires inside ", shadowed.what,
                       " \"", shadowed.text, "\" of domain \"", other, "\" (",
                       cards[shadowed.card].path, ":", shadowed.line,
                       "): requests naming it count for both domains")));
    }
  }
  std::stable_sort(problems.begin(), problems.end(), ProblemLess);
  return problems;
}

absl::StatusOr<std::vector<LintProblem>> LintCardDirectory(
    const std::string& dir, const LintOptions& options) {
  absl::StatusOr<std::vector<std::string>> files = ListCardFiles(dir);
  if (!files.ok()) return files.status();
  std::vector<CardText> cards;
  for (const std::string& path : *files) {
    absl::StatusOr<std::string> text = ReadCardFile(path);
    if (!text.ok()) return text.status();
    cards.push_back(CardText{path, *std::move(text)});
  }
  return LintCards(cards, options);
}

}  // namespace baton::domains
