#include "agents/migration/source_schema.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace baton::agents::migration {
namespace {

std::string Text(const SourceRow& row, size_t i) { return row[i].value_or(""); }

int64_t Int(const SourceRow& row, size_t i, int64_t fallback) {
  int64_t value = fallback;
  if (row[i].has_value() && !absl::SimpleAtoi(*row[i], &value)) value = fallback;
  return value;
}

bool IsTemporal(const std::string& data_type) {
  return data_type == "date" || data_type == "datetime" || data_type == "timestamp";
}

}  // namespace

const SourceColumn* SourceTable::FindColumn(const std::string& column) const {
  for (const SourceColumn& c : columns) {
    if (c.name == column) return &c;
  }
  return nullptr;
}

const SourceIndex* SourceTable::PrimaryKey() const {
  for (const SourceIndex& index : indexes) {
    if (index.name == "PRIMARY") return &index;
  }
  return nullptr;
}

int64_t SourceSchema::TotalRows() const {
  int64_t total = 0;
  for (const SourceTable& table : tables) total += table.rows;
  return total;
}

bool IsZeroDate(const std::string& value) {
  // YYYY-MM-DD[ ...]
  if (value.size() < 10 || value[4] != '-' || value[7] != '-') return false;
  return value.compare(0, 4, "0000") == 0 || value.compare(5, 2, "00") == 0 ||
         value.compare(8, 2, "00") == 0;
}

