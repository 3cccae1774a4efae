// The agent side of the handoff protocol, shared by every built-in agent.
//
// An agent binary's main() is one line:
//   int main() { return baton::agents::RunAgentMain("qa-specialist", kHandlers); }
// RunAgentMain reads one binary AgentRequest from stdin, picks the handler for
// the request's workflow, and writes one binary AgentResult to stdout.
// Diagnostics go to stderr (the executor keeps them in the step's log).
#ifndef BATON_AGENTS_COMMON_AGENT_MAIN_H_
#define BATON_AGENTS_COMMON_AGENT_MAIN_H_

#include <functional>
#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "executor/handoff.pb.h"

namespace baton::agents {

// Does one step's work. A returned error Status becomes a FAILED result whose
// error is the status message (kUnavailable becomes TRANSIENT_FAILURE).
using StepHandler = std::function<absl::StatusOr<handoff::AgentResult>(
    const handoff::AgentRequest&)>;

// Workflow name (as the card writes it, e.g. "Database Migration") -> handler.
using HandlerTable = std::map<std::string, StepHandler>;

// Exit codes: 0 when a result was written (whatever its outcome), 2 when
// stdin held no valid AgentRequest or stdout could not be written.
// A workflow missing from `handlers` yields a FAILED result saying
// "<agent> is not implemented for workflow <name>".
int RunAgentMain(absl::string_view agent_name, const HandlerTable& handlers);

// The result for a request, without any I/O (what RunAgentMain writes).
handoff::AgentResult HandleRequest(absl::string_view agent_name,
                                   const HandlerTable& handlers,
                                   const handoff::AgentRequest& request);

// A SUCCEEDED result with `summary`.
handoff::AgentResult Succeeded(absl::string_view summary);

// Describes a file the agent wrote at `relative_path` inside `workspace`,
// with its sha256. NotFound when the file does not exist.
absl::StatusOr<handoff::Artifact> MakeArtifact(const std::string& workspace,
                                               const std::string& relative_path,
                                               handoff::Artifact::Kind kind,
                                               absl::string_view agent,
                                               absl::string_view description,
                                               bool commit);

}  // namespace baton::agents

#endif  // BATON_AGENTS_COMMON_AGENT_MAIN_H_
