#include "executor/run_catalog.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "executor/run_directory.h"
#include "executor/step_plan.h"

namespace baton::executor {
namespace {

namespace fs = std::filesystem;

RunSummary Summarize(const std::string& runs_root, const std::string& run_id) {
  RunSummary summary;
  summary.run_id = run_id;
  summary.path = absl::StrCat(runs_root, "/", run_id);
  absl::StatusOr<RunDirectory> run = RunDirectory::Open(runs_root, run_id);
  if (!run.ok()) {
    summary.problem = std::string(run.status().message());
    return summary;
  }
  absl::StatusOr<handoff::RunManifest> manifest = run->ReadManifest();
  if (manifest.ok()) {
    summary.workspace = manifest->workspace();
    summary.branch = manifest->branch();
    summary.in_place = manifest->in_place();
    summary.started = absl::FromUnixMillis(manifest->created_unix_ms());
  }
  absl::StatusOr<handoff::Checkpoint> latest = run->LatestCheckpoint();
  if (!latest.ok()) {
    summary.problem = std::string(latest.status().message());
    return summary;
  }
  const handoff::Handoff& handoff = latest->handoff();
  summary.status = handoff.status();
  summary.domain = handoff.domain();
  summary.workflow = handoff.workflow().name();
  summary.request = handoff.request().text();
  summary.updated = absl::FromUnixMillis(latest->written_unix_ms());
  if (!manifest.ok()) summary.started = absl::FromUnixMillis(handoff.request().created_unix_ms());
  StepPlan plan(handoff.workflow());
  summary.total_steps = plan.size();
  summary.completed_steps = plan.CompletedCount(handoff);
  std::optional<PlannedStep> next = plan.Next(handoff);
  if (next.has_value()) {
    summary.next_step = next->step.kind() == domains::ChainStep::HUMAN_GATE
                            ? absl::StrCat("[", next->step.note(), "]")
                            : next->step.agent();
  }
  return summary;
}

}  // namespace

std::vector<RunSummary> ListRuns(const std::string& runs_root) {
  std::vector<RunSummary> runs;
  std::error_code error;
  for (const fs::directory_entry& entry : fs::directory_iterator(runs_root, error)) {
    if (!entry.is_directory()) continue;
    runs.push_back(Summarize(runs_root, entry.path().filename().string()));
  }
  std::sort(runs.begin(), runs.end(), [](const RunSummary& a, const RunSummary& b) {
    return a.started != b.started ? a.started > b.started : a.run_id > b.run_id;
  });
  return runs;
}

absl::StatusOr<std::vector<RunSummary>> CollectGarbage(
    const std::string& runs_root, absl::Time cutoff,
    const std::function<absl::Status(const RunSummary&)>& before_delete) {
  std::vector<RunSummary> deleted;
  for (const RunSummary& summary : ListRuns(runs_root)) {
    if (summary.status != handoff::RUN_SUCCEEDED || summary.updated >= cutoff) continue;
    absl::StatusOr<RunDirectory> run = RunDirectory::Open(runs_root, summary.run_id);
    if (!run.ok() || !run->Lock().ok()) continue;  // Being advanced: keep it.
    if (before_delete && !before_delete(summary).ok()) continue;
    std::error_code error;
    fs::remove_all(summary.path, error);
    if (error) {
      return absl::InternalError(absl::StrCat("cannot delete ", summary.path, ": ", error.message()));
    }
    deleted.push_back(summary);
  }
  return deleted;
}

}  // namespace baton::executor
