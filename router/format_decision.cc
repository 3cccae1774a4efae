// FormatDecision (declared in router/router.h).
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "router/router.h"

namespace baton::router {
namespace {

std::string OutcomeName(RouteDecision::Outcome outcome) {
  switch (outcome) {
    case RouteDecision::MATCHED:
      return "matched";
    case RouteDecision::AMBIGUOUS:
      return "ambiguous";
    case RouteDecision::NO_MATCH:
      return "no match";
    case RouteDecision::OVERRIDDEN:
      return "overridden";
    default:
      return "unspecified";
  }
}

std::string Quoted(absl::string_view text) {
  return absl::StrCat("\"", text, "\"");
}

// `keyword "Postgres"`, `keyword "DB" as "db"`, `file a/b.sql (db/**/*)`.
std::string DomainTrigger(const TriggerMatch& match) {
  switch (match.kind()) {
    case TriggerMatch::FILE_PATTERN:
      return absl::StrCat("file ", match.matched_text(), " (", match.trigger(),
                          ")");
    case TriggerMatch::TRIGGER_PHRASE:
      return absl::StrCat("phrase ", Quoted(match.trigger()));
    default:
      break;
  }
  std::string text = absl::StrCat(
      match.kind() == TriggerMatch::TECH_STACK ? "tech " : "keyword ",
      Quoted(match.trigger()));
  if (absl::AsciiStrToLower(match.trigger()) !=
      absl::AsciiStrToLower(match.matched_text())) {
    absl::StrAppend(&text, " as ", Quoted(match.matched_text()));
  }
  return text;
}

// One entry per distinct trigger, in order of first appearance.
std::string DomainLine(const RouteDecision& decision) {
  std::vector<std::string> parts;
  for (const TriggerMatch& match : decision.domain_matches()) {
    std::string part = DomainTrigger(match);
    if (std::find(parts.begin(), parts.end(), part) == parts.end()) {
      parts.push_back(std::move(part));
    }
  }
  return absl::StrJoin(parts, ", ");
}

// One line per trigger phrase (or name, or note) with the request words it
// matched: `"Add new column to users table" <- "Add", "column"`.
std::vector<std::string> PhraseLines(const RouteDecision& decision) {
  std::vector<std::string> phrases;
  std::vector<std::vector<std::string>> words;
  for (const TriggerMatch& match : decision.workflow_matches()) {
    // Word pairs repeat words already listed.
    if (match.begin() >= 0 &&
        match.matched_text().find_first_of(" \t\n") != std::string::npos) {
      continue;
    }
    auto it = std::find(phrases.begin(), phrases.end(), match.trigger());
    if (it == phrases.end()) {
      phrases.push_back(match.trigger());
      words.emplace_back();
      it = phrases.end() - 1;
    }
    std::vector<std::string>& list = words[it - phrases.begin()];
    std::string shown = match.begin() < 0
                            ? absl::StrCat("file ", match.matched_text())
                            : Quoted(match.matched_text());
    if (std::find(list.begin(), list.end(), shown) == list.end()) {
      list.push_back(std::move(shown));
    }
  }
  std::vector<std::string> lines;
  for (size_t i = 0; i < phrases.size(); ++i) {
    lines.push_back(absl::StrCat("    ", Quoted(phrases[i]), " <- ",
                                 absl::StrJoin(words[i], ", ")));
  }
  return lines;
}

std::string CandidateText(const Candidate& candidate) {
  return absl::StrFormat(
      "%s / %s (%.2f)", candidate.domain(),
      candidate.workflow().empty() ? "(no workflow)" : candidate.workflow(),
      candidate.score());
}

}  // namespace

std::string FormatDecision(const RouteDecision& decision) {
  const RouteDecision::Outcome outcome = decision.outcome();
  const bool routed = outcome == RouteDecision::MATCHED ||
                      outcome == RouteDecision::OVERRIDDEN;
  std::string out;
  if (routed) {
    absl::StrAppend(&out, decision.domain(), " / ", decision.workflow(),
                    absl::StrFormat("  [%s, confidence %.2f]\n",
                                    OutcomeName(outcome),
                                    decision.confidence()));
  } else {
    absl::StrAppend(&out, OutcomeName(outcome));
    if (!decision.domain().empty()) {
      absl::StrAppend(&out, " (domain ", decision.domain(), ")");
    }
    absl::StrAppend(&out, "\n");
  }
  if (!decision.corrections().empty()) {
    std::vector<std::string> read;
    for (const TypoCorrection& typo : decision.corrections()) {
      read.push_back(
          absl::StrCat(Quoted(typo.written()), " as ", Quoted(typo.read_as())));
    }
    absl::StrAppend(&out, "  read ", absl::StrJoin(read, ", "), "\n");
  }
  if (!decision.domain_matches().empty()) {
    absl::StrAppend(&out, absl::StrFormat("  domain %.2f: ",
                                          decision.domain_score()),
                    DomainLine(decision), "\n");
  }
  if (!decision.workflow_matches().empty()) {
    if (decision.workflow().empty()) {
      absl::StrAppend(&out, "  nearest workflow's words:\n");
    } else {
      absl::StrAppend(&out, absl::StrFormat("  workflow %.2f:\n",
                                            decision.workflow_score()));
    }
    for (const std::string& line : PhraseLines(decision)) {
      absl::StrAppend(&out, line, "\n");
    }
  }
  if (routed) {
    if (decision.candidates_size() > 1) {
      absl::StrAppend(&out, "  runner-up: ",
                      CandidateText(decision.candidates(1)), "\n");
    }
  } else if (!decision.candidates().empty()) {
    absl::StrAppend(&out, outcome == RouteDecision::NO_MATCH ? "  closest:"
                                                             : "  candidates:");
    for (int i = 0; i < decision.candidates_size(); ++i) {
      absl::StrAppend(&out, i == 0 ? " " : "; ",
                      CandidateText(decision.candidates(i)));
    }
    absl::StrAppend(&out, "\n");
  }
  if (!decision.collaborators().empty()) {
    absl::StrAppend(&out, "  collaborators: ",
                    absl::StrJoin(decision.collaborators(), ", "), "\n");
  }
  if (!routed) absl::StrAppend(&out, "  why: ", decision.explanation(), "\n");
  return out;
}

}  // namespace baton::router
