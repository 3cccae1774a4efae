#include "agents/schema/schema_builder.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "agents/schema/sql_statements.h"

namespace baton::agents::schema {
namespace {

std::string Lower(absl::string_view text) { return absl::AsciiStrToLower(text); }

std::string Text(const std::optional<std::string>& value) {
  return value.has_value() ? *value : "";
}

absl::Status WithLocation(const absl::Status& status,
                          const SourceLocation& location) {
  return absl::Status(status.code(), absl::StrCat(location.ToString(), ": ",
                                                  status.message()));
}

bool IsMissingTable(const absl::Status& status) {
  return absl::StrContains(status.message(), "no such table");
}

// The identifier starting at `i` in `text` (unquoted), advancing `i` past it.
std::string ReadIdentifier(absl::string_view text, size_t* i) {
  if (*i >= text.size()) return "";
  const char open = text[*i];
  char close = 0;
  if (open == '"' || open == '`') close = open;
  if (open == '[') close = ']';
  if (close != 0) {
    std::string name;
    for (size_t j = *i + 1; j < text.size(); ++j) {
      if (text[j] == close) {
        if (close != ']' && j + 1 < text.size() && text[j + 1] == close) {
          name.push_back(close);
          ++j;
          continue;
        }
        *i = j + 1;
        return name;
      }
      name.push_back(text[j]);
    }
    *i = text.size();
    return name;
  }
  size_t end = *i;
  while (end < text.size() &&
         (absl::ascii_isalnum(static_cast<unsigned char>(text[end])) ||
          text[end] == '_' || text[end] == '$')) {
    ++end;
  }
  std::string name(text.substr(*i, end - *i));
  *i = end;
  return name;
}

}  // namespace

std::map<std::string, int> ColumnLineOffsets(absl::string_view create_table) {
  std::map<std::string, int> offsets;
  const absl::string_view text = create_table;
  int depth = 0;
  int line = 0;
  bool expect_item = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
      continue;
    }
    if (absl::ascii_isspace(static_cast<unsigned char>(c))) continue;
    if (c == '-' && i + 1 < text.size() && text[i + 1] == '-') {
      size_t end = text.find('\n', i);
      if (end == absl::string_view::npos) break;
      i = end - 1;  // The loop's ++i lands on the newline, which counts it.
      continue;
    }
    if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
      size_t end = text.find("*/", i + 2);
      if (end == absl::string_view::npos) break;
      for (size_t j = i; j < end; ++j) line += text[j] == '\n' ? 1 : 0;
      i = end + 1;
      continue;
    }
    if (c == '\'' || ((c == '"' || c == '`' || c == '[') && !expect_item)) {
      // A literal or a quoted name not at an item start: skip it whole.
      const char close = c == '[' ? ']' : c;
      size_t j = i + 1;
      while (j < text.size() && text[j] != close) {
        line += text[j] == '\n' ? 1 : 0;
        ++j;
      }
      i = j;
      continue;
    }
    if (expect_item && depth == 1) {
      expect_item = false;
      size_t at = i;
      const int item_line = line;
      std::string name = ReadIdentifier(text, &at);
      const std::string upper = absl::AsciiStrToUpper(name);
      const bool quoted = c == '"' || c == '`' || c == '[';
      if (!name.empty() &&
          (quoted || (upper != "CONSTRAINT" && upper != "PRIMARY" &&
                      upper != "FOREIGN" && upper != "UNIQUE" &&
                      upper != "CHECK"))) {
        offsets.emplace(Lower(name), item_line);
      }
      if (at > i) i = at - 1;
      continue;
    }
    if (c == '(') {
      ++depth;
      if (depth == 1) expect_item = true;
    } else if (c == ')') {
      --depth;
      if (depth == 0) break;  // End of the column list.
    } else if (c == ',' && depth == 1) {
      expect_item = true;
    }
  }
  return offsets;
}

absl::StatusOr<SchemaBuilder> SchemaBuilder::Create() {
  absl::StatusOr<data::SqliteDatabase> db = data::SqliteDatabase::Open(":memory:");
  if (!db.ok()) return db.status();
  return SchemaBuilder(*std::move(db));
}

absl::Status SchemaBuilder::Apply(absl::string_view sql, absl::string_view file,
                                  int first_line, const ApplyOptions& options) {
  const std::string file_name(file);
  if (std::find(files_.begin(), files_.end(), file_name) == files_.end()) {
    files_.push_back(file_name);
  }
  for (const SqlStatement& statement : SplitSqlStatements(sql)) {
    const SourceLocation location{file_name, first_line + statement.line - 1};
    if (options.schema_only && !IsSchemaStatement(statement.text)) continue;
    absl::Status status = RunStatement(statement.text, location);
    if (status.ok()) continue;
    if (options.defer_missing_tables && IsMissingTable(status)) {
      deferred_.push_back({statement.text, location, status});
      continue;
    }
    return status;
  }
  return absl::OkStatus();
}

absl::Status SchemaBuilder::RunStatement(const std::string& statement,
                                         const SourceLocation& location) {
  absl::Status status = db_.Exec(statement);
  if (!status.ok()) return WithLocation(status, location);
  if (!IsSchemaStatement(statement)) return absl::OkStatus();
  return Track(statement, location);
}

