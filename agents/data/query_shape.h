// What a query does, read from its PostgreSQL parse tree (libpg_query):
// which tables it reads, which columns it filters and joins on, whether it
// selects `*`, has a LIMIT, or joins tables without a condition. The
// debug-specialist's findings and index suggestions start here.
// Values; stateless functions; thread-safe.
#ifndef BATON_AGENTS_DATA_QUERY_SHAPE_H_
#define BATON_AGENTS_DATA_QUERY_SHAPE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "agents/data/schema_snapshot.h"

namespace baton::agents::data {

struct ColumnUse {
  std::string qualifier;  // As written: "u" in u.email; "" when unqualified.
  std::string table;      // The table it belongs to; "" until resolved.
  std::string column;
  int location = -1;  // 0-based byte offset in the query.

  std::string Name() const;  // "users.email" (or "?.email" unresolved).
};

struct Predicate {
  ColumnUse column;
  std::string op;  // "=", "<", "IN", "LIKE", "BETWEEN", "IS NULL", ...
  bool equality = false;  // "=" or IN: an index can seek on it.
  // For joins: the column on the other side.
  ColumnUse other;
  bool is_join = false;
};

struct FromItem {
  std::string table;  // Relation name ("" for a subquery).
  std::string alias;  // Alias, else the table name.
  int location = -1;
};

struct QueryShape {
  // "SELECT", "INSERT", "UPDATE", "DELETE", or the parse tree's node type.
  std::string kind;
  std::vector<FromItem> from;  // The top-level FROM list, joins flattened.
  // Every table read anywhere (subqueries, CTE bodies), without CTE names.
  std::vector<std::string> tables;
  bool select_star = false;
  int select_star_location = -1;
  bool has_limit = false;
  bool has_group_by = false;
  bool aggregate_only = false;  // Aggregates only, no GROUP BY: one row.
  std::vector<Predicate> filters;  // Column compared with a value.
  std::vector<Predicate> joins;    // Column compared with another table's.
  // Pairs of FROM items joined by JOIN ... USING / NATURAL (aliases).
  std::vector<std::pair<std::string, std::string>> using_joins;
  // Locations of $n parameters.
  std::vector<int> parameter_locations;

  // FROM items (aliases) not connected to the first by any join or WHERE
  // condition: a Cartesian product. Empty when every item is connected.
  std::vector<std::string> UnconnectedItems() const;
  // The table of the FROM item `alias_or_name`, or "".
  std::string TableOf(absl::string_view alias_or_name) const;
};

// Reads the single statement `sql`. InvalidArgument when it does not parse
// (libpg_query's message and position, see SplitSqlStatements) or holds
// more than one statement.
absl::StatusOr<QueryShape> AnalyzeQuery(absl::string_view sql);

// Fills in ColumnUse::table for every predicate: qualified columns through
// the FROM aliases, unqualified ones by finding the FROM table of `schema`
// that has the column. FailedPrecondition naming the column and the tables
// searched when one belongs to none of them, and naming the table (and the
// tables that exist) when the query reads a table the schema lacks.
absl::Status ResolveColumns(const SchemaSnapshot& schema, QueryShape* shape);

// `sql` with MySQL/SQLite-style `?` placeholders (outside quotes and
// comments) numbered as PostgreSQL's $1, $2, ...
std::string NumberPlaceholders(absl::string_view sql);

}  // namespace baton::agents::data

#endif  // BATON_AGENTS_DATA_QUERY_SHAPE_H_
