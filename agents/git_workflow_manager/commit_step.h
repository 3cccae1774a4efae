// The git-workflow-manager's one step: commit what a run produced.
//
// Given the handoff, it refuses while any BLOCKER finding stands, checks that
// every artifact marked commit=true is still exactly what its agent wrote
// (sha256), and commits those files, and only those, on the workspace's
// current branch with a Conventional Commits message and a
// "Baton-Run: <run id>" trailer. A retried or resumed step finds that
// trailer and returns the existing commit instead of committing twice.
// Thread-safe: no shared state; concurrent commits to one repository are
// serialised by git (one of them fails with Unavailable or Aborted).
#ifndef BATON_AGENTS_GIT_WORKFLOW_MANAGER_COMMIT_STEP_H_
#define BATON_AGENTS_GIT_WORKFLOW_MANAGER_COMMIT_STEP_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "executor/handoff.pb.h"

namespace baton::agents::git_workflow_manager {

inline constexpr absl::string_view kAgentName = "git-workflow-manager";
// The trailer that ties a commit to the run that made it.
inline constexpr absl::string_view kRunTrailer = "Baton-Run";

// Commits the handoff's committable artifacts in request.workspace().
// SUCCEEDED result: summary "committed <short id> on <branch>: <subject>
// (N files)" ("already committed ..." when the run's commit existed), and
// `commit` = {message without the trailer, paths, commit_id, branch}.
// Errors (each becomes a FAILED step):
//   FailedPrecondition  BLOCKER findings (all listed); "<path> changed after
//                       <agent> wrote it"; no artifact marked commit=true;
//                       no git author; nothing to commit; the workspace is
//                       not the root of its repository.
//   InvalidArgument     no run_id or workspace; an artifact path that is
//                       absolute or contains `..`.
//   NotFound            the workspace is not inside a git repository.
//   Unavailable         git's index is locked by another process (retry).
absl::StatusOr<handoff::AgentResult> CommitStep(
    const handoff::AgentRequest& request);

}  // namespace baton::agents::git_workflow_manager

#endif  // BATON_AGENTS_GIT_WORKFLOW_MANAGER_COMMIT_STEP_H_
