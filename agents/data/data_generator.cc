#include "agents/data/data_generator.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <optional>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "re2/re2.h"

namespace baton::agents::data {
namespace {

struct ForeignKey {
  std::vector<std::string> columns;
  std::string parent;
  std::vector<std::string> parent_columns;
};

std::vector<ForeignKey> ForeignKeys(const TableInfo& table) {
  static const RE2 kKey(R"(^\((.*?)\) -> (\S+?)\((.*?)\))");
  std::vector<ForeignKey> keys;
  for (const std::string& text : table.foreign_keys) {
    std::string columns, parent, parent_columns;
    if (!RE2::PartialMatch(text, kKey, &columns, &parent, &parent_columns)) {
      continue;
    }
    ForeignKey key;
    key.columns = absl::StrSplit(columns, ", ");
    key.parent = parent;
    key.parent_columns = absl::StrSplit(parent_columns, ", ");
    keys.push_back(std::move(key));
  }
  return keys;
}

bool IsUnique(const TableInfo& table, const ColumnInfo& column) {
  if (column.primary_key_position > 0) {
    int pk_columns = 0;
    for (const ColumnInfo& c : table.columns) {
      if (c.primary_key_position > 0) ++pk_columns;
    }
    if (pk_columns == 1) return true;
  }
  for (const IndexInfo& index : table.indexes) {
    if (index.unique && !index.partial && index.columns.size() == 1 &&
        absl::EqualsIgnoreCase(index.columns[0], column.name)) {
      return true;
    }
  }
  return false;
}

enum class TypeClass {
  kInteger, kDecimal, kBoolean, kText, kTimestamp, kDate, kTime, kUuid,
  kJson, kBlob, kUnknown
};

TypeClass Classify(const std::string& type) {
  const std::string t = absl::AsciiStrToUpper(type);
  if (t.empty()) return TypeClass::kText;  // SQLite: untyped.
  if (absl::StrContains(t, "INT") || absl::StrContains(t, "SERIAL")) {
    return TypeClass::kInteger;
  }
  if (absl::StrContains(t, "BOOL")) return TypeClass::kBoolean;
  for (const char* word : {"NUMERIC", "DECIMAL", "REAL", "FLOAT", "DOUBLE", "MONEY"}) {
    if (absl::StrContains(t, word)) return TypeClass::kDecimal;
  }
  if (absl::StrContains(t, "TIMESTAMP") || absl::StrContains(t, "DATETIME")) {
    return TypeClass::kTimestamp;
  }
  if (absl::StrContains(t, "DATE")) return TypeClass::kDate;
  if (absl::StrContains(t, "TIME")) return TypeClass::kTime;
  if (absl::StrContains(t, "UUID")) return TypeClass::kUuid;
  if (absl::StrContains(t, "JSON")) return TypeClass::kJson;
  if (absl::StrContains(t, "BYTEA") || absl::StrContains(t, "BLOB")) {
    return TypeClass::kBlob;
  }
  for (const char* word : {"CHAR", "TEXT", "CLOB", "STRING"}) {
    if (absl::StrContains(t, word)) return TypeClass::kText;
  }
  return TypeClass::kUnknown;
}

std::optional<int> TextLength(const std::string& type) {
  static const RE2 kLength(R"(\(\s*(\d+)\s*\))");
  int length = 0;
  if (RE2::PartialMatch(type, kLength, &length) && length > 0) return length;
  return std::nullopt;
}

bool LowCardinalityName(const std::string& column) {
  static const std::set<std::string> kWords = {
      "status", "state", "type", "kind", "category", "role", "level", "tier",
      "gender", "country", "currency", "locale", "language", "plan"};
  for (absl::string_view word : absl::StrSplit(absl::AsciiStrToLower(column), '_')) {
    if (kWords.count(std::string(word)) > 0) return true;
  }
  return false;
}

std::string Quote(absl::string_view text) {
  return absl::StrCat("'", absl::StrReplaceAll(text, {{"'", "''"}}), "'");
}

// Builds the per-column value expressions of a generation.
class Generator {
 public:
  Generator(SqlDialect dialect, const SchemaSnapshot& schema,
            const std::map<std::string, GeneratedTable>& plan)
      : dialect_(dialect), schema_(schema), plan_(plan) {}

