// The git-workflow-manager's one step: propose the commit of what a run
// produced.
//
// Given the handoff, it refuses while any BLOCKER finding stands, checks that
// every artifact marked commit=true is still exactly what its agent wrote
// (sha256), and proposes those files, and only those, with a Conventional
// Commits message. Baton makes the commit itself (gitops/run_commit.h, in the
// executor's process: no agent writes to .git), on the workspace's current
// branch with a "Baton-Run: <run id>" trailer, once per run.
// Thread-safe: no shared state. Links no libgit2.
#ifndef BATON_AGENTS_GIT_WORKFLOW_MANAGER_COMMIT_STEP_H_
#define BATON_AGENTS_GIT_WORKFLOW_MANAGER_COMMIT_STEP_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "executor/handoff.pb.h"

namespace baton::agents::git_workflow_manager {

inline constexpr absl::string_view kAgentName = "git-workflow-manager";

// Proposes the commit of the handoff's committable artifacts.
// SUCCEEDED result: summary "proposed <subject> (N files)" and `commit` =
// {message without trailers, paths in the order first produced}, no
// commit_id (the executor fills it in when it has committed).
// Errors (each becomes a FAILED step):
//   FailedPrecondition  BLOCKER findings (all listed); "<path> changed after
//                       <agent> wrote it"; no artifact marked commit=true.
//   InvalidArgument     no run_id or workspace; an artifact path that is
//                       absolute or contains `..`.
absl::StatusOr<handoff::AgentResult> CommitStep(
    const handoff::AgentRequest& request);

}  // namespace baton::agents::git_workflow_manager

#endif  // BATON_AGENTS_GIT_WORKFLOW_MANAGER_COMMIT_STEP_H_
