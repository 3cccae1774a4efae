// The spec-manager agent. It implements no workflow yet: every request
// fails with "spec-manager is not implemented for workflow <name>"
// (agents/common/agent_main.h).
#include "agents/common/agent_main.h"

int main() {
  const baton::agents::HandlerTable handlers;
  return baton::agents::RunAgentMain("spec-manager", handlers);
}
