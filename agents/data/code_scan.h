// Finds the SQL an application's code sends, and queries issued once per
// item of a loop (the N+1 anti-pattern), in JavaScript/TypeScript and Python
// source handed to the debug-specialist with --file.
//
// SQL is recognised as string literals (quotes, template literals, Python
// triple quotes) that start with SELECT, WITH, UPDATE, DELETE or INSERT;
// interpolations (`${id}`, Python `{id}`, `%s`, `:name`, `?`) become $n
// parameters. Loops: JS/TS `for`/`while`/`do` blocks and `.forEach`/`.map`
// callbacks (by braces), Python `for`/`while` blocks (by indentation) and
// comprehensions. A query inside a loop, or an ORM lookup (findOne,
// findById, findUnique, findByPk, get, filter) inside one, is N+1.
// This is a lexical scan, not a full JavaScript/Python parser.
// Stateless; thread-safe.
#ifndef BATON_AGENTS_DATA_CODE_SCAN_H_
#define BATON_AGENTS_DATA_CODE_SCAN_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace baton::agents::data {

enum class CodeLanguage { kJavaScript, kPython, kUnknown };

// By extension: .js .jsx .mjs .cjs .ts .tsx -> kJavaScript; .py -> kPython.
CodeLanguage LanguageOf(absl::string_view path);

struct EmbeddedQuery {
  std::string sql;        // With interpolations as $1, $2, ...
  int line = 0;           // 1-based line where the literal starts.
  bool in_loop = false;
  int loop_line = 0;      // The loop's first line when in_loop.
};

struct LoopLookup {
  std::string call;  // "User.findOne(", "db.query(" ...
  int line = 0;
  int loop_line = 0;
};

struct CodeScan {
  std::vector<EmbeddedQuery> queries;
  // Database calls inside loops (with or without SQL text): N+1 suspects.
  std::vector<LoopLookup> loop_lookups;
};

CodeScan ScanCode(absl::string_view code, CodeLanguage language);

}  // namespace baton::agents::data

#endif  // BATON_AGENTS_DATA_CODE_SCAN_H_
