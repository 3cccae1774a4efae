// FormatDecision (declared in router/router.h).
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "router/router.h"

namespace baton::router {
namespace {

std::string KindName(TriggerMatch::Kind kind) {
  switch (kind) {
    case TriggerMatch::KEYWORD:
      return "keyword";
    case TriggerMatch::FILE_PATTERN:
      return "file pattern";
    case TriggerMatch::TECH_STACK:
      return "tech stack";
    case TriggerMatch::TRIGGER_PHRASE:
      return "phrase";
    default:
      return "trigger";
  }
}

std::string OutcomeName(RouteDecision::Outcome outcome) {
  switch (outcome) {
    case RouteDecision::MATCHED:
      return "MATCHED";
    case RouteDecision::AMBIGUOUS:
      return "AMBIGUOUS";
    case RouteDecision::NO_MATCH:
      return "NO_MATCH";
    case RouteDecision::OVERRIDDEN:
      return "OVERRIDDEN";
    default:
      return "UNSPECIFIED";
  }
}

// `    keyword "query" [Database] matched "Query" at 0-5 (+1.00)`
std::string MatchLine(const TriggerMatch& match) {
  std::string line = absl::StrCat("    ", KindName(match.kind()), " \"",
                                  match.trigger(), "\"");
  if (match.kind() != TriggerMatch::TRIGGER_PHRASE &&
      !match.category().empty()) {
    absl::StrAppend(&line, " [", match.category(), "]");
  }
  absl::StrAppend(&line, " matched ");
  if (match.begin() >= 0) {
    absl::StrAppend(&line, "\"", match.matched_text(), "\" at ", match.begin(),
                    "-", match.end());
  } else {
    absl::StrAppend(&line, "file ", match.matched_text());
  }
  absl::StrAppend(&line, absl::StrFormat(" (+%.2f)\n", match.weight()));
  return line;
}

std::string CandidateLine(const Candidate& candidate) {
  return absl::StrFormat(
      "%s / %s (score %.2f)", candidate.domain(),
      candidate.workflow().empty() ? "(no workflow)" : candidate.workflow(),
      candidate.score());
}

}  // namespace

std::string FormatDecision(const RouteDecision& decision) {
  std::string out = absl::StrCat("Outcome: ", OutcomeName(decision.outcome()));
  if (decision.outcome() != RouteDecision::NO_MATCH) {
    absl::StrAppend(
        &out, absl::StrFormat(" (confidence %.2f)", decision.confidence()));
  }
  absl::StrAppend(&out, "\n");
  if (!decision.domain().empty()) {
    absl::StrAppend(
        &out, absl::StrFormat("Domain: %s (score %.2f)\n", decision.domain(),
                              decision.domain_score()));
    for (const TriggerMatch& match : decision.domain_matches()) {
      absl::StrAppend(&out, MatchLine(match));
    }
  }
  if (!decision.workflow().empty()) {
    absl::StrAppend(
        &out, absl::StrFormat("Workflow: %s (score %.2f)\n",
                              decision.workflow(), decision.workflow_score()));
  } else if (!decision.workflow_matches().empty()) {
    absl::StrAppend(&out, "Nearest workflow's matches:\n");
  }
  for (const TriggerMatch& match : decision.workflow_matches()) {
    absl::StrAppend(&out, MatchLine(match));
  }
  if (decision.outcome() == RouteDecision::MATCHED ||
      decision.outcome() == RouteDecision::OVERRIDDEN) {
    if (decision.candidates_size() > 1) {
      absl::StrAppend(
          &out, "Runner-up: ", CandidateLine(decision.candidates(1)), "\n");
    }
  } else if (!decision.candidates().empty()) {
    absl::StrAppend(&out, decision.outcome() == RouteDecision::NO_MATCH
                              ? "Closest candidates:\n"
                              : "Candidates:\n");
    for (int i = 0; i < decision.candidates_size(); ++i) {
      absl::StrAppend(&out, "  ", i + 1, ". ",
                      CandidateLine(decision.candidates(i)), "\n");
    }
  }
  if (!decision.collaborators().empty()) {
    absl::StrAppend(&out, "Collaborators: ",
                    absl::StrJoin(decision.collaborators(), ", "), "\n");
  }
  absl::StrAppend(&out, "Why: ", decision.explanation(), "\n");
  return out;
}

}  // namespace baton::router
