#include "agents/git_workflow_manager/commit_step.h"

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "agents/common/agent_main.h"
#include "executor/digest.h"
#include "gitops/conventional_message.h"
#include "gitops/repo_path.h"

namespace baton::agents::git_workflow_manager {
namespace {

std::string Subject(const std::string& message) {
  return message.substr(0, message.find('\n'));
}

absl::Status RefuseBlockers(const handoff::Handoff& handoff) {
  std::vector<std::string> blockers;
  for (const handoff::Finding& finding : handoff.findings()) {
    if (finding.severity() != handoff::Finding::BLOCKER) continue;
    std::string line = absl::StrCat("[", finding.agent(), "] ", finding.rule(),
                                    ": ", finding.message());
    if (!finding.location().empty())
      absl::StrAppend(&line, " (", finding.location(), ")");
    blockers.push_back(std::move(line));
  }
  if (blockers.empty()) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrCat("refusing to commit: ", blockers.size(), " BLOCKER finding",
                   blockers.size() == 1 ? "" : "s",
                   " must be resolved first: ", absl::StrJoin(blockers, "; ")));
}

// The artifacts to commit, one per path (a later artifact for the same path
// supersedes an earlier one), in the order they were first produced.
std::vector<handoff::Artifact> CommittableArtifacts(
    const handoff::Handoff& handoff) {
  std::vector<handoff::Artifact> artifacts;
  std::map<std::string, size_t> index_of_path;
  for (const handoff::Artifact& artifact : handoff.artifacts()) {
    if (!artifact.commit()) continue;
    auto [it, inserted] =
        index_of_path.emplace(artifact.path(), artifacts.size());
    if (inserted) {
      artifacts.push_back(artifact);
    } else {
      artifacts[it->second] = artifact;
    }
  }
  return artifacts;
}

absl::Status VerifyUnchanged(const std::string& workspace,
                             const handoff::Artifact& artifact) {
  absl::Status valid = gitops::ValidateRepoPath(artifact.path());
  if (!valid.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "artifact from ", artifact.agent(), ": ", valid.message()));
  }
  absl::StatusOr<std::string> digest =
      executor::Sha256File(absl::StrCat(workspace, "/", artifact.path()));
  if (!digest.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat(artifact.path(), " changed after ", artifact.agent(),
                     " wrote it: the file can no longer be read"));
  }
  if (*digest != artifact.sha256()) {
    return absl::FailedPreconditionError(absl::StrCat(
        artifact.path(), " changed after ", artifact.agent(),
        " wrote it (sha256 was ", artifact.sha256().substr(0, 12), ", now ",
        digest->substr(0, 12), "); rerun the step that wrote it"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<handoff::AgentResult> CommitStep(
    const handoff::AgentRequest& request) {
  const handoff::Handoff& handoff = request.handoff();
  absl::Status status = RefuseBlockers(handoff);
  if (!status.ok()) return status;
  if (handoff.run_id().empty()) {
    return absl::InvalidArgumentError(
        "the handoff has no run_id, so the commit cannot be tagged with it");
  }
  const std::string& workspace = request.workspace();
  if (workspace.empty()) {
    return absl::InvalidArgumentError("the request names no workspace");
  }

  std::vector<handoff::Artifact> artifacts = CommittableArtifacts(handoff);
  if (artifacts.empty()) {
    return absl::FailedPreconditionError(
        "nothing to commit: no artifact in the handoff is marked commit=true");
  }
  std::vector<std::string> paths;
  for (const handoff::Artifact& artifact : artifacts) {
    status = VerifyUnchanged(workspace, artifact);
    if (!status.ok()) return status;
    paths.push_back(artifact.path());
  }

  const std::string& workflow = request.step().workflow().empty()
                                    ? handoff.workflow().name()
                                    : request.step().workflow();
  std::string message =
      gitops::ConventionalMessage(handoff.request().text(), workflow, paths);
  // Baton makes the commit (gitops/run_commit.h) once this result is in.
  handoff::AgentResult result = Succeeded(absl::StrCat(
      "proposed ", Subject(message), " (", paths.size(), paths.size() == 1 ? " file)" : " files)"));
  handoff::CommitPlan* commit = result.mutable_commit();
  commit->set_message(message);
  for (const std::string& path : paths) commit->add_paths(path);
  return result;
}

}  // namespace baton::agents::git_workflow_manager
