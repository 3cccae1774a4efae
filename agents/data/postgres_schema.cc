#include "agents/data/postgres_schema.h"

#include <algorithm>
#include <cstdlib>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace baton::agents::data {
namespace {

std::string Text(const std::optional<std::string>& value) {
  return value.has_value() ? *value : "";
}

std::string Action(const std::string& code) {
  if (code == "c") return "CASCADE";
  if (code == "r") return "RESTRICT";
  if (code == "n") return "SET NULL";
  if (code == "d") return "SET DEFAULT";
  return "NO ACTION";
}

std::string Normalize(const std::string& sql) {
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
  return normalized;
}

constexpr char kTables[] =
    "SELECT c.oid, c.relname FROM pg_class c "
    "WHERE c.relnamespace = current_schema()::regnamespace "
    "AND c.relkind IN ('r', 'p') ORDER BY c.relname";

absl::StatusOr<TableInfo> ReadTable(PostgresDatabase& db,
                                    const std::string& oid,
                                    const std::string& name) {
  TableInfo table;
  table.name = name;
  absl::StatusOr<std::vector<SqlRow>> columns = db.Query(absl::StrCat(
      "SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
      "pg_get_expr(d.adbin, d.adrelid), "
      "COALESCE(array_position(pk.conkey, a.attnum), 0) "
      "FROM pg_attribute a "
      "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
      "LEFT JOIN pg_constraint pk ON pk.conrelid = a.attrelid AND pk.contype = 'p' "
      "WHERE a.attrelid = ", oid, " AND a.attnum > 0 AND NOT a.attisdropped "
      "ORDER BY a.attnum"));
  if (!columns.ok()) return columns.status();
  for (const SqlRow& row : *columns) {
    ColumnInfo column;
    column.name = Text(row[0]);
    column.type = absl::AsciiStrToUpper(Text(row[1]));
    column.not_null = Text(row[2]) == "t";
    column.default_value = row[3];
    column.primary_key_position = std::atoi(Text(row[4]).c_str());
    table.columns.push_back(std::move(column));
  }

  absl::StatusOr<std::vector<SqlRow>> indexes = db.Query(absl::StrCat(
      "SELECT i.relname, ix.indisunique, ix.indisprimary, "
      "EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = ix.indexrelid "
      "AND con.conrelid = ix.indrelid AND con.contype = 'u'), "
      "ix.indpred IS NOT NULL, "
      "array_to_string(ARRAY(SELECT pg_get_indexdef(ix.indexrelid, k + 1, true) "
      "FROM generate_series(0, ix.indnkeyatts - 1) k ORDER BY k), ',') "
      "FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid "
      "WHERE ix.indrelid = ", oid, " ORDER BY i.relname"));
  if (!indexes.ok()) return indexes.status();
  for (const SqlRow& row : *indexes) {
    IndexInfo index;
    index.name = Text(row[0]);
    index.unique = Text(row[1]) == "t";
    index.origin = Text(row[2]) == "t" ? "pk" : Text(row[3]) == "t" ? "u" : "c";
    index.partial = Text(row[4]) == "t";
    for (absl::string_view column : absl::StrSplit(Text(row[5]), ',')) {
      index.columns.push_back(std::string(column));
    }
    table.indexes.push_back(std::move(index));
  }

  absl::StatusOr<std::vector<SqlRow>> keys = db.Query(absl::StrCat(
      "SELECT (SELECT string_agg(a.attname, ', ' ORDER BY k.i) "
      "FROM unnest(con.conkey) WITH ORDINALITY k(n, i) "
      "JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n), "
      "ref.relname, "
      "(SELECT string_agg(a.attname, ', ' ORDER BY k.i) "
      "FROM unnest(con.confkey) WITH ORDINALITY k(n, i) "
      "JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n), "
      "con.confupdtype, con.confdeltype "
      "FROM pg_constraint con JOIN pg_class ref ON ref.oid = con.confrelid "
      "WHERE con.conrelid = ", oid, " AND con.contype = 'f'"));
  if (!keys.ok()) return keys.status();
  for (const SqlRow& row : *keys) {
    table.foreign_keys.push_back(absl::StrCat(
        "(", Text(row[0]), ") -> ", Text(row[1]), "(", Text(row[2]),
        ") ON UPDATE ", Action(Text(row[3])), " ON DELETE ",
        Action(Text(row[4]))));
  }
  std::sort(table.foreign_keys.begin(), table.foreign_keys.end());
  return table;
}

}  // namespace

absl::StatusOr<SchemaSnapshot> TakePostgresSchemaSnapshot(PostgresDatabase& db) {
  absl::StatusOr<std::vector<SqlRow>> tables = db.Query(kTables);
  if (!tables.ok()) return tables.status();
  SchemaSnapshot snapshot;
  for (const SqlRow& row : *tables) {
    absl::StatusOr<TableInfo> table = ReadTable(db, Text(row[0]), Text(row[1]));
    if (!table.ok()) return table.status();
    snapshot.tables.push_back(*std::move(table));
  }

  // Objects other than tables, each as one comparable line.
  absl::StatusOr<std::vector<SqlRow>> others = db.Query(
      "SELECT 'view ' || viewname || ' on ' || viewname || ': ' || definition "
      "FROM pg_views WHERE schemaname = current_schema() "
      "UNION ALL "
      "SELECT 'trigger ' || t.tgname || ' on ' || c.relname || ': ' || "
      "pg_get_triggerdef(t.oid) FROM pg_trigger t "
      "JOIN pg_class c ON c.oid = t.tgrelid "
      "WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace "
      "UNION ALL "
      "SELECT 'type ' || t.typname || ': enum(' || "
      "string_agg(e.enumlabel, ', ' ORDER BY e.enumsortorder) || ')' "
      "FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid "
      "WHERE t.typnamespace = current_schema()::regnamespace GROUP BY t.typname "
      "UNION ALL "
      "SELECT 'sequence ' || c.relname FROM pg_class c "
      "WHERE c.relkind = 'S' AND c.relnamespace = current_schema()::regnamespace "
      "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid "
      "AND d.deptype IN ('a', 'i')) "
      "UNION ALL "
      "SELECT 'function ' || p.proname || '(' || "
      "pg_get_function_identity_arguments(p.oid) || ')' FROM pg_proc p "
      "WHERE p.pronamespace = current_schema()::regnamespace "
      "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid "
      "AND d.deptype = 'e')");
  if (!others.ok()) return others.status();
  for (const SqlRow& row : *others) {
    snapshot.other_objects.push_back(Normalize(Text(row[0])));
  }
  std::sort(snapshot.other_objects.begin(), snapshot.other_objects.end());
  return snapshot;
}

absl::StatusOr<std::map<std::string, int64_t>> CountPostgresRows(
    PostgresDatabase& db) {
  absl::StatusOr<std::vector<SqlRow>> tables = db.Query(kTables);
  if (!tables.ok()) return tables.status();
  std::map<std::string, int64_t> counts;
  for (const SqlRow& row : *tables) {
    const std::string name = Text(row[1]);
    absl::StatusOr<int64_t> count = db.QueryInt(
        absl::StrCat("SELECT COUNT(*) FROM ", QuoteIdentifier(name)));
    if (!count.ok()) return count.status();
    counts[name] = *count;
  }
  return counts;
}

}  // namespace baton::agents::data
