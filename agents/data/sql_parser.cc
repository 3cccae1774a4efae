#include "agents/data/sql_parser.h"

#include <pg_query.h>

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "agents/data/json_value.h"

namespace baton::agents::data {
namespace {

using ::google::protobuf::Value;

// libpg_query's cursor position is 1-based (0 when unknown).
absl::Status ParseError(absl::string_view sql, const PgQueryError& error) {
  std::string where;
  if (error.cursorpos > 0) {
    where = absl::StrCat(" at ", DescribePosition(sql, error.cursorpos - 1),
                         " (position ", error.cursorpos, ")");
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "SQL does not parse: ", error.message != nullptr ? error.message : "",
      where));
}

// InvalidArgument, as a parse error, when `sql` is not text libpg_query can
// read: a NUL byte (C strings end there, hiding the rest) or bytes that are
// not UTF-8 (its JSON parse tree would not load).
absl::Status CheckText(absl::string_view sql) {
  size_t i = 0;
  while (i < sql.size()) {
    const unsigned char c = static_cast<unsigned char>(sql[i]);
    size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    bool ok = length > 0 && c != 0 && i + length <= sql.size() && c != 0xC0 && c != 0xC1 && c < 0xF5;
    for (size_t k = 1; ok && k < length; ++k) {
      ok = (static_cast<unsigned char>(sql[i + k]) & 0xC0) == 0x80;
    }
    if (ok && length == 3) {  // No overlong forms or UTF-16 surrogates.
      const unsigned char next = static_cast<unsigned char>(sql[i + 1]);
      ok = !(c == 0xE0 && next < 0xA0) && !(c == 0xED && next >= 0xA0);
    }
    if (ok && length == 4) {  // No overlong forms or code points past U+10FFFF.
      const unsigned char next = static_cast<unsigned char>(sql[i + 1]);
      ok = !(c == 0xF0 && next < 0x90) && !(c == 0xF4 && next >= 0x90);
    }
    if (!ok) {
      return absl::InvalidArgumentError(absl::StrCat(
          "SQL does not parse: ",
          c == 0 ? "a NUL byte" : absl::StrCat("byte 0x", absl::Hex(c, absl::kZeroPad2), " is not UTF-8"),
          " at ", DescribePosition(sql, static_cast<int>(i)), " (save the file as UTF-8 text)"));
    }
    i += length;
  }
  return absl::OkStatus();
}

// Trims blanks and a trailing semicolon, moving `offset` past leading blanks.
absl::string_view Trim(absl::string_view text, int* offset) {
  size_t start = 0;
  while (start < text.size() &&
         absl::ascii_isspace(static_cast<unsigned char>(text[start]))) {
    ++start;
  }
  *offset += static_cast<int>(start);
  text.remove_prefix(start);
  text = absl::StripTrailingAsciiWhitespace(text);
  while (!text.empty() && text.back() == ';') {
    text.remove_suffix(1);
    text = absl::StripTrailingAsciiWhitespace(text);
  }
  return text;
}

}  // namespace

