// What the Query Optimization agents leave each other in the handoff's
// facts (debug-specialist -> infrastructure-specialist -> qa-specialist),
// and where they put their reports: <workspace>/.baton/reports/<run-id>/,
// inside the workspace (artifacts must be) but out of git (.baton/ is
// excluded), so reports are artifacts with commit = false.
// Stateless functions; thread-safe.
#ifndef BATON_AGENTS_DATA_OPTIMIZATION_FACTS_H_
#define BATON_AGENTS_DATA_OPTIMIZATION_FACTS_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "agents/data/query_analysis.h"

namespace baton::agents::data {

// The analyzed queries as they ran (parameters bound), separated by ";\n\n".
inline constexpr char kFactQueries[] = "query.sql";
// Where each query came from, one per line, in the same order.
inline constexpr char kFactOrigins[] = "query.origins";
// Generated rows per table: "roles=1000,users=100000".
inline constexpr char kFactRows[] = "query.rows";
// Suggested indexes: "users(email);orders(user_id, created_at)".
inline constexpr char kFactIndexes[] = "query.indexes";
// Rewrites the queries need: "select-star,missing-limit".
inline constexpr char kFactRewrite[] = "query.rewrite";
inline constexpr char kFactBaselineMs[] = "query.baseline_ms";
inline constexpr char kFactBaselinePlan[] = "query.baseline_plan";
inline constexpr char kFactDatabase[] = "query.database";
inline constexpr char kFactChoice[] = "query.choice";

std::string EncodeRows(const std::map<std::string, int64_t>& rows);
// InvalidArgument for text that is not "table=N,...".
absl::StatusOr<std::map<std::string, int64_t>> DecodeRows(absl::string_view text);

std::string EncodeIndexes(const std::vector<IndexSuggestion>& indexes);
// InvalidArgument for text that is not "table(col, ...);...".
absl::StatusOr<std::vector<IndexSuggestion>> DecodeIndexes(absl::string_view text);

// ".baton/reports/<run-id>" (run ids are sanitized; "adhoc" when empty).
std::string ReportDirectory(absl::string_view run_id);

// Writes `text` to <workspace>/<ReportDirectory(run_id)>/<name>, creating
// folders; returns the workspace-relative path. Internal when writing fails.
absl::StatusOr<std::string> WriteReport(const std::string& workspace,
                                        absl::string_view run_id,
                                        absl::string_view name,
                                        absl::string_view text);

}  // namespace baton::agents::data

#endif  // BATON_AGENTS_DATA_OPTIMIZATION_FACTS_H_
