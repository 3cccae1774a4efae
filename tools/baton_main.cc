// The `baton` command line. Flags are parsed here (or by the subcommand's
// own file under tools/cli/ and tools/nightly/); the work is done by the
// libraries. kUsage below lists every command.
//
// Exit codes: 0 done; 1 the run failed (state kept, resumable); 2 bad usage
// or bad input (cards, repository); 3 the request routed nowhere or
// ambiguously; 4 the run waits for a person.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "tools/cli/working_directory.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tools/cli/agents_command.h"
#include "tools/cli/audit_command.h"
#include "tools/cli/demo_repository.h"
#include "tools/cli/domains_command.h"
#include "tools/cli/lint_schema_command.h"
#include "tools/cli/pipeline.h"
#include "tools/cli/route_command.h"
#include "tools/cli/run_commands.h"
#include "tools/nightly/export_command.h"
#include "tools/nightly/nightly_command.h"
#include "tools/nightly/stage_command.h"
#include "tools/cpp/runfiles/runfiles.h"

namespace {

using ::baton::cli::Installation;
using ::baton::cli::RunOptions;
using ::baton::cli::RunOutcome;

constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;
constexpr int kExitNoRoute = 3;
constexpr int kExitWaiting = 4;

constexpr char kUsage[] = R"(usage:
  baton run "<request>" [--file P]... [--repo DIR] [--domain D [--workflow W]]
            [--in-place [--allow-dirty]] [--until AGENT] [--pause-before AGENT]
            [--max-steps N] [--state-dir DIR] [--staging sqlite|postgres://URL]
            [--source mysql://URL] [--quiet | --json]
  baton route "<request>" [--file P]... [--changed] [--json] [--pick-best]
              [--domain D [--workflow W]]
  baton resume <run-id> [--approve] [--accept-card-change] [--repo DIR] [--state-dir DIR]
               [--quiet | --json]
  baton step <run-id> [--approve]          run exactly the next step, show the changes
  baton runs                               every run with status, progress and age
  baton show <run-id> [--checkpoint N | --step N] [--format text|json] [--diff]
  baton edit <run-id> [--set path=value]...  (else $EDITOR on the handoff)
  baton rewind <run-id> --to N
  baton fork <run-id> --at N
  baton gc [--older-than 30d]
  baton demo                               a throwaway repository, one run, its commit
  baton domains list | show NAME | lint [--strict] | graph NAME [--workflow W] [--mermaid|--dot]
  baton agents list|check [--repo DIR] [--agents FILE]
  baton lint-schema [PATH] [--table T]... [--json] | --rules
  baton audit [PATH]... [--changed] [--json]
  baton nightly --config FILE [--parallel N] [--overlap skip|queue|replace] [--force] [--date D]
  baton stage start "<request>" ... | baton stage run <run-id> --step N   (one step per process)
  baton export airflow (--run-id ID | "<request>") --state-dir DIR [--output FILE]
Common: --cards DIR (domain cards), --agents-root DIR (built-in agents),
  --agents FILE (agent registry; default <repo>/agents.textproto).
)";

struct Args {
  std::string command;
  std::vector<std::string> positional;
  RunOptions run;
  bool json = false;
  bool approve = false;
  std::string cards_dir;
  std::string agents_root;
};

int Usage(const std::string& problem) {
  std::cerr << "baton: " << problem << "\n" << kUsage;
  return kExitUsage;
}

// Parses argv; returns an error message, or "" on success.
std::string Parse(int argc, char** argv, Args* args) {
  args->command = argv[1];
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    std::string value;
    bool has_value = false;
    if (absl::StartsWith(arg, "--") && arg.find('=') != std::string::npos) {
      value = arg.substr(arg.find('=') + 1);
      arg = arg.substr(0, arg.find('='));
      has_value = true;
    }
    auto next = [&](std::string* out) -> bool {
      if (has_value) {
        *out = value;
        return true;
      }
      if (i + 1 >= argc) return false;
      *out = argv[++i];
      return true;
    };
    std::string text;
    if (arg == "--file") {
      if (!next(&text)) return "--file needs a path";
      args->run.files.push_back(text);
    } else if (arg == "--repo") {
      if (!next(&args->run.repo)) return "--repo needs a folder";
    } else if (arg == "--staging") {
      if (!next(&text)) return "--staging needs sqlite or a postgres:// URL";
      if (absl::StartsWith(text, "postgres://") || absl::StartsWith(text, "postgresql://")) {
        args->run.staging_url = text;
      } else if (text == "sqlite") {
        args->run.staging_url.clear();
      } else {
        return "--staging takes sqlite or a postgres://user@host:port/db URL";
      }
    } else if (arg == "--source") {
      if (!next(&text)) return "--source needs a mysql:// URL";
      if (!absl::StartsWith(text, "mysql://") && !absl::StartsWith(text, "mariadb://")) {
        return "--source takes the database to migrate from: mysql://user@host:port/db "
               "(password in MYSQL_PWD)";
      }
      args->run.source_url = text;
    } else if (arg == "--domain") {
      if (!next(&args->run.domain)) return "--domain needs a name";
    } else if (arg == "--workflow") {
      if (!next(&args->run.workflow)) return "--workflow needs a name";
    } else if (arg == "--state-dir") {
      if (!next(&args->run.runs_root)) return "--state-dir needs a folder";
    } else if (arg == "--max-steps") {
      if (!next(&text) || !absl::SimpleAtoi(text, &args->run.max_steps)) {
        return "--max-steps needs a number";
      }
    } else if (arg == "--cards") {
      if (!next(&args->cards_dir)) return "--cards needs a folder";
    } else if (arg == "--agents-root") {
      if (!next(&args->agents_root)) return "--agents-root needs a folder";
    } else if (arg == "--agents") {
      if (!next(&args->run.agents_file)) return "--agents needs a registry file";
    } else if (arg == "--allow-dirty") {
      args->run.allow_dirty = true;
    } else if (arg == "--in-place") {
      args->run.in_place = true;
    } else if (arg == "--accept-card-change") {
      args->run.accept_card_change = true;
    } else if (arg == "--until") {
      if (!next(&args->run.until_agent)) return "--until needs an agent name";
    } else if (arg == "--pause-before") {
      if (!next(&args->run.pause_before_agent)) return "--pause-before needs an agent name";
    } else if (arg == "--json") {
      args->json = true;
      args->run.output = baton::cli::OutputMode::kJson;
    } else if (arg == "--quiet") {
      args->run.output = baton::cli::OutputMode::kQuiet;
    } else if (arg == "--approve") {
      args->approve = true;
    } else if (absl::StartsWith(arg, "--")) {
      return absl::StrCat("unknown flag ", arg);
    } else {
      args->positional.push_back(argv[i]);
    }
  }
  return "";
}

// Finds Baton's cards and agents: flags first, else the runfiles tree.
std::string Locate(const char* argv0, Args* args, Installation* installation) {
  std::string error;
  std::unique_ptr<bazel::tools::cpp::runfiles::Runfiles> runfiles(
      bazel::tools::cpp::runfiles::Runfiles::Create(argv0, &error));
  auto strip = [](const std::string& path, absl::string_view suffix) {
    return absl::EndsWith(path, suffix) ? path.substr(0, path.size() - suffix.size()) : "";
  };
  installation->cards_dir = args->cards_dir;
  installation->agents_root = args->agents_root;
  if (runfiles != nullptr) {
    if (installation->cards_dir.empty()) {
      installation->cards_dir = strip(runfiles->Rlocation("baton/domains/data.md"), "/data.md");
    }
    if (installation->agents_root.empty()) {
      installation->agents_root =
          strip(runfiles->Rlocation("baton/agents/qa_specialist/qa-specialist"),
                "/agents/qa_specialist/qa-specialist");
    }
  }
  if (installation->cards_dir.empty() || installation->agents_root.empty()) {
    return absl::StrCat("cannot find Baton's cards and agents (", error,
                        "); run through `bazel run //:baton -- ...` or pass --cards and "
                        "--agents-root");
  }
  return "";
}

int ExitFor(const absl::Status& status) {
  std::cerr << "baton: " << status.message() << "\n";
  if (absl::IsFailedPrecondition(status) &&
      absl::StrContains(status.message(), "did not route")) {
    return kExitNoRoute;
  }
  return kExitUsage;
}

int Finish(const absl::StatusOr<RunOutcome>& outcome,
           baton::cli::OutputMode mode = baton::cli::OutputMode::kHuman) {
  if (!outcome.ok()) return ExitFor(outcome.status());
  baton::cli::PrintOutcome(*outcome, std::cout, mode);
  if (!outcome->status.ok()) return kExitFailed;
  if (outcome->handoff.status() == baton::handoff::RUN_WAITING_FOR_HUMAN) return kExitWaiting;
  return 0;
}

int Demo(const char* argv0, const Installation& installation, Args args) {
  std::string error;
  std::unique_ptr<bazel::tools::cpp::runfiles::Runfiles> runfiles(
      bazel::tools::cpp::runfiles::Runfiles::Create(argv0, &error));
  std::string readme = runfiles == nullptr ? "" :
      runfiles->Rlocation("baton/testing/fixtures/data_repo/database/README.md");
  std::string fixture = readme.substr(0, readme.size() - std::string("/database/README.md").size());
  const char* tmp = std::getenv("TMPDIR");
  absl::StatusOr<std::string> repo =
      baton::cli::CreateDemoRepository(fixture, tmp != nullptr ? tmp : "/tmp");
  if (!repo.ok()) return ExitFor(repo.status());
  std::cout << "Demo repository: " << *repo << " (from testing/fixtures/data_repo)\n";
  args.run.repo = *repo;
  args.run.request = "Add phone_number column to users table";
  std::cout << "Request: \"" << args.run.request << "\"\n\n";
  int code = Finish(baton::cli::StartRun(installation, args.run, std::cout));
  std::cout << "\nThe demo repository stays at " << *repo
            << " for you to inspect (git -C " << *repo << " log --stat).\n";
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return Usage("missing command");
  const std::string command = argv[1];
  if (command == "help" || command == "--help") {
    std::cout << kUsage;
    return 0;
  }
  // --cards / --agents-root apply to every command; find them first.
  Args args;
  for (int i = 2; i + 1 < argc; ++i) {
    if (std::string(argv[i]) == "--cards") args.cards_dir = argv[i + 1];
    if (std::string(argv[i]) == "--agents-root") args.agents_root = argv[i + 1];
  }
  Installation installation;
  std::string problem = Locate(argv[0], &args, &installation);
  if (!problem.empty()) return Usage(problem);

  // Commands that parse their own flags (tools/cli/<name>_command.h) go here:
  // if (command == "NAME") return baton::cli::RunNameCommand(tail, installation, std::cout, std::cerr);
  const std::vector<std::string> tail(argv + 2, argv + argc);
  if (command == "runs") return baton::cli::RunRunsCommand(tail, installation, std::cout, std::cerr);
  if (command == "show") return baton::cli::RunShowCommand(tail, installation, std::cout, std::cerr);
  if (command == "step") return baton::cli::RunStepCommand(tail, installation, std::cout, std::cerr);
  if (command == "edit") return baton::cli::RunEditCommand(tail, installation, std::cout, std::cerr);
  if (command == "rewind") {
    return baton::cli::RunRewindCommand(tail, installation, std::cout, std::cerr);
  }
  if (command == "fork") return baton::cli::RunForkCommand(tail, installation, std::cout, std::cerr);
  if (command == "gc") return baton::cli::RunGcCommand(tail, installation, std::cout, std::cerr);
  if (command == "agents") return baton::cli::RunAgentsCommand(tail, installation, std::cout, std::cerr);
  if (command == "lint-schema") return baton::cli::RunLintSchemaCommand(tail, installation, std::cout, std::cerr);
  if (command == "audit") return baton::cli::RunAuditCommand(tail, installation, std::cout, std::cerr);
  if (command == "nightly") return baton::nightly::RunNightlyCommand(tail, installation, std::cout, std::cerr);
  if (command == "stage") return baton::nightly::RunStageCommand(tail, installation, std::cout, std::cerr);
  if (command == "export") return baton::nightly::RunExportCommand(tail, installation, std::cout, std::cerr);
  if (command == "route") return baton::cli::RunRouteCommand(tail, installation, std::cout, std::cerr);
  if (command == "domains") return baton::cli::RunDomainsCommand(tail, installation, std::cout, std::cerr);

  problem = Parse(argc, argv, &args);
  if (!problem.empty()) return Usage(problem);
  if (args.run.repo.empty()) args.run.repo = baton::cli::WorkingDirectory();
  args.run.agents_file = baton::cli::AbsoluteFromWorkingDirectory(args.run.agents_file);

  if (args.command == "run") {
    if (args.positional.size() != 1) return Usage(args.command + " takes one quoted request");
    args.run.request = args.positional[0];
    return Finish(baton::cli::StartRun(installation, args.run, std::cout), args.run.output);
  }
  if (args.command == "resume") {
    if (args.positional.size() != 1) return Usage(args.command + " takes a run id");
    return Finish(baton::cli::ResumeRun(installation, args.run, args.positional[0],
                                        args.approve, std::cout),
                  args.run.output);
  }
  if (args.command == "demo") return Demo(argv[0], installation, args);
  return Usage(absl::StrCat("unknown command ", args.command));
}
