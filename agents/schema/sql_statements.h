// Splits SQL text into statements with the line each starts on, using
// SQLite's own notion of a complete statement (sqlite3_complete: string
// literals, quoted identifiers, comments and CREATE TRIGGER bodies are
// handled as SQLite parses them). Stateless functions; thread-safe.
#ifndef BATON_AGENTS_SCHEMA_SQL_STATEMENTS_H_
#define BATON_AGENTS_SCHEMA_SQL_STATEMENTS_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace baton::agents::schema {

struct SqlStatement {
  // From the statement's first token through its semicolon (when it has
  // one); comments before the first token are left out.
  std::string text;
  int line = 1;  // 1-based line of the first token in the input.
  // Byte offset of the first token in the input.
  size_t offset = 0;
};

// The statements of `sql` in order. Text after the last semicolon that holds
// more than whitespace and comments becomes a final statement without one
// (so SQLite can report what is wrong with it).
std::vector<SqlStatement> SplitSqlStatements(absl::string_view sql);

// The upper-cased first keyword of a statement ("CREATE", "INSERT"), or ""
// when the statement does not start with a word.
std::string LeadingKeyword(absl::string_view statement);

// True for statements that define or change schema objects (CREATE, ALTER,
// DROP) as opposed to data statements (INSERT, UPDATE, ...) and transaction
// control (BEGIN, COMMIT).
bool IsSchemaStatement(absl::string_view statement);

}  // namespace baton::agents::schema

#endif  // BATON_AGENTS_SCHEMA_SQL_STATEMENTS_H_
