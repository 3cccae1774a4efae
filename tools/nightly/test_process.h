// Test helper: run commands and processes from a test and read what they
// printed. testonly.
#ifndef BATON_TOOLS_NIGHTLY_TEST_PROCESS_H_
#define BATON_TOOLS_NIGHTLY_TEST_PROCESS_H_

#include <sys/types.h>

#include <string>
#include <vector>

namespace baton::nightly {

struct CommandResult {
  int exit_code = -1;  // -1 when it did not exit normally.
  std::string output;  // stdout and stderr together.
};

// Runs `command` with /bin/sh, stderr merged into stdout.
CommandResult RunShell(const std::string& command);

// Starts argv[0] (a path) with stdout and stderr appended to `log_path`;
// returns its pid, or -1.
pid_t SpawnProcess(const std::vector<std::string>& argv, const std::string& log_path);

// Waits for `pid`; its exit code, or 128 + signal when a signal ended it.
int WaitProcess(pid_t pid);

// The contents of `path`, "" when unreadable.
std::string ReadText(const std::string& path);

// True when `file` is an executable on PATH (or an executable path).
bool OnPath(const std::string& file);

}  // namespace baton::nightly

#endif  // BATON_TOOLS_NIGHTLY_TEST_PROCESS_H_
