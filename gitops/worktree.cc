#include "gitops/worktree.h"

#include <git2.h>

#include <filesystem>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "gitops/internal/git_error.h"
#include "gitops/internal/handles.h"

namespace baton::gitops {
namespace {

using internal::CommitPtr;
using internal::GitStatus;
using internal::ReferencePtr;
using internal::RepositoryPtr;
using WorktreePtr = internal::GitPtr<git_worktree, git_worktree_free>;

}  // namespace

absl::StatusOr<std::string> HeadCommitId(const std::string& repo_path) {
  absl::StatusOr<RepositoryPtr> repo = internal::OpenRepository(repo_path);
  if (!repo.ok()) return repo.status();
  git_oid oid;
  int rc = git_reference_name_to_id(&oid, repo->get(), "HEAD");
  if (rc == GIT_ENOTFOUND || rc == GIT_EUNBORNBRANCH) {
    return absl::NotFoundError(absl::StrCat(repo_path, " has no commit yet"));
  }
  absl::Status status = GitStatus(rc, "cannot resolve HEAD");
  if (!status.ok()) return status;
  char hex[GIT_OID_HEXSZ + 1];
  git_oid_tostr(hex, sizeof(hex), &oid);
  return std::string(hex);
}

absl::Status AddWorktree(const std::string& repo_path, absl::string_view name,
                         const std::string& path, absl::string_view branch) {
  absl::StatusOr<RepositoryPtr> repo = internal::OpenRepository(repo_path);
  if (!repo.ok()) return repo.status();
  git_oid head;
  int rc = git_reference_name_to_id(&head, repo->get(), "HEAD");
  if (rc == GIT_ENOTFOUND || rc == GIT_EUNBORNBRANCH) {
    return absl::FailedPreconditionError(absl::StrCat(
        repo_path, " has no commit yet; commit something first so a run can branch from it"));
  }
  absl::Status status = GitStatus(rc, "cannot resolve HEAD");
  if (!status.ok()) return status;
  git_commit* raw_commit = nullptr;
  status = GitStatus(git_commit_lookup(&raw_commit, repo->get(), &head), "cannot read HEAD");
  if (!status.ok()) return status;
  CommitPtr commit(raw_commit);

  git_reference* raw_branch = nullptr;
  rc = git_branch_create(&raw_branch, repo->get(), std::string(branch).c_str(),
                         commit.get(), /*force=*/0);
  if (rc == GIT_EEXISTS) {
    return absl::AlreadyExistsError(absl::StrCat("branch ", branch, " already exists"));
  }
  status = GitStatus(rc, absl::StrCat("cannot create branch ", branch));
  if (!status.ok()) return status;
  ReferencePtr branch_ref(raw_branch);

  std::error_code error;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), error);
  git_worktree_add_options options = GIT_WORKTREE_ADD_OPTIONS_INIT;
  options.ref = branch_ref.get();
  git_worktree* raw_worktree = nullptr;
  rc = git_worktree_add(&raw_worktree, repo->get(), std::string(name).c_str(),
                        path.c_str(), &options);
  if (rc != 0) {
    status = rc == GIT_EEXISTS
                 ? absl::AlreadyExistsError(absl::StrCat("worktree ", name, " already exists"))
                 : GitStatus(rc, absl::StrCat("cannot add worktree ", name, " at ", path));
    // Made above for this worktree only. Deleting the reference alone (no
    // config section to drop): git_branch_delete's config cleanup leaks in
    // libgit2 1.5 (LeakSanitizer, inside libpcre2).
    git_reference_delete(branch_ref.get());
    return status;
  }
  WorktreePtr worktree(raw_worktree);
  return absl::OkStatus();
}

absl::Status DiscardWorktree(const std::string& repo_path, absl::string_view name,
                             absl::string_view branch) {
  absl::Status removed = RemoveWorktree(repo_path, name);
  if (!removed.ok()) return removed;
  absl::StatusOr<RepositoryPtr> repo = internal::OpenRepository(repo_path);
  if (!repo.ok()) return repo.status();
  git_reference* raw = nullptr;
  int rc = git_branch_lookup(&raw, repo->get(), std::string(branch).c_str(), GIT_BRANCH_LOCAL);
  if (rc == GIT_ENOTFOUND) return absl::OkStatus();
  absl::Status status = GitStatus(rc, absl::StrCat("cannot find branch ", branch));
  if (!status.ok()) return status;
  ReferencePtr reference(raw);
  // git_reference_delete, not git_branch_delete: see AddWorktree.
  return GitStatus(git_reference_delete(reference.get()),
                   absl::StrCat("cannot delete branch ", branch));
}

absl::Status RemoveWorktree(const std::string& repo_path, absl::string_view name) {
  absl::StatusOr<RepositoryPtr> repo = internal::OpenRepository(repo_path);
  if (!repo.ok()) return repo.status();
  // libgit2 1.5's lookup of a missing worktree fails with a generic error,
  // not GIT_ENOTFOUND: ask the list first.
  git_strarray names = {nullptr, 0};
  absl::Status listed = GitStatus(git_worktree_list(&names, repo->get()), "cannot list worktrees");
  if (!listed.ok()) return listed;
  bool exists = false;
  for (size_t i = 0; i < names.count; ++i) exists = exists || name == names.strings[i];
  git_strarray_dispose(&names);
  if (!exists) return absl::OkStatus();
  git_worktree* raw = nullptr;
  int rc = git_worktree_lookup(&raw, repo->get(), std::string(name).c_str());
  if (rc == GIT_ENOTFOUND) return absl::OkStatus();
  absl::Status status = GitStatus(rc, absl::StrCat("cannot find worktree ", name));
  if (!status.ok()) return status;
  WorktreePtr worktree(raw);
  git_worktree_prune_options options = GIT_WORKTREE_PRUNE_OPTIONS_INIT;
  options.flags = GIT_WORKTREE_PRUNE_VALID | GIT_WORKTREE_PRUNE_WORKING_TREE |
                  GIT_WORKTREE_PRUNE_LOCKED;
  return GitStatus(git_worktree_prune(worktree.get(), &options),
                   absl::StrCat("cannot remove worktree ", name));
}

}  // namespace baton::gitops
