#include "agents/common/agent_main.h"

#include <unistd.h>

#include <iostream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "executor/digest.h"
#include "executor/protocol_version.h"

namespace baton::agents {

handoff::AgentResult Succeeded(absl::string_view summary) {
  handoff::AgentResult result;
  result.set_protocol_version(executor::kProtocolVersion);
  result.set_outcome(handoff::AgentResult::SUCCEEDED);
  result.set_summary(std::string(summary));
  return result;
}

absl::StatusOr<handoff::Artifact> MakeArtifact(const std::string& workspace,
                                               const std::string& relative_path,
                                               handoff::Artifact::Kind kind,
                                               absl::string_view agent,
                                               absl::string_view description,
                                               bool commit) {
  absl::StatusOr<std::string> digest =
      executor::Sha256File(absl::StrCat(workspace, "/", relative_path));
  if (!digest.ok()) return digest.status();
  handoff::Artifact artifact;
  artifact.set_path(relative_path);
  artifact.set_sha256(*digest);
  artifact.set_kind(kind);
  artifact.set_agent(std::string(agent));
  artifact.set_description(std::string(description));
  artifact.set_commit(commit);
  return artifact;
}

handoff::AgentResult HandleRequest(absl::string_view agent_name,
                                   const HandlerTable& handlers,
                                   const handoff::AgentRequest& request) {
  handoff::AgentResult result;
  const std::string& workflow = request.step().workflow();
  auto it = handlers.find(workflow);
  if (it == handlers.end()) {
    result.set_outcome(handoff::AgentResult::FAILED);
    result.set_error(absl::StrCat(agent_name,
                                  " is not implemented for workflow \"",
                                  workflow, "\""));
  } else {
    absl::StatusOr<handoff::AgentResult> handled = it->second(request);
    if (handled.ok()) {
      result = *std::move(handled);
    } else {
      result.set_outcome(handled.status().code() == absl::StatusCode::kUnavailable
                             ? handoff::AgentResult::TRANSIENT_FAILURE
                             : handoff::AgentResult::FAILED);
      result.set_error(std::string(handled.status().message()));
    }
  }
  result.set_protocol_version(executor::kProtocolVersion);
  return result;
}

int RunAgentMain(absl::string_view agent_name, const HandlerTable& handlers) {
  std::ostringstream input;
  input << std::cin.rdbuf();
  handoff::AgentRequest request;
  if (!request.ParseFromString(input.str())) {
    std::cerr << agent_name
              << ": stdin does not hold a binary baton.handoff.AgentRequest\n";
    return 2;
  }
  if (request.protocol_version() != executor::kProtocolVersion) {
    std::cerr << agent_name << ": handoff protocol version "
              << request.protocol_version() << " is not supported (this agent speaks "
              << executor::kProtocolVersion << ")\n";
    return 2;
  }
  handoff::AgentResult result = HandleRequest(agent_name, handlers, request);
  if (result.outcome() != handoff::AgentResult::SUCCEEDED) {
    std::cerr << agent_name << ": " << result.error() << "\n";
  }
  std::string bytes;
  if (!result.SerializeToString(&bytes)) return 2;
  std::cout.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  std::cout.flush();
  return std::cout ? 0 : 2;
}

}  // namespace baton::agents
