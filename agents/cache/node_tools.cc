#include "agents/cache/node_tools.h"

#include <unistd.h>

#include <filesystem>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace baton::agents::cache {
namespace {

namespace fs = std::filesystem;

constexpr const char* kPackages[][2] = {
    {"ioredis", "ioredis/package.json"},
    {"typescript", "typescript/bin/tsc"},
    {"@types/node", "@types/node/package.json"},
};

std::vector<std::string> Missing(const std::string& node_modules) {
  std::vector<std::string> missing;
  for (const auto& [name, file] : kPackages) {
    std::error_code error;
    if (!fs::exists(fs::path(node_modules) / file, error)) missing.push_back(name);
  }
  return missing;
}

}  // namespace

std::string FindOnPath(const std::string& name, const std::string& path_env) {
  for (absl::string_view dir : absl::StrSplit(path_env, ':', absl::SkipEmpty())) {
    const std::string candidate = absl::StrCat(dir, "/", name);
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "";
}

absl::StatusOr<NodeTools> FindNodeTools(const NodeToolsQuery& query) {
  NodeTools tools;
  tools.node = !query.node.empty() ? query.node : FindOnPath("node", query.path_env);
  if (tools.node.empty() || ::access(tools.node.c_str(), X_OK) != 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "node is not installed (", query.node.empty() ? "not on PATH " + query.path_env
                                                      : "BATON_NODE=" + query.node + " is not executable",
        "); the cache check compiles and runs TypeScript: install Node.js 18+ (apt-get install "
        "nodejs npm) or set BATON_NODE to the node binary"));
  }
  std::vector<std::string> tried;
  const std::string own = (fs::path(query.repo) / "node_modules").string();
  std::vector<std::pair<std::string, std::string>> candidates = {
      {own, "the repository's node_modules"}};
  if (!query.baton_node_modules.empty()) {
    candidates.emplace_back(query.baton_node_modules, "BATON_NODE_MODULES");
  }
  for (const auto& [dir, origin] : candidates) {
    std::vector<std::string> missing = Missing(dir);
    if (missing.empty()) {
      tools.node_modules = fs::absolute(dir).lexically_normal().string();
      tools.tsc = tools.node_modules + "/typescript/bin/tsc";
      tools.origin = origin;
      return tools;
    }
    tried.push_back(absl::StrCat(dir, " (", origin, ") lacks ", absl::StrJoin(missing, ", ")));
  }
  if (query.baton_node_modules.empty()) tried.push_back("BATON_NODE_MODULES is not set");
  return absl::FailedPreconditionError(absl::StrCat(
      "ioredis, typescript and @types/node are needed to verify the cache module: ",
      absl::StrJoin(tried, "; "),
      ". Install them in the repository (npm install ioredis && npm install --save-dev "
      "typescript @types/node), or once for Baton with npm install --prefix "
      "~/.cache/baton/node-tools typescript@5 ioredis@5 @types/node@20 (tools/bootstrap.sh "
      "does it) and set BATON_NODE_MODULES=~/.cache/baton/node-tools/node_modules"));
}

}  // namespace baton::agents::cache
