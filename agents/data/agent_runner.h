// Test helper: runs a built agent binary as the executor does (binary
// AgentRequest on stdin, working directory = workspace, AgentResult on
// stdout) and builds the requests and merges between steps, so tests can
// drive a workflow's chain agent by agent. Tests list the agent binaries in
// `data`.
#ifndef BATON_AGENTS_DATA_AGENT_RUNNER_H_
#define BATON_AGENTS_DATA_AGENT_RUNNER_H_

#include <string>

#include "executor/handoff.pb.h"

namespace baton::agents::data {

struct AgentRun {
  int exit_code = -1;
  handoff::AgentResult result;
};

// Runs `binary` (relative to the runfiles root) in `request.workspace()`.
AgentRun RunAgent(const std::string& binary, const handoff::AgentRequest& request);

// A request for step `agent` of `workflow` in the workspace `repo`, with a
// scratch directory beside it.
handoff::AgentRequest MakeRequest(const std::string& repo, const std::string& agent,
                                  const std::string& workflow, const std::string& text);

// What the executor does between steps: the result's artifacts, findings
// and facts merged into `next`'s handoff.
void MergeInto(const handoff::AgentResult& result, handoff::AgentRequest* next);

}  // namespace baton::agents::data

#endif  // BATON_AGENTS_DATA_AGENT_RUNNER_H_
