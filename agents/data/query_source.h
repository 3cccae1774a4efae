// Finds the query a Query Optimization request is about, in this order:
//   1. files named with --file: .sql files (every SELECT in them) and
//      JavaScript/TypeScript/Python code (the SQL it sends; queries issued
//      inside loops are reported as N+1);
//   2. the repository's saved queries (database/queries/, db/queries/,
//      queries/, sql/queries/, database/sql/): those that read a table the
//      request names, else those whose file name shares a word with the
//      request ("Optimize report generation" -> monthly_report.sql);
//   3. a query derived from the request: for "Query on users table is slow",
//      a lookup on that table by its most likely lookup column (email,
//      username, slug, uuid-like codes, phone, foreign keys, status,
//      timestamps, names, in that order), preferring one no index covers yet
//      (a lookup an index already serves is rarely the slow one).
// The selection says what it chose and why. Stateless; thread-safe.
#ifndef BATON_AGENTS_DATA_QUERY_SOURCE_H_
#define BATON_AGENTS_DATA_QUERY_SOURCE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "agents/data/schema_snapshot.h"

namespace baton::agents::data {

struct CandidateQuery {
  // May hold $n parameters, filled with generated values before it runs.
  std::string sql;
  // Where it came from: "database/queries/report.sql:3",
  // "src/orders.ts:12", or "derived from the request".
  std::string origin;
};

struct NPlusOne {
  std::string location;  // "src/orders.ts:14"
  std::string loop;      // "src/orders.ts:12"
  std::string call;      // The SQL or the ORM call.
};

struct QuerySelection {
  std::vector<CandidateQuery> queries;
  std::vector<NPlusOne> n_plus_one;
  bool derived = false;
  // What was chosen and why, for the summary and the next agent.
  std::string explanation;
};

// Directories searched for saved queries, in order.
inline constexpr absl::string_view kQueryDirectories[] = {
    "database/queries", "db/queries", "queries", "sql/queries", "database/sql"};

// `files` are repository-relative. Errors: NotFound for a --file that does
// not exist; InvalidArgument for SQL that does not parse (the file, line and
// libpg_query's message) or --file paths that hold no query;
// FailedPrecondition when nothing is found and the request names no table
// of `schema` (the message lists the tables), or every lookup column of the
// named table is already indexed.
absl::StatusOr<QuerySelection> FindQueries(const std::string& repo_root,
                                           absl::string_view request_text,
                                           const std::vector<std::string>& files,
                                           const SchemaSnapshot& schema);

// The table of `schema` the request names ("users" for "Query on users
// table is slow" or "slow user lookups"), or "" when it names none.
std::string TableNamedIn(absl::string_view request_text,
                         const SchemaSnapshot& schema);

}  // namespace baton::agents::data

#endif  // BATON_AGENTS_DATA_QUERY_SOURCE_H_