std::string DescribePosition(absl::string_view text, int offset) {
  int line = 1;
  int column = 1;
  const int end = std::min<int>(offset, static_cast<int>(text.size()));
  for (int i = 0; i < end; ++i) {
    if (text[static_cast<size_t>(i)] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return absl::StrCat("line ", line, ", column ", column);
}

absl::StatusOr<std::vector<SqlStatement>> SplitSqlStatements(
    absl::string_view sql) {
  if (absl::Status text_ok = CheckText(sql); !text_ok.ok()) return text_ok;
  const std::string text(sql);
  PgQuerySplitResult result = pg_query_split_with_parser(text.c_str());
  if (result.error != nullptr) {
    absl::Status status = ParseError(text, *result.error);
    pg_query_free_split_result(result);
    return status;
  }
  std::vector<SqlStatement> statements;
  for (int i = 0; i < result.n_stmts; ++i) {
    const PgQuerySplitStmt& split = *result.stmts[i];
    int offset = split.stmt_location;
    absl::string_view piece = absl::string_view(text).substr(
        static_cast<size_t>(split.stmt_location),
        static_cast<size_t>(split.stmt_len));
    // The split keeps comments before a statement; skip them.
    bool changed = true;
    while (changed) {
      changed = false;
      piece = Trim(piece, &offset);
      if (piece.substr(0, 2) == "--") {
        // As in PostgreSQL's lexer, a line comment ends at \n or a bare \r.
        size_t newline = piece.find_first_of("\n\r");
        size_t skip = newline == absl::string_view::npos ? piece.size()
                                                          : newline + 1;
        offset += static_cast<int>(skip);
        piece.remove_prefix(skip);
        changed = true;
      } else if (piece.substr(0, 2) == "/*") {
        // PostgreSQL's block comments nest: /* a /* b */ still a */.
        size_t skip = 2;
        for (int depth = 1; depth > 0 && skip < piece.size(); ++skip) {
          if (piece.substr(skip, 2) == "/*") {
            ++depth;
            ++skip;
          } else if (piece.substr(skip, 2) == "*/") {
            --depth;
            ++skip;
          }
        }
        skip = std::min(skip, piece.size());
        offset += static_cast<int>(skip);
        piece.remove_prefix(skip);
        changed = true;
      }
    }
    if (piece.empty()) continue;
    SqlStatement statement;
    statement.text = std::string(piece);
    statement.offset = offset;
    statement.line = 1 + static_cast<int>(std::count(
                             text.begin(), text.begin() + offset, '\n'));
    statements.push_back(std::move(statement));
  }
  pg_query_free_split_result(result);
  return statements;
}

absl::StatusOr<Value> ParseSql(absl::string_view sql) {
  if (absl::Status text_ok = CheckText(sql); !text_ok.ok()) return text_ok;
  const std::string text(sql);
  PgQueryParseResult result = pg_query_parse(text.c_str());
  if (result.error != nullptr) {
    absl::Status status = ParseError(text, *result.error);
    pg_query_free_parse_result(result);
    return status;
  }
  const std::string json = result.parse_tree != nullptr ? result.parse_tree : "";
  pg_query_free_parse_result(result);
  absl::StatusOr<Value> converted = JsonToValue(json);
  if (!converted.ok()) {
    return absl::InternalError(
        absl::StrCat("cannot read libpg_query's parse tree: ", converted.status().message()));
  }
  return *std::move(converted);
}

namespace parse_tree {

const Value* Field(const Value* value, absl::string_view key) {
  if (value == nullptr || value->kind_case() != Value::kStructValue) {
    return nullptr;
  }
  const auto& fields = value->struct_value().fields();
  auto it = fields.find(std::string(key));
  return it == fields.end() ? nullptr : &it->second;
}

const Value* Node(const Value* value, absl::string_view type) {
  return Field(value, type);
}

std::string NodeType(const Value* value) {
  if (value == nullptr || value->kind_case() != Value::kStructValue) return "";
  for (const auto& [key, field] : value->struct_value().fields()) {
    if (!key.empty() && absl::ascii_isupper(static_cast<unsigned char>(key[0])) &&
        field.kind_case() == Value::kStructValue) {
      return key;
    }
  }
  return "";
}

std::vector<const Value*> List(const Value* value) {
  std::vector<const Value*> items;
  if (value == nullptr || value->kind_case() != Value::kListValue) return items;
  for (const Value& item : value->list_value().values()) items.push_back(&item);
  return items;
}

std::string String(const Value* value) {
  if (value == nullptr || value->kind_case() != Value::kStringValue) return "";
  return value->string_value();
}

int Int(const Value* value, int fallback) {
  if (value == nullptr || value->kind_case() != Value::kNumberValue) {
    return fallback;
  }
  return static_cast<int>(value->number_value());
}

std::vector<std::string> Names(const Value* list) {
  std::vector<std::string> names;
  for (const Value* item : List(list)) {
    if (const Value* string = Node(item, "String")) {
      names.push_back(String(Field(string, "sval")));
    } else if (Node(item, "A_Star") != nullptr) {
      names.push_back("*");
    }
  }
  return names;
}

}  // namespace parse_tree
}  // namespace baton::agents::data
