// Git worktrees for isolated runs: each run works in its own checkout on its
// own branch, so the user's checkout is never touched.
// All through libgit2. Thread-safe: each call opens its own handles.
#ifndef BATON_GITOPS_WORKTREE_H_
#define BATON_GITOPS_WORKTREE_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace baton::gitops {

// Creates branch `branch` at the HEAD commit of `repo` and checks it out in a
// new worktree called `name` at `path` (which must not exist).
// FailedPrecondition when `repo` has no commit yet ("commit something
// first"); AlreadyExists when the branch or worktree exists; other libgit2
// errors as Internal.
absl::Status AddWorktree(const std::string& repo, absl::string_view name,
                         const std::string& path, absl::string_view branch);

// Deletes the worktree `name` (its folder and git's record of it); the
// branch stays. OK when there is no such worktree.
absl::Status RemoveWorktree(const std::string& repo, absl::string_view name);

// Deletes the worktree `name` and the branch `branch`: for a worktree whose
// run never started, so the branch holds nothing but the commit it was
// made at. OK for either when it does not exist.
absl::Status DiscardWorktree(const std::string& repo, absl::string_view name,
                             absl::string_view branch);

// The full id of the commit HEAD points to in the checkout at `repo`
// (a worktree or a main checkout). NotFound when there is none yet.
absl::StatusOr<std::string> HeadCommitId(const std::string& repo);

}  // namespace baton::gitops

#endif  // BATON_GITOPS_WORKTREE_H_