absl::Status SchemaBuilder::Track(const std::string& statement,
                                  const SourceLocation& location) {
  // One query lists the tables with their CREATE text; only tables that are
  // new or whose text changed (ALTER TABLE rewrites it) are read again.
  // CREATE only adds tables: their names are enough to find the new ones.
  const bool create = LeadingKeyword(statement) == "CREATE";
  absl::StatusOr<std::vector<data::SqlRow>> tables = db_.Query(
      create ? "SELECT name, NULL FROM sqlite_master WHERE type = 'table' "
               "AND name NOT LIKE 'sqlite_%'"
             : "SELECT name, sql FROM sqlite_master WHERE type = 'table' "
               "AND name NOT LIKE 'sqlite_%'");
  if (!tables.ok()) return tables.status();
  std::map<std::string, std::set<std::string>> now;
  std::map<std::string, std::string> sql_now;
  std::set<std::string> changed;
  for (const data::SqlRow& row : *tables) {
    const std::string name = Text(row[0]);
    const std::string key = Lower(name);
    auto old_sql = table_sql_.find(key);
    auto old_columns = known_.find(key);
    const bool unchanged =
        old_columns != known_.end() && old_sql != table_sql_.end() &&
        (create || old_sql->second == Text(row[1]));
    if (unchanged) {
      sql_now[key] = std::move(old_sql->second);
      now[key] = std::move(old_columns->second);
      continue;
    }
    absl::StatusOr<std::vector<data::SqlRow>> text = db_.Query(absl::StrCat(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = '",
        absl::StrReplaceAll(name, {{"'", "''"}}), "'"));
    if (!text.ok()) return text.status();
    sql_now[key] = text->empty() ? "" : Text((*text)[0][0]);
    changed.insert(key);
    absl::StatusOr<std::vector<data::SqlRow>> columns = db_.Query(
        absl::StrCat("PRAGMA table_info(", data::QuoteIdentifier(name), ")"));
    if (!columns.ok()) return columns.status();
    std::set<std::string>& names = now[key];
    for (const data::SqlRow& column : *columns) {
      if (column.size() > 1) names.insert(Lower(Text(column[1])));
    }
  }
  const std::map<std::string, int> offsets =
      create ? ColumnLineOffsets(statement) : std::map<std::string, int>{};
  for (const std::string& table : changed) {
    auto old = known_.find(table);
    const bool is_new = old == known_.end();
    if (is_new) table_locations_[table] = location;
    for (const std::string& column : now[table]) {
      if (!is_new && old->second.count(column) > 0) continue;
      SourceLocation column_location = location;
      auto offset = offsets.find(column);
      if (is_new && offset != offsets.end() && location.line > 0) {
        column_location.line = location.line + offset->second;
      }
      column_locations_[absl::StrCat(table, ".", column)] = column_location;
    }
  }
  // Forget dropped tables and columns.
  for (const auto& [table, columns] : known_) {
    auto current = now.find(table);
    if (current != now.end() && changed.count(table) == 0) continue;
    if (current == now.end()) table_locations_.erase(table);
    for (const std::string& column : columns) {
      if (current == now.end() || current->second.count(column) == 0) {
        column_locations_.erase(absl::StrCat(table, ".", column));
      }
    }
  }
  known_ = std::move(now);
  table_sql_ = std::move(sql_now);
  return absl::OkStatus();
}

absl::StatusOr<LoadedSchema> SchemaBuilder::Finish(absl::string_view origin) {
  while (!deferred_.empty()) {
    std::vector<Deferred> pending = std::move(deferred_);
    deferred_.clear();
    bool progress = false;
    for (Deferred& item : pending) {
      absl::Status status = RunStatement(item.sql, item.location);
      if (status.ok()) {
        progress = true;
      } else {
        item.error = status;
        deferred_.push_back(std::move(item));
      }
    }
    if (!progress) return deferred_.front().error;
  }
  LoadedSchema schema;
  absl::StatusOr<data::SchemaSnapshot> snapshot = data::TakeSchemaSnapshot(db_);
  if (!snapshot.ok()) return snapshot.status();
  schema.snapshot = *std::move(snapshot);
  for (const data::TableInfo& table : schema.snapshot.tables) {
    absl::StatusOr<std::vector<data::SqlRow>> rows = db_.Query(absl::StrCat(
        "PRAGMA foreign_key_list(", data::QuoteIdentifier(table.name), ")"));
    if (!rows.ok()) return rows.status();
    // foreign_key_list: id, seq, table, from, to, on_update, on_delete, match.
    std::map<std::string, ForeignKey> by_id;
    for (const data::SqlRow& row : *rows) {
      if (row.size() < 7) continue;
      ForeignKey& key = by_id[Text(row[0])];
      key.table = table.name;
      key.parent = Text(row[2]);
      key.columns.push_back(Text(row[3]));
      if (row[4].has_value()) key.parent_columns.push_back(*row[4]);
      key.on_delete = Text(row[6]);
    }
    for (auto& [id, key] : by_id) schema.foreign_keys.push_back(std::move(key));
  }
  schema.table_locations = table_locations_;
  schema.column_locations = column_locations_;
  schema.files = files_;
  schema.origin = std::string(origin);
  return schema;
}

}  // namespace baton::agents::schema
