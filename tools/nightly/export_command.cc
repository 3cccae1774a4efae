#include "tools/cli/working_directory.h"
#include "tools/nightly/export_command.h"

#include <filesystem>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "domains/card_loader.h"
#include "executor/atomic_file.h"
#include "executor/run_directory.h"
#include "router/route.pb.h"
#include "tools/cli/command_flags.h"
#include "tools/nightly/airflow_dag.h"

namespace baton::nightly {
namespace {

constexpr int kExitUsage = 2;

constexpr char kUsage[] =
    "usage: baton export airflow (--run-id ID | \"<request>\" | --domain D --workflow W)\n"
    "                            --state-dir DIR [--repo DIR] [--file P]... [--staging URL]\n"
    "                            [--dag-id ID] [--baton PATH] [--schedule CRON] [--output FILE]\n";

int Fail(std::ostream& err, const std::string& problem) {
  err << "baton export: " << problem << "\n";
  return kExitUsage;
}

std::string DagIdFrom(absl::string_view text) {
  std::string id = "baton";
  for (char c : text) id += absl::ascii_isalnum(c) ? absl::ascii_tolower(c) : '_';
  return id;
}

absl::StatusOr<domains::Workflow> FindWorkflow(const cli::Installation& installation,
                                               const std::string& domain,
                                               const std::string& name) {
  absl::StatusOr<domains::DomainCatalog> catalog =
      domains::LoadCardDirectory(installation.cards_dir);
  if (!catalog.ok()) return catalog.status();
  for (const domains::DomainCard& card : catalog->cards()) {
    if (card.domain() != domain) continue;
    for (const domains::Workflow& workflow : card.workflows()) {
      if (workflow.name() == name) return workflow;
    }
  }
  return absl::NotFoundError(absl::StrCat("no workflow \"", name, "\" in domain ", domain));
}

}  // namespace

int RunExportCommand(const std::vector<std::string>& args, const cli::Installation& installation,
                     std::ostream& out, std::ostream& err) {
  if (args.empty() || args[0] != "airflow") {
    return Fail(err, absl::StrCat("only `baton export airflow` exists\n", kUsage));
  }
  AirflowDagOptions options;
  std::string output, ignored;
  cli::CommandFlags flags;
  flags.String("--run-id", &options.run_id);
  flags.String("--state-dir", &options.state_dir);
  flags.String("--repo", &options.repo);
  flags.String("--domain", &options.domain);
  flags.String("--workflow", &options.workflow);
  flags.Repeated("--file", &options.files);
  flags.String("--staging", &options.staging);
  flags.String("--dag-id", &options.dag_id);
  flags.String("--baton", &options.baton);
  flags.String("--schedule", &options.schedule);
  flags.String("--output", &output);
  flags.String("--cards", &ignored);
  flags.String("--agents-root", &ignored);
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (std::string problem = flags.Parse(rest); !problem.empty()) {
    return Fail(err, absl::StrCat(problem, "\n", kUsage));
  }
  if (flags.positional().size() > 1) return Fail(err, "takes at most one quoted request");
  if (!flags.positional().empty()) options.request = flags.positional()[0];
  if (options.state_dir.empty()) {
    return Fail(err, "--state-dir is required: the folder every worker shares for the run state");
  }
  options.repo = cli::AbsoluteFromWorkingDirectory(options.repo.empty() ? cli::WorkingDirectory() : options.repo);
  options.state_dir = cli::AbsoluteFromWorkingDirectory(options.state_dir);
  if (options.staging == "sqlite") options.staging.clear();

  domains::Workflow workflow;
  if (!options.run_id.empty()) {
    absl::StatusOr<executor::RunDirectory> run =
        executor::RunDirectory::Open(options.state_dir, options.run_id);
    if (!run.ok()) return Fail(err, std::string(run.status().message()));
    absl::StatusOr<handoff::Checkpoint> latest = run->LatestCheckpoint();
    if (!latest.ok()) return Fail(err, std::string(latest.status().message()));
    workflow = latest->handoff().workflow();
    if (options.dag_id.empty()) options.dag_id = DagIdFrom(absl::StrCat("_run_", options.run_id));
  } else {
    cli::RunOptions route;
    route.request = options.request;
    route.domain = options.domain;
    route.workflow = options.workflow;
    route.files = options.files;
    route.repo = options.repo;
    absl::StatusOr<router::RouteDecision> decision = cli::RouteOnly(installation, route);
    if (!decision.ok()) return Fail(err, std::string(decision.status().message()));
    if (decision->outcome() != router::RouteDecision::MATCHED &&
        decision->outcome() != router::RouteDecision::OVERRIDDEN) {
      return Fail(err, "the request does not route to one workflow; name it with --domain and "
                       "--workflow (baton route shows the candidates)");
    }
    options.domain = decision->domain();
    options.workflow = decision->workflow();
    absl::StatusOr<domains::Workflow> found =
        FindWorkflow(installation, options.domain, options.workflow);
    if (!found.ok()) return Fail(err, std::string(found.status().message()));
    workflow = *found;
    if (options.dag_id.empty()) options.dag_id = DagIdFrom(absl::StrCat("_", workflow.name()));
  }
  absl::StatusOr<std::string> dag = RenderAirflowDag(workflow, options);
  if (!dag.ok()) return Fail(err, std::string(dag.status().message()));
  if (output.empty()) {
    out << *dag;
    return 0;
  }
  output = cli::AbsoluteFromWorkingDirectory(output);
  absl::Status written = executor::WriteFileAtomically(output, *dag);
  if (!written.ok()) return Fail(err, std::string(written.message()));
  out << "Wrote " << output << " (DAG " << options.dag_id << ", " << workflow.name() << ")\n";
  return 0;
}

}  // namespace baton::nightly
