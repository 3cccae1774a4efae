// The debug-specialist's analysis of one query on a staging database that
// holds the schema and generated rows: its parse tree (libpg_query), its
// plan, its measured time, findings in the card's terms, and the indexes
// that would turn its full scans into index lookups.
//
// Rules (Finding.rule):
//   full-scan         ERROR   a table is read whole while the query filters
//                             or joins it on columns no index leads with
//   cartesian-join    ERROR   FROM items joined by no condition
//   n-plus-one        ERROR   (from query_source) a query per loop item
//   select-star       WARNING SELECT * fetches every column
//   missing-limit     WARNING no LIMIT, not a one-row aggregate, not a
//                             point lookup (equality on a unique column, or
//                             on an identifier-like one such as email that
//                             finds at most one generated row)
//   index-not-used    INFO    an index leads with the filtered column but the
//                             planner scans anyway (low selectivity)
// Thread-compatible (as the database).
#ifndef BATON_AGENTS_DATA_QUERY_ANALYSIS_H_
#define BATON_AGENTS_DATA_QUERY_ANALYSIS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "agents/data/data_generator.h"
#include "agents/data/query_plan.h"
#include "agents/data/query_shape.h"
#include "agents/data/query_source.h"
#include "agents/data/query_timing.h"
#include "agents/data/schema_snapshot.h"
#include "agents/data/staging_database.h"
#include "executor/handoff.pb.h"

namespace baton::agents::data {

struct IndexSuggestion {
  std::string table;
  std::vector<std::string> columns;
  std::string reason;

  // "users(email)", "orders(user_id, created_at)".
  std::string Key() const;
};

struct AnalyzedQuery {
  CandidateQuery source;
  // What ran: the query with each $n replaced by a generated value.
  std::string sql;
  QueryShape shape;
  QueryPlan plan;
  QueryTiming timing;
  std::vector<handoff::Finding> findings;
  std::vector<IndexSuggestion> indexes;
};

// The query's text with its $n parameters replaced by literals: the value of
// the compared column in the middle generated row, 100 after LIMIT, 0 after
// OFFSET. Errors: those of GeneratedLiteral.
absl::StatusOr<std::string> BindParameters(StagingDatabase& db,
                                           const SchemaSnapshot& schema,
                                           const GeneratedData& data,
                                           const std::string& sql,
                                           const QueryShape& shape);

// Parses, resolves, binds, explains and times `query` (`runs` timed runs).
// Errors: InvalidArgument when it does not parse (naming its origin);
// FailedPrecondition when it names a table or column the schema lacks, or
// the database rejects it (naming its origin and the database's message).
absl::StatusOr<AnalyzedQuery> AnalyzeCandidate(StagingDatabase& db,
                                               const SchemaSnapshot& schema,
                                               const GeneratedData& data,
                                               const CandidateQuery& query,
                                               int runs);

// The findings and index suggestions for an already parsed, resolved and
// explained query (no database access).
void Diagnose(const SchemaSnapshot& schema, const GeneratedData& data,
              AnalyzedQuery* analyzed);

// The table's alias map for Explain: lower-case alias -> table.
std::map<std::string, std::string> AliasMap(const QueryShape& shape);

}  // namespace baton::agents::data

#endif  // BATON_AGENTS_DATA_QUERY_ANALYSIS_H_
