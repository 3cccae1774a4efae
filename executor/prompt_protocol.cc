#include "executor/prompt_protocol.h"

#include <map>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace baton::executor {
namespace {

std::string StepLine(const handoff::StepRecord& step) {
  std::string who = step.agent().empty() ? "human gate" : step.agent();
  const std::string status_name = handoff::StepStatus_Name(step.status());
  absl::string_view status = status_name;
  absl::ConsumePrefix(&status, "STEP_");
  std::string line = absl::StrCat("- ", step.index() + 1, ". ", who);
  if (!step.note().empty()) absl::StrAppend(&line, " (", step.note(), ")");
  absl::StrAppend(&line, ": ", absl::AsciiStrToLower(status));
  if (!step.summary().empty()) absl::StrAppend(&line, " — ", step.summary());
  if (!step.error().empty()) absl::StrAppend(&line, " — error: ", step.error());
  return line;
}

}  // namespace

std::string RenderPrompt(const handoff::AgentRequest& request) {
  const handoff::Handoff& handoff = request.handoff();
  const handoff::StepSpec& step = request.step();
  std::string prompt;
  absl::StrAppend(&prompt, "# Step ", step.index() + 1, ": ", step.agent(), "\n\n",
                  "You are the `", step.agent(), "` agent in the \"", step.workflow(),
                  "\" workflow of the ", step.domain(), " domain, run by Baton.\n");
  if (!step.note().empty()) absl::StrAppend(&prompt, "Your task in this step: ", step.note(), ".\n");

  absl::StrAppend(&prompt, "\n## Request\n\n", handoff.request().text(), "\n");
  if (!handoff.request().files().empty()) {
    absl::StrAppend(&prompt, "\nFiles named with the request: ",
                    absl::StrJoin(handoff.request().files(), ", "), "\n");
  }

  const router::RouteDecision& route = handoff.route();
  absl::StrAppend(&prompt, "\n## Route\n\n", "Domain `", handoff.domain(), "`, workflow \"",
                  handoff.workflow().name(), "\": ", handoff.workflow().chain_text(), "\n");
  if (!route.explanation().empty()) absl::StrAppend(&prompt, "\n", route.explanation(), "\n");

  absl::StrAppend(&prompt, "\n## Previous steps\n\n");
  int shown = 0;
  const auto& steps = handoff.steps();
  for (int i = 0; i < steps.size(); ++i) {
    // A retried or resumed step has one record per attempt; the last counts.
    bool superseded = false;
    for (int j = i + 1; j < steps.size(); ++j) {
      if (steps[j].index() == steps[i].index()) superseded = true;
    }
    if (superseded) continue;
    absl::StrAppend(&prompt, StepLine(steps[i]), "\n");
    ++shown;
  }
  if (shown == 0) absl::StrAppend(&prompt, "None: this is the first step.\n");

  absl::StrAppend(&prompt, "\n## Open findings\n\n");
  if (handoff.findings().empty()) absl::StrAppend(&prompt, "None.\n");
  for (const handoff::Finding& finding : handoff.findings()) {
    absl::StrAppend(&prompt, "- [", handoff::Finding::Severity_Name(finding.severity()), "] ",
                    finding.rule().empty() ? "" : absl::StrCat(finding.rule(), ": "),
                    finding.message());
    if (!finding.location().empty()) absl::StrAppend(&prompt, " (", finding.location(), ")");
    if (!finding.agent().empty()) absl::StrAppend(&prompt, " — from ", finding.agent());
    if (!finding.fix().empty()) absl::StrAppend(&prompt, "; fix: ", finding.fix());
    absl::StrAppend(&prompt, "\n");
  }

  absl::StrAppend(&prompt, "\n## Artifacts so far\n\n");
  if (handoff.artifacts().empty()) absl::StrAppend(&prompt, "None.\n");
  for (const handoff::Artifact& artifact : handoff.artifacts()) {
    absl::StrAppend(&prompt, "- `", artifact.path(), "` (",
                    absl::AsciiStrToLower(handoff::Artifact::Kind_Name(artifact.kind())),
                    artifact.agent().empty() ? "" : absl::StrCat(", by ", artifact.agent()),
                    artifact.commit() ? ", to be committed" : "", ")");
    if (!artifact.description().empty()) absl::StrAppend(&prompt, ": ", artifact.description());
    absl::StrAppend(&prompt, "\n");
  }
  if (!handoff.facts().empty()) {
    absl::StrAppend(&prompt, "\nFacts left by earlier steps:\n");
    std::map<std::string, std::string> sorted(handoff.facts().begin(), handoff.facts().end());
    for (const auto& [key, value] : sorted) {
      absl::StrAppend(&prompt, "- ", key, " = ", value, "\n");
    }
  }

  if (!handoff.standards().empty()) {
    absl::StrAppend(&prompt, "\n## Standards to keep\n");
    for (const domains::StandardsSection& section : handoff.standards()) {
      absl::StrAppend(&prompt, "\n### ", section.title(), "\n");
      for (const std::string& item : section.items()) absl::StrAppend(&prompt, "- ", item, "\n");
    }
  }

  absl::StrAppend(
      &prompt, "\n## How to answer\n\n",
      "- Your working directory is the workspace `", request.workspace(),
      "`. Create or edit files only inside it; Baton records every file you change "
      "and rejects changes outside it.\n",
      "- Scratch space for anything temporary: `", request.scratch_dir(), "`.\n",
      "- Print your report as markdown on stdout. Its first line is the step's "
      "one-line summary.\n");
  return prompt;
}

std::string ReportSummary(absl::string_view report, size_t max_chars) {
  for (absl::string_view line : absl::StrSplit(report, '\n')) {
    line = absl::StripAsciiWhitespace(line);
    while (absl::ConsumePrefix(&line, "#")) {
    }
    line = absl::StripAsciiWhitespace(line);
    if (line.empty()) continue;
    if (line.size() <= max_chars) return std::string(line);
    size_t cut = max_chars;
    // Do not split a UTF-8 sequence.
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    return absl::StrCat(line.substr(0, cut), "…");
  }
  return "";
}

handoff::Artifact::Kind GuessArtifactKind(absl::string_view path) {
  std::string lower = absl::AsciiStrToLower(path);
  auto ends = [&lower](std::initializer_list<absl::string_view> suffixes) {
    for (absl::string_view suffix : suffixes) {
      if (absl::EndsWith(lower, suffix)) return true;
    }
    return false;
  };
  const bool sql = ends({".sql", ".ddl"});
  if (sql && (absl::StartsWith(lower, "migrations/") ||
              absl::StrContains(lower, "/migrations/"))) {
    return handoff::Artifact::MIGRATION;
  }
  if (sql) return handoff::Artifact::SCHEMA;
  if (ends({".md", ".txt", ".rst"})) return handoff::Artifact::SPEC;
  if (ends({".yaml", ".yml", ".json", ".toml", ".ini", ".textproto"})) {
    return handoff::Artifact::CONFIG;
  }
  if (ends({".mmd", ".puml", ".dot", ".svg"})) return handoff::Artifact::DIAGRAM;
  return handoff::Artifact::CODE;
}

}  // namespace baton::executor
