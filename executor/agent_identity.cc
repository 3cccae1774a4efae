#include "executor/agent_identity.h"

#include <sys/stat.h>

#include "absl/strings/str_cat.h"

namespace baton::executor {

std::string AgentIdentity(const AgentSpec& agent) {
  const std::string program = agent.argv.empty() ? "" : agent.argv[0];
  struct stat info;
  if (program.empty() || ::stat(program.c_str(), &info) != 0) {
    return absl::StrCat(program, ":missing");
  }
  int64_t mtime_ns = int64_t{info.st_mtim.tv_sec} * 1000000000 + info.st_mtim.tv_nsec;
  return absl::StrCat(program, ":", info.st_size, ":", mtime_ns);
}

std::map<std::string, std::string> WorkflowAgentIdentities(
    const AgentRegistry& registry, const domains::Workflow& workflow) {
  std::map<std::string, std::string> identities;
  for (const domains::ChainStage& stage : workflow.stages()) {
    for (const domains::ChainStep& step : stage.steps()) {
      if (step.kind() != domains::ChainStep::AGENT) continue;
      absl::StatusOr<const AgentSpec*> agent = registry.Find(step.agent());
      if (agent.ok()) identities[step.agent()] = AgentIdentity(**agent);
    }
  }
  return identities;
}

}  // namespace baton::executor
