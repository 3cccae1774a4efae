// Loads the agent registry a run uses: the built-in agents, then the entries
// of a registry file (executor/agent_registry.proto in protobuf text format),
// which add command agents or replace built-ins by name.
//
// The file is `agents.textproto` at the root of the repository a run works
// in, or the file given with `--agents FILE` instead. Every problem is
// reported as `<file>:<line>:<column>: <what is wrong>`: a text-format syntax
// error (which stops the reading), every unknown key (from protobuf's
// parser), and per entry: a missing
// or repeated name, both or neither of `builtin` and `command`, an unknown
// built-in, an unknown protocol, a command that does not exist or is not
// executable, unknown placeholders, bad limits or environment names.
//
// Commands: command[0] containing a '/' is resolved against the registry
// file's folder (unless absolute); a bare name is looked up on PATH now, at
// load time. The resolved argv[0] is always absolute; nothing runs through a
// shell.
//
// Thread-safety: stateless functions.
#ifndef BATON_EXECUTOR_REGISTRY_FILE_H_
#define BATON_EXECUTOR_REGISTRY_FILE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "executor/agent_registry.h"

namespace baton::executor {

inline constexpr char kRegistryFileName[] = "agents.textproto";

struct RegistryOptions {
  // Root of the built-in agents (see BuiltinAgentRegistry).
  std::string builtin_root;
  // The registry file; empty means the built-in agents only.
  std::string file;
  // Folders searched for bare command names, ':'-separated; empty means
  // Baton's own $PATH.
  std::string search_path;
};

struct LoadedRegistry {
  // The built-in agents plus every entry of the file that has no problem.
  AgentRegistry registry;
  // "<file>:<line>:<column>: ..." in file order; empty when all is well.
  std::vector<std::string> problems;
};

// Never fails as a whole: problems are listed, good entries still load.
LoadedRegistry ReadAgentRegistry(const RegistryOptions& options);

// The registry file for the repository at `repo`: `override_file` when it is
// given (NotFound when it does not exist), else `<repo>/agents.textproto`
// when it exists, else "" (built-ins only).
absl::StatusOr<std::string> FindRegistryFile(const std::string& repo,
                                             const std::string& override_file);

// FindRegistryFile, then ReadAgentRegistry. InvalidArgument when the file
// has problems: "agent registry <file> has N problem(s):" and one problem a
// line, so that a run stops before it starts.
absl::StatusOr<AgentRegistry> LoadAgentRegistry(const std::string& builtin_root,
                                                const std::string& repo,
                                                const std::string& override_file);

}  // namespace baton::executor

#endif  // BATON_EXECUTOR_REGISTRY_FILE_H_
