// Checks that a path names a file inside a repository's working directory
// (the form Artifact.path and CommitRequest.paths use).
// Thread-safe: a stateless function.
#ifndef BATON_GITOPS_REPO_PATH_H_
#define BATON_GITOPS_REPO_PATH_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace baton::gitops {

// OK for a repository-relative path such as "database/migrations/001.sql".
// InvalidArgument, naming the path, when it is empty, absolute, contains a
// `..`, `.` or empty component, ends with `/`, or points into `.git/`.
absl::Status ValidateRepoPath(absl::string_view path);

}  // namespace baton::gitops

#endif  // BATON_GITOPS_REPO_PATH_H_
