// The security-auditor agent. It implements no workflow yet: every request
// fails with "security-auditor is not implemented for workflow <name>"
// (agents/common/agent_main.h).
#include "agents/common/agent_main.h"

int main() {
  const baton::agents::HandlerTable handlers;
  return baton::agents::RunAgentMain("security-auditor", handlers);
}
