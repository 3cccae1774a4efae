#include "gitops/run_commit.h"

#include <filesystem>
#include <optional>
#include <system_error>
#include <utility>

#include "absl/strings/str_cat.h"
#include "gitops/repository.h"

namespace baton::gitops {

absl::StatusOr<RunCommit> CommitForRun(const std::string& workspace,
                                       const std::vector<std::string>& paths,
                                       const std::string& message,
                                       const std::string& run_id) {
  if (run_id.empty()) {
    return absl::InvalidArgumentError("the run has no id, so its commit cannot be tagged with it");
  }
  if (workspace.empty()) return absl::InvalidArgumentError("the run names no workspace");
  // Artifact paths are relative to the workspace, and so are the paths git
  // commits: the workspace must be the top of its repository.
  absl::StatusOr<std::string> root = FindRepositoryRoot(workspace);
  if (!root.ok()) return root.status();
  std::error_code error;
  if (!std::filesystem::equivalent(*root, workspace, error)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "workspace ", workspace, " is not the root of its git repository ", *root));
  }

  // A retried or resumed step must not commit twice.
  absl::StatusOr<std::optional<CommitInfo>> existing =
      FindCommitWithTrailer(workspace, kRunTrailer, run_id);
  if (!existing.ok()) return existing.status();
  if (existing->has_value()) return RunCommit{**std::move(existing), /*already=*/true};

  absl::StatusOr<CommitInfo> made =
      CommitPaths({workspace, paths, message, {{std::string(kRunTrailer), run_id}}});
  if (!made.ok()) return made.status();
  return RunCommit{*std::move(made), /*already=*/false};
}

}  // namespace baton::gitops
