#include "agents/data/schema_snapshot.h"

#include <algorithm>
#include <cstdlib>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace baton::agents::data {
namespace {

std::string Text(const std::optional<std::string>& value) {
  return value.has_value() ? *value : "";
}

absl::StatusOr<std::vector<IndexInfo>> ReadIndexes(SqliteDatabase& db,
                                                   const std::string& table) {
  absl::StatusOr<std::vector<SqlRow>> rows =
      db.Query(absl::StrCat("PRAGMA index_list(", QuoteIdentifier(table), ")"));
  if (!rows.ok()) return rows.status();
  std::vector<IndexInfo> indexes;
  // index_list: seq, name, unique, origin, partial.
  for (const SqlRow& row : *rows) {
    if (row.size() < 5) continue;
    IndexInfo index;
    index.name = Text(row[1]);
    index.unique = Text(row[2]) == "1";
    index.origin = Text(row[3]);
    index.partial = Text(row[4]) == "1";
    absl::StatusOr<std::vector<SqlRow>> columns = db.Query(
        absl::StrCat("PRAGMA index_info(", QuoteIdentifier(index.name), ")"));
    if (!columns.ok()) return columns.status();
    // index_info: seqno, cid, name (NULL for expressions).
    for (const SqlRow& column : *columns) {
      index.columns.push_back(column.size() > 2 && column[2].has_value()
                                  ? *column[2]
                                  : "<expression>");
    }
    indexes.push_back(std::move(index));
  }
  std::sort(
      indexes.begin(), indexes.end(),
      [](const IndexInfo& a, const IndexInfo& b) { return a.name < b.name; });
  return indexes;
}

absl::StatusOr<std::vector<std::string>> ReadForeignKeys(
    SqliteDatabase& db, const std::string& table) {
  absl::StatusOr<std::vector<SqlRow>> rows = db.Query(
      absl::StrCat("PRAGMA foreign_key_list(", QuoteIdentifier(table), ")"));
  if (!rows.ok()) return rows.status();
  // foreign_key_list: id, seq, table, from, to, on_update, on_delete, match.
  std::map<std::string, std::vector<const SqlRow*>> by_id;
  for (const SqlRow& row : *rows) {
    if (row.size() >= 8) by_id[Text(row[0])].push_back(&row);
  }
  std::vector<std::string> keys;
  for (const auto& [id, parts] : by_id) {
    std::vector<std::string> from, to;
    for (const SqlRow* part : parts) {
      from.push_back(Text((*part)[3]));
      to.push_back(Text((*part)[4]));
    }
    const SqlRow& first = *parts.front();
    keys.push_back(absl::StrCat("(", absl::StrJoin(from, ", "), ") -> ",
                                Text(first[2]), "(", absl::StrJoin(to, ", "),
                                ") ON UPDATE ", Text(first[5]), " ON DELETE ",
                                Text(first[6])));
  }
  std::sort(keys.begin(), keys.end());
  return keys;
}

absl::StatusOr<TableInfo> ReadTable(SqliteDatabase& db,
                                    const std::string& name) {
  TableInfo table;
  table.name = name;
  absl::StatusOr<std::vector<SqlRow>> rows =
      db.Query(absl::StrCat("PRAGMA table_info(", QuoteIdentifier(name), ")"));
  if (!rows.ok()) return rows.status();
  // table_info: cid, name, type, notnull, dflt_value, pk.
  for (const SqlRow& row : *rows) {
    if (row.size() < 6) continue;
    ColumnInfo column;
    column.name = Text(row[1]);
    column.type = absl::AsciiStrToUpper(Text(row[2]));
    column.not_null = Text(row[3]) == "1";
    column.default_value = row[4];
    column.primary_key_position = std::atoi(Text(row[5]).c_str());
    table.columns.push_back(std::move(column));
  }
  absl::StatusOr<std::vector<IndexInfo>> indexes = ReadIndexes(db, name);
  if (!indexes.ok()) return indexes.status();
  table.indexes = *std::move(indexes);
  absl::StatusOr<std::vector<std::string>> keys = ReadForeignKeys(db, name);
  if (!keys.ok()) return keys.status();
  table.foreign_keys = *std::move(keys);
  return table;
}

}  // namespace

const ColumnInfo* TableInfo::FindColumn(absl::string_view name) const {
  for (const ColumnInfo& column : columns) {
    if (absl::EqualsIgnoreCase(column.name, name)) return &column;
  }
  return nullptr;
}

const TableInfo* SchemaSnapshot::FindTable(absl::string_view name) const {
  for (const TableInfo& table : tables) {
    if (absl::EqualsIgnoreCase(table.name, name)) return &table;
  }
  return nullptr;
}

std::vector<std::string> SchemaSnapshot::TableNames() const {
  std::vector<std::string> names;
  for (const TableInfo& table : tables) names.push_back(table.name);
  return names;
}

