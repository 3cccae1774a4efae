// WorkspaceTracker over git (gitops/workspace_snapshot.h): file contents are
// kept as blobs in the repository's object database, so identical content
// is stored once however many checkpoints mention it.
// Thread-safety: one tracker per run; not for concurrent use.
#ifndef BATON_EXECUTOR_GIT_WORKSPACE_TRACKER_H_
#define BATON_EXECUTOR_GIT_WORKSPACE_TRACKER_H_

#include <string>
#include <vector>

#include "executor/workspace_tracker.h"

namespace baton::executor {

class GitWorkspaceTracker : public WorkspaceTracker {
 public:
  // `workspace` is the checkout agents work in. `own_branch`: the run owns
  // the checked-out branch (a worktree), so a restore may move it back.
  // `protected_paths` are never touched (the user's dirty files in place).
  GitWorkspaceTracker(std::string workspace, bool own_branch,
                      std::vector<std::string> protected_paths);

  absl::StatusOr<handoff::WorkspaceSnapshot> Snapshot(
      const std::vector<std::string>& paths) override;
  absl::StatusOr<std::vector<std::string>> Restore(
      const handoff::WorkspaceSnapshot& snapshot) override;

 private:
  std::string workspace_;
  bool own_branch_;
  std::vector<std::string> protected_paths_;
};

}  // namespace baton::executor

#endif  // BATON_EXECUTOR_GIT_WORKSPACE_TRACKER_H_
