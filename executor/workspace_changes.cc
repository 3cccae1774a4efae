#include "executor/workspace_changes.h"

#include <filesystem>
#include <set>
#include <system_error>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "executor/digest.h"
#include "gitops/path_status.h"
#include "gitops/repository.h"

namespace baton::executor {
namespace {

namespace fs = std::filesystem;

constexpr char kMissing[] = "-";

// What the file at `path` is now, without following a final symlink.
std::string Fingerprint(const fs::path& path) {
  std::error_code error;
  fs::file_status status = fs::symlink_status(path, error);
  if (error || status.type() == fs::file_type::not_found) return kMissing;
  if (status.type() == fs::file_type::symlink) {
    fs::path target = fs::read_symlink(path, error);
    return absl::StrCat("link:", error ? "?" : target.string());
  }
  if (status.type() == fs::file_type::directory) return "dir";
  absl::StatusOr<std::string> digest = Sha256File(path.string());
  return digest.ok() ? absl::StrCat("file:", *digest) : "unreadable";
}

}  // namespace

absl::StatusOr<WorkspaceBaseline> TakeWorkspaceBaseline(const std::string& workspace) {
  std::error_code error;
  fs::path canonical = fs::canonical(workspace, error);
  if (error) return absl::NotFoundError(absl::StrCat("workspace missing: ", workspace));
  absl::StatusOr<std::string> root = gitops::FindRepositoryRoot(canonical.string());
  if (!root.ok()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot see which files a command changes: the workspace ", workspace,
        " is not inside a git repository (", root.status().message(), ")"));
  }
  WorkspaceBaseline snapshot;
  snapshot.workspace = canonical.string();
  snapshot.repo_root = fs::canonical(*root, error).string();
  if (error) return absl::NotFoundError(absl::StrCat("repository missing: ", *root));
  if (snapshot.workspace != snapshot.repo_root) {
    snapshot.prefix = absl::StrCat(
        fs::relative(snapshot.workspace, snapshot.repo_root).generic_string(), "/");
  }
  absl::StatusOr<std::vector<gitops::PathStatus>> paths = gitops::ListPathStatus(
      snapshot.repo_root, {".baton/", absl::StrCat(snapshot.prefix, ".baton/")});
  if (!paths.ok()) return paths.status();
  for (const gitops::PathStatus& path : *paths) {
    snapshot.dirty[path.path] = Fingerprint(fs::path(snapshot.repo_root) / path.path);
  }
  return snapshot;
}

absl::StatusOr<std::vector<FileChange>> ChangesSince(const WorkspaceBaseline& before) {
  absl::StatusOr<WorkspaceBaseline> after = TakeWorkspaceBaseline(before.workspace);
  if (!after.ok()) return after.status();
  std::set<std::string> candidates;
  for (const auto& [path, fingerprint] : before.dirty) candidates.insert(path);
  for (const auto& [path, fingerprint] : after->dirty) candidates.insert(path);

  std::vector<FileChange> changes;
  for (const std::string& path : candidates) {
    auto was = before.dirty.find(path);
    auto now = after->dirty.find(path);
    std::string current = now != after->dirty.end()
                              ? now->second
                              : Fingerprint(fs::path(before.repo_root) / path);
    // Dirty before and after with the same content: not this step's doing.
    if (was != before.dirty.end() && now != after->dirty.end() && was->second == now->second) {
      continue;
    }
    FileChange change;
    change.deleted = current == kMissing;
    if (absl::StartsWith(path, before.prefix)) {
      change.path = path.substr(before.prefix.size());
    } else {
      change.path = path;
      change.outside_workspace = true;
    }
    changes.push_back(std::move(change));
  }
  return changes;
}

}  // namespace baton::executor
