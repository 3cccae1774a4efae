// PostgreSQL's own SQL parser (libpg_query) for the data agents: splitting a
// script into statements and parsing SQL into its parse tree, instead of
// guessing with regular expressions.
//
// The parse tree is libpg_query's JSON form read into a
// google::protobuf::Value: {"version": N, "stmts": [{"stmt": {"SelectStmt":
// {...}}, "stmt_location": 0, "stmt_len": 42}, ...]}; node types are the keys
// that start with an upper-case letter ("SelectStmt", "ColumnRef", ...).
// Most SQLite DDL and queries are valid PostgreSQL syntax too.
// Stateless; thread-safe (libpg_query keeps per-thread memory).
#ifndef BATON_AGENTS_DATA_SQL_PARSER_H_
#define BATON_AGENTS_DATA_SQL_PARSER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/struct.pb.h"

namespace baton::agents::data {

struct SqlStatement {
  std::string text;  // Without the trailing semicolon and outer blanks.
  int offset = 0;    // Byte offset of `text` in the script.
  int line = 1;      // 1-based line of `text`'s first character.
};

// The statements of `sql` in order (comments and blank statements dropped).
// InvalidArgument when the script does not parse; the message quotes
// libpg_query: `SQL does not parse: syntax error at or near "SELEC" at line
// 1, column 1 (position 1)`.
absl::StatusOr<std::vector<SqlStatement>> SplitSqlStatements(
    absl::string_view sql);

// The parse tree of `sql` (see the top of this file). InvalidArgument as for
// SplitSqlStatements; Internal when libpg_query's JSON cannot be read.
absl::StatusOr<google::protobuf::Value> ParseSql(absl::string_view sql);

// "line L, column C" of the 0-based byte `offset` in `text`.
std::string DescribePosition(absl::string_view text, int offset);

// Helpers to walk a parse tree. All accept nullptr and return an empty value
// for missing or mistyped fields.
namespace parse_tree {

// The field `key` of a struct value, or nullptr.
const google::protobuf::Value* Field(const google::protobuf::Value* value,
                                     absl::string_view key);
// The body of node `type` when `value` is {"<type>": {...}}, or nullptr.
const google::protobuf::Value* Node(const google::protobuf::Value* value,
                                    absl::string_view type);
// The node type of `value` ({"SelectStmt": {...}} -> "SelectStmt"), or "".
std::string NodeType(const google::protobuf::Value* value);
// The elements of a list value.
std::vector<const google::protobuf::Value*> List(
    const google::protobuf::Value* value);
std::string String(const google::protobuf::Value* value);
int Int(const google::protobuf::Value* value, int fallback);
// The `sval`s of a list of {"String": {"sval": ...}} nodes, e.g. a
// ColumnRef's fields or an operator's name; "*" for A_Star.
std::vector<std::string> Names(const google::protobuf::Value* list);

}  // namespace parse_tree
}  // namespace baton::agents::data

#endif  // BATON_AGENTS_DATA_SQL_PARSER_H_
