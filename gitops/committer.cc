#include "gitops/committer.h"

#include <git2.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <system_error>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gitops/internal/git_error.h"
#include "gitops/internal/torn_index.h"
#include "gitops/internal/handles.h"
#include "gitops/repo_path.h"
#include "gitops/trailers.h"

namespace baton::gitops {
namespace {

using internal::CommitPtr;
using internal::DiffPtr;
using internal::GitStatus;
using internal::IndexPtr;
using internal::ObjectPtr;
using internal::ReferencePtr;
using internal::RepositoryPtr;
using internal::RevwalkPtr;
using internal::SignaturePtr;
using internal::TreePtr;

std::string OidHex(const git_oid& oid) {
  char hex[GIT_OID_HEXSZ + 1];
  git_oid_tostr(hex, sizeof(hex), &oid);
  return hex;
}

// The branch HEAD is on, also while it is still unborn.
absl::StatusOr<std::string> HeadBranch(git_repository* repo) {
  if (git_repository_head_detached(repo) == 1)
    return std::string("HEAD (detached)");
  git_reference* raw = nullptr;
  absl::Status status =
      GitStatus(git_reference_lookup(&raw, repo, "HEAD"), "cannot read HEAD");
  if (!status.ok()) return status;
  ReferencePtr head(raw);
  const char* target = git_reference_symbolic_target(head.get());
  if (target == nullptr) return std::string("HEAD (detached)");
  return std::string(absl::StripPrefix(target, "refs/heads/"));
}

// Files `commit` changed against its first parent (all files of a root
// commit), sorted.
absl::StatusOr<std::vector<std::string>> ChangedFiles(git_repository* repo,
                                                      git_commit* commit) {
  git_tree* raw_tree = nullptr;
  absl::Status status =
      GitStatus(git_commit_tree(&raw_tree, commit), "cannot read commit tree");
  if (!status.ok()) return status;
  TreePtr tree(raw_tree);
  TreePtr parent_tree;
  if (git_commit_parentcount(commit) > 0) {
    git_commit* raw_parent = nullptr;
    status = GitStatus(git_commit_parent(&raw_parent, commit, 0),
                       "cannot read parent commit");
    if (!status.ok()) return status;
    CommitPtr parent(raw_parent);
    git_tree* raw_parent_tree = nullptr;
    status = GitStatus(git_commit_tree(&raw_parent_tree, parent.get()),
                       "cannot read parent tree");
    if (!status.ok()) return status;
    parent_tree.reset(raw_parent_tree);
  }
  git_diff* raw_diff = nullptr;
  status = GitStatus(git_diff_tree_to_tree(&raw_diff, repo, parent_tree.get(),
                                           tree.get(), nullptr),
                     "cannot diff commit against its parent");
  if (!status.ok()) return status;
  DiffPtr diff(raw_diff);
  std::vector<std::string> files;
  size_t count = git_diff_num_deltas(diff.get());
  for (size_t i = 0; i < count; ++i) {
    const git_diff_delta* delta = git_diff_get_delta(diff.get(), i);
    const char* path = delta->new_file.path != nullptr ? delta->new_file.path
                                                       : delta->old_file.path;
    if (path != nullptr) files.emplace_back(path);
  }
  std::sort(files.begin(), files.end());
  return files;
}

// `known_files`, when given, are the commit's changed files already known to
// the caller (diffing two trees reads every entry of both).
absl::StatusOr<CommitInfo> Describe(git_repository* repo, git_commit* commit,
                                    std::optional<std::vector<std::string>> known_files =
                                        std::nullopt) {
  CommitInfo info;
  info.id = OidHex(*git_commit_id(commit));
  const char* message = git_commit_message(commit);
  info.message = message != nullptr ? message : "";
  if (known_files.has_value()) {
    info.files = *std::move(known_files);
  } else {
    absl::StatusOr<std::vector<std::string>> files = ChangedFiles(repo, commit);
    if (!files.ok()) return files.status();
    info.files = *std::move(files);
  }
  absl::StatusOr<std::string> branch = HeadBranch(repo);
  if (!branch.ok()) return branch.status();
  info.branch = *std::move(branch);
  return info;
}

// The commit HEAD points at; nullptr (and OK) while HEAD is unborn.
absl::StatusOr<CommitPtr> HeadCommit(git_repository* repo) {
  int unborn = git_repository_head_unborn(repo);
  absl::Status status = GitStatus(unborn, "cannot read HEAD");
  if (!status.ok()) return status;
  if (unborn == 1) return CommitPtr();
  git_oid oid;
  status = GitStatus(git_reference_name_to_id(&oid, repo, "HEAD"),
                     "cannot resolve HEAD");
  if (!status.ok()) return status;
  git_commit* raw = nullptr;
  status = GitStatus(git_commit_lookup(&raw, repo, &oid),
                     "cannot read the HEAD commit");
  if (!status.ok()) return status;
  return CommitPtr(raw);
}

// The tree change that stages `path` of `workdir` on top of `base` (HEAD's
// tree, or null): its blob with the work tree's filters applied (as `git add`
// does), or its removal when the file is gone and `base` tracks it.
absl::StatusOr<git_tree_update> StageUpdate(git_repository* repo, git_tree* base,
                                            const std::string& workdir,
                                            const std::string& path) {
  std::error_code error;
  std::filesystem::path full = std::filesystem::path(workdir) / path;
  std::filesystem::file_status file =
      std::filesystem::symlink_status(full, error);
  git_tree_update update = {};
  update.path = path.c_str();
  if (file.type() == std::filesystem::file_type::not_found) {
    git_tree_entry* tracked = nullptr;
    if (base == nullptr || git_tree_entry_bypath(&tracked, base, path.c_str()) != 0) {
      return absl::NotFoundError(absl::StrCat(
          path, " does not exist in ", workdir, " and is not tracked by git"));
    }
    git_tree_entry_free(tracked);
    update.action = GIT_TREE_UPDATE_REMOVE;
    return update;
  }
  if (error) {
    return absl::InternalError(
        absl::StrCat("cannot stat ", full.string(), ": ", error.message()));
  }
  if (file.type() == std::filesystem::file_type::directory) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, " is a directory; name the files to commit instead"));
  }
  if (file.type() != std::filesystem::file_type::regular &&
      file.type() != std::filesystem::file_type::symlink) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, " is not a regular file or a symbolic link"));
  }
  absl::Status status =
      GitStatus(internal::RetryTornIndexReads([&] {
                  return git_blob_create_from_workdir(&update.id, repo, path.c_str());
                }),
                absl::StrCat("cannot store ", path, " in the object database"));
  if (!status.ok()) return status;
  update.action = GIT_TREE_UPDATE_UPSERT;
  if (file.type() == std::filesystem::file_type::symlink) {
    update.filemode = GIT_FILEMODE_LINK;
  } else if ((file.permissions() & std::filesystem::perms::owner_exec) !=
             std::filesystem::perms::none) {
    update.filemode = GIT_FILEMODE_BLOB_EXECUTABLE;
  } else {
    update.filemode = GIT_FILEMODE_BLOB;
  }
  return update;
}

