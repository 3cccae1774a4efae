#include "agents/data/migration_request.h"

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "re2/re2.h"

namespace baton::agents::data {
namespace {

constexpr absl::string_view kUnderstoodForms =
    "understood forms are \"Add <column> column to <table> table "
    "[(<TYPE>)]\", \"Add column <column> to <table>\", \"Add index on "
    "<table>.<column>\" and \"Drop <column> from <table>\"";

// An identifier, optionally quoted; the capture holds it unquoted.
constexpr absl::string_view kIdent = R"(['"`]?([A-Za-z_][A-Za-z0-9_]*)['"`]?)";

// "(VARCHAR(32))", "(DECIMAL(10, 2))", "(TEXT)": an explicit SQL type. Other
// parentheticals ("(for SMS)") are not types.
constexpr absl::string_view kExplicitTypePattern =
    R"(\(\s*((?i:bigint|integer|int|smallint|tinyint|character varying|)"
    R"(character|varchar|char|text|boolean|bool|date|timestamptz|timestamp|)"
    R"(datetime|time|decimal|numeric|real|float|double precision|uuid|jsonb|)"
    R"(json|blob|bytea|bigserial|serial)(?:\s*\(\s*\d+\s*(?:,\s*\d+\s*)?\))?)"
    R"((?i:\s+with(?:out)?\s+time\s+zone)?)\s*\))";

// "int   (12)" -> "INT": upper case, single spaces, no space before "(",
// and no size on a type that takes none in PostgreSQL (MySQL's display
// width "INT(11)" means nothing there and does not parse).
std::string NormalizeExplicitType(absl::string_view written) {
  std::string type = absl::AsciiStrToUpper(written);
  RE2::GlobalReplace(&type, R"(\s+)", " ");
  RE2::GlobalReplace(&type, R"(\s*\(\s*)", "(");
  RE2::GlobalReplace(&type, R"(\s*,\s*)", ", ");
  RE2::GlobalReplace(&type, R"(\s*\))", ")");
  static const RE2 kSizeless(
      R"(^(BIGINT|INTEGER|INT|SMALLINT|TINYINT|TEXT|BOOLEAN|BOOL|DATE|UUID|JSONB|JSON|BLOB|)"
      R"(BYTEA|BIGSERIAL|SERIAL|REAL|DOUBLE PRECISION)\([^)]*\))");
  RE2::Replace(&type, kSizeless, "\\1");
  return type;
}

// Words that read as identifiers in a malformed request ("Add column to
// users").
bool IsNoiseWord(absl::string_view word) {
  static const std::set<std::string>* const kWords = new std::set<std::string>{
      "a",     "an", "the",  "new", "column", "columns", "table",
      "index", "to", "from", "on",  "in",     "field"};
  return kWords->count(absl::AsciiStrToLower(word)) > 0;
}

absl::Status NotUnderstood(absl::string_view text) {
  return absl::InvalidArgumentError(absl::StrCat(
      "cannot read a migration from \"", text, "\": ", kUnderstoodForms));
}

}  // namespace

std::string InferColumnType(absl::string_view column) {
  const std::string name = absl::AsciiStrToLower(column);
  if (absl::EndsWith(name, "_at")) return "TIMESTAMP";
  if (name == "id" || absl::EndsWith(name, "_id")) return "INTEGER";
  if (absl::StartsWith(name, "is_") || absl::StartsWith(name, "has_")) {
    return "BOOLEAN";
  }
  if (absl::StrContains(name, "phone")) return "VARCHAR(20)";
  if (absl::StrContains(name, "email")) return "VARCHAR(255)";
  if (absl::StrContains(name, "count") || absl::StrContains(name, "quantity")) {
    return "INTEGER";
  }
  if (absl::StrContains(name, "price") || absl::StrContains(name, "amount") ||
      absl::StrContains(name, "total")) {
    return "DECIMAL(10,2)";
  }
  return "VARCHAR(255)";
}

absl::StatusOr<MigrationRequest> ParseMigrationRequest(absl::string_view text) {
  static const RE2 kExplicitType{std::string(kExplicitTypePattern)};
  static const RE2 kAddColumn(absl::StrCat(
      R"((?i)\badd\s+(?:(?:an?|the|new)\s+)*(?:column\s+)?)", kIdent,
      R"(\s+(?:(?:new\s+)?(?:column|field)\s+)?(?:to|on|in)\s+(?:the\s+)?)",
      kIdent, R"((?:\s+table)?(?:\W|$))"));
  static const RE2 kAddIndexDotted(absl::StrCat(
      R"((?i)\b(?:add|create)\s+(?:an?\s+)?(unique\s+)?index\s+(?:on|for)\s+)",
      kIdent, R"(\s*[.(]\s*)", kIdent));
  static const RE2 kAddIndexWords(absl::StrCat(
      R"((?i)\b(?:add|create)\s+(?:an?\s+)?(unique\s+)?index\s+(?:on|for)\s+)"
      R"((?:the\s+)?)",
      kIdent, R"(\s+(?:column\s+)?(?:of|on|in)\s+(?:the\s+)?)", kIdent,
      R"((?:\s+table)?(?:\W|$))"));
  static const RE2 kDropColumn(
      absl::StrCat(R"((?i)\b(?:drop|remove)\s+(?:the\s+)?(?:column\s+)?)",
                   kIdent, R"(\s+(?:column\s+)?from\s+(?:the\s+)?)", kIdent,
                   R"((?:\s+table)?(?:\W|$))"));

  MigrationRequest request;
  request.text = std::string(text);
  std::string rest(absl::StripAsciiWhitespace(text));
  std::string explicit_type;
  if (RE2::PartialMatch(rest, kExplicitType, &explicit_type)) {
    RE2::Replace(&rest, kExplicitType, " ");
  }

  std::string unique;
  if (RE2::PartialMatch(rest, kAddIndexDotted, &unique, &request.table,
                        &request.column) ||
      RE2::PartialMatch(rest, kAddIndexWords, &unique, &request.column,
                        &request.table)) {
    request.kind = MigrationRequest::Kind::kAddIndex;
    request.unique = !unique.empty();
  } else if (RE2::PartialMatch(rest, kDropColumn, &request.column,
                               &request.table)) {
    request.kind = MigrationRequest::Kind::kDropColumn;
  } else if (RE2::PartialMatch(rest, kAddColumn, &request.column,
                               &request.table)) {
    request.kind = MigrationRequest::Kind::kAddColumn;
  } else {
    return NotUnderstood(text);
  }
  if (IsNoiseWord(request.column) || IsNoiseWord(request.table)) {
    return NotUnderstood(text);
  }
  if (request.kind == MigrationRequest::Kind::kAddColumn) {
    if (explicit_type.empty()) {
      request.type = InferColumnType(request.column);
      request.type_inferred = true;
    } else {
      request.type = NormalizeExplicitType(explicit_type);
    }
  } else if (!explicit_type.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("a type (", explicit_type,
                     ") only applies when adding a column: \"", text, "\""));
  }
  return request;
}

}  // namespace baton::agents::data
