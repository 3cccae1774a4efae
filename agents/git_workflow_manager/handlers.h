// The git-workflow-manager's handler table: the one place that lists the
// workflows it serves (every workflow of the data card), all handled by
// CommitStep.
// Thread-safe: the table is immutable once built.
#ifndef BATON_AGENTS_GIT_WORKFLOW_MANAGER_HANDLERS_H_
#define BATON_AGENTS_GIT_WORKFLOW_MANAGER_HANDLERS_H_

#include <array>

#include "absl/strings/string_view.h"
#include "agents/common/agent_main.h"

namespace baton::agents::git_workflow_manager {

// The data card's workflow names, as the card writes them.
inline constexpr std::array<absl::string_view, 7> kWorkflows = {
    "Database Schema Design",   "Database Migration", "Query Optimization",
    "ETL Pipeline Development", "Data Migration",     "Cache Implementation",
    "Backup & Recovery",
};

// Workflow name -> CommitStep, for every name in kWorkflows.
const HandlerTable& Handlers();

}  // namespace baton::agents::git_workflow_manager

#endif  // BATON_AGENTS_GIT_WORKFLOW_MANAGER_HANDLERS_H_
