// Snapshots of a run's files in a checkout, so resume, rewind and fork put
// the files back exactly as they were at a checkpoint.
//
// A snapshot is the HEAD commit plus, for each path the run changed, the
// content as a git blob in the repository's object database (so identical
// content is stored once, whatever the number of checkpoints) or a deletion.
// Restoring makes every path the run touched match the snapshot and reverts
// any other changed path to HEAD — which removes what a step that died
// half-way left behind — while never touching `protected_paths` (the user's
// own uncommitted files when running in place).
// Thread-safety: each call opens its own handles; one writer per checkout.
#ifndef BATON_GITOPS_WORKSPACE_SNAPSHOT_H_
#define BATON_GITOPS_WORKSPACE_SNAPSHOT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace baton::gitops {

struct SnapshotEntry {
  std::string path;     // Repository-relative.
  std::string blob_id;  // Empty when the path is deleted.
  uint32_t mode = 0100644;
};

struct WorkspaceSnapshot {
  std::string head;  // Commit id HEAD pointed to.
  std::vector<SnapshotEntry> entries;
};

// Records `paths` of the checkout at `repo`. A path that does not exist is
// recorded as deleted. InvalidArgument for paths outside the checkout.
absl::StatusOr<WorkspaceSnapshot> TakeSnapshot(const std::string& repo,
                                               const std::vector<std::string>& paths);

struct RestoreOptions {
  // Paths never reverted or overwritten (compared exactly).
  std::vector<std::string> protected_paths;
  // Path prefixes never touched (Baton's own ".baton/").
  std::vector<std::string> ignore_prefixes = {".baton/"};
  // Move the checked-out branch to snapshot.head when HEAD differs (only for
  // a run's own branch). Without it a moved HEAD is FailedPrecondition.
  bool move_head = false;
};

// Makes the checkout match `snapshot` (see the top of this file). Returns the
// paths it changed, sorted. NotFound when a blob is missing from the object
// database (the repository was pruned).
absl::StatusOr<std::vector<std::string>> RestoreSnapshot(const std::string& repo,
                                                         const WorkspaceSnapshot& snapshot,
                                                         const RestoreOptions& options);

}  // namespace baton::gitops

#endif  // BATON_GITOPS_WORKSPACE_SNAPSHOT_H_
