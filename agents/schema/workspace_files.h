// Small file helpers for the schema agents' steps, which write and read
// repository-relative files inside their workspace.
// Thread-compatible.
#ifndef BATON_AGENTS_SCHEMA_WORKSPACE_FILES_H_
#define BATON_AGENTS_SCHEMA_WORKSPACE_FILES_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "executor/handoff.pb.h"

namespace baton::agents::schema {

// Writes `text` to `root`/`relative`, creating folders, replacing any file.
// Internal when it cannot.
absl::Status WriteWorkspaceFile(const std::string& root,
                                const std::string& relative,
                                absl::string_view text);

// The workspace of a request ("." when it names none).
std::string WorkspaceOf(const handoff::AgentRequest& request);

// The paths of the handoff's artifacts of `kind`, checked to be unchanged
// since their agent wrote them. FailedPrecondition naming the file when one
// is missing or its sha256 differs.
absl::StatusOr<std::vector<std::string>> VerifiedArtifacts(
    const std::string& workspace, const handoff::Handoff& handoff,
    handoff::Artifact::Kind kind);

}  // namespace baton::agents::schema

#endif  // BATON_AGENTS_SCHEMA_WORKSPACE_FILES_H_
