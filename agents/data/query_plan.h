// A query plan from either staging database in one shape: SQLite's
// `EXPLAIN QUERY PLAN` rows or PostgreSQL's `EXPLAIN (ANALYZE, BUFFERS,
// FORMAT JSON)` document, as a pre-order list of nodes that say which table
// each step reads and whether it used an index.
// Values; stateless functions; thread-safe.
#ifndef BATON_AGENTS_DATA_QUERY_PLAN_H_
#define BATON_AGENTS_DATA_QUERY_PLAN_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "agents/data/sqlite_database.h"

namespace baton::agents::data {

struct PlanNode {
  // PostgreSQL's node type ("Seq Scan", "Index Scan", "Hash Join", ...) or
  // SQLite's verb ("SCAN", "SEARCH", "USE TEMP B-TREE FOR ORDER BY", ...).
  std::string operation;
  std::string relation;  // The table read, when the node reads one.
  std::string alias;     // As the query names it.
  std::string index;     // The index used ("" for none).
  // PostgreSQL's Filter / Index Cond / Hash Cond..., SQLite's "(email=?)".
  std::string condition;
  int depth = 0;
  // Reads every row of `relation` without an index: PostgreSQL's Seq Scan,
  // SQLite's "SCAN t" or a search through an automatic (temporary) index.
  bool full_scan = false;
  std::optional<double> actual_rows;  // PostgreSQL ANALYZE only.

  // "Seq Scan on users (Filter: ...)", "SEARCH users USING INDEX i (email=?)".
  std::string Describe() const;
};

struct QueryPlan {
  std::string database;  // "SQLite" or "PostgreSQL".
  std::vector<PlanNode> nodes;  // Pre-order; depth gives the tree.
  // PostgreSQL's JSON document, or SQLite's rows as "id|parent|detail" lines.
  std::string raw;
  std::optional<double> planning_ms;   // PostgreSQL ANALYZE only.
  std::optional<double> execution_ms;  // PostgreSQL ANALYZE only.

  // The indented tree, one node per line.
  std::string Text() const;
  // The scans in one line: "Seq Scan on users; Index Scan using ... on roles".
  std::string Summary() const;
  // Nodes reading `table` (ASCII case-insensitive) without an index.
  bool FullScanOn(absl::string_view table) const;
  // Names of the indexes the plan uses on `table`.
  std::vector<std::string> IndexesOn(absl::string_view table) const;
};

// Reads `EXPLAIN QUERY PLAN` rows (id, parent, notused, detail).
// `aliases` maps the query's aliases to table names (SQLite's details name
// the alias). InvalidArgument for rows of the wrong shape.
absl::StatusOr<QueryPlan> ParseSqlitePlan(
    const std::vector<SqlRow>& rows,
    const std::map<std::string, std::string>& aliases);

// Reads PostgreSQL's `EXPLAIN (FORMAT JSON)` output. InvalidArgument when it
// is not such a document.
absl::StatusOr<QueryPlan> ParsePostgresPlan(absl::string_view json);

}  // namespace baton::agents::data

#endif  // BATON_AGENTS_DATA_QUERY_PLAN_H_
