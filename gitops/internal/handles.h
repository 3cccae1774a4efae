// Owning handles for libgit2 objects, one-time library initialisation, and
// opening a repository by its working directory.
// Thread-safe: EnsureLibgit2Initialized() may be called from any thread; a
// handle (like the libgit2 object it owns) must not be shared across threads.
#ifndef BATON_GITOPS_INTERNAL_HANDLES_H_
#define BATON_GITOPS_INTERNAL_HANDLES_H_

#include <git2.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace baton::gitops::internal {

// Calls git_libgit2_init() the first time only; every gitops entry point
// calls this before touching libgit2.
void EnsureLibgit2Initialized();

template <typename T, void (*Free)(T*)>
struct GitDeleter {
  void operator()(T* object) const { Free(object); }
};

template <typename T, void (*Free)(T*)>
using GitPtr = std::unique_ptr<T, GitDeleter<T, Free>>;

using CommitPtr = GitPtr<git_commit, git_commit_free>;
using ConfigPtr = GitPtr<git_config, git_config_free>;
using DiffPtr = GitPtr<git_diff, git_diff_free>;
using IndexPtr = GitPtr<git_index, git_index_free>;
using ObjectPtr = GitPtr<git_object, git_object_free>;
using ReferencePtr = GitPtr<git_reference, git_reference_free>;
// Frees `repo` unless it is the calling thread's RepositorySession's
// (gitops/repository_session.h), which the session frees when it ends.
void ReleaseRepository(git_repository* repo);
using RepositoryPtr = GitPtr<git_repository, ReleaseRepository>;
using RevwalkPtr = GitPtr<git_revwalk, git_revwalk_free>;
using SignaturePtr = GitPtr<git_signature, git_signature_free>;
using StatusListPtr = GitPtr<git_status_list, git_status_list_free>;
using TreePtr = GitPtr<git_tree, git_tree_free>;

// Opens the non-bare repository whose working directory is exactly `path`
// (no search upwards). NotFound "not a git repository: <path>" when there is
// none; FailedPrecondition for a bare repository. Within a RepositorySession
// for `path` on this thread, the session's repository is opened once and
// returned again.
absl::StatusOr<RepositoryPtr> OpenRepository(const std::string& path);

// OpenRepository without the session.
absl::StatusOr<RepositoryPtr> OpenUncached(const std::string& path);

// The calling thread's open RepositorySession (gitops/repository_session.h):
// its path and, once opened, its repository. Null when there is none.
struct SessionState {
  std::string path;
  git_repository* repo = nullptr;
  SessionState* previous = nullptr;  // The activation this one hides.
};
SessionState* CurrentSession();
void SetCurrentSession(SessionState* session);

// The working directory of `repo` without a trailing slash.
// REQUIRES: `repo` is not bare.
std::string Workdir(git_repository* repo);

}  // namespace baton::gitops::internal

#endif  // BATON_GITOPS_INTERNAL_HANDLES_H_
