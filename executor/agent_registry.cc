#include "executor/agent_registry.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"

namespace baton::executor {

void AgentRegistry::Add(AgentSpec spec) {
  std::string name = spec.name;
  agents_[name] = std::move(spec);
}

absl::StatusOr<const AgentSpec*> AgentRegistry::Find(absl::string_view name) const {
  auto it = agents_.find(name);
  if (it == agents_.end()) {
    return absl::NotFoundError(absl::StrCat(
        "unknown agent \"", name, "\"; known agents: ", absl::StrJoin(Names(), ", ")));
  }
  return &it->second;
}

absl::Status AgentRegistry::CheckWorkflow(const domains::Workflow& workflow) const {
  std::vector<std::string> unknown;
  for (const domains::ChainStage& stage : workflow.stages()) {
    for (const domains::ChainStep& step : stage.steps()) {
      if (step.kind() == domains::ChainStep::AGENT && !agents_.contains(step.agent())) {
        unknown.push_back(step.agent());
      }
    }
  }
  if (unknown.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(
      "workflow \"", workflow.name(), "\" names unknown agent(s) ",
      absl::StrJoin(unknown, ", "), "; known agents: ", absl::StrJoin(Names(), ", ")));
}

std::vector<std::string> AgentRegistry::Names() const {
  std::vector<std::string> names;
  for (const auto& [name, spec] : agents_) names.push_back(name);
  return names;
}

AgentRegistry BuiltinAgentRegistry(const std::string& root) {
  AgentRegistry registry;
  for (const char* name : kBuiltinAgents) {
    AgentSpec spec;
    spec.name = name;
    std::string package = absl::StrReplaceAll(name, {{"-", "_"}});
    spec.argv = {absl::StrCat(root, "/agents/", package, "/", name)};
    spec.source = "built-in";
    registry.Add(std::move(spec));
  }
  return registry;
}

}  // namespace baton::executor
