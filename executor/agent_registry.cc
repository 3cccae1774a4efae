#include "executor/agent_registry.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"

namespace baton::executor {

absl::string_view ProtocolName(AgentProtocol protocol) {
  switch (protocol) {
    case AgentProtocol::kProto: return "proto";
    case AgentProtocol::kJson: return "json";
    case AgentProtocol::kPrompt: return "prompt";
  }
  return "proto";
}

std::string DescribeKind(const AgentSpec& spec) {
  if (spec.builtin) return "built-in";
  if (spec.protocol == AgentProtocol::kPrompt) return "prompt";
  return absl::StrCat("command (", ProtocolName(spec.protocol), ")");
}

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

std::vector<std::string> AgentRegistry::UnknownAgents(
    const domains::Workflow& workflow) const {
  std::vector<std::string> unknown;
  for (const domains::ChainStage& stage : workflow.stages()) {
    for (const domains::ChainStep& step : stage.steps()) {
      if (step.kind() == domains::ChainStep::AGENT && !agents_.contains(step.agent()) &&
          std::find(unknown.begin(), unknown.end(), step.agent()) == unknown.end()) {
        unknown.push_back(step.agent());
      }
    }
  }
  return unknown;
}

absl::Status AgentRegistry::CheckWorkflow(const domains::Workflow& workflow) const {
  std::vector<std::string> unknown = UnknownAgents(workflow);
  if (unknown.empty()) return absl::OkStatus();
  std::string where;
  if (!workflow.location().file().empty()) {
    where = absl::StrCat(workflow.location().file(), ":", workflow.location().line(), ": ");
  }
  return absl::InvalidArgumentError(absl::StrCat(
      where, "workflow \"", workflow.name(), "\" names unknown agent(s) ",
      absl::StrJoin(unknown, ", "), "; known agents: ", absl::StrJoin(Names(), ", "),
      " (add it to agents.textproto, or fix the card)"));
}

std::vector<std::string> AgentRegistry::Names() const {
  std::vector<std::string> names;
  for (const auto& [name, spec] : agents_) names.push_back(name);
  return names;
}

void AgentRegistry::ApplyCardTimeouts(const domains::DomainCard& card) {
  for (const auto& [name, seconds] : card.agent_timeout_seconds()) {
    auto it = agents_.find(name);
    if (it != agents_.end() && it->second.source == "built-in") {
      it->second.timeout = absl::Seconds(seconds);
    }
  }
}

AgentRegistry BuiltinAgentRegistry(const std::string& root) {
  AgentRegistry registry;
  for (const char* name : kBuiltinAgents) {
    AgentSpec spec;
    spec.name = name;
    std::string package = absl::StrReplaceAll(name, {{"-", "_"}});
    spec.argv = {absl::StrCat(root, "/agents/", package, "/", name)};
    spec.source = "built-in";
    // Staging (PostgreSQL) and migration source (MySQL) passwords travel
    // here, never in the handoff; the cache check's Redis and node packages
    // (agents/cache/cache_steps.h).
    spec.env_allowlist = {"PGPASSWORD", "MYSQL_PWD", "BATON_REDIS_URL", "BATON_NODE_MODULES",
                          "BATON_NODE"};
    registry.Add(std::move(spec));
  }
  return registry;
}

}  // namespace baton::executor
