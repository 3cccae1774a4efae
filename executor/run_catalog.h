// Every run under a runs root, for `baton runs` and `baton gc`.
#ifndef BATON_EXECUTOR_RUN_CATALOG_H_
#define BATON_EXECUTOR_RUN_CATALOG_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "executor/handoff.pb.h"

namespace baton::executor {

struct RunSummary {
  std::string run_id;
  std::string path;
  handoff::RunStatus status = handoff::RUN_STATUS_UNSPECIFIED;
  std::string domain;
  std::string workflow;
  std::string request;
  int completed_steps = 0;
  int total_steps = 0;
  std::string next_step;  // Agent (or gate) to run next; empty when done.
  absl::Time started;
  absl::Time updated;     // When the latest checkpoint was written.
  std::string workspace;
  std::string branch;
  bool in_place = false;
  // Set when the run's state cannot be read; the other fields may be empty.
  std::string problem;
};

// All runs, newest first. An absent runs root is an empty list.
std::vector<RunSummary> ListRuns(const std::string& runs_root);

// Deletes the directories of runs that succeeded and whose latest
// checkpoint is older than `cutoff`, skipping runs another process holds.
// `before_delete` runs first for each (e.g. to remove its worktree); an
// error there keeps that run. Returns the runs deleted.
absl::StatusOr<std::vector<RunSummary>> CollectGarbage(
    const std::string& runs_root, absl::Time cutoff,
    const std::function<absl::Status(const RunSummary&)>& before_delete);

}  // namespace baton::executor

#endif  // BATON_EXECUTOR_RUN_CATALOG_H_
