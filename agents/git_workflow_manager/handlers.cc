#include "agents/git_workflow_manager/handlers.h"

#include <string>

#include "agents/git_workflow_manager/commit_step.h"

namespace baton::agents::git_workflow_manager {

const HandlerTable& Handlers() {
  static const HandlerTable* const table = [] {
    auto* handlers = new HandlerTable;
    for (absl::string_view workflow : kWorkflows) {
      handlers->emplace(std::string(workflow), CommitStep);
    }
    return handlers;
  }();
  return *table;
}

}  // namespace baton::agents::git_workflow_manager
