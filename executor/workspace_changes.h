// Which files of a workspace a step created, changed or deleted. Baton takes
// a snapshot before a command agent runs and compares after it: git status
// (gitops/path_status.h) names the candidates, and a fingerprint of each
// candidate's content catches a second edit of a file that was already
// dirty. Git-ignored files and Baton's own `.baton/` folder are not seen.
// Thread-safety: stateless functions; a snapshot is a plain value.
#ifndef BATON_EXECUTOR_WORKSPACE_CHANGES_H_
#define BATON_EXECUTOR_WORKSPACE_CHANGES_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace baton::executor {

struct WorkspaceBaseline {
  std::string workspace;  // Canonical.
  std::string repo_root;  // Canonical working directory of its repository.
  // The workspace relative to repo_root with a trailing '/', or "".
  std::string prefix;
  // Repository-relative path of every dirty file -> content fingerprint.
  std::map<std::string, std::string> dirty;
};

// The state of `workspace` now. FailedPrecondition when it is not inside a
// git repository (the message says changes cannot be seen without one);
// NotFound when it does not exist; libgit2 errors otherwise.
absl::StatusOr<WorkspaceBaseline> TakeWorkspaceBaseline(const std::string& workspace);

struct FileChange {
  // Relative to the workspace; relative to the repository root when
  // outside_workspace.
  std::string path;
  bool outside_workspace = false;
  // The file no longer exists.
  bool deleted = false;
};

// What changed since `before`, sorted by path. Errors as TakeWorkspaceBaseline.
absl::StatusOr<std::vector<FileChange>> ChangesSince(const WorkspaceBaseline& before);

}  // namespace baton::executor

#endif  // BATON_EXECUTOR_WORKSPACE_CHANGES_H_
