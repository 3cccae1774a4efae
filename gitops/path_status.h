// Per-file git status of a working tree: which files differ from HEAD and
// how. The executor compares two of these (before and after a step) to learn
// which files a command agent created, changed or deleted
// (executor/workspace_changes.h). libgit2 only; no `git` process.
// Thread-safe: each call opens its own repository handle.
#ifndef BATON_GITOPS_PATH_STATUS_H_
#define BATON_GITOPS_PATH_STATUS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace baton::gitops {

// How a working-tree file differs from HEAD (index changes included).
enum class PathState {
  kNew,          // Untracked, or added to the index.
  kModified,
  kDeleted,      // Gone from the working tree (staged or not).
  kTypeChanged,  // E.g. a file replaced by a symlink.
};

// "new", "modified", "deleted", "type changed".
absl::string_view PathStateName(PathState state);

struct PathStatus {
  std::string path;  // Repository-relative, '/'-separated.
  PathState state;
};

// Every path of the working tree at `repo` (the repository's working
// directory) that differs from HEAD or is untracked, sorted by path, files
// inside untracked folders listed one by one. Git-ignored files and paths
// under any of `ignore_prefixes` (e.g. ".baton/") are left out. Renames are
// not paired: a rename is a deletion plus a new file.
// NotFound when `repo` is not a repository's working directory; other
// libgit2 failures as gitops/internal/git_error.h maps them.
absl::StatusOr<std::vector<PathStatus>> ListPathStatus(
    const std::string& repo, const std::vector<std::string>& ignore_prefixes);

}  // namespace baton::gitops

#endif  // BATON_GITOPS_PATH_STATUS_H_
