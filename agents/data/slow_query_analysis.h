// The debug-specialist's "analyze query" step of the Query Optimization
// workflow: find the query (query_source.h), build the schema on a
// throwaway staging database from the repository's migrations, fill it with
// generated rows (data_generator.h), explain and time every query, and report
// findings, suggested indexes, the baseline plan (a report under
// .baton/reports/<run-id>/) and facts for the next agents
// (optimization_facts.h). Thread-compatible.
#ifndef BATON_AGENTS_DATA_SLOW_QUERY_ANALYSIS_H_
#define BATON_AGENTS_DATA_SLOW_QUERY_ANALYSIS_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "agents/data/data_generator.h"
#include "agents/data/query_analysis.h"
#include "agents/data/query_source.h"
#include "executor/handoff.pb.h"

namespace baton::agents::data {

struct SlowQueryOptions {
  std::string repo_root;  // The workspace; reports are written under it.
  std::string request_text;
  std::vector<std::string> files;  // --file paths, repository-relative.
  std::string staging_kind;        // "sqlite" (or "") or "postgres".
  std::string staging_url;
  std::string scratch_dir;  // SQLite staging files.
  std::string run_id;
  int64_t rows = 100000;       // For each table the queries read.
  int64_t parent_rows = 1000;  // For tables those reference.
  int runs = 5;                // Timed runs per query.
};

struct SlowQueryReport {
  std::string database;  // "SQLite" or "PostgreSQL".
  QuerySelection selection;
  GeneratedData data;
  std::vector<AnalyzedQuery> queries;
  std::vector<handoff::Finding> findings;  // Of every query, plus N+1.
  std::vector<IndexSuggestion> indexes;    // Deduplicated.
  std::vector<std::string> report_files;   // Workspace-relative.
  std::map<std::string, std::string> facts;
  std::string summary;
};

// Errors: NotFound when the repository has no migrations directory (the
// message lists where it looked); FailedPrecondition when the migrations do
// not apply (naming the file, direction and statement), the request names a
// table or column the schema lacks, or nothing needs optimizing (naming the
// plans and times); InvalidArgument for SQL that does not parse (quoting
// libpg_query's message and position); the staging database's errors.
absl::StatusOr<SlowQueryReport> AnalyzeSlowQueries(const SlowQueryOptions& options);

}  // namespace baton::agents::data

#endif  // BATON_AGENTS_DATA_SLOW_QUERY_ANALYSIS_H_
