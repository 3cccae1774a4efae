// WorkspaceTracker over git (gitops/workspace_snapshot.h): file contents are
// kept as blobs in the repository's object database, so identical content
// is stored once however many checkpoints mention it.
// A resume (not exact) refuses, with CheckHead's error, a HEAD that moved
// since the checkpoint unless the run's own commit moved it; rewind and fork
// (exact) move the run's own branch back.
// Thread-safety: one tracker per run; not for concurrent use.
#ifndef BATON_EXECUTOR_GIT_WORKSPACE_TRACKER_H_
#define BATON_EXECUTOR_GIT_WORKSPACE_TRACKER_H_

#include <string>
#include <vector>

#include "executor/workspace_tracker.h"
#include "gitops/repository_session.h"

namespace baton::executor {

class GitWorkspaceTracker : public WorkspaceTracker {
 public:
  // `workspace` is the checkout agents work in. `own_branch`: the run owns
  // the checked-out branch (a worktree), so a restore may move it back.
  // `protected_paths` are never touched (the user's dirty files in place),
  // nor is anything under `ignore_prefixes` besides ".baton/" (a state
  // directory inside the workspace). `run_id` identifies the run's own
  // commit (its Baton-Run trailer).
  GitWorkspaceTracker(std::string workspace, std::string run_id, bool own_branch,
                      std::vector<std::string> protected_paths,
                      std::vector<std::string> ignore_prefixes = {});

  absl::StatusOr<handoff::WorkspaceSnapshot> Snapshot(
      const std::vector<std::string>& paths) override;
  absl::StatusOr<std::vector<std::string>> Restore(
      const handoff::WorkspaceSnapshot& snapshot, bool exact) override;
  absl::Status CheckHead(const handoff::WorkspaceSnapshot& expected) override;
  // gitops::CommitForRun with the run's id (gitops/run_commit.h).
  absl::StatusOr<MadeCommit> Commit(const handoff::CommitPlan& proposal) override;

 private:
  std::string workspace_;
  std::string run_id_;
  bool own_branch_;
  std::vector<std::string> protected_paths_;
  std::vector<std::string> ignore_prefixes_;
  // The repository stays open for the run (gitops/repository_session.h):
  // each method activates it on the calling thread.
  gitops::RepositorySession session_;
  // The HEAD the last CheckHead expected (a commit refused because HEAD moved
  // since is reported against it).
  std::string expected_head_;
};

}  // namespace baton::executor

#endif  // BATON_EXECUTOR_GIT_WORKSPACE_TRACKER_H_
