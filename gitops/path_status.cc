#include "gitops/path_status.h"

#include <git2.h>

#include <algorithm>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gitops/internal/git_error.h"
#include "gitops/internal/torn_index.h"
#include "gitops/internal/handles.h"

namespace baton::gitops {
namespace {

bool Ignored(absl::string_view path, const std::vector<std::string>& prefixes) {
  for (const std::string& prefix : prefixes) {
    if (prefix.empty()) continue;
    if (absl::StartsWith(path, prefix)) return true;
    if (absl::EndsWith(prefix, "/") && path == prefix.substr(0, prefix.size() - 1)) {
      return true;
    }
  }
  return false;
}

PathState StateOf(unsigned int flags) {
  if ((flags & GIT_STATUS_WT_DELETED) != 0) return PathState::kDeleted;
  if ((flags & GIT_STATUS_INDEX_DELETED) != 0 && (flags & GIT_STATUS_WT_NEW) == 0) {
    return PathState::kDeleted;
  }
  if ((flags & (GIT_STATUS_WT_NEW | GIT_STATUS_INDEX_NEW)) != 0) return PathState::kNew;
  if ((flags & (GIT_STATUS_WT_TYPECHANGE | GIT_STATUS_INDEX_TYPECHANGE)) != 0) {
    return PathState::kTypeChanged;
  }
  return PathState::kModified;
}

}  // namespace

absl::string_view PathStateName(PathState state) {
  switch (state) {
    case PathState::kNew: return "new";
    case PathState::kModified: return "modified";
    case PathState::kDeleted: return "deleted";
    case PathState::kTypeChanged: return "type changed";
  }
  return "modified";
}

absl::StatusOr<std::vector<PathStatus>> ListPathStatus(
    const std::string& repo_path, const std::vector<std::string>& ignore_prefixes) {
  absl::StatusOr<internal::RepositoryPtr> repo = internal::OpenRepository(repo_path);
  if (!repo.ok()) return repo.status();
  git_status_options options = GIT_STATUS_OPTIONS_INIT;
  options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
  options.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
                  GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
  git_status_list* raw_list = nullptr;
  absl::Status status =
      internal::GitStatus(internal::RetryTornIndexReads([&] {
                            return git_status_list_new(&raw_list, repo->get(), &options);
                          }),
                          absl::StrCat("cannot read the status of ", repo_path));
  if (!status.ok()) return status;
  internal::StatusListPtr list(raw_list);

  std::vector<PathStatus> paths;
  const size_t count = git_status_list_entrycount(list.get());
  for (size_t i = 0; i < count; ++i) {
    const git_status_entry* entry = git_status_byindex(list.get(), i);
    if (entry == nullptr || entry->status == GIT_STATUS_CURRENT ||
        (entry->status & GIT_STATUS_IGNORED) != 0) {
      continue;
    }
    const git_diff_delta* delta =
        entry->index_to_workdir != nullptr ? entry->index_to_workdir : entry->head_to_index;
    if (delta == nullptr) continue;
    const char* raw_path =
        delta->new_file.path != nullptr ? delta->new_file.path : delta->old_file.path;
    if (raw_path == nullptr || Ignored(raw_path, ignore_prefixes)) continue;
    paths.push_back({raw_path, StateOf(entry->status)});
  }
  std::sort(paths.begin(), paths.end(),
            [](const PathStatus& a, const PathStatus& b) { return a.path < b.path; });
  paths.erase(std::unique(paths.begin(), paths.end(),
                          [](const PathStatus& a, const PathStatus& b) {
                            return a.path == b.path;
                          }),
              paths.end());
  return paths;
}

}  // namespace baton::gitops
