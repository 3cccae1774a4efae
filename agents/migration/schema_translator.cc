#include "agents/migration/schema_translator.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace baton::agents::migration {
namespace {

constexpr char kAgentless[] = "";

// PostgreSQL's reserved key words (and a few that are unsafe bare).
const std::set<std::string>& Reserved() {
  static const auto* words = new std::set<std::string>{
      "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric",
      "authorization", "both", "case", "cast", "check", "collate", "column", "constraint",
      "create", "current_date", "current_role", "current_time", "current_timestamp",
      "current_user", "default", "deferrable", "desc", "distinct", "do", "else", "end",
      "except", "false", "fetch", "for", "foreign", "from", "grant", "group", "having", "in",
      "initially", "intersect", "into", "lateral", "leading", "limit", "localtime",
      "localtimestamp", "not", "null", "offset", "on", "only", "or", "order", "placing",
      "primary", "references", "returning", "select", "session_user", "some", "symmetric",
      "table", "then", "to", "trailing", "true", "union", "unique", "user", "using",
      "variadic", "when", "where", "window", "with"};
  return *words;
}

handoff::Finding MakeFinding(handoff::Finding::Severity severity, const std::string& rule,
                             const std::string& location, const std::string& message,
                             const std::string& fix) {
  handoff::Finding finding;
  finding.set_severity(severity);
  finding.set_rule(rule);
  finding.set_location(location);
  finding.set_message(message);
  finding.set_fix(fix);
  finding.set_agent(kAgentless);
  return finding;
}

std::string Lower(absl::string_view text) { return absl::AsciiStrToLower(text); }

// The quoted values of "enum('a','b')" / "set('x','y')".
std::vector<std::string> QuotedValues(const std::string& column_type) {
  std::vector<std::string> values;
  size_t i = column_type.find('(');
  if (i == std::string::npos) return values;
  while (i < column_type.size()) {
    size_t open = column_type.find('\'', i);
    if (open == std::string::npos) break;
    std::string value;
    size_t j = open + 1;
    for (; j < column_type.size(); ++j) {
      if (column_type[j] == '\'' && j + 1 < column_type.size() && column_type[j + 1] == '\'') {
        value += '\'';
        ++j;
      } else if (column_type[j] == '\\' && j + 1 < column_type.size()) {
        value += column_type[++j];
      } else if (column_type[j] == '\'') {
        break;
      } else {
        value += column_type[j];
      }
    }
    values.push_back(value);
    i = j + 1;
  }
  return values;
}

bool IsUnsigned(const SourceColumn& column) {
  return absl::StrContains(Lower(column.column_type), "unsigned");
}

bool IsTextual(const SourceColumn& column) {
  static const std::set<std::string> kTypes = {"char", "varchar", "tinytext", "text",
                                               "mediumtext", "longtext", "enum", "set"};
  return kTypes.contains(column.data_type);
}

bool IsTemporal(const SourceColumn& column) {
  return column.data_type == "date" || column.data_type == "datetime" ||
         column.data_type == "timestamp" || column.data_type == "time";
}

// A MySQL default as information_schema reports it, unquoted: nullopt for
// none/NULL, else (literal text, whether it was quoted).
std::optional<std::pair<std::string, bool>> DefaultLiteral(const SourceColumn& column) {
  if (!column.default_value.has_value()) return std::nullopt;
  const std::string& raw = *column.default_value;
  if (raw == "NULL") return std::nullopt;
  if (raw.size() >= 2 && raw.front() == '\'' && raw.back() == '\'') {
    std::string value;
    for (size_t i = 1; i + 1 < raw.size(); ++i) {
      if (raw[i] == '\'' && raw[i + 1] == '\'') ++i;
      value += raw[i];
    }
    return std::make_pair(value, true);
  }
  return std::make_pair(raw, false);
}

std::string Range(const std::string& column, const std::string& low) {
  return absl::StrCat(PgIdentifier(column), " >= ", low);
}

// Truncates to PostgreSQL's 63-byte identifier limit.
std::string ShortName(std::string name) {
  if (name.size() > 63) name.resize(63);
  return name;
}

struct TypeChoice {
  std::string type;
  ValueKind kind = ValueKind::kText;
  std::string check;
};

// The PostgreSQL type of `column`, recording decisions in `findings`.
TypeChoice ChooseType(const std::string& table, const SourceColumn& column,
                      std::vector<handoff::Finding>* findings) {
  const std::string where = absl::StrCat(table, ".", column.name);
  const std::string type = Lower(column.column_type);
  const bool is_unsigned = IsUnsigned(column);
  TypeChoice choice;
  auto unsigned_check = [&]() {
    if (is_unsigned) choice.check = Range(column.name, "0");
  };
  const std::string& t = column.data_type;
  if (t == "tinyint" && absl::StartsWith(type, "tinyint(1)") && !is_unsigned) {
    choice.type = "boolean";
    choice.kind = ValueKind::kBoolean;
    findings->push_back(MakeFinding(
        handoff::Finding::INFO, "mysql-tinyint-boolean", where,
        absl::StrCat(where, " is TINYINT(1) (MySQL's BOOL): it becomes boolean; any non-zero "
                            "value reads as true"),
        "Check that the application stores only 0 and 1 in it; else map it to smallint."));
    return choice;
  }
  choice.kind = ValueKind::kInteger;
  if (t == "tinyint") {
    choice.type = "smallint";
  } else if (t == "smallint") {
    choice.type = is_unsigned ? "integer" : "smallint";
  } else if (t == "mediumint") {
    choice.type = "integer";
  } else if (t == "int" || t == "integer") {
    choice.type = is_unsigned ? "bigint" : "integer";
  } else if (t == "bigint") {
    choice.type = is_unsigned && !column.auto_increment ? "numeric(20,0)" : "bigint";
  } else if (t == "year") {
    choice.type = "smallint";
  } else if (t == "decimal" || t == "numeric") {
    choice.type = absl::StrCat("numeric(", column.precision, ",", std::max(column.scale, 0), ")");
    choice.kind = ValueKind::kNumeric;
  } else if (t == "float") {
    choice.type = "real";
    choice.kind = ValueKind::kFloat;
  } else if (t == "double" || t == "real") {
    choice.type = "double precision";
    choice.kind = ValueKind::kDouble;
  } else if (t == "char" || t == "varchar") {
    choice.type = absl::StrCat("varchar(", column.max_length, ")");
    choice.kind = ValueKind::kText;
  } else if (t == "tinytext" || t == "text" || t == "mediumtext" || t == "longtext") {
    choice.type = "text";
    choice.kind = ValueKind::kText;
  } else if (t == "json") {
    choice.type = "json";
    choice.kind = ValueKind::kText;
  } else if (t == "enum") {
    choice.type = "text";
    choice.kind = ValueKind::kText;
    std::vector<std::string> literals;
    for (const std::string& value : QuotedValues(column.column_type)) {
      literals.push_back(PgLiteral(value));
    }
    choice.check =
        absl::StrCat(PgIdentifier(column.name), " IN (", absl::StrJoin(literals, ", "), ")");
    return choice;
  } else if (t == "set") {
    choice.type = "text";
    choice.kind = ValueKind::kText;
    findings->push_back(MakeFinding(
        handoff::Finding::WARNING, "mysql-set", where,
        absl::StrCat(where, " is a SET: it becomes text holding the comma-separated members"),
        "Consider text[] or a join table once the application reads it from PostgreSQL."));
    return choice;
  } else if (t == "date") {
    choice.type = "date";
    choice.kind = ValueKind::kDate;
  } else if (t == "datetime") {
    choice.type = column.scale > 0 ? absl::StrCat("timestamp(", column.scale, ")") : "timestamp";
    choice.kind = ValueKind::kTimestamp;
  } else if (t == "timestamp") {
    choice.type =
        column.scale > 0 ? absl::StrCat("timestamptz(", column.scale, ")") : "timestamptz";
    choice.kind = ValueKind::kTimestampTz;
  } else if (t == "time") {
    choice.type = column.scale > 0 ? absl::StrCat("time(", column.scale, ")") : "time";
    choice.kind = ValueKind::kTime;
  } else if (t == "binary" || t == "varbinary" || t == "tinyblob" || t == "blob" ||
             t == "mediumblob" || t == "longblob") {
    choice.type = "bytea";
    choice.kind = ValueKind::kBytes;
  } else {
    findings->push_back(MakeFinding(
        handoff::Finding::ERROR, "mysql-unsupported-type", where,
        absl::StrCat(where, " has type ", column.column_type,
                     ", which this migration cannot carry to PostgreSQL"),
        "Convert the column in MySQL first (e.g. BIT to TINYINT, spatial types to WKT text), "
        "or exclude the table and migrate it by hand."));
    choice.type = "text";
    choice.kind = ValueKind::kText;
    return choice;
  }
  if (is_unsigned) unsigned_check();
  if (is_unsigned && !(t == "bigint" && column.auto_increment)) {
    findings->push_back(MakeFinding(
        handoff::Finding::INFO, "mysql-unsigned", where,
        absl::StrCat(where, " is ", column.column_type, ": it becomes ", choice.type,
                     " with CHECK (", choice.check, ")"),
        "Nothing to do unless the application relies on wrap-around."));
  }
  if (t == "bigint" && is_unsigned && column.auto_increment) {
    findings->push_back(MakeFinding(
        handoff::Finding::WARNING, "mysql-unsigned", where,
        absl::StrCat(where, " is BIGINT UNSIGNED AUTO_INCREMENT: it becomes a bigint identity, "
                            "so values above 9223372036854775807 cannot be copied"),
        "Check max(id) is below 2^63 (the copy fails on any larger value)."));
  }
  return choice;
}

std::string DefaultSql(const std::string& table, const SourceColumn& column,
                       const TypeChoice& choice, std::vector<handoff::Finding>* findings) {
  if (column.auto_increment) return "";
  std::optional<std::pair<std::string, bool>> literal = DefaultLiteral(column);
  if (!literal.has_value()) return "";
  const std::string& value = literal->first;
  const std::string lower = Lower(value);
  const std::string where = absl::StrCat(table, ".", column.name);
  if (absl::StartsWith(lower, "current_timestamp") || lower == "now()") {
    return "CURRENT_TIMESTAMP";
  }
  if (IsTemporal(column) && IsZeroDate(value)) {
    findings->push_back(MakeFinding(
        handoff::Finding::WARNING, "mysql-zero-date", where,
        absl::StrCat(where, " defaults to the zero date '", value,
                     "', which PostgreSQL cannot store: the column gets no default"),
        "Give new rows a real date (or NULL) in the application."));
    return "";
  }
  switch (choice.kind) {
    case ValueKind::kBoolean:
      return value == "0" ? "false" : "true";
    case ValueKind::kInteger:
    case ValueKind::kNumeric:
    case ValueKind::kFloat:
    case ValueKind::kDouble: {
      double number = 0;
      if (absl::SimpleAtod(value, &number)) return value;
      break;
    }
    case ValueKind::kBytes:
      break;
    default:
      // MariaDB quotes literals; MySQL 8 does not, but then a textual or
      // temporal column's default is a literal too.
      if (literal->second || IsTextual(column) || IsTemporal(column)) return PgLiteral(value);
      break;
  }
  findings->push_back(MakeFinding(
      handoff::Finding::WARNING, "mysql-default", where,
      absl::StrCat(where, " has the default expression ", value,
                   ", which is not carried over"),
      "Write the PostgreSQL equivalent by hand in a follow-up migration."));
  return "";
}

// Tables ordered parents first; tables in a cycle keep their name order.
std::vector<const SourceTable*> DependencyOrder(const SourceSchema& schema) {
  std::map<std::string, const SourceTable*> by_name;
  for (const SourceTable& table : schema.tables) by_name[table.name] = &table;
  std::vector<const SourceTable*> order;
  std::set<std::string> placed, visiting;
  std::function<void(const SourceTable*)> visit = [&](const SourceTable* table) {
    if (placed.contains(table->name) || visiting.contains(table->name)) return;
    visiting.insert(table->name);
    for (const SourceForeignKey& key : table->foreign_keys) {
      auto parent = by_name.find(key.referenced_table);
      if (parent != by_name.end() && parent->second != table) visit(parent->second);
    }
    visiting.erase(table->name);
    placed.insert(table->name);
    order.push_back(table);
  };
  for (const SourceTable& table : schema.tables) visit(&table);
  return order;
}

std::string Columns(const std::vector<std::string>& columns) {
  std::vector<std::string> quoted;
  for (const std::string& column : columns) quoted.push_back(PgIdentifier(column));
  return absl::StrJoin(quoted, ", ");
}

std::string Action(const std::string& rule) {
  const std::string upper = absl::AsciiStrToUpper(rule);
  if (upper == "CASCADE" || upper == "SET NULL" || upper == "SET DEFAULT" ||
      upper == "RESTRICT") {
    return upper;
  }
  return "NO ACTION";
}

void TranslateTable(const SourceTable& source, Translation* out, std::string* foreign_keys) {
  std::vector<handoff::Finding>& findings = out->findings;
  TargetTable table;
  table.name = source.name;
  table.source_rows = source.rows;
  const std::string t = PgIdentifier(source.name);
  std::vector<std::string> lines;
  std::vector<std::string> checks;
  for (const SourceColumn& column : source.columns) {
    TypeChoice choice = ChooseType(source.name, column, &findings);
    TargetColumn target;
    target.name = column.name;
    target.type = choice.type;
    target.kind = choice.kind;
    target.nullable = column.nullable;
    target.identity = column.auto_increment;
    target.check = choice.check;
    target.default_sql = DefaultSql(source.name, column, choice, &findings);
    const std::string where = absl::StrCat(source.name, ".", column.name);
    if (auto zeros = source.zero_dates.find(column.name); zeros != source.zero_dates.end()) {
      target.nullable = true;
      findings.push_back(MakeFinding(
          handoff::Finding::WARNING, "mysql-zero-date", where,
          absl::StrCat(where, " holds ", zeros->second, " zero date",
                       zeros->second == 1 ? "" : "s",
                       " ('0000-00-00'), which PostgreSQL cannot store: they become NULL",
                       column.nullable ? "" : " and the column becomes nullable"),
          "Decide what those rows mean (unknown date? placeholder?) and backfill real values "
          "or keep NULL; the application must stop writing zero dates before cut-over."));
    }
    if (column.data_type == "enum") {
      findings.push_back(MakeFinding(
          handoff::Finding::INFO, "mysql-enum", where,
          absl::StrCat(where, " is an ENUM: it becomes text with CHECK (", choice.check,
                       "); MySQL sorted it by position, PostgreSQL sorts by text"),
          "Check ORDER BY on this column in the application."));
    }
    if (IsTextual(column) && !column.charset.empty() && column.charset != "utf8mb4") {
      findings.push_back(MakeFinding(
          handoff::Finding::INFO, "mysql-charset", where,
          absl::StrCat(where, " is stored as ", column.charset,
                       " in MySQL: it is read as UTF-8 and stored as UTF-8 in PostgreSQL"),
          "Nothing to do; clients must send UTF-8 to PostgreSQL."));
    }
    if (!column.extra.empty() && absl::StrContains(column.extra, "on update")) {
      findings.push_back(MakeFinding(
          handoff::Finding::WARNING, "mysql-on-update", where,
          absl::StrCat(where, " has ON UPDATE CURRENT_TIMESTAMP, which PostgreSQL has not"),
          "Add a BEFORE UPDATE trigger setting it, or set it in the application."));
    }
    std::string line = absl::StrCat("  ", PgIdentifier(column.name), " ", target.type);
    if (target.identity) absl::StrAppend(&line, " GENERATED BY DEFAULT AS IDENTITY");
    if (!target.nullable) absl::StrAppend(&line, " NOT NULL");
    if (!target.default_sql.empty()) absl::StrAppend(&line, " DEFAULT ", target.default_sql);
    lines.push_back(line);
    if (!target.check.empty()) {
      checks.push_back(absl::StrCat("  CONSTRAINT ",
                                    PgIdentifier(ShortName(absl::StrCat(source.name, "_",
                                                                        column.name, "_check"))),
                                    " CHECK (", target.check, ")"));
    }
    table.columns.push_back(std::move(target));
  }
  if (const SourceIndex* primary = source.PrimaryKey(); primary != nullptr) {
    lines.push_back(absl::StrCat("  PRIMARY KEY (", Columns(primary->columns), ")"));
    table.key = primary->columns;
  } else {
    for (const SourceIndex& index : source.indexes) {
      bool usable = index.unique;
      for (const std::string& column : index.columns) {
        const SourceColumn* c = source.FindColumn(column);
        usable = usable && c != nullptr && !c->nullable;
      }
      if (usable) {
        table.key = index.columns;
        break;
      }
    }
    findings.push_back(MakeFinding(
        handoff::Finding::WARNING, "missing-primary-key", source.name,
        absl::StrCat(source.name, " has no primary key",
                     table.key.empty()
                         ? ": it is copied in one pass and its rows are matched by content"
                         : absl::StrCat(": rows are paged and matched by the unique key (",
                                        absl::StrJoin(table.key, ", "), ")")),
        "Add a primary key (the card's Schema Design Standards: primary keys on all tables)."));
  }
  if (table.key.size() == 1) {
    const TargetColumn* key = table.FindColumn(table.key[0]);
    table.integer_key = key != nullptr && key->kind == ValueKind::kInteger &&
                        key->type != "numeric(20,0)";
  }
  lines.insert(lines.end(), checks.begin(), checks.end());
  absl::StrAppend(&out->schema_up, "-- ", source.name, ": ", source.rows, " rows in MySQL",
                  source.collation.empty() ? "" : absl::StrCat(", collation ", source.collation),
                  "\nCREATE TABLE IF NOT EXISTS ", t, " (\n", absl::StrJoin(lines, ",\n"),
                  "\n);\n\n");

  // After the data: identity restarts, indexes, foreign keys.
  for (const TargetColumn& column : table.columns) {
    if (!column.identity) continue;
    const std::string c = PgIdentifier(column.name);
    absl::StrAppend(&out->constraints_up, "-- ", source.name, ".", column.name,
                    ": new rows continue after max(", column.name, ")",
                    source.auto_increment > 0
                        ? absl::StrCat(" and MySQL's AUTO_INCREMENT counter (",
                                       source.auto_increment, ")")
                        : "",
                    "\nSELECT setval(pg_get_serial_sequence(", PgLiteral(t), ", ",
                    PgLiteral(column.name), "), GREATEST((SELECT COALESCE(max(", c,
                    "), 0) FROM ", t, ") + 1, ", std::max<int64_t>(source.auto_increment, 1),
                    "), false);\n");
  }
  for (const SourceIndex& index : source.indexes) {
    if (index.name == "PRIMARY") continue;
    const std::string where = absl::StrCat(source.name, ".", index.name);
    if (index.type == "FULLTEXT" || index.type == "SPATIAL") {
      findings.push_back(MakeFinding(
          handoff::Finding::WARNING, absl::StrCat("mysql-", Lower(index.type)), where,
          absl::StrCat(index.type, " index ", where, " on (", absl::StrJoin(index.columns, ", "),
                       ") has no direct PostgreSQL equivalent and is not created"),
          index.type == "FULLTEXT"
              ? "Create a GIN index on to_tsvector(...) and rewrite MATCH ... AGAINST queries."
              : "Use PostGIS and a GiST index."));
      continue;
    }
    bool prefix = false;
    for (int length : index.prefix_lengths) prefix = prefix || length > 0;
    if (prefix) {
      findings.push_back(MakeFinding(
          handoff::Finding::INFO, "mysql-prefix-index", where,
          absl::StrCat("prefix index ", where, " becomes an index on the whole column",
                       index.unique ? " (uniqueness now applies to the whole value)" : ""),
          "Nothing to do unless the values are very long; then index left(col, n)."));
    }
    if (index.unique) {
      for (const std::string& column : index.columns) {
        const SourceColumn* c = source.FindColumn(column);
        if (c != nullptr && absl::EndsWith(c->collation, "_ci")) {
          findings.push_back(MakeFinding(
              handoff::Finding::WARNING, "mysql-collation",
              absl::StrCat(source.name, ".", column),
              absl::StrCat("unique key ", where, " is on ", source.name, ".", column,
                           ", whose collation ", c->collation,
                           " ignores case: PostgreSQL compares case-sensitively, so "
                           "'A@x.com' and 'a@x.com' would both be accepted and "
                           "lookups by = become case-sensitive"),
              absl::StrCat("Index lower(", column,
                           ") as unique (and query with lower()), or use citext.")));
        }
      }
    }
    const std::string name = PgIdentifier(ShortName(absl::StrCat(source.name, "_", index.name)));
    absl::StrAppend(&out->constraints_up, "CREATE ", index.unique ? "UNIQUE " : "",
                    "INDEX IF NOT EXISTS ", name, " ON ", t, " (", Columns(index.columns),
                    ");\n");
    absl::StrAppend(&out->constraints_down, "DROP INDEX IF EXISTS ", name, ";\n");
  }
  for (const SourceForeignKey& key : source.foreign_keys) {
    const std::string name = PgIdentifier(ShortName(key.name));
    absl::StrAppend(foreign_keys, "ALTER TABLE ", t, " DROP CONSTRAINT IF EXISTS ", name,
                    ", ADD CONSTRAINT ", name, " FOREIGN KEY (", Columns(key.columns),
                    ") REFERENCES ", PgIdentifier(key.referenced_table), " (",
                    Columns(key.referenced_columns), ") ON DELETE ", Action(key.on_delete),
                    " ON UPDATE ", Action(key.on_update), ";\n");
    absl::StrAppend(&out->constraints_down, "ALTER TABLE IF EXISTS ", t,
                    " DROP CONSTRAINT IF EXISTS ", name, ";\n");
  }
  out->tables.push_back(std::move(table));
}

}  // namespace

