#include "agents/data/code_scan.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "agents/data/query_shape.h"
#include "re2/re2.h"

namespace baton::agents::data {
namespace {

struct Loop {
  int first_line = 0;  // The header's line.
  int last_line = 0;
};

struct Literal {
  size_t start = 0;
  std::string text;
  bool interpolated = false;  // JS template literal or Python f-string.
};

int LineOf(const std::vector<size_t>& starts, size_t offset) {
  return static_cast<int>(std::upper_bound(starts.begin(), starts.end(), offset) -
                          starts.begin());
}

// The offset just past the string or comment starting at `i`, or `i` when
// none starts there.
size_t SkipQuoted(absl::string_view code, size_t i, CodeLanguage language,
                  Literal* literal) {
  const char c = code[i];
  auto rest = code.substr(i);
  if (language == CodeLanguage::kJavaScript && absl::StartsWith(rest, "//")) {
    size_t end = code.find('\n', i);
    return end == absl::string_view::npos ? code.size() : end;
  }
  if (language == CodeLanguage::kJavaScript && absl::StartsWith(rest, "/*")) {
    size_t end = code.find("*/", i + 2);
    return end == absl::string_view::npos ? code.size() : end + 2;
  }
  if (language == CodeLanguage::kPython && c == '#') {
    size_t end = code.find('\n', i);
    return end == absl::string_view::npos ? code.size() : end;
  }
  if (c != '\'' && c != '"' && !(c == '`' && language == CodeLanguage::kJavaScript)) {
    return i;
  }
  bool interpolated = c == '`';
  if (language == CodeLanguage::kPython) {
    // String prefixes such as f"..." or rb'...'.
    size_t p = i;
    while (p > 0 && absl::ascii_isalpha(static_cast<unsigned char>(code[p - 1]))) --p;
    std::string prefix = absl::AsciiStrToLower(code.substr(p, i - p));
    interpolated = prefix.find('f') != std::string::npos;
  }
  std::string quote(1, c);
  if (language == CodeLanguage::kPython && rest.size() >= 3 && rest[1] == c &&
      rest[2] == c) {
    quote = std::string(3, c);
  }
  size_t j = i + quote.size();
  while (j < code.size()) {
    if (code[j] == '\\') {
      j += 2;
      continue;
    }
    if (code.substr(j, quote.size()) == quote) break;
    if (quote.size() == 1 && code[j] == '\n' && c != '`') break;  // Unterminated.
    ++j;
  }
  if (literal != nullptr) {
    literal->start = i;
    literal->text = std::string(code.substr(i + quote.size(),
                                            std::min(j, code.size()) - i - quote.size()));
    literal->interpolated = interpolated;
  }
  return std::min(j + quote.size(), code.size());
}

std::vector<Literal> Literals(absl::string_view code, CodeLanguage language) {
  std::vector<Literal> literals;
  size_t i = 0;
  while (i < code.size()) {
    Literal literal;
    literal.start = std::string::npos;
    size_t next = SkipQuoted(code, i, language, &literal);
    if (next == i) {
      ++i;
      continue;
    }
    if (literal.start != std::string::npos) literals.push_back(std::move(literal));
    i = next;
  }
  return literals;
}

// The offset of the bracket closing the one at `open` ('{' or '('),
// skipping strings and comments.
size_t MatchBracket(absl::string_view code, size_t open, CodeLanguage language) {
  const char opening = code[open];
  const char closing = opening == '{' ? '}' : ')';
  int depth = 0;
  size_t i = open;
  while (i < code.size()) {
    size_t next = SkipQuoted(code, i, language, nullptr);
    if (next != i) {
      i = next;
      continue;
    }
    if (code[i] == opening) ++depth;
    if (code[i] == closing && --depth == 0) return i;
    ++i;
  }
  return code.size();
}

std::vector<Loop> JavaScriptLoops(absl::string_view code,
                                  const std::vector<size_t>& starts) {
  static const RE2 kHeader(
      R"((\bfor\s*(?:await\s*)?\(|\bwhile\s*\(|\bdo\s*\{|\.(?:forEach|map|flatMap)\s*\())");
  constexpr CodeLanguage kJs = CodeLanguage::kJavaScript;
  std::vector<Loop> loops;
  re2::StringPiece input(code.data(), code.size());
  re2::StringPiece match;
  size_t position = 0;
  while (position < code.size() &&
         kHeader.Match(input, position, code.size(), RE2::UNANCHORED, &match, 1)) {
    const size_t header = static_cast<size_t>(match.data() - code.data());
    position = header + match.size();
    const size_t open = position - 1;  // The '(' or '{' the match ends with.
    size_t end = code.size();
    if (match[0] == '.' || match[0] == 'd') {
      // A callback's arguments, or a do { ... } block.
      end = MatchBracket(code, open, kJs);
    } else {
      // for (...) / while (...): the block or single statement after it.
      size_t body = MatchBracket(code, open, kJs) + 1;
      while (body < code.size() &&
             absl::ascii_isspace(static_cast<unsigned char>(code[body]))) {
        ++body;
      }
      if (body < code.size() && code[body] == '{') {
        end = MatchBracket(code, body, kJs);
      } else {
        end = std::min(code.find(';', body), code.size());
      }
    }
    loops.push_back({LineOf(starts, header), LineOf(starts, std::min(end, code.size() - 1))});
  }
  return loops;
}

std::vector<Loop> PythonLoops(absl::string_view code) {
  static const RE2 kHeader(R"(^(\s*)(?:async\s+)?(?:for|while)\b.*:\s*(?:#.*)?$)");
  static const RE2 kComprehension(R"([\[\(\{][^\]\)\}]*\bfor\b\s+\w+.*\bin\b)");
  std::vector<std::string> lines = absl::StrSplit(code, '\n');
  std::vector<Loop> loops;
  for (size_t n = 0; n < lines.size(); ++n) {
    std::string indent;
    if (RE2::FullMatch(lines[n], kHeader, &indent)) {
      Loop loop;
      loop.first_line = static_cast<int>(n) + 1;
      loop.last_line = loop.first_line;
      for (size_t m = n + 1; m < lines.size(); ++m) {
        absl::string_view line = lines[m];
        if (absl::StripAsciiWhitespace(line).empty()) continue;
        size_t width = line.find_first_not_of(" \t");
        if (width <= indent.size()) break;
        loop.last_line = static_cast<int>(m) + 1;
      }
      loops.push_back(loop);
    } else if (RE2::PartialMatch(lines[n], kComprehension)) {
      loops.push_back({static_cast<int>(n) + 1, static_cast<int>(n) + 1});
    }
  }
  return loops;
}

// The innermost loop containing `line`, or nullptr.
const Loop* LoopAt(const std::vector<Loop>& loops, int line) {
  const Loop* found = nullptr;
  for (const Loop& loop : loops) {
    // A header's own line runs once, unless the whole loop is on it.
    const bool inside = (line > loop.first_line && line <= loop.last_line) ||
                        (line == loop.first_line && loop.first_line == loop.last_line);
    if (inside &&
        (found == nullptr || loop.first_line >= found->first_line)) {
      found = &loop;
    }
  }
  return found;
}

std::string ToSql(const Literal& literal, CodeLanguage language) {
  std::string sql = literal.text;
  if (literal.interpolated) {
    static const RE2 kTemplate(R"(\$\{[^}]*\})");
    static const RE2 kFormat(R"(\{[^{}]*\})");
    RE2::GlobalReplace(&sql, language == CodeLanguage::kJavaScript ? kTemplate : kFormat,
                       "?");
  }
  static const RE2 kPercent(R"(%(?:\([A-Za-z_]\w*\))?s)");
  static const RE2 kNamed(R"((^|[\s(=,])(:[A-Za-z_]\w*))");
  RE2::GlobalReplace(&sql, kPercent, "?");
  RE2::GlobalReplace(&sql, kNamed, "\\1?");
  return NumberPlaceholders(sql);
}

}  // namespace

CodeLanguage LanguageOf(absl::string_view path) {
  const std::string lower = absl::AsciiStrToLower(path);
  for (const char* extension : {".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx"}) {
    if (absl::EndsWith(lower, extension)) return CodeLanguage::kJavaScript;
  }
  if (absl::EndsWith(lower, ".py")) return CodeLanguage::kPython;
  return CodeLanguage::kUnknown;
}

CodeScan ScanCode(absl::string_view code, CodeLanguage language) {
  CodeScan scan;
  if (language == CodeLanguage::kUnknown) return scan;
  std::vector<size_t> starts = {0};
  for (size_t i = 0; i < code.size(); ++i) {
    if (code[i] == '\n') starts.push_back(i + 1);
  }
  const std::vector<Loop> loops = language == CodeLanguage::kJavaScript
                                      ? JavaScriptLoops(code, starts)
                                      : PythonLoops(code);
  static const RE2 kSql(R"((?is)^\s*(select|with|update|delete|insert)\s.*)");
  for (const Literal& literal : Literals(code, language)) {
    if (!RE2::FullMatch(literal.text, kSql)) continue;
    EmbeddedQuery query;
    query.sql = std::string(absl::StripAsciiWhitespace(ToSql(literal, language)));
    query.line = LineOf(starts, literal.start);
    if (const Loop* loop = LoopAt(loops, query.line)) {
      query.in_loop = true;
      query.loop_line = loop->first_line;
    }
    scan.queries.push_back(std::move(query));
  }
  static const RE2 kCall(
      R"(([\w.]*\.(?:query|execute|exec|raw|findOne|findById|findByPk|findUnique|)"
      R"(findFirst|fetchrow|fetchval|fetchone)\s*\(|\.objects\.(?:get|filter)\s*\())");
  std::vector<std::string> lines = absl::StrSplit(code, '\n');
  for (size_t n = 0; n < lines.size(); ++n) {
    const int line = static_cast<int>(n) + 1;
    const Loop* loop = LoopAt(loops, line);
    if (loop == nullptr) continue;
    std::string call;
    if (RE2::PartialMatch(lines[n], kCall, &call)) {
      scan.loop_lookups.push_back({call, line, loop->first_line});
    }
  }
  return scan;
}

}  // namespace baton::agents::data
