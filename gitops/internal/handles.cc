#include "gitops/internal/handles.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gitops/internal/git_error.h"

namespace baton::gitops::internal {

namespace {
thread_local SessionState* current_session = nullptr;
}  // namespace

SessionState* CurrentSession() { return current_session; }
void SetCurrentSession(SessionState* session) { current_session = session; }

void ReleaseRepository(git_repository* repo) {
  for (SessionState* session = current_session; session != nullptr;
       session = session->previous) {
    if (session->repo == repo) return;  // The session frees it.
  }
  git_repository_free(repo);
}

void EnsureLibgit2Initialized() {
  // A function-local static is initialised exactly once, even when several
  // threads arrive together. libgit2 stays initialised for the process.
  static const int kInitialized = git_libgit2_init();
  (void)kInitialized;
}

absl::StatusOr<RepositoryPtr> OpenRepository(const std::string& path) {
  EnsureLibgit2Initialized();
  SessionState* session = CurrentSession();
  while (session != nullptr && session->path != path) session = session->previous;
  if (session != nullptr) {
    if (session->repo == nullptr) {
      absl::StatusOr<RepositoryPtr> opened = OpenUncached(path);
      if (!opened.ok()) return opened.status();
      session->repo = opened->release();
    }
    return RepositoryPtr(session->repo);  // ReleaseRepository leaves it open.
  }
  return OpenUncached(path);
}

absl::StatusOr<RepositoryPtr> OpenUncached(const std::string& path) {
  git_repository* raw = nullptr;
  int rc = git_repository_open_ext(&raw, path.c_str(),
                                   GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr);
  if (rc == GIT_ENOTFOUND) {
    return absl::NotFoundError(absl::StrCat("not a git repository: ", path));
  }
  absl::Status status = GitStatus(rc, absl::StrCat("cannot open ", path));
  if (!status.ok()) return status;
  RepositoryPtr repo(raw);
  if (git_repository_is_bare(repo.get())) {
    return absl::FailedPreconditionError(absl::StrCat(
        path, " is a bare repository; Baton needs a working directory"));
  }
  return repo;
}

std::string Workdir(git_repository* repo) {
  std::string workdir = git_repository_workdir(repo);
  while (workdir.size() > 1 && workdir.back() == '/') workdir.pop_back();
  return workdir;
}

}  // namespace baton::gitops::internal
