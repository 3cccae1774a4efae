#include "gitops/workspace_snapshot.h"

#include <git2.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <system_error>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gitops/internal/git_error.h"
#include "gitops/internal/torn_index.h"
#include "gitops/internal/handles.h"
#include "gitops/internal/stale_locks.h"
#include "gitops/repo_path.h"
#include "gitops/repository.h"
#include "gitops/worktree.h"

namespace baton::gitops {
namespace {

namespace fs = std::filesystem;
using internal::CommitPtr;
using internal::GitStatus;
using internal::ReferencePtr;
using internal::RepositoryPtr;
using internal::TreePtr;
using BlobPtr = internal::GitPtr<git_blob, git_blob_free>;
using TreeEntryPtr = internal::GitPtr<git_tree_entry, git_tree_entry_free>;

std::string OidHex(const git_oid& oid) {
  char hex[GIT_OID_HEXSZ + 1];
  git_oid_tostr(hex, sizeof(hex), &oid);
  return hex;
}

// The blob id the file at `absolute` would have, or "" when it is missing.
std::string HashFile(const std::string& absolute) {
  git_oid oid;
  if (git_odb_hashfile(&oid, absolute.c_str(), GIT_OBJECT_BLOB) != 0) return "";
  return OidHex(oid);
}

absl::Status WriteBlob(git_repository* repo, const SnapshotEntry& entry,
                       const std::string& absolute) {
  git_oid oid;
  absl::Status status = GitStatus(git_oid_fromstr(&oid, entry.blob_id.c_str()),
                                  "bad blob id in snapshot");
  if (!status.ok()) return status;
  git_blob* raw = nullptr;
  int rc = git_blob_lookup(&raw, repo, &oid);
  if (rc == GIT_ENOTFOUND) {
    return absl::NotFoundError(absl::StrCat("the snapshot of ", entry.path, " (blob ",
                                            entry.blob_id, ") is no longer in the repository"));
  }
  status = GitStatus(rc, absl::StrCat("cannot read the snapshot of ", entry.path));
  if (!status.ok()) return status;
  BlobPtr blob(raw);
  std::error_code error;
  fs::create_directories(fs::path(absolute).parent_path(), error);
  fs::remove(absolute, error);
  std::ofstream out(absolute, std::ios::binary | std::ios::trunc);
  out.write(static_cast<const char*>(git_blob_rawcontent(blob.get())),
            static_cast<std::streamsize>(git_blob_rawsize(blob.get())));
  out.close();
  if (!out) return absl::InternalError(absl::StrCat("cannot write ", absolute));
  ::chmod(absolute.c_str(), entry.mode == 0100755 ? 0755 : 0644);
  return absl::OkStatus();
}

// Stores the file's bytes exactly as they are on disk as a blob. No
// clean/CRLF filters: a restore writes the blob back byte for byte, and
// filters would load the repository's whole index for its attributes.
absl::StatusOr<git_oid> StoreExactBytes(git_repository* repo, const std::string& absolute,
                                        const std::string& path) {
  std::ifstream in(absolute, std::ios::binary);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return absl::InternalError(absl::StrCat("cannot read ", absolute, " to snapshot it"));
  git_oid oid;
  absl::Status written =
      GitStatus(git_blob_create_from_buffer(&oid, repo, content.data(), content.size()),
                absl::StrCat("cannot snapshot ", path));
  if (!written.ok()) return written;
  return oid;
}

// Removes `absolute` and then its parents up to `root` while they are empty.
void RemoveWithEmptyParents(const fs::path& absolute, const fs::path& root) {
  std::error_code error;
  fs::remove(absolute, error);
  for (fs::path dir = absolute.parent_path(); dir != root && dir.string().size() > root.string().size();
       dir = dir.parent_path()) {
    if (!fs::is_empty(dir, error) || error) break;
    fs::remove(dir, error);
  }
}

}  // namespace

absl::StatusOr<WorkspaceSnapshot> TakeSnapshot(const std::string& repo_path,
                                               const std::vector<std::string>& paths) {
  absl::StatusOr<RepositoryPtr> repo = internal::OpenRepository(repo_path);
  if (!repo.ok()) return repo.status();
  WorkspaceSnapshot snapshot;
  absl::StatusOr<std::string> head = HeadCommitId(repo_path);
  if (head.ok()) snapshot.head = *head;
  std::set<std::string> unique(paths.begin(), paths.end());
  for (const std::string& path : unique) {
    absl::Status valid = ValidateRepoPath(path);
    if (!valid.ok()) return valid;
    SnapshotEntry entry;
    entry.path = path;
    std::string absolute = absl::StrCat(repo_path, "/", path);
    struct stat info;
    if (::lstat(absolute.c_str(), &info) == 0 && S_ISREG(info.st_mode)) {
      absl::StatusOr<git_oid> oid = StoreExactBytes(repo->get(), absolute, path);
      if (!oid.ok()) return oid.status();
      entry.blob_id = OidHex(*oid);
      entry.mode = (info.st_mode & S_IXUSR) != 0 ? 0100755 : 0100644;
    }
    snapshot.entries.push_back(std::move(entry));
  }
  return snapshot;
}

absl::StatusOr<std::vector<std::string>> RestoreSnapshot(const std::string& repo_path,
                                                         const WorkspaceSnapshot& snapshot,
                                                         const RestoreOptions& options) {
  absl::StatusOr<RepositoryPtr> repo = internal::OpenRepository(repo_path);
  if (!repo.ok()) return repo.status();
  git_repository* r = repo->get();
  // A restore follows a crash: clear what a killed Baton left locked.
  internal::ClearLocksOfAKilledBaton(r);
  internal::PendingGitWrite pending(r);

  absl::StatusOr<std::string> head = HeadCommitId(repo_path);
  if (!snapshot.head.empty() && (!head.ok() || *head != snapshot.head)) {
    if (!options.move_head) {
      return absl::FailedPreconditionError(absl::StrCat(
          "HEAD of ", repo_path, " moved from ", snapshot.head.substr(0, 12), " to ",
          head.ok() ? head->substr(0, 12) : "nothing",
          " since the checkpoint; Baton will not rewrite a branch it does not own"));
    }
    git_reference* raw_head = nullptr;
    absl::Status status = GitStatus(git_repository_head(&raw_head, r), "cannot read HEAD");
    if (!status.ok()) return status;
    ReferencePtr head_ref(raw_head);
    git_oid target;
    git_oid_fromstr(&target, snapshot.head.c_str());
    git_reference* raw_moved = nullptr;
    status = GitStatus(git_reference_set_target(&raw_moved, head_ref.get(), &target,
                                                "baton: restore checkpoint"),
                       "cannot move the run's branch back");
    if (!status.ok()) return status;
    ReferencePtr moved(raw_moved);
  }

  absl::StatusOr<std::vector<std::string>> dirty = DirtyPaths(repo_path, options.ignore_prefixes);
  if (!dirty.ok()) return dirty.status();
  std::set<std::string> protect(options.protected_paths.begin(), options.protected_paths.end());
  std::map<std::string, const SnapshotEntry*> wanted;
  for (const SnapshotEntry& entry : snapshot.entries) wanted[entry.path] = &entry;

  // HEAD's tree, to put back paths the snapshot does not mention.
  git_oid head_oid;
  TreePtr head_tree;
  if (git_reference_name_to_id(&head_oid, r, "HEAD") == 0) {
    git_commit* raw_commit = nullptr;
    absl::Status status = GitStatus(git_commit_lookup(&raw_commit, r, &head_oid), "cannot read HEAD");
    if (!status.ok()) return status;
    CommitPtr commit(raw_commit);
    git_tree* raw_tree = nullptr;
    status = GitStatus(git_commit_tree(&raw_tree, commit.get()), "cannot read HEAD's tree");
    if (!status.ok()) return status;
    head_tree.reset(raw_tree);
  }

  std::set<std::string> touch(dirty->begin(), dirty->end());
  for (const auto& [path, entry] : wanted) touch.insert(path);
  const fs::path root(repo_path);
  std::vector<std::string> changed;
  for (const std::string& path : touch) {
    if (protect.contains(path)) continue;
    const std::string absolute = absl::StrCat(repo_path, "/", path);
    SnapshotEntry target;
    auto it = wanted.find(path);
    if (it != wanted.end()) {
      target = *it->second;
    } else {
      target.path = path;
      git_tree_entry* raw_entry = nullptr;
      if (head_tree != nullptr &&
          git_tree_entry_bypath(&raw_entry, head_tree.get(), path.c_str()) == 0) {
        TreeEntryPtr tree_entry(raw_entry);
        target.blob_id = OidHex(*git_tree_entry_id(tree_entry.get()));
        target.mode = git_tree_entry_filemode(tree_entry.get());
      }
    }
    if (target.blob_id.empty()) {
      std::error_code error;
      if (!fs::exists(fs::symlink_status(absolute, error))) continue;
      RemoveWithEmptyParents(absolute, root);
    } else {
      if (HashFile(absolute) == target.blob_id) continue;
      absl::Status written = WriteBlob(r, target, absolute);
      if (!written.ok()) return written;
    }
    changed.push_back(path);
  }
  // The index follows HEAD for every path the run touched, so what was
  // staged by a later step (or a commit rewound away) is staged no more.
  std::vector<std::string> unstage;
  for (const std::string& path : touch) {
    if (!protect.contains(path)) unstage.push_back(path);
  }
  if (!unstage.empty() && head_tree != nullptr) {
    std::vector<char*> raw_paths;
    for (std::string& path : unstage) raw_paths.push_back(path.data());
    git_strarray pathspec{raw_paths.data(), raw_paths.size()};
    git_object* raw_head = nullptr;
    absl::Status status = GitStatus(git_object_lookup(&raw_head, r, &head_oid, GIT_OBJECT_COMMIT),
                                    "cannot read HEAD");
    if (!status.ok()) return status;
    internal::ObjectPtr head_object(raw_head);
    status = GitStatus(internal::RetryTornIndexReads(
                           [&] { return git_reset_default(r, head_object.get(), &pathspec); }),
                       "cannot reset the index to HEAD");
    if (!status.ok()) return status;
  }
  return changed;
}

}  // namespace baton::gitops
