#include "executor/git_workspace_tracker.h"

#include <utility>

#include "gitops/workspace_snapshot.h"

namespace baton::executor {

GitWorkspaceTracker::GitWorkspaceTracker(std::string workspace, bool own_branch,
                                         std::vector<std::string> protected_paths)
    : workspace_(std::move(workspace)),
      own_branch_(own_branch),
      protected_paths_(std::move(protected_paths)) {}

absl::StatusOr<handoff::WorkspaceSnapshot> GitWorkspaceTracker::Snapshot(
    const std::vector<std::string>& paths) {
  absl::StatusOr<gitops::WorkspaceSnapshot> taken = gitops::TakeSnapshot(workspace_, paths);
  if (!taken.ok()) return taken.status();
  handoff::WorkspaceSnapshot snapshot;
  snapshot.set_head(taken->head);
  for (const gitops::SnapshotEntry& entry : taken->entries) {
    handoff::WorkspaceSnapshot::Entry* out = snapshot.add_entries();
    out->set_path(entry.path);
    out->set_blob_id(entry.blob_id);
    out->set_mode(entry.mode);
  }
  return snapshot;
}

absl::StatusOr<std::vector<std::string>> GitWorkspaceTracker::Restore(
    const handoff::WorkspaceSnapshot& snapshot) {
  gitops::WorkspaceSnapshot wanted;
  wanted.head = snapshot.head();
  for (const handoff::WorkspaceSnapshot::Entry& entry : snapshot.entries()) {
    wanted.entries.push_back({entry.path(), entry.blob_id(), entry.mode()});
  }
  gitops::RestoreOptions options;
  options.protected_paths = protected_paths_;
  options.move_head = own_branch_;
  return gitops::RestoreSnapshot(workspace_, wanted, options);
}

}  // namespace baton::executor
