// A Baton executor process for the crash test: starts or resumes a
// five-step run (four fake agents that write files, then the real
// git-workflow-manager) in place in a repository, and can SIGKILL itself at
// the N-th step boundary (--kill-at N counts step starts and finishes).
//
//   crash_runner start|resume --repo R --runs DIR --run-id ID
//                --fake-agent PATH --git-agent PATH [--kill-at N]
// Exit: 0 when the run succeeded, 1 when it failed, 2 on bad usage, 3 when
// there is no such run to resume (killed before it was created).
#include <signal.h>
#include <unistd.h>

#include <iostream>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "executor/executor.h"
#include "executor/git_workspace_tracker.h"
#include "executor/process_step_runner.h"

namespace {

using namespace baton;  // NOLINT: a test program.

class KillingProgress : public executor::ProgressSink {
 public:
  explicit KillingProgress(int kill_at) : kill_at_(kill_at) {}
  void StepStarted(const executor::PlannedStep&, int) override { Tick(); }
  void StepFinished(const handoff::StepRecord&) override { Tick(); }

 private:
  void Tick() {
    if (++events_ == kill_at_) ::kill(::getpid(), SIGKILL);
  }
  int kill_at_;
  int events_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  std::string mode = argv[1];
  std::string repo, runs, run_id, fake_agent, git_agent;
  int kill_at = -1;
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    std::string value = argv[i + 1];
    if (flag == "--repo") repo = value;
    else if (flag == "--runs") runs = value;
    else if (flag == "--run-id") run_id = value;
    else if (flag == "--fake-agent") fake_agent = value;
    else if (flag == "--git-agent") git_agent = value;
    else if (flag == "--kill-at" && absl::SimpleAtoi(value, &kill_at)) continue;
    else return 2;
  }

  executor::AgentRegistry registry;
  handoff::Handoff initial;
  initial.set_run_id(run_id);
  initial.set_domain("data");
  initial.mutable_request()->set_text("Add four files");
  initial.mutable_workflow()->set_name("Database Migration");
  for (int i = 1; i <= 5; ++i) {
    executor::AgentSpec spec;
    spec.name = i <= 4 ? absl::StrCat("s", i) : "git-workflow-manager";
    spec.argv = i <= 4 ? std::vector<std::string>{fake_agent, absl::StrCat("slowwrite:20:f", i, ".txt")}
                       : std::vector<std::string>{git_agent};
    spec.timeout = absl::Seconds(30);
    domains::ChainStep* step = initial.mutable_workflow()->add_stages()->add_steps();
    step->set_kind(domains::ChainStep::AGENT);
    step->set_agent(spec.name);
    registry.Add(spec);
  }

  executor::ProcessStepRunner runner;
  KillingProgress progress(kill_at);
  executor::GitWorkspaceTracker tracker(repo, run_id, /*own_branch=*/false, {}, {".runs/"});
  executor::ExecutorOptions options;
  options.workspace = repo;
  options.tracker = &tracker;
  executor::Executor executor(registry, runner, progress, options);

  absl::StatusOr<executor::RunDirectory> run =
      mode == "start" ? executor.Start(runs, initial) : executor::RunDirectory::Open(runs, run_id);
  if (!run.ok()) {
    std::cerr << run.status() << "\n";
    return absl::IsNotFound(run.status()) ? 3 : 1;
  }
  executor::AdvanceOptions advance;
  advance.restore_workspace = mode != "start";
  absl::StatusOr<handoff::Handoff> done = executor.Advance(*run, advance);
  if (!done.ok()) {
    std::cerr << done.status() << "\n";
    return 1;
  }
  return done->status() == handoff::RUN_SUCCEEDED ? 0 : 1;
}
