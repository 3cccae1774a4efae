// An Apache Airflow DAG file for a workflow: one BashOperator task per step
// of the chain, each running `baton stage run <run-id> --step N` (see
// stage_command.h) against a state folder every worker shares; the task
// graph is the chain's: every task of a stage depends on every task of the
// stage before, and the steps of a parallel stage (`a + b`) are sibling
// tasks. Without a run id the DAG's first task, start_run, creates a fresh
// run per DAG run (`baton stage start`) and hands its id to the others
// through XCom.
// Stateless; thread-safe.
#ifndef BATON_TOOLS_NIGHTLY_AIRFLOW_DAG_H_
#define BATON_TOOLS_NIGHTLY_AIRFLOW_DAG_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domains/domain.pb.h"
#include "executor/step_plan.h"

namespace baton::nightly {

struct AirflowDagOptions {
  std::string dag_id;            // Letters, digits, '_', '-', '.'.
  std::string baton = "baton";   // The baton executable on the workers.
  std::string repo;              // The repository, same path on every worker.
  std::string state_dir;         // Run state, shared by every worker.
  // An existing run; empty: each DAG run starts its own (below).
  std::string run_id;
  std::string request;
  std::string domain;
  std::string workflow;
  std::vector<std::string> files;
  std::string staging;           // "" (SQLite) or a postgres:// URL.
  std::string schedule;          // A cron expression or preset; "" = None.
};

// "step_00_infrastructure_specialist", "gate_03".
std::string AirflowTaskId(const executor::PlannedStep& step);

// `text` as a single-quoted POSIX shell word.
std::string ShellQuote(absl::string_view text);

// `text` as a Python string literal (double quotes, escapes).
std::string PythonString(absl::string_view text);

// The DAG file. InvalidArgument when dag_id is malformed, repo or
// state_dir is empty, the workflow has no steps, or neither run_id nor a
// request/domain+workflow to start a run is given.
absl::StatusOr<std::string> RenderAirflowDag(const domains::Workflow& workflow,
                                             const AirflowDagOptions& options);

}  // namespace baton::nightly

#endif  // BATON_TOOLS_NIGHTLY_AIRFLOW_DAG_H_
