// Keeps a run's files in step with its checkpoints: each checkpoint records
// a snapshot of the files the run produced, and resuming, rewinding or
// forking restores that snapshot first, so a step that died half-way never
// leaves partial files behind for its re-run.
// It also makes the run's commit: an agent (the git-workflow-manager)
// proposes one in its result, and the tracker, in Baton's own process, makes
// it, so agents never need write access to the repository's .git.
// An interface so the executor's loop can run without git in unit tests;
// GitWorkspaceTracker (git_workspace_tracker.h) is the real one.
#ifndef BATON_EXECUTOR_WORKSPACE_TRACKER_H_
#define BATON_EXECUTOR_WORKSPACE_TRACKER_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "executor/handoff.pb.h"
#include "executor/run_state.pb.h"

namespace baton::executor {

class WorkspaceTracker {
 public:
  virtual ~WorkspaceTracker() = default;

  // Records `paths` (workspace-relative) as they are now, plus HEAD.
  virtual absl::StatusOr<handoff::WorkspaceSnapshot> Snapshot(
      const std::vector<std::string>& paths) = 0;

  // Makes the workspace match `snapshot`; returns the paths it changed.
  // `exact` (rewind, fork): HEAD must be the snapshot's too. Otherwise
  // (resume after a crash) a HEAD that moved on by the run's own commit is
  // kept, so an interrupted commit step is not repeated.
  virtual absl::StatusOr<std::vector<std::string>> Restore(
      const handoff::WorkspaceSnapshot& snapshot, bool exact) = 0;

  // OK when HEAD is still `expected.head`, or is the run's own commit.
  // FailedPrecondition naming the expected and the found commit and how to
  // go on when something else moved it (someone committed on the run's
  // branch, or in the checkout of an in-place run): the run must neither
  // commit on top of that nor move the branch back over it.
  virtual absl::Status CheckHead(const handoff::WorkspaceSnapshot& expected) {
    return absl::OkStatus();
  }

  struct MadeCommit {
    // The proposal completed: commit_id, branch, and the paths it changed.
    handoff::CommitPlan commit;
    // True when the run's commit already existed (a retried or resumed step).
    bool already = false;
  };

  // Commits `proposal.paths` with `proposal.message`, once per run: when the
  // run's commit exists, it is returned instead. Errors name the cause and
  // the fix (no git author, nothing to commit, index locked, ...).
  virtual absl::StatusOr<MadeCommit> Commit(const handoff::CommitPlan& proposal) = 0;
};

}  // namespace baton::executor

#endif  // BATON_EXECUTOR_WORKSPACE_TRACKER_H_
