// The `prompt` agent protocol, for LLM command-line clients and other tools
// that read text and print text. Baton renders a markdown prompt from the
// step's request; the command's stdout is the step's report. Files the
// command changes in the workspace become artifacts (see
// executor/process_step_runner.h).
// Thread-safety: stateless functions.
#ifndef BATON_EXECUTOR_PROMPT_PROTOCOL_H_
#define BATON_EXECUTOR_PROMPT_PROTOCOL_H_

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"
#include "executor/handoff.pb.h"

namespace baton::executor {

// The prompt for `request`: who the agent is and what the step is (its
// note), the request, the route, the previous steps with their summaries,
// the findings so far, the artifacts so far, the card's quality standards,
// and the rules (work in the workspace, print the report on stdout, its first
// line is the summary).
std::string RenderPrompt(const handoff::AgentRequest& request);

// The step's summary from a report: its first non-blank line, without
// leading markdown heading marks, cut to `max_chars` bytes (an ellipsis
// marks a cut). Empty when the report is blank.
std::string ReportSummary(absl::string_view report, size_t max_chars = 200);

// A best guess of an artifact's kind from its workspace-relative path:
// MIGRATION under a `migrations/` folder, SCHEMA for other .sql/.ddl, SPEC
// for .md/.txt/.rst, CONFIG for .yaml/.yml/.json/.toml/.ini/.textproto,
// DIAGRAM for .mmd/.puml/.dot/.svg, CODE otherwise.
handoff::Artifact::Kind GuessArtifactKind(absl::string_view path);

}  // namespace baton::executor

#endif  // BATON_EXECUTOR_PROMPT_PROTOCOL_H_
