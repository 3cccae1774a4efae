// Fuzz target: the agent registry parser (executor/registry_file) on an
// arbitrary `agents.textproto`. Invariants: every problem is
// "<file>:<line>:<column>: ..." with positive line and column; the built-in
// agents are always there; every loaded command agent has an absolute argv[0].
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "executor/agent_registry.h"
#include "executor/registry_file.h"
#include "testing/fuzz/fuzz_support.h"

namespace {

namespace fs = std::filesystem;

std::string* folder = nullptr;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  baton::fuzz::InitFuzzTarget((*argv)[0]);
  folder = new std::string(baton::fuzz::ScratchDir());
  // Commands the registries in the corpus name: a relative script and a
  // bare name found on the search path.
  for (const char* script : {"tools/qa_agent.py", "bin/llm", "testing/agents/json_agent.sh"}) {
    const fs::path path = fs::path(*folder) / script;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << "#!/bin/sh\nexit 0\n";
    fs::permissions(path, fs::perms::owner_all);
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view text = baton::fuzz::AsText(data, size);
  if (size > 64 * 1024) return 0;
  const std::string file = *folder + "/agents.textproto";
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
  }
  baton::executor::RegistryOptions options;
  options.builtin_root = *folder + "/builtin";
  options.file = file;
  options.search_path = *folder + "/bin";
  const baton::executor::LoadedRegistry loaded = baton::executor::ReadAgentRegistry(options);

  for (const std::string& problem : loaded.problems) {
    FUZZ_CHECK(absl::StartsWith(problem, file + ":"), text);
    const std::vector<absl::string_view> parts =
        absl::StrSplit(absl::string_view(problem).substr(file.size() + 1), absl::MaxSplits(':', 2));
    int line = 0;
    int column = 0;
    FUZZ_CHECK(parts.size() == 3, text);
    FUZZ_CHECK(absl::SimpleAtoi(parts[0], &line) && line >= 1, text);
    FUZZ_CHECK(absl::SimpleAtoi(parts[1], &column) && column >= 1, text);
  }
  for (const char* builtin : baton::executor::kBuiltinAgents) {
    FUZZ_CHECK(loaded.registry.Find(builtin).ok(), text);
  }
  for (const std::string& name : loaded.registry.Names()) {
    const absl::StatusOr<const baton::executor::AgentSpec*> spec = loaded.registry.Find(name);
    FUZZ_CHECK(spec.ok(), text);
    if (!(*spec)->argv.empty()) FUZZ_CHECK(absl::StartsWith((*spec)->argv.front(), "/"), text);
  }
  return 0;
}
