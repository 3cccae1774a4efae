// Baton's main job, end to end: load the domain cards, route the request,
// start a run in the repository and advance it through the workflow's chain.
// Used by `baton run`, `baton resume`, `baton demo` and the end-to-end tests.
//
// Errors that happen before a run exists (unreadable cards, a request that
// routes nowhere or ambiguously, a dirty repository, an unknown agent) are
// returned as a Status and leave nothing behind. Once the run exists its
// outcome is a RunOutcome whose `status` says whether it failed; its state
// stays on disk under run_dir, resumable with ResumeRun.
#ifndef BATON_TOOLS_CLI_PIPELINE_H_
#define BATON_TOOLS_CLI_PIPELINE_H_

#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "executor/handoff.pb.h"
#include "router/route.pb.h"

namespace baton::cli {

// Where Baton's own files are (in the runfiles tree under `bazel run`).
struct Installation {
  std::string cards_dir;    // Domain cards (*.md).
  std::string agents_root;  // Root under which agents/<pkg>/<name> live.
};

// How a run reports progress: lines for a person (a live spinner on a
// terminal), nothing but the outcome, or JSON Lines events.
enum class OutputMode { kHuman, kQuiet, kJson };

struct RunOptions {
  OutputMode output = OutputMode::kHuman;
  std::string request;
  std::vector<std::string> files;  // Repository-relative (--file).
  std::string repo;                // Any path inside the repository.
  std::string domain;              // --domain override.
  std::string workflow;            // --workflow override.
  bool allow_dirty = false;
  // --staging: a postgres:// URL makes the agents stage on throwaway
  // databases of that PostgreSQL server (handoff Staging kind "postgres");
  // empty means the embedded SQLite default.
  std::string staging_url;
  // --source: the database a Data Migration reads from, a mysql:// URL
  // (handoff Source kind "mysql"); its password travels as MYSQL_PWD.
  std::string source_url;
  // The agent registry (--agents); empty means <repo>/agents.textproto when
  // it exists, else the built-in agents only (executor/registry_file.h).
  std::string agents_file;
  // Work in the repository's own checkout instead of a worktree on a
  // branch baton/<run-id> (the default, which never touches the checkout).
  bool in_place = false;
  // Resume even though the card or an agent changed since the run started.
  bool accept_card_change = false;
  // Stop before the first step of this agent (--pause-before) / after the
  // next step of this agent (--until).
  std::string pause_before_agent;
  std::string until_agent;
  // Where runs live; empty means <repo>/.baton/runs (kept out of git).
  std::string runs_root;
  int max_steps = -1;
  absl::Duration retry_base_delay = absl::Milliseconds(200);
};

struct RunOutcome {
  std::string run_id;
  std::string run_dir;
  std::string repo;
  std::string workspace;  // Where the agents worked.
  std::string branch;     // The run's branch (empty in place).
  handoff::Handoff handoff;  // As of the last checkpoint.
  absl::Status status;       // OK unless a step failed.
};

// The folder Baton was started from (BUILD_WORKING_DIRECTORY under
// `bazel run`, else the current directory).
std::string DefaultRepoPath();

// The runs root for `state_dir` (if set) or the repository containing
// `repo_hint`: <repo>/.baton/runs. NotFound outside a repository.
absl::StatusOr<std::string> ResolveRunsRoot(const std::string& repo_hint,
                                            const std::string& state_dir);

// Routes without running anything. FailedPrecondition when the decision is
// NO_MATCH or AMBIGUOUS (the message is the router's explanation);
// InvalidArgument / NotFound for bad cards or unknown override names.
absl::StatusOr<router::RouteDecision> RouteOnly(const Installation& installation,
                                                const RunOptions& options);

// Routes, creates the run and advances it, printing the route and each step
// to `out`. Errors: see the top of this file; FailedPrecondition for a dirty
// repository names the files and the fix.
absl::StatusOr<RunOutcome> StartRun(const Installation& installation,
                                    const RunOptions& options, std::ostream& out);

// Advances an existing run (after a failure, a pause, or a crash);
// `approve_gate` passes a human gate it waits at. First puts the workspace
// back to the latest checkpoint. FailedPrecondition when the card or an
// agent changed since the run started (unless accept_card_change), or when
// another process is advancing the run.
absl::StatusOr<RunOutcome> ResumeRun(const Installation& installation,
                                     const RunOptions& options,
                                     const std::string& run_id, bool approve_gate,
                                     std::ostream& out);

// A summary of a finished (or stopped) run: where its state lives,
// findings, and the commit with its files. kJson prints one
// {"event":"run_finished",...} line; kQuiet only the status line.
void PrintOutcome(const RunOutcome& outcome, std::ostream& out,
                  OutputMode mode = OutputMode::kHuman);

}  // namespace baton::cli

#endif  // BATON_TOOLS_CLI_PIPELINE_H_
