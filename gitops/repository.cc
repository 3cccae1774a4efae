#include "gitops/repository.h"

#include <git2.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gitops/internal/git_error.h"
#include "gitops/internal/torn_index.h"
#include "gitops/internal/handles.h"

namespace baton::gitops {
namespace {

using internal::ConfigPtr;
using internal::GitStatus;
using internal::RepositoryPtr;
using internal::StatusListPtr;

bool UnderPrefix(absl::string_view path, absl::string_view prefix) {
  if (prefix.empty()) return false;
  if (absl::StartsWith(path, prefix)) return true;
  // ".baton/" also covers the directory entry ".baton".
  return absl::EndsWith(prefix, "/") &&
         path == prefix.substr(0, prefix.size() - 1);
}

}  // namespace

absl::Status InitRepository(const std::string& path,
                            absl::string_view user_name,
                            absl::string_view user_email) {
  internal::EnsureLibgit2Initialized();
  git_repository_init_options options = GIT_REPOSITORY_INIT_OPTIONS_INIT;
  options.flags = GIT_REPOSITORY_INIT_MKPATH | GIT_REPOSITORY_INIT_NO_REINIT;
  options.initial_head = "main";
  git_repository* raw = nullptr;
  int rc = git_repository_init_ext(&raw, path.c_str(), &options);
  if (rc == GIT_EEXISTS) {
    return absl::AlreadyExistsError(
        absl::StrCat(path, " is already a git repository"));
  }
  absl::Status status = GitStatus(rc, absl::StrCat("git init ", path));
  if (!status.ok()) return status;
  RepositoryPtr repo(raw);

  git_config* raw_config = nullptr;
  status = GitStatus(git_repository_config(&raw_config, repo.get()),
                     absl::StrCat("cannot read the config of ", path));
  if (!status.ok()) return status;
  ConfigPtr config(raw_config);
  git_config* raw_local = nullptr;
  status = GitStatus(
      git_config_open_level(&raw_local, config.get(), GIT_CONFIG_LEVEL_LOCAL),
      absl::StrCat("cannot open the local config of ", path));
  if (!status.ok()) return status;
  ConfigPtr local(raw_local);
  const std::pair<const char*, absl::string_view> settings[] = {
      {"user.name", user_name}, {"user.email", user_email}};
  for (const auto& [key, value] : settings) {
    if (value.empty()) continue;
    status = GitStatus(
        git_config_set_string(local.get(), key, std::string(value).c_str()),
        absl::StrCat("cannot set ", key, " in ", path));
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> FindRepositoryRoot(const std::string& path) {
  internal::EnsureLibgit2Initialized();
  git_repository* raw = nullptr;
  int rc = git_repository_open_ext(&raw, path.c_str(), 0, nullptr);
  if (rc == GIT_ENOTFOUND) {
    return absl::NotFoundError(
        absl::StrCat("not inside a git repository: ", path,
                     " (run baton inside a repository, or git init)"));
  }
  absl::Status status = GitStatus(rc, absl::StrCat("cannot open ", path));
  if (!status.ok()) return status;
  RepositoryPtr repo(raw);
  if (git_repository_is_bare(repo.get())) {
    return absl::FailedPreconditionError(absl::StrCat(
        path, " is inside a bare repository; Baton needs a working directory"));
  }
  return internal::Workdir(repo.get());
}

absl::StatusOr<std::vector<std::string>> DirtyPaths(
    const std::string& repo_path,
    const std::vector<std::string>& ignore_prefixes) {
  absl::StatusOr<RepositoryPtr> repo = internal::OpenRepository(repo_path);
  if (!repo.ok()) return repo.status();
  git_status_options options = GIT_STATUS_OPTIONS_INIT;
  options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
  options.flags =
      GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS;
  git_status_list* raw_list = nullptr;
  absl::Status status =
      GitStatus(internal::RetryTornIndexReads(
                    [&] { return git_status_list_new(&raw_list, repo->get(), &options); }),
                absl::StrCat("cannot read the status of ", repo_path));
  if (!status.ok()) return status;
  StatusListPtr list(raw_list);

  std::vector<std::string> paths;
  size_t count = git_status_list_entrycount(list.get());
  for (size_t i = 0; i < count; ++i) {
    const git_status_entry* entry = git_status_byindex(list.get(), i);
    if (entry == nullptr || entry->status == GIT_STATUS_CURRENT ||
        (entry->status & GIT_STATUS_IGNORED) != 0) {
      continue;
    }
    const git_diff_delta* delta = entry->head_to_index != nullptr
                                      ? entry->head_to_index
                                      : entry->index_to_workdir;
    if (delta == nullptr) continue;
    const char* raw_path = delta->new_file.path != nullptr
                               ? delta->new_file.path
                               : delta->old_file.path;
    if (raw_path == nullptr) continue;
    std::string path = raw_path;
    bool ignored = std::any_of(ignore_prefixes.begin(), ignore_prefixes.end(),
                               [&path](const std::string& prefix) {
                                 return UnderPrefix(path, prefix);
                               });
    if (!ignored) paths.push_back(std::move(path));
  }
  std::sort(paths.begin(), paths.end());
  paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
  return paths;
}

absl::StatusOr<std::string> GitCommonDir(const std::string& repo_path) {
  absl::StatusOr<RepositoryPtr> repo = internal::OpenRepository(repo_path);
  if (!repo.ok()) return repo.status();
  std::string dir = git_repository_commondir(repo->get());
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  return dir;
}

absl::Status ExcludeFromGit(const std::string& repo_path,
                            absl::string_view pattern) {
  absl::string_view line = absl::StripAsciiWhitespace(pattern);
  if (line.empty() || absl::StrContains(line, '\n') ||
      absl::StrContains(line, '\r')) {
    return absl::InvalidArgumentError(absl::StrCat(
        "exclude pattern \"", pattern, "\" must be one non-empty line"));
  }
  absl::StatusOr<RepositoryPtr> repo = internal::OpenRepository(repo_path);
  if (!repo.ok()) return repo.status();
  // info/ lives in the common directory, shared by linked worktrees.
  std::filesystem::path info =
      std::filesystem::path(git_repository_commondir(repo->get())) / "info";
  std::filesystem::path exclude = info / "exclude";

  std::string contents;
  {
    std::ifstream in(exclude, std::ios::binary);
    if (in) {
      std::ostringstream buffer;
      buffer << in.rdbuf();
      contents = buffer.str();
    }
  }
  for (absl::string_view existing : absl::StrSplit(contents, '\n')) {
    if (absl::StripAsciiWhitespace(existing) == line) return absl::OkStatus();
  }

  std::error_code error;
  std::filesystem::create_directories(info, error);
  if (error) {
    return absl::InternalError(
        absl::StrCat("cannot create ", info.string(), ": ", error.message()));
  }
  std::ofstream out(exclude, std::ios::binary | std::ios::app);
  if (!contents.empty() && contents.back() != '\n') out << '\n';
  out << line << '\n';
  out.flush();
  if (!out) {
    return absl::InternalError(
        absl::StrCat("cannot append to ", exclude.string()));
  }
  return absl::OkStatus();
}

}  // namespace baton::gitops