  // The SQL expression for `column` of `table` at row number `i` (an SQL
  // expression); nullopt when the column is best left to its default/NULL.
  absl::StatusOr<std::optional<std::string>> Expression(
      const TableInfo& table, const ColumnInfo& column, const std::string& i) {
    // Foreign keys: a value of the parent's generated rows.
    int64_t divisor = 1;
    for (const ForeignKey& key : ForeignKeys(table)) {
      auto parent = plan_.find(absl::AsciiStrToLower(key.parent));
      const TableInfo* parent_table = schema_.FindTable(key.parent);
      const int64_t parent_rows = parent == plan_.end() ? 0 : parent->second.rows;
      for (size_t k = 0; k < key.columns.size(); ++k) {
        if (!absl::EqualsIgnoreCase(key.columns[k], column.name)) continue;
        if (parent_rows == 0 || parent_table == nullptr) {
          if (!column.not_null) return std::optional<std::string>();
          return absl::FailedPreconditionError(absl::StrCat(
              "cannot generate ", table.name, ".", column.name, ": it must refer "
              "to a row of ", key.parent, ", which has no generated rows"));
        }
        const ColumnInfo* parent_column =
            parent_table->FindColumn(key.parent_columns[std::min(k, key.parent_columns.size() - 1)]);
        if (parent_column == nullptr) break;
        const std::string parent_index = absl::StrCat(
            "(((", i, " - 1) / ", divisor, ") % ", parent_rows, " + ",
            parent->second.first_index, ")");
        return Expression(*parent_table, *parent_column, parent_index);
      }
      if (parent_rows > 0) divisor *= parent_rows;
    }

    const bool unique = IsUnique(table, column);
    const std::string name = absl::AsciiStrToLower(column.name);
    const bool pg = dialect_ == SqlDialect::kPostgres;
    std::string value;
    switch (Classify(column.type)) {
      case TypeClass::kInteger:
        value = unique ? absl::StrCat("(", i, ")")
                       : absl::StrCat("((", i, ") % 1000)");
        break;
      case TypeClass::kDecimal:
        value = absl::StrCat("(((", i, ") % 100000) / 100.0)");
        break;
      case TypeClass::kBoolean:
        value = pg ? absl::StrCat("((", i, ") % 2 = 0)")
                   : absl::StrCat("((", i, ") % 2)");
        break;
      case TypeClass::kTimestamp:
        value = pg ? absl::StrCat("(TIMESTAMP '2024-01-01 00:00:00' + (", i,
                                  ") * INTERVAL '1 minute')")
                   : absl::StrCat("datetime('2024-01-01 00:00:00', '+' || (", i,
                                  ") || ' minutes')");
        break;
      case TypeClass::kDate:
        value = pg ? absl::StrCat("(DATE '2020-01-01' + ((", i, ") % 3650)::int)")
                   : absl::StrCat("date('2020-01-01', '+' || ((", i,
                                  ") % 3650) || ' days')");
        break;
      case TypeClass::kTime:
        value = pg ? absl::StrCat("(TIME '00:00:00' + ((", i,
                                  ") % 86400) * INTERVAL '1 second')")
                   : absl::StrCat("time((", i, ") % 86400, 'unixepoch')");
        break;
      case TypeClass::kUuid:
        value = pg ? absl::StrCat("CAST(lpad(to_hex(", i, "), 32, '0') AS uuid)")
                   : absl::StrCat("printf('%032x', ", i, ")");
        break;
      case TypeClass::kJson:
        value = pg ? absl::StrCat("json_build_object('n', ", i, ")")
                   : absl::StrCat("json_object('n', ", i, ")");
        break;
      case TypeClass::kBlob:
        value = pg ? absl::StrCat("decode(lpad(to_hex(", i, "), 16, '0'), 'hex')")
                   : absl::StrCat("CAST(printf('%016x', ", i, ") AS BLOB)");
        break;
      case TypeClass::kText: {
        std::string number = absl::StrCat("(", i, ")");
        if (absl::StrContains(name, "email")) {
          value = absl::StrCat("'user' || ", number, " || '@example.com'");
        } else if (absl::StrContains(name, "phone")) {
          value = pg ? absl::StrCat("'+1555' || lpad(CAST(", number, " AS text), 7, '0')")
                     : absl::StrCat("'+1555' || substr('0000000' || ", number, ", -7, 7)");
        } else if (!unique && LowCardinalityName(name)) {
          value = absl::StrCat(Quote(absl::StrCat(name, "_")), " || (", number,
                               " % 5)");
        } else {
          value = absl::StrCat(Quote(absl::StrCat(name, " ")), " || ", number);
        }
        if (std::optional<int> length = TextLength(column.type)) {
          value = absl::StrCat("substr(", value, ", 1, ", *length, ")");
        }
        value = absl::StrCat("(", value, ")");
        break;
      }
      case TypeClass::kUnknown:
        if (!column.not_null || column.default_value.has_value()) {
          return std::optional<std::string>();
        }
        return absl::FailedPreconditionError(absl::StrCat(
            "cannot generate values for ", table.name, ".", column.name,
            " of type ", column.type,
            " (NOT NULL without a default); give it a default or a standard type"));
    }
    return std::optional<std::string>(value);
  }

