// The executor's loop: start a run, then advance it step by step, one agent
// subprocess at a time, checkpointing the handoff after every step.
//
//   Executor executor(registry, runner, progress, options);
//   StatusOr<RunDirectory> run = executor.Start(runs_root, initial_handoff);
//   StatusOr<Handoff> done = executor.Advance(*run, {});
//
// A failed step leaves every earlier checkpoint on disk, writes one more
// checkpoint recording the failure (status RUN_FAILED), and returns an error
// naming the agent and its log; Advance on the same run later retries that
// step. Transient failures (AgentResult TRANSIENT_FAILURE) are retried up to
// the agent's max_attempts with exponential backoff and jitter.
// Thread-safety: one Advance per run at a time (RunDirectory::Lock enforces
// it across processes).
#ifndef BATON_EXECUTOR_EXECUTOR_H_
#define BATON_EXECUTOR_EXECUTOR_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "executor/agent_registry.h"
#include "executor/handoff.pb.h"
#include "executor/progress_sink.h"
#include "executor/request_window.h"
#include "executor/run_directory.h"
#include "executor/step_runner.h"
#include "executor/workspace_tracker.h"

namespace baton::executor {

struct ExecutorOptions {
  // The repository checkout agents work in (their cwd; artifacts live here).
  std::string workspace;
  // First retry delay; doubles each attempt, with up to 50% jitter.
  absl::Duration retry_base_delay = absl::Milliseconds(200);
  // Folders agents may write in besides the workspace and their own step
  // folders. Writes anywhere else, the repository's .git included, are
  // refused by the kernel where it supports Landlock: the run's commit is
  // made by the tracker in Baton's process, never by an agent.
  std::vector<std::string> extra_writable_paths;
  // Snapshots the run's files with each checkpoint and restores them when a
  // run is advanced again. Null: files are not tracked (unit tests).
  WorkspaceTracker* tracker = nullptr;
};

struct AdvanceOptions {
  // Stop after this many steps (-1: run to the end). `baton step` uses 1.
  int max_steps = -1;
  // Pass a human gate that the run is waiting at.
  bool approve_gate = false;
  // Stop before running a step of this agent (--pause-before), and stop
  // after running a step of this agent (--until).
  std::string pause_before_agent;
  std::string until_agent;
  // Restore the workspace to the latest checkpoint before the first step
  // (resume, rewind, fork). Off right after Start, where it already matches.
  bool restore_workspace = true;
};

class Executor {
 public:
  // The references must outlive the Executor.
  Executor(const AgentRegistry& registry, StepRunner& runner, ProgressSink& progress,
           ExecutorOptions options);

  // Creates the run directory for initial.run_id() under runs_root, checks
  // that every agent of the workflow is registered (InvalidArgument listing
  // the unknown ones, before anything runs), writes checkpoint 0 and the
  // RUN_STARTED event. `manifest` (run.pb) is written first when it names a
  // run. A start that fails leaves no run folder behind, and its full-disk or
  // read-only error says to run the request again, not to resume.
  absl::StatusOr<RunDirectory> Start(const std::string& runs_root,
                                     handoff::Handoff initial,
                                     const handoff::RunManifest& manifest = {});

  // Runs steps until the chain ends (status RUN_SUCCEEDED), a human gate
  // (RUN_WAITING_FOR_HUMAN), max_steps, or a failure (error; see above).
  // Takes the run's lock first (FailedPrecondition when another process
  // holds it). Returns the handoff of the last checkpoint written. When the
  // run's state directory vanished during the call, whatever failed first,
  // the error is RunDirectory::CheckPresent's (naming the deleted folder).
  absl::StatusOr<handoff::Handoff> Advance(RunDirectory& run,
                                           const AdvanceOptions& options);

 private:
  // Start's work on the created (unpublished) run: lock, manifest, first
  // checkpoint, journal, publish.
  absl::Status Populate(RunDirectory& run, handoff::Handoff initial,
                        const handoff::RunManifest& manifest);
  // A start's error with the advice for a run that does not exist (run the
  // request again) in place of atomic_file's "then resume the run".
  static absl::Status NotStarted(absl::Status status);
  // Advance without the vanished-directory translation.
  absl::StatusOr<handoff::Handoff> AdvanceUnchecked(RunDirectory& run,
                                                    const AdvanceOptions& options);
  // One agent step's attempts, before its result is merged.
  struct StepExecution {
    std::vector<handoff::StepRecord> retried;  // Attempts that were retried.
    handoff::StepRecord record;                // The last attempt.
    std::string step_dir;
    absl::StatusOr<handoff::AgentResult> result = absl::UnknownError("not run");
    absl::Status journal_error;
  };

  // Runs one agent step (with retries) on `input`; does not touch the
  // handoff, so the steps of a parallel group can run at once.
  // `input` is the handoff as narrowed by `window` (request_window.h).
  StepExecution ExecuteStep(RunDirectory& run, const PlannedStep& planned,
                            const handoff::Handoff& input, const RequestWindow& window);
  // Merges an execution into the handoff and records it; the step's error
  // (naming the agent and its log) when it failed.
  absl::Status FinishStep(StepExecution& execution, handoff::Handoff* handoff);
  // When `result` proposes a commit (paths, no commit_id), makes it through
  // the tracker, completes `result`'s commit and the record's summary.
  absl::Status MakeProposedCommit(handoff::AgentResult* result, handoff::StepRecord* record);
  // The snapshot of the handoff's artifacts (empty without a tracker).
  absl::StatusOr<handoff::WorkspaceSnapshot> Snapshot(const handoff::Handoff& handoff);

  const AgentRegistry& registry_;
  StepRunner& runner_;
  ProgressSink& progress_;
  ExecutorOptions options_;
  // Serialises progress reports and journal appends from parallel steps.
  absl::Mutex report_mu_;
};

}  // namespace baton::executor

#endif  // BATON_EXECUTOR_EXECUTOR_H_
