// Making and reading commits: commit exactly the files a run produced (with
// git trailers such as "Baton-Run: <run id>"), and look commits up again so a
// retried step does not commit twice.
// Everything goes through libgit2; no `git` process is started.
// Thread-safe: each call opens its own repository handle. git's lock files
// and compare-and-swap on HEAD make a concurrent commit fail (Unavailable or
// Aborted) rather than lose work.
#ifndef BATON_GITOPS_COMMITTER_H_
#define BATON_GITOPS_COMMITTER_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace baton::gitops {

struct CommitRequest {
  // The repository's working directory (its root).
  std::string repo;
  // Repository-relative files to commit; a path that no longer exists in the
  // working directory is committed as a deletion.
  std::vector<std::string> paths;
  std::string message;
  // Appended as "Key: value" lines after a blank line (git trailer format).
  std::vector<std::pair<std::string, std::string>> trailers;
};

struct CommitInfo {
  std::string id;  // Full hex object id.
  // The whole message as stored, trailers included.
  std::string message;
  // Repository-relative paths the commit changed, sorted.
  std::vector<std::string> files;
  // The branch HEAD is on ("main"), or "HEAD (detached)".
  std::string branch;
};

// Commits exactly `request.paths` on HEAD (also the first commit of an empty
// repository). Whatever else is modified or staged stays as it was: it is
// neither committed nor unstaged. Afterwards the index holds the committed
// content of `paths`. Author and committer come from the repository's git
// config (local, then global and system).
// Outcomes:
//   InvalidArgument  no paths, a path absolute/with `..`/into .git, a path is
//                    a directory, blank message, malformed trailer.
//   NotFound         `repo` is not a repository, or a path neither exists nor
//                    is tracked.
//   FailedPrecondition  no author configured ("no git author configured for
//                    <repo>: run `git config user.name ...`"), or nothing to
//                    commit (the paths already match HEAD).
//   Unavailable      another git process holds the index lock (retry).
//   Aborted          HEAD moved while committing.
absl::StatusOr<CommitInfo> CommitPaths(const CommitRequest& request);

// The newest commit reachable from HEAD, among the first `max_commits`, with
// a trailer `key: value` (key compared case-insensitively, value exactly);
// nullopt when there is none or the repository has no commits yet.
// NotFound when `repo` is not a repository.
absl::StatusOr<std::optional<CommitInfo>> FindCommitWithTrailer(
    const std::string& repo, absl::string_view key, absl::string_view value,
    int max_commits = 200);

// Describes `commit_id` (any revision git understands: full or abbreviated
// id, "HEAD", a branch): its message, the files it changed against its first
// parent (every file for a root commit), and the branch of HEAD.
// NotFound when there is no such commit; InvalidArgument when an abbreviated
// id is ambiguous.
absl::StatusOr<CommitInfo> DescribeCommit(const std::string& repo,
                                          absl::string_view commit_id);

// The number of commits reachable from HEAD; 0 for a repository without
// commits. NotFound when `repo` is not a repository.
absl::StatusOr<int> CountCommits(const std::string& repo);

}  // namespace baton::gitops

#endif  // BATON_GITOPS_COMMITTER_H_