 private:
  SqlDialect dialect_;
  const SchemaSnapshot& schema_;
  const std::map<std::string, GeneratedTable>& plan_;  // Lower-case names.
};

// Tables ordered parents first (cycles broken arbitrarily).
std::vector<std::string> ParentsFirst(const SchemaSnapshot& schema,
                                      const std::map<std::string, int64_t>& rows) {
  std::vector<std::string> order;
  std::set<std::string> done;
  std::set<std::string> visiting;
  std::function<void(const std::string&)> visit = [&](const std::string& name) {
    const std::string key = absl::AsciiStrToLower(name);
    if (done.count(key) > 0 || visiting.count(key) > 0) return;
    visiting.insert(key);
    if (const TableInfo* table = schema.FindTable(name)) {
      for (const ForeignKey& fk : ForeignKeys(*table)) {
        for (const auto& [other, count] : rows) {
          if (absl::EqualsIgnoreCase(other, fk.parent)) visit(other);
        }
      }
    }
    visiting.erase(key);
    done.insert(key);
    order.push_back(name);
  };
  for (const auto& [name, count] : rows) visit(name);
  return order;
}

absl::StatusOr<std::vector<std::pair<std::string, std::string>>> Columns(
    Generator& generator, const TableInfo& table, const std::string& i) {
  std::vector<std::pair<std::string, std::string>> columns;
  for (const ColumnInfo& column : table.columns) {
    absl::StatusOr<std::optional<std::string>> value =
        generator.Expression(table, column, i);
    if (!value.ok()) return value.status();
    if (value->has_value()) columns.emplace_back(column.name, **value);
  }
  return columns;
}

}  // namespace

const GeneratedTable* GeneratedData::Find(absl::string_view table) const {
  for (const GeneratedTable& generated : tables) {
    if (absl::EqualsIgnoreCase(generated.table, table)) return &generated;
  }
  return nullptr;
}

std::string GeneratedData::Summary() const {
  std::vector<std::string> parts;
  for (const GeneratedTable& table : tables) {
    parts.push_back(absl::StrCat(table.table, ": ", table.rows, " rows"));
  }
  return parts.empty() ? "no rows" : absl::StrJoin(parts, ", ");
}

std::map<std::string, int64_t> PlanRows(const SchemaSnapshot& schema,
                                        const std::vector<std::string>& tables,
                                        int64_t rows, int64_t parent_rows) {
  std::map<std::string, int64_t> plan;
  for (const std::string& name : tables) {
    if (const TableInfo* table = schema.FindTable(name)) plan[table->name] = rows;
  }
  std::vector<std::string> pending;
  for (const auto& [name, count] : plan) pending.push_back(name);
  while (!pending.empty()) {
    const std::string name = pending.back();
    pending.pop_back();
    const TableInfo* table = schema.FindTable(name);
    if (table == nullptr) continue;
    for (const ForeignKey& key : ForeignKeys(*table)) {
      const TableInfo* parent = schema.FindTable(key.parent);
      if (parent == nullptr || plan.count(parent->name) > 0) continue;
      plan[parent->name] = parent_rows;
      pending.push_back(parent->name);
    }
  }
  // A key made of foreign keys only allows as many rows as combinations.
  for (auto& [name, count] : plan) {
    const TableInfo* table = schema.FindTable(name);
    std::vector<ForeignKey> keys = ForeignKeys(*table);
    bool pk_all_foreign = !keys.empty();
    int64_t combinations = 1;
    for (const ColumnInfo& column : table->columns) {
      if (column.primary_key_position == 0) continue;
      bool foreign = false;
      for (const ForeignKey& key : keys) {
        for (const std::string& c : key.columns) {
          if (absl::EqualsIgnoreCase(c, column.name)) foreign = true;
        }
      }
      if (!foreign) pk_all_foreign = false;
    }
    if (!pk_all_foreign) continue;
    for (const ForeignKey& key : keys) {
      const TableInfo* parent = schema.FindTable(key.parent);
      if (parent != nullptr && plan.count(parent->name) > 0) {
        combinations *= plan[parent->name];
      }
    }
    count = std::min(count, combinations);
  }
  return plan;
}

absl::StatusOr<GeneratedData> GenerateRows(
    StagingDatabase& db, const SchemaSnapshot& schema,
    const std::map<std::string, int64_t>& rows) {
  const auto start = std::chrono::steady_clock::now();
  const bool pg = db.dialect() == SqlDialect::kPostgres;
  std::map<std::string, GeneratedTable> plan;
  GeneratedData data;
  for (const std::string& name : ParentsFirst(schema, rows)) {
    const TableInfo* table = schema.FindTable(name);
    if (table == nullptr) {
      return absl::NotFoundError(absl::StrCat("no table ", name, " to fill"));
    }
    // Start after existing rows (e.g. rows a migration inserted).
    std::string pk;
    int pk_columns = 0;
    for (const ColumnInfo& column : table->columns) {
      if (column.primary_key_position > 0) {
        ++pk_columns;
        if (Classify(column.type) == TypeClass::kInteger) pk = column.name;
      }
    }
    const std::string offset_sql =
        pk_columns == 1 && !pk.empty()
            ? absl::StrCat("SELECT COALESCE(MAX(", QuoteIdentifier(pk), "), 0) FROM ",
                           QuoteIdentifier(table->name))
            : absl::StrCat("SELECT COUNT(*) FROM ", QuoteIdentifier(table->name));
    absl::StatusOr<std::vector<SqlRow>> offset_rows = db.Query(offset_sql);
    if (!offset_rows.ok()) return offset_rows.status();
    int64_t offset = 0;
    if (!offset_rows->empty() && !offset_rows->front().empty() &&
        offset_rows->front()[0].has_value()) {
      (void)absl::SimpleAtoi(*offset_rows->front()[0], &offset);
    }
    GeneratedTable generated;
    generated.table = table->name;
    generated.rows = rows.at(name);
    generated.first_index = offset + 1;
    plan[absl::AsciiStrToLower(table->name)] = generated;
    data.tables.push_back(generated);
  }

  Generator generator(db.dialect(), schema, plan);
  std::vector<std::string> statements;
  for (const GeneratedTable& generated : data.tables) {
    if (generated.rows <= 0) continue;
    const TableInfo* table = schema.FindTable(generated.table);
    absl::StatusOr<std::vector<std::pair<std::string, std::string>>> columns =
        Columns(generator, *table, "i");
    if (!columns.ok()) return columns.status();
    std::vector<std::string> names, values;
    for (const auto& [name, value] : *columns) {
      names.push_back(QuoteIdentifier(name));
      values.push_back(value);
    }
    const int64_t first = generated.first_index;
    const int64_t last = generated.first_index + generated.rows - 1;
    const std::string insert = absl::StrCat(
        "INSERT INTO ", QuoteIdentifier(table->name), " (",
        absl::StrJoin(names, ", "), ") SELECT ", absl::StrJoin(values, ", "));
    const std::string statement =
        pg ? absl::StrCat(insert, " FROM generate_series(", first, ", ", last,
                          ") AS g(i)")
           : absl::StrCat("WITH RECURSIVE g(i) AS (SELECT ", first,
                          " UNION ALL SELECT i + 1 FROM g WHERE i < ", last,
                          ") ", insert, " FROM g");
    if (pg) {
      absl::Status status = db.Exec(statement);
      if (!status.ok()) {
        return absl::FailedPreconditionError(absl::StrCat(
            "cannot generate ", generated.rows, " rows for ", table->name,
            " on ", DialectName(db.dialect()), ": ", status.message()));
      }
    } else {
      statements.push_back(statement);
    }
  }
  if (!pg && !statements.empty()) {
    absl::Status status = db.Exec("BEGIN;");
    for (size_t k = 0; status.ok() && k < statements.size(); ++k) {
      status = db.Exec(absl::StrCat(statements[k], ";"));
    }
    if (status.ok()) status = db.Exec("COMMIT;");
    if (!status.ok()) {
      (void)db.Exec("ROLLBACK;");
      return absl::FailedPreconditionError(absl::StrCat(
          "cannot generate rows on SQLite: ", status.message()));
    }
  }
  absl::Status analyzed = db.Analyze();
  if (!analyzed.ok()) return analyzed;
  data.seconds = std::chrono::duration<double>(
                     std::chrono::steady_clock::now() - start)
                     .count();
  return data;
}

absl::StatusOr<std::string> GeneratedLiteral(StagingDatabase& db,
                                             const SchemaSnapshot& schema,
                                             const GeneratedData& data,
                                             absl::string_view table_name,
                                             absl::string_view column_name,
                                             int64_t n) {
  const GeneratedTable* generated = data.Find(table_name);
  const TableInfo* table = schema.FindTable(table_name);
  if (generated == nullptr || table == nullptr) {
    return absl::NotFoundError(absl::StrCat("no generated rows in ", table_name));
  }
  const ColumnInfo* column = table->FindColumn(column_name);
  if (column == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("table ", table->name, " has no column ", column_name));
  }
  std::map<std::string, GeneratedTable> plan;
  for (const GeneratedTable& t : data.tables) {
    plan[absl::AsciiStrToLower(t.table)] = t;
  }
  Generator generator(db.dialect(), schema, plan);
  absl::StatusOr<std::optional<std::string>> expression = generator.Expression(
      *table, *column, absl::StrCat(generated->first_index + n - 1));
  if (!expression.ok()) return expression.status();
  if (!expression->has_value()) return std::string("NULL");
  absl::StatusOr<std::vector<SqlRow>> rows =
      db.Query(absl::StrCat("SELECT ", **expression));
  if (!rows.ok()) return rows.status();
  if (rows->empty() || rows->front().empty() || !rows->front()[0].has_value()) {
    return std::string("NULL");
  }
  const std::string& value = *rows->front()[0];
  const TypeClass type = Classify(column->type);
  if (type == TypeClass::kInteger || type == TypeClass::kDecimal) return value;
  if (type == TypeClass::kBoolean && db.dialect() == SqlDialect::kPostgres) {
    return std::string(value == "t" ? "TRUE" : "FALSE");
  }
  return Quote(value);
}

}  // namespace baton::agents::data
