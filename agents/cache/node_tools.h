// Where the QA step finds node, tsc and the packages the generated module
// needs (ioredis, typescript, @types/node): the repository's own
// node_modules first, then the folder BATON_NODE_MODULES names
// (tools/bootstrap.sh installs them into
// ${XDG_CACHE_HOME:-$HOME/.cache}/baton/node-tools/node_modules).
// Stateless; thread-safe.
#ifndef BATON_AGENTS_CACHE_NODE_TOOLS_H_
#define BATON_AGENTS_CACHE_NODE_TOOLS_H_

#include <string>

#include "absl/status/statusor.h"

namespace baton::agents::cache {

struct NodeTools {
  std::string node;          // Absolute path of the node binary.
  std::string tsc;           // .../typescript/bin/tsc (run with node).
  std::string node_modules;  // The folder holding ioredis, typescript, @types/node.
  std::string origin;        // "the repository's node_modules" or "BATON_NODE_MODULES".
};

struct NodeToolsQuery {
  std::string repo;
  std::string baton_node_modules;  // BATON_NODE_MODULES, may be empty.
  std::string node;                // BATON_NODE, may be empty: then PATH.
  std::string path_env;            // PATH to search for node.
};

// FailedPrecondition naming what is missing where and how to install it:
// node not on PATH (install nodejs), or no folder with all three packages.
absl::StatusOr<NodeTools> FindNodeTools(const NodeToolsQuery& query);

// The first executable `name` in the colon-separated `path_env`, or "".
std::string FindOnPath(const std::string& name, const std::string& path_env);

}  // namespace baton::agents::cache

#endif  // BATON_AGENTS_CACHE_NODE_TOOLS_H_
