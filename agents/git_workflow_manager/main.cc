// git-workflow-manager: commits a run's artifacts (see commit_step.h).
#include "agents/common/agent_main.h"
#include "agents/git_workflow_manager/commit_step.h"
#include "agents/git_workflow_manager/handlers.h"

int main() {
  namespace gwm = baton::agents::git_workflow_manager;
  return baton::agents::RunAgentMain(gwm::kAgentName, gwm::Handlers());
}
