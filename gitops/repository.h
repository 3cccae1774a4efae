// Repository-level git operations Baton needs around a run: making a
// throwaway repository, finding the repository a command runs in, listing
// dirty files, and keeping Baton's own state directory out of git.
// All of it goes through libgit2; no `git` process is started.
// Thread-safe: each call opens its own repository handle. Concurrent writers
// to one repository are serialised by git's lock files (Unavailable).
#ifndef BATON_GITOPS_REPOSITORY_H_
#define BATON_GITOPS_REPOSITORY_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace baton::gitops {

// `git init` at `path` (created with parents if missing) with the initial
// branch `main`, then writes user.name / user.email into the repository's
// local config; an empty name or email is not written (that is how tests make
// a repository without an author). AlreadyExists when `path` already holds a
// repository; other errors from the filesystem or libgit2.
absl::Status InitRepository(const std::string& path,
                            absl::string_view user_name,
                            absl::string_view user_email);

// The working directory (absolute, no trailing slash) of the repository that
// contains `path`, searching upwards. NotFound "not inside a git repository:
// <path> (run baton inside a repository, or git init)"; FailedPrecondition for
// a bare repository.
absl::StatusOr<std::string> FindRepositoryRoot(const std::string& path);

// Repository-relative paths, sorted, that are staged, modified, deleted or
// untracked (git-ignored files are not listed), leaving out those under any
// of `ignore_prefixes` (e.g. ".baton/", which also covers ".baton" itself).
// `repo` is the working directory. NotFound when it is not a repository.
absl::StatusOr<std::vector<std::string>> DirtyPaths(
    const std::string& repo, const std::vector<std::string>& ignore_prefixes);

// The repository's common git directory (where objects and refs live; for a
// linked worktree, the main checkout's .git). NotFound outside a repository.
absl::StatusOr<std::string> GitCommonDir(const std::string& repo);

// Adds `pattern` as a line of the repository's .git/info/exclude unless a
// line already equals it, so git ignores it without touching .gitignore.
// InvalidArgument for an empty or multi-line pattern; NotFound when `repo` is
// not a repository; Internal when the file cannot be written.
absl::Status ExcludeFromGit(const std::string& repo, absl::string_view pattern);

}  // namespace baton::gitops

#endif  // BATON_GITOPS_REPOSITORY_H_
