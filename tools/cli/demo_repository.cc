#include "tools/cli/demo_repository.h"

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gitops/committer.h"
#include "gitops/repository.h"

namespace baton::cli {

namespace fs = std::filesystem;

absl::StatusOr<std::string> CreateDemoRepository(const std::string& fixture_dir,
                                                 const std::string& parent) {
  if (!fs::is_directory(fixture_dir)) {
    return absl::NotFoundError(absl::StrCat("demo fixture missing: ", fixture_dir));
  }
  std::string pattern = absl::StrCat(parent, "/baton-demo-XXXXXX");
  if (::mkdtemp(pattern.data()) == nullptr) {
    return absl::InternalError(absl::StrCat("cannot create a folder under ", parent));
  }
  const std::string repo = pattern;
  std::error_code error;
  fs::copy(fixture_dir, repo, fs::copy_options::recursive, error);
  if (error) {
    return absl::InternalError(absl::StrCat("cannot copy ", fixture_dir, ": ", error.message()));
  }
  absl::Status made = gitops::InitRepository(repo, "Baton Demo", "demo@baton.invalid");
  if (!made.ok()) return made;

  gitops::CommitRequest commit;
  commit.repo = repo;
  commit.message = "chore: initial database project";
  for (const fs::directory_entry& entry : fs::recursive_directory_iterator(repo)) {
    std::string relative = fs::relative(entry.path(), repo).string();
    if (relative.rfind(".git", 0) == 0 || !entry.is_regular_file()) continue;
    commit.paths.push_back(relative);
  }
  std::sort(commit.paths.begin(), commit.paths.end());
  absl::StatusOr<gitops::CommitInfo> committed = gitops::CommitPaths(commit);
  if (!committed.ok()) return committed.status();
  return repo;
}

}  // namespace baton::cli
