// Runs one child process with Baton's isolation rules and limits.
//
// The child gets exactly the environment given (nothing inherited), its own
// process group (and is killed if Baton dies), a working directory, stdin
// from a file or from bytes held in memory, stdout captured in memory and
// stderr written to a log file. It is started through
// Boost.Process with vfork semantics and an argv (no shell). When the
// wall-clock timeout passes, or stdout/stderr exceed their caps, the whole
// process group is killed with SIGKILL. After the child exits, anything left
// in its group is killed too.
//
// Thread-safety: RunSubprocess may be called from several threads at once.
#ifndef BATON_EXECUTOR_SUBPROCESS_H_
#define BATON_EXECUTOR_SUBPROCESS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace baton::executor {

struct SubprocessOptions {
  // argv[0] must be an absolute path to an executable.
  std::vector<std::string> argv;
  std::string working_dir;
  // "NAME=value" entries; the child's entire environment.
  std::vector<std::string> env;
  // File fed to the child's stdin; empty means /dev/null (or stdin_bytes).
  std::string stdin_path;
  // When set (and stdin_path is empty), these bytes are the child's stdin,
  // streamed through a socket while its output is read, then end of file.
  // A child that exits or closes stdin before reading them all is not an
  // error (Baton is not killed by SIGPIPE).
  const std::string* stdin_bytes = nullptr;
  // File that receives stderr (created or truncated). Required.
  std::string stderr_path;
  absl::Duration timeout = absl::Minutes(10);
  // When non-empty, the child may create, write, rename or delete files only
  // beneath these folders (Linux Landlock, applied before exec); reading
  // stays allowed everywhere. On a kernel without Landlock the rule is not
  // enforced and SubprocessResult::write_confined is false.
  std::vector<std::string> writable_paths;
  int64_t max_stdout_bytes = int64_t{64} << 20;
  int64_t max_stderr_bytes = int64_t{16} << 20;
};

struct SubprocessResult {
  std::string stdout_bytes;
  // Valid when term_signal == 0.
  int exit_code = -1;
  // Non-zero when the child died by a signal (including our SIGKILL).
  int term_signal = 0;
  bool timed_out = false;
  // True when writable_paths was enforced by the kernel.
  bool write_confined = false;
  // Which stream passed its cap ("stdout" or "stderr"); empty when none.
  std::string output_limit_exceeded;
  absl::Duration elapsed;
};

// Runs the child to completion (or until killed for a limit).
// Errors: NotFound when argv[0] does not exist, PermissionDenied when it is not
// executable, InvalidArgument for empty argv or a relative argv[0], Internal
// for other start-up failures. A child that fails, crashes or is killed is
// not an error: see SubprocessResult.
absl::StatusOr<SubprocessResult> RunSubprocess(const SubprocessOptions& options);

// The description of how a child ended, e.g. "exit code 3",
// "killed by signal 11 (Segmentation fault)", "timed out after 2s".
std::string DescribeEnding(const SubprocessResult& result,
                           const SubprocessOptions& options);

}  // namespace baton::executor

#endif  // BATON_EXECUTOR_SUBPROCESS_H_
