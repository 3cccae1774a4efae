// Which program runs each agent, how Baton talks to it, and under which
// limits.
//
// The built-in registry maps every agent of the data card to its cc_binary
// (`//agents/foo_bar:foo-bar` lives at <root>/agents/foo_bar/foo-bar, where
// root is the Bazel runfiles tree or an installed prefix). A registry file
// (executor/registry_file.h) adds command agents and may replace built-ins.
// Thread-safety: immutable after construction; safe to share.
#ifndef BATON_EXECUTOR_AGENT_REGISTRY_H_
#define BATON_EXECUTOR_AGENT_REGISTRY_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "domains/domain.pb.h"

namespace baton::executor {

// How an agent process talks to Baton.
enum class AgentProtocol {
  // Binary AgentRequest on stdin, binary AgentResult on stdout.
  kProto,
  // The same messages in the proto3 JSON mapping (executor/json_protocol.h).
  kJson,
  // A markdown prompt in, a free-text report out (executor/prompt_protocol.h).
  kPrompt,
};

// "proto", "json", "prompt".
absl::string_view ProtocolName(AgentProtocol protocol);

// Placeholders a command's arguments may hold, replaced for each step:
// {request} the request file (request.pb or request.json), {handoff} the
// handoff file (handoff.pb or handoff.json), {workspace}, {scratch} the
// step's scratch folder, {step_dir}; prompt protocol only: {prompt} a file
// holding the prompt and {prompt_text} the prompt itself.
inline constexpr const char* kCommandPlaceholders[] = {
    "{request}", "{handoff}", "{workspace}", "{scratch}", "{step_dir}",
    "{prompt}",  "{prompt_text}",
};

struct AgentSpec {
  std::string name;
  // argv[0] is an absolute path; later elements may hold placeholders.
  std::vector<std::string> argv;
  AgentProtocol protocol = AgentProtocol::kProto;
  // A Baton agent binary (true) or a command from a registry file (false).
  bool builtin = true;
  // When false the runner fails a step that changed workspace files.
  bool may_write_files = true;
  // Have the kernel (Landlock) refuse writes outside the step's folders.
  // Tests turn it off to exercise the check Baton makes after a step.
  bool confine_writes = true;
  absl::Duration timeout = absl::Minutes(10);
  // Attempts for TRANSIENT_FAILURE results, including the first.
  int max_attempts = 3;
  // Names of variables passed through from Baton's environment, on top of
  // the scrubbed base (PATH, HOME, TMPDIR, LANG).
  std::vector<std::string> env_allowlist;
  int64_t max_stdout_bytes = int64_t{64} << 20;
  int64_t max_stderr_bytes = int64_t{16} << 20;
  // Where the entry came from: "built-in" or "<file>:<line>".
  std::string source = "built-in";
  std::string description;
};

// "built-in", "command (json)", "command (proto)" or "prompt".
std::string DescribeKind(const AgentSpec& spec);

class AgentRegistry {
 public:
  // Adds `spec`, replacing an agent of the same name.
  void Add(AgentSpec spec);

  // NotFound: unknown agent "x"; the message lists the known agents.
  absl::StatusOr<const AgentSpec*> Find(absl::string_view name) const;

  // The agent steps of `workflow` whose agent is not registered, in chain
  // order, each once.
  std::vector<std::string> UnknownAgents(const domains::Workflow& workflow) const;

  // Every agent step of `workflow` must be registered. InvalidArgument
  // "<card>:<line>: workflow "W" names unknown agent(s) a, b; known agents:
  // ..." otherwise.
  absl::Status CheckWorkflow(const domains::Workflow& workflow) const;

  // Sorted.
  std::vector<std::string> Names() const;

  // A card's `agent_timeouts` (seconds by agent name): applied to built-in
  // agents only; an agent a registry file declares keeps its own timeout.
  void ApplyCardTimeouts(const domains::DomainCard& card);

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
