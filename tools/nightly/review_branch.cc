#include "tools/nightly/review_branch.h"

#include <git2.h>

#include "absl/strings/str_cat.h"

namespace baton::nightly {
namespace {

absl::Status GitError(absl::StatusCode code, absl::string_view what) {
  const git_error* error = git_error_last();
  return absl::Status(code, absl::StrCat(what, ": ", error != nullptr ? error->message : "unknown"));
}

// Keeps libgit2 initialised for the duration of a call.
class LibGit2 {
 public:
  LibGit2() { git_libgit2_init(); }
  ~LibGit2() { git_libgit2_shutdown(); }
};

}  // namespace

std::string ReviewBranchName(absl::string_view date, absl::string_view job) {
  return absl::StrCat("baton/nightly/", date, "/", job);
}

absl::StatusOr<std::string> CreateReviewBranch(const std::string& repo, const std::string& name,
                                               const std::string& commit_id) {
  LibGit2 library;
  git_repository* repository = nullptr;
  if (git_repository_open_ext(&repository, repo.c_str(), 0, nullptr) != 0) {
    return GitError(absl::StatusCode::kNotFound, absl::StrCat("cannot open repository ", repo));
  }
  git_oid oid;
  git_commit* commit = nullptr;
  if (git_oid_fromstr(&oid, commit_id.c_str()) != 0 ||
      git_commit_lookup(&commit, repository, &oid) != 0) {
    absl::Status status =
        GitError(absl::StatusCode::kNotFound, absl::StrCat("no commit ", commit_id, " in ", repo));
    git_repository_free(repository);
    return status;
  }
  absl::StatusOr<std::string> created = absl::InternalError("no branch name left");
  for (int attempt = 1; attempt < 100; ++attempt) {
    const std::string candidate = attempt == 1 ? name : absl::StrCat(name, "-", attempt);
    git_reference* existing = nullptr;
    if (git_branch_lookup(&existing, repository, candidate.c_str(), GIT_BRANCH_LOCAL) == 0) {
      const git_oid* target = git_reference_target(existing);
      const bool same = target != nullptr && git_oid_equal(target, &oid);
      git_reference_free(existing);
      if (same) {
        created = candidate;
        break;
      }
      continue;
    }
    git_reference* branch = nullptr;
    if (git_branch_create(&branch, repository, candidate.c_str(), commit, /*force=*/0) != 0) {
      created = GitError(absl::StatusCode::kInternal,
                         absl::StrCat("cannot create branch ", candidate, " in ", repo));
      break;
    }
    git_reference_free(branch);
    created = candidate;
    break;
  }
  git_commit_free(commit);
  git_repository_free(repository);
  return created;
}

}  // namespace baton::nightly
