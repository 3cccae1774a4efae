// Which program runs each agent, and under which limits.
//
// The built-in registry maps every agent of the data card to its cc_binary
// (`//agents/foo_bar:foo-bar` lives at <root>/agents/foo_bar/foo-bar, where
// root is the Bazel runfiles tree or an installed prefix).
// Thread-safety: immutable after construction; safe to share.
#ifndef BATON_EXECUTOR_AGENT_REGISTRY_H_
#define BATON_EXECUTOR_AGENT_REGISTRY_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "domains/domain.pb.h"

namespace baton::executor {

struct AgentSpec {
  std::string name;
  // argv[0] is an absolute path; the request arrives on stdin.
  std::vector<std::string> argv;
  absl::Duration timeout = absl::Minutes(10);
  // Attempts for TRANSIENT_FAILURE results, including the first.
  int max_attempts = 3;
  // Names of variables passed through from Baton's environment, on top of
  // the scrubbed base (PATH, HOME, TMPDIR, LANG).
  std::vector<std::string> env_allowlist;
  int64_t max_stdout_bytes = int64_t{64} << 20;
  int64_t max_stderr_bytes = int64_t{16} << 20;
  // Where the entry came from ("built-in", a file:line).
  std::string source;
};

class AgentRegistry {
 public:
  void Add(AgentSpec spec);

  // NotFound: unknown agent "x"; the message lists the known agents.
  absl::StatusOr<const AgentSpec*> Find(absl::string_view name) const;

  // Every agent step of `workflow` must be registered. InvalidArgument
  // naming each unknown agent, the workflow and the known agents.
  absl::Status CheckWorkflow(const domains::Workflow& workflow) const;

  std::vector<std::string> Names() const;

 private:
  std::map<std::string, AgentSpec, std::less<>> agents_;
};

// The agents of the data card, as built by //agents/...
inline constexpr const char* kBuiltinAgents[] = {
    "debug-specialist",   "dependency-scanner",  "git-workflow-manager",
    "infrastructure-specialist", "qa-specialist", "security-auditor",
    "spec-manager",       "systems-architect",
};

// The built-in agents under `root` (see above). Does not check that the
// binaries exist; Find + the runner report a missing one.
AgentRegistry BuiltinAgentRegistry(const std::string& root);

}  // namespace baton::executor

#endif  // BATON_EXECUTOR_AGENT_REGISTRY_H_
