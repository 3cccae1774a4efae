// What a run is pinned to about each agent: its program and that program's
// size and modification time, cheap to compute at every start and resume.
#ifndef BATON_EXECUTOR_AGENT_IDENTITY_H_
#define BATON_EXECUTOR_AGENT_IDENTITY_H_

#include <map>
#include <string>

#include "domains/domain.pb.h"
#include "executor/agent_registry.h"

namespace baton::executor {

// "<program>:<size>:<mtime ns>", or "<program>:missing".
std::string AgentIdentity(const AgentSpec& agent);

// Agent name -> identity for every agent step of `workflow` (unknown agents
// are left out; Executor::Start reports them).
std::map<std::string, std::string> WorkflowAgentIdentities(
    const AgentRegistry& registry, const domains::Workflow& workflow);

}  // namespace baton::executor

#endif  // BATON_EXECUTOR_AGENT_IDENTITY_H_