std::vector<std::string> SchemaSnapshot::Lines() const {
  std::vector<std::string> lines;
  for (const TableInfo& table : tables) {
    lines.push_back(absl::StrCat("table ", table.name));
    for (size_t i = 0; i < table.columns.size(); ++i) {
      const ColumnInfo& column = table.columns[i];
      std::string line = absl::StrCat("column ", table.name, ".", column.name,
                                      " #", i + 1, " ", column.type);
      if (column.not_null) absl::StrAppend(&line, " NOT NULL");
      if (column.default_value.has_value()) {
        absl::StrAppend(&line, " DEFAULT ", *column.default_value);
      }
      if (column.primary_key_position > 0) {
        absl::StrAppend(&line, " PRIMARY KEY(", column.primary_key_position,
                        ")");
      }
      lines.push_back(std::move(line));
    }
    for (const IndexInfo& index : table.indexes) {
      lines.push_back(absl::StrCat(
          "index ", table.name, ".", index.name, index.unique ? " UNIQUE" : "",
          index.partial ? " PARTIAL" : "", " (",
          absl::StrJoin(index.columns, ", "), ") origin=", index.origin));
    }
    for (const std::string& key : table.foreign_keys) {
      lines.push_back(absl::StrCat("foreign key ", table.name, " ", key));
    }
  }
  lines.insert(lines.end(), other_objects.begin(), other_objects.end());
  return lines;
}

std::string SchemaSnapshot::ToText() const {
  return absl::StrJoin(Lines(), "\n");
}

absl::StatusOr<SchemaSnapshot> TakeSchemaSnapshot(SqliteDatabase& db) {
  absl::StatusOr<std::vector<SqlRow>> objects = db.Query(
      "SELECT type, name, tbl_name, sql FROM sqlite_master "
      "WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name");
  if (!objects.ok()) return objects.status();
  SchemaSnapshot snapshot;
  for (const SqlRow& row : *objects) {
    const std::string type = Text(row[0]);
    const std::string name = Text(row[1]);
    if (type == "table") {
      absl::StatusOr<TableInfo> table = ReadTable(db, name);
      if (!table.ok()) return table.status();
      snapshot.tables.push_back(*std::move(table));
    } else if (type == "view" || type == "trigger") {
      // Whitespace-normalized definition: views and triggers have no PRAGMA.
      std::string sql = Text(row[3]);
      std::string normalized;
      bool in_space = false;
      for (char c : sql) {
        if (absl::ascii_isspace(static_cast<unsigned char>(c))) {
          in_space = true;
          continue;
        }
        if (in_space && !normalized.empty()) normalized.push_back(' ');
        in_space = false;
        normalized.push_back(c);
      }
      snapshot.other_objects.push_back(absl::StrCat(
          type, " ", name, " on ", Text(row[2]), ": ", normalized));
    }
    // Indexes are read per table.
  }
  std::sort(
      snapshot.tables.begin(), snapshot.tables.end(),
      [](const TableInfo& a, const TableInfo& b) { return a.name < b.name; });
  std::sort(snapshot.other_objects.begin(), snapshot.other_objects.end());
  return snapshot;
}

std::string DiffSnapshots(const SchemaSnapshot& before,
                          const SchemaSnapshot& after) {
  std::vector<std::string> old_lines = before.Lines();
  std::vector<std::string> new_lines = after.Lines();
  std::multiset<std::string> old_set(old_lines.begin(), old_lines.end());
  std::multiset<std::string> new_set(new_lines.begin(), new_lines.end());
  std::vector<std::string> diff;
  for (const std::string& line : old_lines) {
    auto it = new_set.find(line);
    if (it == new_set.end()) {
      diff.push_back(absl::StrCat("- ", line));
    } else {
      new_set.erase(it);
    }
  }
  for (const std::string& line : new_lines) {
    auto it = old_set.find(line);
    if (it == old_set.end()) {
      diff.push_back(absl::StrCat("+ ", line));
    } else {
      old_set.erase(it);
    }
  }
  return absl::StrJoin(diff, "\n");
}

absl::StatusOr<std::map<std::string, int64_t>> CountRowsPerTable(
    SqliteDatabase& db) {
  absl::StatusOr<std::vector<SqlRow>> tables = db.Query(
      "SELECT name FROM sqlite_master WHERE type = 'table' "
      "AND name NOT LIKE 'sqlite_%' ORDER BY name");
  if (!tables.ok()) return tables.status();
  std::map<std::string, int64_t> counts;
  for (const SqlRow& row : *tables) {
    const std::string name = Text(row[0]);
    absl::StatusOr<int64_t> count = db.QueryInt(
        absl::StrCat("SELECT COUNT(*) FROM ", QuoteIdentifier(name)));
    if (!count.ok()) return count.status();
    counts[name] = *count;
  }
  return counts;
}

}  // namespace baton::agents::data