// Makes the repository's own index agree with the committed `paths`, so they
// no longer show as modified; other entries are left alone. Another git
// process (the user's `git add` in the same checkout) may hold index.lock for
// a moment: then the index is read again, with what that process staged, and
// the update retried for up to two seconds.
absl::Status SyncRepositoryIndex(git_repository* repo,
                                 const std::string& workdir,
                                 const std::vector<std::string>& paths) {
  git_index* raw = nullptr;
  absl::Status status =
      GitStatus(internal::RetryTornIndexReads([&] { return git_repository_index(&raw, repo); }),
                "cannot open the index");
  if (!status.ok()) return status;
  IndexPtr index(raw);
  const absl::Time deadline = absl::Now() + absl::Seconds(2);
  for (bool first = true;; first = false) {
    // A repository kept open (RepositorySession) keeps its index in memory,
    // and a retry must drop this attempt's changes: read the file again.
    status = GitStatus(internal::RetryTornIndexReads([&] {
                         return git_index_read(index.get(), /*force=*/first ? 0 : 1);
                       }),
                       "cannot read the index");
    if (!status.ok()) return status;
    for (const std::string& path : paths) {
      std::error_code error;
      bool exists = std::filesystem::symlink_status(
                        std::filesystem::path(workdir) / path, error)
                        .type() != std::filesystem::file_type::not_found;
      int rc = exists ? git_index_add_bypath(index.get(), path.c_str())
                      : git_index_remove_bypath(index.get(), path.c_str());
      status = GitStatus(rc, absl::StrCat("cannot update the index for ", path));
      if (!status.ok()) return status;
    }
    int rc = git_index_write(index.get());
    if (rc != GIT_ELOCKED || absl::Now() >= deadline) {
      return GitStatus(rc, "cannot write the index");
    }
    absl::SleepFor(absl::Milliseconds(10));
  }
}

}  // namespace

