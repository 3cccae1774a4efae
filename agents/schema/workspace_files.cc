#include "agents/schema/workspace_files.h"

#include <filesystem>
#include <fstream>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "executor/digest.h"

namespace baton::agents::schema {

namespace fs = std::filesystem;

absl::Status WriteWorkspaceFile(const std::string& root,
                                const std::string& relative,
                                absl::string_view text) {
  const fs::path path = fs::path(root) / relative;
  std::error_code error;
  fs::create_directories(path.parent_path(), error);
  if (error) {
    return absl::InternalError(absl::StrCat("cannot create the folder of ",
                                            relative, ": ", error.message()));
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (!out) return absl::InternalError(absl::StrCat("cannot write ", relative));
  return absl::OkStatus();
}

std::string WorkspaceOf(const handoff::AgentRequest& request) {
  return request.workspace().empty() ? "." : request.workspace();
}

absl::StatusOr<std::vector<std::string>> VerifiedArtifacts(
    const std::string& workspace, const handoff::Handoff& handoff,
    handoff::Artifact::Kind kind) {
  std::vector<std::string> paths;
  for (const handoff::Artifact& artifact : handoff.artifacts()) {
    if (artifact.kind() != kind) continue;
    absl::StatusOr<std::string> digest =
        executor::Sha256File(absl::StrCat(workspace, "/", artifact.path()));
    if (!digest.ok()) {
      return absl::FailedPreconditionError(
          absl::StrCat(artifact.path(), " from ", artifact.agent(),
                       " is not in the workspace: ", digest.status().message()));
    }
    if (!artifact.sha256().empty() && *digest != artifact.sha256()) {
      return absl::FailedPreconditionError(absl::StrCat(
          artifact.path(), " changed since ", artifact.agent(), " wrote it"));
    }
    paths.push_back(artifact.path());
  }
  return paths;
}

}  // namespace baton::agents::schema
