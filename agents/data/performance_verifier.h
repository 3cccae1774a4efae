// The qa-specialist's "verify performance" step of the Query Optimization
// workflow. On a fresh throwaway staging database: the migrations that
// existed before the run, the same generated rows as the debug-specialist's
// (facts query.rows), then for each analyzed query (facts query.sql) its
// plan and median time BEFORE, the run's new migrations up, and its plan and
// median time AFTER; then the new migrations down (the schema must be what
// it was) and up again. Both plans and the timings are written as reports
// under .baton/reports/<run-id>/.
// Passes when every table the suggested indexes cover is no longer read
// whole, an index on it is used, and every query got faster.
// Thread-compatible.
#ifndef BATON_AGENTS_DATA_PERFORMANCE_VERIFIER_H_
#define BATON_AGENTS_DATA_PERFORMANCE_VERIFIER_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "agents/data/data_generator.h"
#include "agents/data/query_plan.h"
#include "agents/data/query_timing.h"

namespace baton::agents::data {

struct PerformanceOptions {
  std::string repo_root;
  std::string scratch_dir;
  std::string run_id;
  std::string staging_kind;
  std::string staging_url;
  std::map<std::string, std::string> facts;  // The handoff's facts.
  // Repository-relative files of the run's new migrations.
  std::vector<std::string> new_migration_files;
  int runs = 7;
};

struct QueryComparison {
  std::string origin;
  std::string sql;
  QueryPlan before;
  QueryPlan after;
  QueryTiming before_timing;
  QueryTiming after_timing;
  std::vector<std::string> indexes_used;  // In `after`.
  double speedup = 0;                     // before / after medians.
};

struct PerformanceReport {
  std::string database;
  GeneratedData data;
  std::vector<QueryComparison> comparisons;
  double before_ms = 0;  // Sum of the medians.
  double after_ms = 0;
  double speedup = 0;
  std::vector<std::string> report_files;  // Workspace-relative.
  std::string summary;
};

// Errors: FailedPrecondition when the facts lack the debug-specialist's
// queries or rows, there is no new migration, a migration fails (naming the
// file, direction and statement), the plan after still reads an indexed
// table whole or uses no index on it (both plans quoted), a query did not
// get faster (both medians quoted), or the down does not restore the schema;
// InvalidArgument when a new migration file is not one of the repository's;
// the staging database's errors.
absl::StatusOr<PerformanceReport> VerifyPerformance(const PerformanceOptions& options);

}  // namespace baton::agents::data

#endif  // BATON_AGENTS_DATA_PERFORMANCE_VERIFIER_H_