absl::StatusOr<CommitInfo> CommitPaths(const CommitRequest& request) {
  if (request.paths.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("no paths to commit in ", request.repo));
  }
  for (const std::string& path : request.paths) {
    absl::Status valid = ValidateRepoPath(path);
    if (!valid.ok()) return valid;
  }
  std::vector<std::string> paths = request.paths;
  std::sort(paths.begin(), paths.end());
  paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
  absl::StatusOr<std::string> message =
      AppendTrailers(request.message, request.trailers);
  if (!message.ok()) return message.status();

  absl::StatusOr<RepositoryPtr> opened = internal::OpenRepository(request.repo);
  if (!opened.ok()) return opened.status();
  git_repository* repo = opened->get();
  const std::string workdir = internal::Workdir(repo);

  git_signature* raw_signature = nullptr;
  int rc = git_signature_default(&raw_signature, repo);
  if (rc < 0) {
    absl::Status detail = GitStatus(rc, "libgit2");
    return absl::FailedPreconditionError(
        absl::StrCat("no git author configured for ", request.repo,
                     ": run `git config user.name \"Your Name\"` and "
                     "`git config user.email you@example.com` (",
                     detail.message(), ")"));
  }
  SignaturePtr signature(raw_signature);

  absl::StatusOr<CommitPtr> parent = HeadCommit(repo);
  if (!parent.ok()) return parent.status();
  TreePtr parent_tree;
  if (*parent != nullptr) {
    git_tree* raw_tree = nullptr;
    absl::Status status = GitStatus(git_commit_tree(&raw_tree, parent->get()),
                                    "cannot read the HEAD tree");
    if (!status.ok()) return status;
    parent_tree.reset(raw_tree);
  }

  // Build the new tree from HEAD's tree plus exactly `paths`, in an index of
  // our own, so whatever the user has staged stays out of this commit.
  // Only the trees along the committed paths are rewritten; HEAD's other
  // entries are never loaded (cheap in a repository of any size).
  std::vector<git_tree_update> updates;
  for (const std::string& path : paths) {
    absl::StatusOr<git_tree_update> update = StageUpdate(repo, parent_tree.get(), workdir, path);
    if (!update.ok()) return update.status();
    updates.push_back(*update);
  }
  git_oid tree_id;
  absl::Status status;
  if (parent_tree != nullptr) {
    status = GitStatus(git_tree_create_updated(&tree_id, repo, parent_tree.get(),
                                               updates.size(), updates.data()),
                       "cannot write the tree");
  } else {
    // No HEAD yet: the first commit's tree is built through an index.
    git_index* raw_index = nullptr;
    status = GitStatus(git_index_new(&raw_index), "cannot create an index");
    if (!status.ok()) return status;
    IndexPtr index(raw_index);
    for (const git_tree_update& update : updates) {
      git_index_entry entry = {};
      entry.id = update.id;
      entry.mode = update.filemode;
      entry.path = update.path;
      status = GitStatus(git_index_add(index.get(), &entry),
                         absl::StrCat("cannot stage ", update.path));
      if (!status.ok()) return status;
    }
    status = GitStatus(git_index_write_tree_to(&tree_id, index.get(), repo),
                       "cannot write the tree");
  }
  if (!status.ok()) return status;
  if (parent_tree != nullptr &&
      git_oid_equal(&tree_id, git_tree_id(parent_tree.get()))) {
    return absl::FailedPreconditionError(
        absl::StrCat("nothing to commit in ", request.repo, ": ",
                     absl::StrJoin(paths, ", "), " already match HEAD"));
  }
  git_tree* raw_tree = nullptr;
  status = GitStatus(git_tree_lookup(&raw_tree, repo, &tree_id),
                     "cannot read the new tree");
  if (!status.ok()) return status;
  TreePtr tree(raw_tree);
  // The committed paths whose entry differs from HEAD's (sorted, as `paths`).
  std::vector<std::string> changed;
  for (const std::string& path : paths) {
    git_tree_entry* before = nullptr;
    git_tree_entry* after = nullptr;
    bool had = parent_tree != nullptr &&
               git_tree_entry_bypath(&before, parent_tree.get(), path.c_str()) == 0;
    bool has = git_tree_entry_bypath(&after, tree.get(), path.c_str()) == 0;
    if (had != has || (had && (!git_oid_equal(git_tree_entry_id(before), git_tree_entry_id(after)) ||
                               git_tree_entry_filemode(before) !=
                                   git_tree_entry_filemode(after)))) {
      changed.push_back(path);
    }
    if (had) git_tree_entry_free(before);
    if (has) git_tree_entry_free(after);
  }

  const git_commit* parents[] = {parent->get()};
  git_oid commit_id;
  status = GitStatus(
      git_commit_create(&commit_id, repo, "HEAD", signature.get(),
                        signature.get(), nullptr, message->c_str(), tree.get(),
                        *parent != nullptr ? 1 : 0, parents),
      absl::StrCat("cannot commit in ", request.repo));
  if (!status.ok()) return status;

  status = SyncRepositoryIndex(repo, workdir, paths);
  if (!status.ok()) {
    return absl::Status(
        status.code(),
        absl::StrCat("committed ", OidHex(commit_id),
                     " but could not update the index: ", status.message()));
  }
  git_commit* raw_commit = nullptr;
  status = GitStatus(git_commit_lookup(&raw_commit, repo, &commit_id),
                     "cannot read the new commit");
  if (!status.ok()) return status;
  CommitPtr commit(raw_commit);
  return Describe(repo, commit.get(), std::move(changed));
}

