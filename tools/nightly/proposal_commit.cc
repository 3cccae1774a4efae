#include "tools/nightly/proposal_commit.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "executor/digest.h"
#include "gitops/conventional_message.h"

namespace baton::nightly {

absl::StatusOr<std::optional<gitops::CommitInfo>> CommitProposal(
    const std::string& workspace, const handoff::Handoff& handoff, const std::string& tag) {
  // Committed already (a resumed night)? Then that commit is the proposal.
  absl::StatusOr<std::optional<gitops::CommitInfo>> earlier =
      gitops::FindCommitWithTrailer(workspace, "Baton-Proposal", handoff.run_id());
  if (earlier.ok() && earlier->has_value()) return earlier;
  std::vector<std::string> paths;
  for (const handoff::Artifact& artifact : handoff.artifacts()) {
    if (!artifact.commit()) continue;
    absl::StatusOr<std::string> digest =
        executor::Sha256File(absl::StrCat(workspace, "/", artifact.path()));
    if (!digest.ok()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "cannot commit the proposal: ", artifact.path(), " is gone (", digest.status().message(),
          ")"));
    }
    if (!artifact.sha256().empty() && *digest != artifact.sha256()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "cannot commit the proposal: ", artifact.path(), " changed after ", artifact.agent(),
          " wrote it (sha256 ", artifact.sha256().substr(0, 12), " -> ", digest->substr(0, 12),
          ")"));
    }
    paths.push_back(artifact.path());
  }
  if (paths.empty()) return std::optional<gitops::CommitInfo>();
  gitops::CommitRequest request;
  request.repo = workspace;
  request.paths = paths;
  request.message =
      gitops::ConventionalMessage(handoff.request().text(), handoff.workflow().name(), paths);
  request.trailers = {{"Baton-Run", handoff.run_id()},
                      {"Baton-Nightly", tag},
                      {"Baton-Proposal", handoff.run_id()}};
  absl::StatusOr<gitops::CommitInfo> commit = gitops::CommitPaths(request);
  if (!commit.ok()) return commit.status();
  return std::optional<gitops::CommitInfo>(*std::move(commit));
}

}  // namespace baton::nightly
