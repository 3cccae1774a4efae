// What one step costs Baton, beside the floor measured in the same process:
// spawning the same no-op agent with posix_spawn + waitpid, and one durable
// 4 KiB write (write + fsync + rename + folder fsync).
//
//   bazel run -c opt //executor:step_cost_benchmark --
//       --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
//
// Results and targets: BENCHMARKS.md ("Executor").
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "executor/atomic_file.h"
#include "executor/executor.h"
#include "executor/git_workspace_tracker.h"
#include "executor/process_step_runner.h"
#include "executor/protocol_version.h"
#include "executor/subprocess.h"
#include "gitops/committer.h"
#include "gitops/repository.h"

extern char** environ;

namespace baton::executor {
namespace {

namespace fs = std::filesystem;

std::string Runfile(const std::string& path) { return fs::absolute(path).string(); }

const std::string& Scratch() {
  static const std::string* dir = [] {
    std::string pattern = (fs::temp_directory_path() / "baton-bench-XXXXXX").string();
    auto* made = new std::string(::mkdtemp(pattern.data()));
    std::atexit([] {
      std::error_code error;
      fs::remove_all(Scratch(), error);
    });
    return made;
  }();
  return *dir;
}

std::string RequestFile() {
  static const std::string* path = [] {
    handoff::AgentRequest request;
    request.set_protocol_version(kProtocolVersion);
    request.mutable_step()->set_agent("noop");
    auto* file = new std::string(Scratch() + "/request.pb");
    std::ofstream(*file, std::ios::binary) << request.SerializeAsString();
    return file;
  }();
  return *path;
}

class NullProgress : public ProgressSink {};

// Floor 1: posix_spawn + waitpid of the no-op agent, stdin from the request.
void BM_SpawnFloor(benchmark::State& state) {
  std::string agent = Runfile("testing/fake_agent");
  std::string mode = "ok";
  char* argv[] = {agent.data(), mode.data(), nullptr};
  for (auto _ : state) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, RequestFile().c_str(), O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    posix_spawn(&pid, agent.c_str(), &actions, nullptr, argv, environ);
    int status = 0;
    ::waitpid(pid, &status, 0);
    posix_spawn_file_actions_destroy(&actions);
  }
}
BENCHMARK(BM_SpawnFloor)->UseRealTime()->Unit(benchmark::kMicrosecond);

// Floor 2: one durable 4 KiB write.
void BM_DurableWriteFloor(benchmark::State& state) {
  std::string block(4096, 'x');
  std::string path = Scratch() + "/floor.bin";
  std::string temp = path + ".tmp";
  for (auto _ : state) {
    int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    benchmark::DoNotOptimize(::write(fd, block.data(), block.size()));
    ::fsync(fd);
    ::close(fd);
    ::rename(temp.c_str(), path.c_str());
    int dir = ::open(Scratch().c_str(), O_RDONLY | O_DIRECTORY);
    ::fsync(dir);
    ::close(dir);
  }
}
BENCHMARK(BM_DurableWriteFloor)->UseRealTime()->Unit(benchmark::kMicrosecond);

// The spawn path Baton uses (Boost.Process with vfork, pipes, poll), with
// `resident_mb` of touched memory in this process: vfork keeps it flat.
void BM_RunSubprocess(benchmark::State& state) {
  std::vector<char> ballast(static_cast<size_t>(state.range(0)) << 20);
  for (size_t i = 0; i < ballast.size(); i += 4096) ballast[i] = 1;
  SubprocessOptions options;
  options.argv = {Runfile("testing/fake_agent"), "ok"};
  options.working_dir = Scratch();
  options.stdin_path = RequestFile();
  options.stderr_path = Scratch() + "/stderr.log";
  for (auto _ : state) benchmark::DoNotOptimize(RunSubprocess(options));
  benchmark::DoNotOptimize(ballast.data());
}
BENCHMARK(BM_RunSubprocess)->Arg(0)->Arg(400)->UseRealTime()->Unit(benchmark::kMicrosecond);

handoff::Handoff Chain(int steps, const std::string& last_agent) {
  handoff::Handoff handoff;
  handoff.mutable_request()->set_text("Add phone_number column to users table");
  handoff.set_domain("data");
  handoff.mutable_workflow()->set_name("Database Migration");
  for (int i = 0; i < steps; ++i) {
    domains::ChainStep* step = handoff.mutable_workflow()->add_stages()->add_steps();
    step->set_kind(domains::ChainStep::AGENT);
    step->set_agent(i == steps - 1 && !last_agent.empty() ? last_agent : "noop");
  }
  return handoff;
}

// A whole run of `steps` no-op steps through the executor: spawn, handoff in
// and out, merge, checkpoint with fsync, journal. Reported per step.
void RunNoOps(benchmark::State& state, int steps) {
  AgentRegistry registry;
  AgentSpec noop;
  noop.name = "noop";
  noop.argv = {Runfile("testing/fake_agent"), "ok"};
  registry.Add(noop);
  ProcessStepRunner runner;
  NullProgress progress;
  ExecutorOptions options;
  options.workspace = Scratch();
  Executor executor(registry, runner, progress, options);
  std::string runs = Scratch() + "/runs";
  static int run = 0;
  uintmax_t state_bytes = 0;
  for (auto _ : state) {
    handoff::Handoff initial = Chain(steps, "");
    initial.set_run_id(absl::StrCat("run-", steps, "-", run++));
    absl::StatusOr<RunDirectory> dir = executor.Start(runs, initial);
    if (!dir.ok()) {
      state.SkipWithError(std::string(dir.status().message()).c_str());
      break;
    }
    AdvanceOptions advance;
    advance.restore_workspace = false;
    absl::StatusOr<handoff::Handoff> done = executor.Advance(*dir, advance);
    if (!done.ok()) state.SkipWithError(std::string(done.status().message()).c_str());
    state.PauseTiming();
    state_bytes = 0;
    for (const auto& entry : fs::recursive_directory_iterator(dir->path())) {
      if (entry.is_regular_file()) state_bytes += entry.file_size();
    }
    // The long runs are kept until the process ends (Scratch() is removed
    // then): deleting a run's thousands of files before the next would slow
    // that next run's file creations (ext4 skips recently freed inodes) and
    // blur whether the cost per step grows with a run's own length. The
    // short runs, thousands of them, are deleted as they go.
    if (steps < 100) fs::remove_all(dir->path());
    state.ResumeTiming();
  }
  // Seconds per step, shown in µs.
  state.counters["per_step_us"] = benchmark::Counter(
      static_cast<double>(steps) * static_cast<double>(state.iterations()) / 1e6,
      benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["state_bytes_per_step"] = static_cast<double>(state_bytes) / steps;
}

void BM_ExecutorNoOpSteps(benchmark::State& state) { RunNoOps(state, static_cast<int>(state.range(0))); }
// The long runs first: the thousands of short runs delete their folders as
// they go, which slows file creation for minutes afterwards on ext4.
BENCHMARK(BM_ExecutorNoOpSteps)->Arg(100)->Arg(1000)->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ExecutorNoOpSteps)->Arg(5)->UseRealTime()->Unit(benchmark::kMillisecond);

// Five steps ending in the real git-workflow-manager (libgit2 commit) in a
// repository of 10,000 files, with workspace snapshots, in place.
void BM_FiveStepRunWithCommit(benchmark::State& state) {
  static const std::string* repo = [] {
    auto* path = new std::string(Scratch() + "/repo10k");
    ::setenv("HOME", Scratch().c_str(), 1);
    (void)gitops::InitRepository(*path, "Bench", "bench@baton.invalid");
    gitops::CommitRequest first{*path, {}, "10,000 files", {}};
    for (int i = 0; i < 10000; ++i) {
      std::string name = absl::StrCat("src/d", i / 100, "/f", i, ".txt");
      fs::create_directories(fs::path(*path + "/" + name).parent_path());
      std::ofstream(*path + "/" + name) << "file " << i << "\n";
      first.paths.push_back(name);
    }
    absl::StatusOr<gitops::CommitInfo> made = gitops::CommitPaths(first);
    if (!made.ok()) std::abort();
    return path;
  }();
  AgentRegistry registry;
  AgentSpec noop;
  noop.name = "noop";
  noop.argv = {Runfile("testing/fake_agent"), "ok"};
  registry.Add(noop);
  AgentSpec git;
  git.name = "git-workflow-manager";
  git.argv = {Runfile("agents/git_workflow_manager/git-workflow-manager")};
  registry.Add(git);
  ProcessStepRunner runner;
  NullProgress progress;
  std::string runs = Scratch() + "/runs-commit";
  static int run = 0;
  for (auto _ : state) {
    const std::string run_id = absl::StrCat("commit-", run++);
    AgentSpec writer;
    writer.name = "writer";
    writer.argv = {Runfile("testing/fake_agent"), absl::StrCat("write:", run_id, ".txt")};
    registry.Add(writer);
    handoff::Handoff initial = Chain(5, "git-workflow-manager");
    initial.mutable_workflow()->mutable_stages(0)->mutable_steps(0)->set_agent("writer");
    initial.set_run_id(run_id);
    GitWorkspaceTracker tracker(*repo, run_id, /*own_branch=*/false, {});
    ExecutorOptions options;
    options.workspace = *repo;
    options.tracker = &tracker;
    Executor executor(registry, runner, progress, options);
    absl::StatusOr<RunDirectory> dir = executor.Start(runs, initial);
    if (!dir.ok()) {
      state.SkipWithError(std::string(dir.status().message()).c_str());
      break;
    }
    AdvanceOptions advance;
    advance.restore_workspace = false;
    absl::StatusOr<handoff::Handoff> done = executor.Advance(*dir, advance);
    if (!done.ok() || done->commit().commit_id().empty()) {
      state.SkipWithError(done.ok() ? "no commit" : std::string(done.status().message()).c_str());
    }
  }
}
BENCHMARK(BM_FiveStepRunWithCommit)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace baton::executor

BENCHMARK_MAIN();