absl::StatusOr<std::optional<CommitInfo>> FindCommitWithTrailer(
    const std::string& repo_path, absl::string_view key,
    absl::string_view value, int max_commits) {
  absl::StatusOr<RepositoryPtr> opened = internal::OpenRepository(repo_path);
  if (!opened.ok()) return opened.status();
  git_repository* repo = opened->get();
  int unborn = git_repository_head_unborn(repo);
  absl::Status status = GitStatus(unborn, "cannot read HEAD");
  if (!status.ok()) return status;
  if (unborn == 1) return std::optional<CommitInfo>();

  git_revwalk* raw_walk = nullptr;
  status = GitStatus(git_revwalk_new(&raw_walk, repo), "cannot walk history");
  if (!status.ok()) return status;
  RevwalkPtr walk(raw_walk);
  git_revwalk_sorting(walk.get(), GIT_SORT_TIME);
  status =
      GitStatus(git_revwalk_push_head(walk.get()), "cannot walk from HEAD");
  if (!status.ok()) return status;
  git_oid oid;
  for (int seen = 0; seen < max_commits; ++seen) {
    int rc = git_revwalk_next(&oid, walk.get());
    if (rc == GIT_ITEROVER) break;
    status = GitStatus(rc, "cannot walk history");
    if (!status.ok()) return status;
    git_commit* raw_commit = nullptr;
    status = GitStatus(git_commit_lookup(&raw_commit, repo, &oid),
                       absl::StrCat("cannot read commit ", OidHex(oid)));
    if (!status.ok()) return status;
    CommitPtr commit(raw_commit);
    const char* message = git_commit_message(commit.get());
    if (message == nullptr) continue;
    for (const Trailer& trailer : ParseTrailers(message)) {
      if (absl::EqualsIgnoreCase(trailer.first, key) &&
          trailer.second == value) {
        absl::StatusOr<CommitInfo> info = Describe(repo, commit.get());
        if (!info.ok()) return info.status();
        return std::optional<CommitInfo>(*std::move(info));
      }
    }
  }
  return std::optional<CommitInfo>();
}

absl::StatusOr<CommitInfo> DescribeCommit(const std::string& repo_path,
                                          absl::string_view commit_id) {
  absl::StatusOr<RepositoryPtr> opened = internal::OpenRepository(repo_path);
  if (!opened.ok()) return opened.status();
  git_repository* repo = opened->get();
  const std::string spec(commit_id);
  git_object* raw_object = nullptr;
  int rc = git_revparse_single(&raw_object, repo, spec.c_str());
  if (rc == GIT_ENOTFOUND) {
    return absl::NotFoundError(
        absl::StrCat("no commit ", spec, " in ", repo_path));
  }
  absl::Status status = GitStatus(rc, absl::StrCat("cannot resolve ", spec));
  if (!status.ok()) return status;
  ObjectPtr object(raw_object);
  git_object* raw_commit = nullptr;
  rc = git_object_peel(&raw_commit, object.get(), GIT_OBJECT_COMMIT);
  if (rc < 0) {
    return absl::NotFoundError(
        absl::StrCat(spec, " in ", repo_path, " is not a commit"));
  }
  CommitPtr commit(reinterpret_cast<git_commit*>(raw_commit));
  return Describe(repo, commit.get());
}

absl::StatusOr<int> CountCommits(const std::string& repo_path) {
  absl::StatusOr<RepositoryPtr> opened = internal::OpenRepository(repo_path);
  if (!opened.ok()) return opened.status();
  git_repository* repo = opened->get();
  int unborn = git_repository_head_unborn(repo);
  absl::Status status = GitStatus(unborn, "cannot read HEAD");
  if (!status.ok()) return status;
  if (unborn == 1) return 0;
  git_revwalk* raw_walk = nullptr;
  status = GitStatus(git_revwalk_new(&raw_walk, repo), "cannot walk history");
  if (!status.ok()) return status;
  RevwalkPtr walk(raw_walk);
  status =
      GitStatus(git_revwalk_push_head(walk.get()), "cannot walk from HEAD");
  if (!status.ok()) return status;
  int count = 0;
  git_oid oid;
  int rc = 0;
  while ((rc = git_revwalk_next(&oid, walk.get())) == 0) ++count;
  if (rc != GIT_ITEROVER) return GitStatus(rc, "cannot walk history");
  return count;
}

}  // namespace baton::gitops
