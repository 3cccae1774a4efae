// Folds one agent's result into the handoff. Only the executor calls this:
// agents never write the handoff themselves.
#ifndef BATON_EXECUTOR_RESULT_MERGER_H_
#define BATON_EXECUTOR_RESULT_MERGER_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "executor/handoff.pb.h"

namespace baton::executor {

// The absolute path of `relative` inside `workspace`, following symlinks.
// PermissionDenied when the path is absolute, has a `..` component, or
// resolves (through a symlink) outside the workspace; NotFound when the file
// does not exist.
absl::StatusOr<std::string> ResolveInsideWorkspace(const std::string& workspace,
                                                   absl::string_view relative);

// Checks every artifact of `result` (inside the workspace, present), records
// each with its actual sha256 and producing agent (replacing an earlier
// artifact with the same path), then appends findings, facts and the commit.
// On error nothing is merged; the message names the agent and the path.
absl::Status MergeResult(const handoff::AgentResult& result, absl::string_view agent,
                         const std::string& workspace, handoff::Handoff* handoff);

}  // namespace baton::executor

#endif  // BATON_EXECUTOR_RESULT_MERGER_H_
