#include "tools/cli/working_directory.h"
#include "tools/nightly/stage_command.h"

#include <filesystem>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "executor/run_directory.h"
#include "executor/step_plan.h"
#include "tools/cli/command_flags.h"

namespace baton::nightly {
namespace {

constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;
constexpr int kExitWaiting = 4;

constexpr char kUsage[] =
    "usage: baton stage start \"<request>\" [--domain D --workflow W] [--file P]... [--repo DIR]\n"
    "                         [--state-dir DIR] [--staging URL] [--agents FILE]\n"
    "       baton stage run <run-id> --step N [--approve] [--repo DIR] [--state-dir DIR]\n"
    "                       [--wait SECONDS]\n";

int Fail(std::ostream& err, const std::string& problem) {
  err << "baton stage: " << problem << "\n";
  return kExitUsage;
}

std::string StepName(const executor::PlannedStep& step) {
  return step.step.kind() == domains::ChainStep::HUMAN_GATE
             ? absl::StrCat("gate [", step.step.note(), "]")
             : step.step.agent();
}

int Start(const std::vector<std::string>& args, const cli::Installation& installation,
          std::ostream& out, std::ostream& err) {
  cli::RunOptions options;
  std::string ignored;
  cli::CommandFlags flags;
  flags.String("--domain", &options.domain);
  flags.String("--workflow", &options.workflow);
  flags.Repeated("--file", &options.files);
  flags.String("--repo", &options.repo);
  flags.String("--state-dir", &options.runs_root);
  flags.String("--staging", &options.staging_url);
  flags.String("--agents", &options.agents_file);
  flags.String("--cards", &ignored);
  flags.String("--agents-root", &ignored);
  if (std::string problem = flags.Parse(args); !problem.empty()) return Fail(err, problem + "\n" + kUsage);
  if (flags.positional().size() != 1) return Fail(err, std::string("start takes one quoted request\n") + kUsage);
  options.request = flags.positional()[0];
  options.repo = cli::AbsoluteFromWorkingDirectory(options.repo.empty() ? cli::WorkingDirectory() : options.repo);
  options.runs_root = cli::AbsoluteFromWorkingDirectory(options.runs_root);
  options.agents_file = cli::AbsoluteFromWorkingDirectory(options.agents_file);
  if (options.staging_url == "sqlite") options.staging_url.clear();
  options.output = cli::OutputMode::kQuiet;
  options.max_steps = 0;
  absl::StatusOr<cli::RunOutcome> started = cli::StartRun(installation, options, out);
  if (!started.ok()) return Fail(err, std::string(started.status().message()));
  out << "run " << started->run_id << " created in " << started->run_dir << " (workspace "
      << started->workspace << "); no step ran yet\n"
      << started->run_id << std::endl;
  return 0;
}

int RunOne(const std::vector<std::string>& args, const cli::Installation& installation,
           std::ostream& out, std::ostream& err) {
  std::string repo, state_dir, ignored;
  int step = -1;
  int wait_seconds = 3600;
  bool approve = false;
  cli::CommandFlags flags;
  flags.String("--repo", &repo);
  flags.String("--state-dir", &state_dir);
  flags.Int("--step", &step);
  flags.Int("--wait", &wait_seconds);
  flags.Bool("--approve", &approve);
  flags.String("--cards", &ignored);
  flags.String("--agents-root", &ignored);
  if (std::string problem = flags.Parse(args); !problem.empty()) return Fail(err, problem + "\n" + kUsage);
  if (flags.positional().size() != 1) return Fail(err, std::string("run takes a run id\n") + kUsage);
  if (step < 0) return Fail(err, "--step N is required (0-based, in the chain's order)");
  const std::string run_id = flags.positional()[0];
  cli::RunOptions options;
  options.repo = cli::AbsoluteFromWorkingDirectory(repo.empty() ? cli::WorkingDirectory() : repo);
  options.runs_root = cli::AbsoluteFromWorkingDirectory(state_dir);
  options.max_steps = 1;
  absl::StatusOr<std::string> root = cli::ResolveRunsRoot(options.repo, options.runs_root);
  if (!root.ok()) return Fail(err, std::string(root.status().message()));

  const absl::Time deadline = absl::Now() + absl::Seconds(wait_seconds);
  for (int advanced = 0;;) {
    absl::StatusOr<executor::RunDirectory> run = executor::RunDirectory::Open(*root, run_id);
    if (!run.ok()) return Fail(err, std::string(run.status().message()));
    absl::StatusOr<handoff::Checkpoint> latest = run->LatestCheckpoint();
    if (!latest.ok()) return Fail(err, std::string(latest.status().message()));
    const handoff::Handoff& handoff = latest->handoff();
    const executor::StepPlan plan(handoff.workflow());
    if (step >= plan.size()) {
      return Fail(err, absl::StrCat("run ", run_id, " has steps 0..", plan.size() - 1,
                                    "; there is no step ", step));
    }
    const executor::PlannedStep& wanted = plan.steps()[step];
    if (plan.DoneMask(handoff)[step]) {
      out << "step " << step << " (" << StepName(wanted) << ") of run " << run_id << " is done\n";
      return 0;
    }
    std::optional<executor::PlannedStep> next = plan.Next(handoff);
    if (next.has_value() && next->stage != wanted.stage) {
      return Fail(err, absl::StrCat("step ", step, " (", StepName(wanted), ") of run ", run_id,
                                    " cannot run yet: step ", next->index, " (", StepName(*next),
                                    ") of an earlier stage is not done; run the stages in the "
                                    "workflow's order"));
    }
    if (advanced >= 2) {
      err << "baton stage: step " << step << " of run " << run_id
          << " is still not done after its stage ran\n";
      return kExitFailed;
    }
    absl::StatusOr<cli::RunOutcome> outcome =
        cli::ResumeRun(installation, options, run_id, approve, out);
    if (!outcome.ok()) {
      if (absl::IsFailedPrecondition(outcome.status()) &&
          absl::StrContains(outcome.status().message(), "being advanced") &&
          absl::Now() < deadline) {
        absl::SleepFor(absl::Milliseconds(500));  // A sibling task runs the stage.
        continue;
      }
      return Fail(err, std::string(outcome.status().message()));
    }
    ++advanced;
    if (!outcome->status.ok()) {
      err << "baton stage: " << outcome->status.message() << "\n  state kept in "
          << outcome->run_dir << "; fix the cause and run this task again\n";
      return kExitFailed;
    }
    if (outcome->handoff.status() == handoff::RUN_WAITING_FOR_HUMAN) {
      err << "baton stage: run " << run_id << " waits for a person at step " << step
          << "; pass it with: baton stage run " << run_id << " --step " << step << " --approve\n";
      return kExitWaiting;
    }
  }
}

}  // namespace

int RunStageCommand(const std::vector<std::string>& args, const cli::Installation& installation,
                    std::ostream& out, std::ostream& err) {
  if (args.empty()) return Fail(err, std::string("start or run?\n") + kUsage);
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "start") return Start(rest, installation, out, err);
  if (args[0] == "run") return RunOne(rest, installation, out, err);
  return Fail(err, absl::StrCat("unknown subcommand ", args[0], "\n", kUsage));
}

}  // namespace baton::nightly
