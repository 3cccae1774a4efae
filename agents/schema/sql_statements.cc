#include "agents/schema/sql_statements.h"

#include <sqlite3.h>

#include "absl/strings/ascii.h"

namespace baton::agents::schema {
namespace {

// The offset of the first byte of `sql` at or after `from` that is neither
// whitespace nor inside a comment; sql.size() when there is none.
size_t SkipSpaceAndComments(absl::string_view sql, size_t from) {
  size_t i = from;
  while (i < sql.size()) {
    const char c = sql[i];
    if (absl::ascii_isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      size_t end = sql.find('\n', i);
      i = end == absl::string_view::npos ? sql.size() : end + 1;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      size_t end = sql.find("*/", i + 2);
      i = end == absl::string_view::npos ? sql.size() : end + 2;
    } else {
      break;
    }
  }
  return i;
}

}  // namespace

std::vector<SqlStatement> SplitSqlStatements(absl::string_view sql) {
  std::vector<SqlStatement> statements;
  size_t line = 1;
  size_t counted_to = 0;  // `line` is the line of offset counted_to.
  auto line_at = [&](size_t offset) {
    for (; counted_to < offset; ++counted_to) {
      if (sql[counted_to] == '\n') ++line;
    }
    return static_cast<int>(line);
  };
  size_t start = SkipSpaceAndComments(sql, 0);
  size_t scan = start;
  while (start < sql.size()) {
    size_t semicolon = sql.find(';', scan);
    if (semicolon == absl::string_view::npos) {
      // No complete statement left: the rest is one (broken) statement.
      SqlStatement statement;
      statement.offset = start;
      statement.line = line_at(start);
      statement.text = std::string(
          absl::StripTrailingAsciiWhitespace(sql.substr(start)));
      statements.push_back(std::move(statement));
      break;
    }
    const std::string candidate(sql.substr(start, semicolon + 1 - start));
    if (sqlite3_complete(candidate.c_str()) == 0) {
      scan = semicolon + 1;  // The semicolon is inside a literal or trigger.
      continue;
    }
    SqlStatement statement;
    statement.offset = start;
    statement.line = line_at(start);
    statement.text = candidate;
    if (statement.text != ";") statements.push_back(std::move(statement));
    start = SkipSpaceAndComments(sql, semicolon + 1);
    scan = start;
  }
  return statements;
}

std::string LeadingKeyword(absl::string_view statement) {
  size_t begin = SkipSpaceAndComments(statement, 0);
  size_t end = begin;
  while (end < statement.size() &&
         absl::ascii_isalpha(static_cast<unsigned char>(statement[end]))) {
    ++end;
  }
  return absl::AsciiStrToUpper(statement.substr(begin, end - begin));
}

bool IsSchemaStatement(absl::string_view statement) {
  const std::string keyword = LeadingKeyword(statement);
  return keyword == "CREATE" || keyword == "ALTER" || keyword == "DROP";
}

}  // namespace baton::agents::schema
