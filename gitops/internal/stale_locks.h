// git lock files left by a Baton process killed while writing to a
// repository (a commit, or the index during a restore).
//
// Before writing, Baton leaves a marker with its pid in the checkout's git
// directory (PendingGitWrite) and removes it afterwards. A later writer that
// finds the marker of a pid that no longer runs knows the index, HEAD and
// branch lock files are that dead process's, and removes them
// (ClearLocksOfAKilledBaton); locks without such a marker, or of a live
// process, are never touched: they belong to a git command that is running.
#ifndef BATON_GITOPS_INTERNAL_STALE_LOCKS_H_
#define BATON_GITOPS_INTERNAL_STALE_LOCKS_H_

#include <git2.h>

#include <string>
#include <vector>

namespace baton::gitops::internal {

class PendingGitWrite {
 public:
  explicit PendingGitWrite(git_repository* repo);
  ~PendingGitWrite();
  PendingGitWrite(const PendingGitWrite&) = delete;
  PendingGitWrite& operator=(const PendingGitWrite&) = delete;

 private:
  std::string marker_;
};

// Returns the lock files it removed.
std::vector<std::string> ClearLocksOfAKilledBaton(git_repository* repo);

}  // namespace baton::gitops::internal

#endif  // BATON_GITOPS_INTERNAL_STALE_LOCKS_H_
