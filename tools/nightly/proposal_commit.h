// Commits what a nightly run proposes when its chain leaves it uncommitted
// (Query Optimization has no git-workflow-manager): the run's artifacts
// marked for commit, in the run's own worktree, so the commit lands on the
// run's branch (baton/<run-id>), never on the checkout's branch. The same
// rule as the git-workflow-manager: only artifacts whose sha256 still
// matches what the agent reported.
// Thread-safe for distinct workspaces.
#ifndef BATON_TOOLS_NIGHTLY_PROPOSAL_COMMIT_H_
#define BATON_TOOLS_NIGHTLY_PROPOSAL_COMMIT_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "executor/handoff.pb.h"
#include "gitops/committer.h"

namespace baton::nightly {

// Commits `handoff`'s artifacts with commit = true in `workspace`, with a
// conventional message and the trailers Baton-Run: <run id>,
// Baton-Nightly: `tag` and Baton-Proposal: <run id>; returns the earlier
// commit with that Baton-Proposal trailer when there is one (idempotent).
// nullopt when there is nothing to commit.
// FailedPrecondition when an artifact changed since its agent reported it
// (sha256 differs) or is gone; other errors as gitops::CommitPaths.
absl::StatusOr<std::optional<gitops::CommitInfo>> CommitProposal(
    const std::string& workspace, const handoff::Handoff& handoff, const std::string& tag);

}  // namespace baton::nightly

#endif  // BATON_TOOLS_NIGHTLY_PROPOSAL_COMMIT_H_