absl::StatusOr<SourceSchema> ReadSourceSchema(MysqlSource& source) {
  SourceSchema schema;
  schema.database = source.database();
  schema.server_version = source.version();
  const std::string db = source.Quote(source.database());

  absl::StatusOr<std::vector<SourceRow>> tables = source.Query(absl::StrCat(
      "SELECT TABLE_NAME, TABLE_TYPE, COALESCE(TABLE_COLLATION, ''), "
      "COALESCE(AUTO_INCREMENT, 0) FROM information_schema.TABLES "
      "WHERE TABLE_SCHEMA = ",
      db, " ORDER BY TABLE_NAME"));
  if (!tables.ok()) return tables.status();
  std::map<std::string, size_t> by_name;
  for (const SourceRow& row : *tables) {
    if (Text(row, 1) != "BASE TABLE") {
      schema.views.push_back(Text(row, 0));
      continue;
    }
    SourceTable table;
    table.name = Text(row, 0);
    table.collation = Text(row, 2);
    table.auto_increment = Int(row, 3, 0);
    by_name[table.name] = schema.tables.size();
    schema.tables.push_back(std::move(table));
  }
  if (schema.tables.empty()) {
    return absl::NotFoundError(absl::StrCat("MySQL database ", source.database(), " on ",
                                            source.server(), " has no table to migrate"));
  }

  absl::StatusOr<std::vector<SourceRow>> columns = source.Query(absl::StrCat(
      "SELECT TABLE_NAME, COLUMN_NAME, LOWER(DATA_TYPE), COLUMN_TYPE, IS_NULLABLE, "
      "COLUMN_DEFAULT, LOWER(EXTRA), COALESCE(CHARACTER_SET_NAME, ''), "
      "COALESCE(COLLATION_NAME, ''), CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, "
      "COALESCE(NUMERIC_SCALE, DATETIME_PRECISION) "
      "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ",
      db, " ORDER BY TABLE_NAME, ORDINAL_POSITION"));
  if (!columns.ok()) return columns.status();
  for (const SourceRow& row : *columns) {
    auto it = by_name.find(Text(row, 0));
    if (it == by_name.end()) continue;
    SourceColumn column;
    column.name = Text(row, 1);
    column.data_type = Text(row, 2);
    column.column_type = Text(row, 3);
    column.nullable = Text(row, 4) == "YES";
    column.default_value = row[5];
    column.extra = Text(row, 6);
    column.auto_increment = column.extra.find("auto_increment") != std::string::npos;
    column.charset = Text(row, 7);
    column.collation = Text(row, 8);
    column.max_length = Int(row, 9, -1);
    column.precision = static_cast<int>(Int(row, 10, -1));
    column.scale = static_cast<int>(Int(row, 11, -1));
    schema.tables[it->second].columns.push_back(std::move(column));
  }

  absl::StatusOr<std::vector<SourceRow>> indexes = source.Query(absl::StrCat(
      "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, INDEX_TYPE, COLUMN_NAME, "
      "COALESCE(SUB_PART, 0) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ",
      db, " ORDER BY TABLE_NAME, INDEX_NAME = 'PRIMARY' DESC, INDEX_NAME, SEQ_IN_INDEX"));
  if (!indexes.ok()) return indexes.status();
  for (const SourceRow& row : *indexes) {
    auto it = by_name.find(Text(row, 0));
    if (it == by_name.end()) continue;
    std::vector<SourceIndex>& list = schema.tables[it->second].indexes;
    if (list.empty() || list.back().name != Text(row, 1)) {
      SourceIndex index;
      index.name = Text(row, 1);
      index.unique = Text(row, 2) == "0";
      index.type = Text(row, 3);
      list.push_back(std::move(index));
    }
    list.back().columns.push_back(Text(row, 4));
    list.back().prefix_lengths.push_back(static_cast<int>(Int(row, 5, 0)));
  }

  absl::StatusOr<std::vector<SourceRow>> keys = source.Query(absl::StrCat(
      "SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, "
      "k.REFERENCED_COLUMN_NAME, r.DELETE_RULE, r.UPDATE_RULE "
      "FROM information_schema.KEY_COLUMN_USAGE k "
      "JOIN information_schema.REFERENTIAL_CONSTRAINTS r "
      "ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME "
      "AND r.TABLE_NAME = k.TABLE_NAME "
      "WHERE k.TABLE_SCHEMA = ",
      db,
      " AND k.REFERENCED_TABLE_NAME IS NOT NULL "
      "ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION"));
  if (!keys.ok()) return keys.status();
  for (const SourceRow& row : *keys) {
    auto it = by_name.find(Text(row, 0));
    if (it == by_name.end()) continue;
    std::vector<SourceForeignKey>& list = schema.tables[it->second].foreign_keys;
    if (list.empty() || list.back().name != Text(row, 1)) {
      SourceForeignKey key;
      key.name = Text(row, 1);
      key.referenced_table = Text(row, 3);
      key.on_delete = Text(row, 5);
      key.on_update = Text(row, 6);
      list.push_back(std::move(key));
    }
    list.back().columns.push_back(Text(row, 2));
    list.back().referenced_columns.push_back(Text(row, 4));
  }

  for (SourceTable& table : schema.tables) {
    const std::string name = QuoteMysqlIdentifier(table.name);
    absl::StatusOr<int64_t> count = source.QueryInt(absl::StrCat("SELECT COUNT(*) FROM ", name));
    if (!count.ok()) return count.status();
    table.rows = *count;
    for (const SourceColumn& column : table.columns) {
      if (!IsTemporal(column.data_type)) continue;
      const std::string c = QuoteMysqlIdentifier(column.name);
      // CAST to text: comparing a zero date with a date literal depends on sql_mode.
      absl::StatusOr<int64_t> zeros = source.QueryInt(absl::StrCat(
          "SELECT COUNT(*) FROM ", name, " WHERE ", c, " IS NOT NULL AND (CAST(", c,
          " AS CHAR) LIKE '0000-%' OR SUBSTRING(CAST(", c, " AS CHAR), 6, 2) = '00' OR ",
          "SUBSTRING(CAST(", c, " AS CHAR), 9, 2) = '00')"));
      if (!zeros.ok()) return zeros.status();
      if (*zeros > 0) table.zero_dates[column.name] = *zeros;
    }
  }
  return schema;
}

}  // namespace baton::agents::migration
