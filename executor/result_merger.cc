#include "executor/result_merger.h"

#include <filesystem>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "executor/digest.h"

namespace baton::executor {
namespace {

namespace fs = std::filesystem;

}  // namespace

absl::StatusOr<std::string> ResolveInsideWorkspace(const std::string& workspace,
                                                   absl::string_view relative) {
  if (relative.empty() || relative[0] == '/') {
    return absl::PermissionDeniedError(
        absl::StrCat("path \"", relative, "\" must be relative to the workspace"));
  }
  for (absl::string_view part : absl::StrSplit(relative, '/')) {
    if (part == "..") {
      return absl::PermissionDeniedError(
          absl::StrCat("path \"", relative, "\" climbs out of the workspace with '..'"));
    }
  }
  std::error_code error;
  fs::path root = fs::canonical(workspace, error);
  if (error) return absl::NotFoundError(absl::StrCat("workspace missing: ", workspace));
  fs::path target = fs::canonical(root / std::string(relative), error);
  if (error) {
    return absl::NotFoundError(
        absl::StrCat("\"", relative, "\" does not exist in the workspace"));
  }
  std::string root_text = root.string() + "/";
  if (!absl::StartsWith(target.string(), root_text)) {
    return absl::PermissionDeniedError(absl::StrCat(
        "path \"", relative, "\" resolves outside the workspace (to ", target.string(), ")"));
  }
  return target.string();
}

absl::Status MergeResult(const handoff::AgentResult& result, absl::string_view agent,
                         const std::string& workspace, handoff::Handoff* handoff) {
  std::vector<handoff::Artifact> checked;
  for (const handoff::Artifact& artifact : result.artifacts()) {
    absl::StatusOr<std::string> absolute = ResolveInsideWorkspace(workspace, artifact.path());
    if (!absolute.ok()) {
      return absl::Status(absolute.status().code(),
                          absl::StrCat("agent ", agent, " reported an artifact that is "
                                       "not allowed: ", absolute.status().message()));
    }
    absl::StatusOr<std::string> digest = Sha256File(*absolute);
    if (!digest.ok()) return digest.status();
    handoff::Artifact recorded = artifact;
    recorded.set_sha256(*digest);
    recorded.set_agent(std::string(agent));
    checked.push_back(std::move(recorded));
  }
  for (handoff::Artifact& artifact : checked) {
    bool replaced = false;
    for (handoff::Artifact& existing : *handoff->mutable_artifacts()) {
      if (existing.path() == artifact.path()) {
        existing = artifact;
        replaced = true;
      }
    }
    if (!replaced) *handoff->add_artifacts() = std::move(artifact);
  }
  for (handoff::Finding finding : result.findings()) {
    if (finding.agent().empty()) finding.set_agent(std::string(agent));
    *handoff->add_findings() = std::move(finding);
  }
  for (const auto& [key, value] : result.facts()) (*handoff->mutable_facts())[key] = value;
  if (!result.commit().commit_id().empty()) *handoff->mutable_commit() = result.commit();
  return absl::OkStatus();
}

}  // namespace baton::executor
