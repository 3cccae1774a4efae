#include "tools/cli/working_directory.h"
#include "tools/cli/agents_command.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "domains/card_loader.h"
#include "executor/agent_registry.h"
#include "executor/registry_file.h"
#include "gitops/repository.h"
#include "tools/cli/command_flags.h"

namespace baton::cli {
namespace {

constexpr int kExitProblems = 2;
constexpr char kUsage[] = "usage: baton agents list|check [--repo DIR] [--agents FILE]";

// The registry file that applies: --agents, else the repository's.
absl::StatusOr<std::string> RegistryFile(const std::string& repo_flag,
                                         const std::string& agents_file) {
  const std::string start = repo_flag.empty() ? WorkingDirectory() : repo_flag;
  absl::StatusOr<std::string> repo = gitops::FindRepositoryRoot(start);
  if (!repo.ok()) {
    if (!repo_flag.empty()) return repo.status();
    // Outside a repository only --agents (or the built-ins) can apply.
    if (agents_file.empty()) return std::string();
    return executor::FindRegistryFile("", agents_file);
  }
  return executor::FindRegistryFile(*repo, agents_file);
}

void PrintSource(const std::string& file, std::ostream& out) {
  out << "Agent registry: "
      << (file.empty() ? absl::StrCat("built-in agents only (no ", executor::kRegistryFileName,
                                      " in the repository)")
                       : file)
      << "\n";
}

int List(const executor::LoadedRegistry& loaded, std::ostream& out) {
  out << absl::StrFormat("%-28s %-16s %s\n", "AGENT", "KIND", "DEFINED AT");
  for (const std::string& name : loaded.registry.Names()) {
    const executor::AgentSpec& spec = **loaded.registry.Find(name);
    out << absl::StrFormat("%-28s %-16s %s\n", name, executor::DescribeKind(spec), spec.source);
    if (!spec.builtin) {
      out << "    " << absl::StrJoin(spec.argv, " ") << "\n";
      out << "    timeout " << absl::FormatDuration(spec.timeout) << ", " << spec.max_attempts
          << (spec.max_attempts == 1 ? " attempt" : " attempts")
          << (spec.may_write_files ? "" : ", may not write files");
      if (!spec.env_allowlist.empty()) {
        out << ", passes " << absl::StrJoin(spec.env_allowlist, " ");
      }
      out << "\n";
    }
    if (!spec.description.empty()) out << "    " << spec.description << "\n";
  }
  return 0;
}

// Problems between the cards and the registry: unknown agents, missing
// programs. Returns how many workflows were checked.
int CheckCards(const domains::DomainCatalog& catalog, const executor::AgentRegistry& registry,
               std::vector<std::string>* problems) {
  int workflows = 0;
  std::set<std::string> checked_programs;
  for (const domains::DomainCard& card : catalog.cards()) {
    for (const domains::Workflow& workflow : card.workflows()) {
      ++workflows;
      const std::string where = absl::StrCat(
          workflow.location().file().empty() ? card.source_path() : workflow.location().file(),
          ":", workflow.location().line(), ": ");
      for (const std::string& agent : registry.UnknownAgents(workflow)) {
        problems->push_back(absl::StrCat(where, "workflow \"", workflow.name(),
                                         "\" names agent \"", agent,
                                         "\", which no registry defines"));
      }
      for (const domains::ChainStage& stage : workflow.stages()) {
        for (const domains::ChainStep& step : stage.steps()) {
          if (step.kind() != domains::ChainStep::AGENT) continue;
          absl::StatusOr<const executor::AgentSpec*> spec = registry.Find(step.agent());
          if (!spec.ok() || !checked_programs.insert(step.agent()).second) continue;
          const std::string& program = (*spec)->argv[0];
          if (::access(program.c_str(), X_OK) != 0) {
            problems->push_back(absl::StrCat(
                "agent ", step.agent(), " (", (*spec)->source, "): program ", program,
                (*spec)->builtin ? " is not built (bazel build //agents/...)"
                                 : " is missing or not executable"));
          }
        }
      }
    }
  }
  return workflows;
}

int Check(const executor::LoadedRegistry& loaded, const Installation& installation,
          std::ostream& out, std::ostream& err) {
  std::vector<std::string> problems = loaded.problems;
  absl::StatusOr<domains::DomainCatalog> catalog =
      domains::LoadCardDirectory(installation.cards_dir);
  if (!catalog.ok()) {
    problems.push_back(std::string(catalog.status().message()));
  }
  int workflows = catalog.ok() ? CheckCards(*catalog, loaded.registry, &problems) : 0;
  if (!problems.empty()) {
    for (const std::string& problem : problems) err << problem << "\n";
    err << "baton: " << problems.size() << (problems.size() == 1 ? " problem" : " problems")
        << " in the agent registry or the cards\n";
    return kExitProblems;
  }
  out << "ok: " << loaded.registry.Names().size() << " agents; every agent of "
      << workflows << " workflows in " << catalog->cards_size() << " card(s) under "
      << installation.cards_dir << " is defined and present\n";
  return 0;
}

}  // namespace

int RunAgentsCommand(const std::vector<std::string>& args, const Installation& installation,
                     std::ostream& out, std::ostream& err) {
  std::string repo;
  std::string agents_file;
  std::string ignored;
  CommandFlags flags;
  flags.String("--repo", &repo);
  flags.String("--agents", &agents_file);
  // Read by baton_main for every command.
  flags.String("--cards", &ignored);
  flags.String("--agents-root", &ignored);
  std::string problem = flags.Parse(args);
  if (problem.empty() && flags.positional().size() != 1) problem = "name one action";
  if (!problem.empty()) {
    err << "baton: " << problem << "\n" << kUsage << "\n";
    return kExitProblems;
  }
  const std::string& action = flags.positional()[0];
  if (action != "list" && action != "check") {
    err << "baton: unknown action " << action << "\n" << kUsage << "\n";
    return kExitProblems;
  }
  // Relative to where the user ran baton (not Bazel's runfiles folder).
  if (std::getenv("BUILD_WORKING_DIRECTORY") != nullptr) {
    agents_file = AbsoluteFromWorkingDirectory(agents_file);
  }
  absl::StatusOr<std::string> file = RegistryFile(repo, agents_file);
  if (!file.ok()) {
    err << "baton: " << file.status().message() << "\n";
    return kExitProblems;
  }
  executor::RegistryOptions options;
  options.builtin_root = installation.agents_root;
  options.file = *file;
  executor::LoadedRegistry loaded = executor::ReadAgentRegistry(options);
  PrintSource(*file, out);
  if (action == "check") return Check(loaded, installation, out, err);
  int code = List(loaded, out);
  if (!loaded.problems.empty()) {
    for (const std::string& line : loaded.problems) err << line << "\n";
    err << "baton: entries with problems are left out (baton agents check)\n";
    return kExitProblems;
  }
  return code;
}

}  // namespace baton::cli
