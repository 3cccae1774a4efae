// Durable file writes for run state.
//
// WriteFileAtomically follows LevelDB's SetCurrentFile: write a temp file
// beside the target, fsync it, rename it over the target, fsync the folder.
// A reader sees the old content or the new one, never a mix, even after a
// crash or power loss. AppendLine appends one line (fsynced on request).
// Thread-safety: safe for different paths; callers serialise writers of one
// path (the run lock does).
#ifndef BATON_EXECUTOR_ATOMIC_FILE_H_
#define BATON_EXECUTOR_ATOMIC_FILE_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace baton::executor {

// The advice that ends the full-disk and read-only errors below: they are
// written for a run that exists. Executor::Start, whose run does not exist
// yet, replaces it with kStartAgainAdvice.
inline constexpr absl::string_view kResumeAdvice = "then resume the run";
inline constexpr absl::string_view kStartAgainAdvice =
    "then run the request again (the run was not created, and nothing of it is left)";

// Errors name the path: ResourceExhausted "no space left on device writing
// <path>: ... then resume the run" for a full disk or quota,
// FailedPrecondition for a read-only file system (same advice), else
// Internal with errno's text.
absl::Status WriteFileAtomically(const std::string& path, absl::string_view bytes);

// Writes `bytes` to `path` without any fsync: for a step's inputs, which are
// rebuilt from the checkpoint whenever the step runs again.
absl::Status WriteScratchFile(const std::string& path, absl::string_view bytes);

// Appends `line` plus '\n' to `path` (created when missing) in one write,
// and fsyncs when `sync`. A failed append leaves the file as it was.
absl::Status AppendLine(const std::string& path, absl::string_view line, bool sync);

// The whole file. NotFound when it does not exist.
absl::StatusOr<std::string> ReadFile(const std::string& path);

// mkdir -p. Internal on failure.
absl::Status MakeDirectories(const std::string& path);

}  // namespace baton::executor

#endif  // BATON_EXECUTOR_ATOMIC_FILE_H_