const TargetColumn* TargetTable::FindColumn(const std::string& column) const {
  for (const TargetColumn& c : columns) {
    if (c.name == column) return &c;
  }
  return nullptr;
}

bool Translation::HasErrors() const {
  for (const handoff::Finding& finding : findings) {
    if (finding.severity() >= handoff::Finding::ERROR) return true;
  }
  return false;
}

const TargetTable* Translation::FindTable(const std::string& table) const {
  for (const TargetTable& t : tables) {
    if (t.name == table) return &t;
  }
  return nullptr;
}

std::string PgIdentifier(const std::string& name) {
  bool bare = !name.empty() && !Reserved().contains(name) &&
              (absl::ascii_islower(name[0]) || name[0] == '_');
  for (char c : name) {
    bare = bare && (absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '_');
  }
  if (bare) return name;
  std::string quoted = "\"";
  for (char c : name) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string PgLiteral(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) {
    if (c == '\'') quoted += '\'';
    quoted += c;
  }
  return quoted + "'";
}

Translation TranslateSchema(const SourceSchema& schema) {
  Translation out;
  const std::string header = absl::StrCat("-- Generated by Baton from MySQL database ",
                                          schema.database, " (", schema.server_version,
                                          ").\n");
  out.schema_up = absl::StrCat(header,
                               "-- Tables without foreign keys or secondary indexes: the data "
                               "is copied next,\n-- then 002 adds them.\n\n");
  out.constraints_up = absl::StrCat(header,
                                    "-- Run after the data copy: identity restarts, indexes, "
                                    "unique keys, foreign keys.\n\n");
  out.constraints_down = absl::StrCat(header, "-- Undoes 002 (the data stays).\n\n");
  std::vector<const SourceTable*> order = DependencyOrder(schema);
  std::string foreign_keys;
  for (const SourceTable* table : order) TranslateTable(*table, &out, &foreign_keys);
  if (!foreign_keys.empty()) {
    absl::StrAppend(&out.constraints_up,
                    "\n-- Foreign keys last, once every referenced key exists.\n", foreign_keys);
  }
  std::vector<std::string> drops;
  for (auto it = out.tables.rbegin(); it != out.tables.rend(); ++it) {
    drops.push_back(PgIdentifier(it->name));
  }
  out.schema_down = absl::StrCat(header, "-- Undoes 001: drops the migrated tables and their data.\n",
                                 "DROP TABLE IF EXISTS ", absl::StrJoin(drops, ", "), ";\n");
  for (const std::string& view : schema.views) {
    out.findings.push_back(MakeFinding(
        handoff::Finding::WARNING, "mysql-view", view,
        absl::StrCat("view ", view, " is not migrated"),
        "Rewrite it for PostgreSQL by hand and add it as a migration."));
  }
  return out;
}

}  // namespace baton::agents::migration
