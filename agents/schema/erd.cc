#include "agents/schema/erd.h"

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace baton::agents::schema {
namespace {

std::string Lower(absl::string_view text) { return absl::AsciiStrToLower(text); }

// Mermaid names: letters, digits, '_' and '-'.
std::string Name(absl::string_view name) {
  std::string out;
  for (char c : name) {
    out.push_back(absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_' ||
                          c == '-'
                      ? c
                      : '_');
  }
  return out.empty() ? "_" : out;
}

// "DECIMAL(10,2)" -> "DECIMAL"; "" -> "ANY".
std::string BaseType(absl::string_view type) {
  std::string base(type.substr(0, type.find('(')));
  base = std::string(absl::StripAsciiWhitespace(base));
  if (base.empty()) return "ANY";
  std::string out = Name(base);
  if (!absl::ascii_isalpha(static_cast<unsigned char>(out[0]))) out = "T" + out;
  return out;
}

bool IsUniqueOn(const data::TableInfo& table, const std::vector<std::string>& columns) {
  std::set<std::string> wanted;
  for (const std::string& column : columns) wanted.insert(Lower(column));
  for (const data::IndexInfo& index : table.indexes) {
    if (!index.unique || index.partial) continue;
    std::set<std::string> have;
    for (const std::string& column : index.columns) have.insert(Lower(column));
    if (have == wanted) return true;
  }
  std::set<std::string> key;
  for (const data::ColumnInfo& column : table.columns) {
    if (column.primary_key_position > 0) key.insert(Lower(column.name));
  }
  return key == wanted;
}

}  // namespace

std::string RenderMermaidErd(const LoadedSchema& schema,
                             const std::vector<std::string>& tables) {
  std::set<std::string> shown;
  for (const std::string& table : tables) shown.insert(Lower(table));
  if (shown.empty()) {
    for (const data::TableInfo& table : schema.snapshot.tables) {
      shown.insert(Lower(table.name));
    }
  }
  for (const ForeignKey& key : schema.foreign_keys) {
    if (shown.count(Lower(key.table)) > 0) shown.insert(Lower(key.parent));
  }
  std::string out = "erDiagram\n";
  for (const ForeignKey& key : schema.foreign_keys) {
    if (shown.count(Lower(key.table)) == 0) continue;
    const data::TableInfo* child = schema.snapshot.FindTable(key.table);
    if (child == nullptr) continue;
    bool required = true;
    for (const std::string& column : key.columns) {
      const data::ColumnInfo* info = child->FindColumn(column);
      required = required && info != nullptr && info->not_null;
    }
    const bool one = IsUniqueOn(*child, key.columns);
    absl::StrAppend(&out, "    ", Name(key.parent), " ", required ? "||" : "|o",
                    "--", one ? "o|" : "o{", " ", Name(key.table), " : \"",
                    absl::StrJoin(key.columns, ", "), "\"\n");
  }
  for (const data::TableInfo& table : schema.snapshot.tables) {
    if (shown.count(Lower(table.name)) == 0) continue;
    std::set<std::string> foreign;
    for (const ForeignKey* key : schema.ForeignKeysOf(table.name)) {
      for (const std::string& column : key->columns) foreign.insert(Lower(column));
    }
    absl::StrAppend(&out, "    ", Name(table.name), " {\n");
    for (const data::ColumnInfo& column : table.columns) {
      std::vector<std::string> keys;
      if (column.primary_key_position > 0) keys.push_back("PK");
      if (foreign.count(Lower(column.name)) > 0) keys.push_back("FK");
      if (column.primary_key_position == 0 && IsUniqueOn(table, {column.name})) {
        keys.push_back("UK");
      }
      absl::StrAppend(&out, "        ", BaseType(column.type), " ", Name(column.name));
      if (!keys.empty()) absl::StrAppend(&out, " ", absl::StrJoin(keys, ", "));
      if (column.not_null && column.primary_key_position == 0) {
        absl::StrAppend(&out, " \"NOT NULL\"");
      }
      absl::StrAppend(&out, "\n");
    }
    absl::StrAppend(&out, "    }\n");
  }
  return out;
}

std::string RenderErdMarkdown(absl::string_view title, absl::string_view intro,
                              const LoadedSchema& schema,
                              const std::vector<std::string>& tables) {
  return absl::StrCat("# ", title, "\n\n", intro, "\n\n```mermaid\n",
                      RenderMermaidErd(schema, tables), "```\n");
}

}  // namespace baton::agents::schema
