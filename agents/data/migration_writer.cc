#include "agents/data/migration_writer.h"

#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace baton::agents::data {
namespace {

// `name` as written in SQL: double-quoted when it is a word PostgreSQL
// reserves (reserved, or reserved except as a function or type name: these
// cannot name a column or table bare) or is not a plain identifier.
std::string Sql(absl::string_view name) {
  static const std::set<std::string>* const kReserved = new std::set<std::string>{
      "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric",
      "authorization", "binary", "both", "case", "cast", "check", "collate", "collation",
      "column", "concurrently", "constraint", "create", "cross", "current_catalog",
      "current_date", "current_role", "current_schema", "current_time", "current_timestamp",
      "current_user", "default", "deferrable", "desc", "distinct", "do", "else", "end",
      "except", "false", "fetch", "for", "foreign", "freeze", "from", "full", "grant",
      "group", "having", "ilike", "in", "index", "initially", "inner", "intersect", "into",
      "is", "isnull", "join", "key", "lateral", "leading", "left", "like", "limit",
      "localtime", "localtimestamp", "natural", "not", "notnull", "null", "offset", "on",
      "only", "or", "order", "outer", "overlaps", "placing", "primary", "references",
      "returning", "right", "select", "session_user", "similar", "some", "symmetric",
      "table", "tablesample", "then", "to", "trailing", "true", "union", "unique", "user",
      "using", "values", "variadic", "verbose", "when", "where", "window", "with"};
  bool plain = !name.empty() && !absl::ascii_isdigit(name.front()) && name.front() != '$';
  for (char c : name) plain = plain && (absl::ascii_isalnum(c) || c == '_' || c == '$');
  if (!plain || kReserved->count(absl::AsciiStrToLower(name)) > 0) {
    return QuoteIdentifier(name);
  }
  return std::string(name);
}

std::string Describe(const ColumnInfo& column) {
  std::string text = column.type.empty() ? "untyped" : column.type;
  if (column.not_null) absl::StrAppend(&text, " NOT NULL");
  return text;
}

std::string Lower(absl::string_view text) {
  return absl::AsciiStrToLower(text);
}

absl::StatusOr<GeneratedMigration> AddColumn(const MigrationRequest& request,
                                             const TableInfo& table,
                                             SqlDialect dialect) {
  const bool pg = dialect == SqlDialect::kPostgres;
  if (const ColumnInfo* existing = table.FindColumn(request.column)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "column ", table.name, ".", existing->name, " already exists (",
        Describe(*existing), "); nothing to add"));
  }
  GeneratedMigration generated;
  generated.table = table.name;
  generated.change =
      absl::StrCat("ADD COLUMN ", request.column, " ", request.type, " NULL");
  generated.migration.name =
      Lower(absl::StrCat("add_", request.column, "_to_", table.name));
  generated.migration.header = {
      absl::StrCat("Request: ", request.text),
      absl::StrCat(
          "Zero-downtime phase 1 (data card): add ", table.name, ".",
          request.column, " as a NULLable ", request.type,
          request.type_inferred ? " (type inferred from the name)" : "", "."),
      "Next phases: deploy code writing both, backfill, read from the new "
      "column, then make it NOT NULL if required.",
  };
  generated.migration.sql.up = absl::StrCat(
      "ALTER TABLE ", Sql(table.name), " ADD COLUMN ",
      pg ? "IF NOT EXISTS " : "", Sql(request.column), " ", request.type,
      " NULL;");
  generated.migration.sql.down =
      absl::StrCat("ALTER TABLE ", Sql(table.name), " DROP COLUMN ",
                   pg ? "IF EXISTS " : "", Sql(request.column), ";");
  return generated;
}

absl::StatusOr<GeneratedMigration> AddIndex(const MigrationRequest& request,
                                            const TableInfo& table,
                                            SqlDialect dialect) {
  const bool pg = dialect == SqlDialect::kPostgres;
  const ColumnInfo* column = table.FindColumn(request.column);
  if (column == nullptr) {
    return absl::FailedPreconditionError(absl::StrCat(
        "table ", table.name, " has no column ", request.column, " to index"));
  }
  for (const IndexInfo& index : table.indexes) {
    if (index.columns.size() == 1 &&
        absl::EqualsIgnoreCase(index.columns[0], column->name) &&
        (index.unique || !request.unique) && !index.partial) {
      return absl::FailedPreconditionError(
          absl::StrCat(table.name, ".", column->name, " is already indexed by ",
                       index.name));
    }
  }
  const std::string index_name = Lower(absl::StrCat(
      request.unique ? "uq_" : "idx_", table.name, "_", column->name));
  GeneratedMigration generated;
  generated.table = table.name;
  generated.change =
      absl::StrCat("CREATE ", request.unique ? "UNIQUE " : "", "INDEX ",
                   index_name, " ON ", table.name, " (", column->name, ")");
  generated.migration.name =
      Lower(absl::StrCat("add_", request.unique ? "unique_" : "", "index_on_",
                         table.name, "_", column->name));
  generated.migration.header = {
      absl::StrCat("Request: ", request.text),
      pg ? "CONCURRENTLY builds the index without blocking writes; it must "
           "run outside a transaction (data card, Scenario 1)."
         : "On a large PostgreSQL table, apply with CREATE INDEX CONCURRENTLY "
           "outside a transaction (data card, Scenario 1).",
  };
  generated.migration.outside_transaction = pg;
  generated.migration.sql.up = absl::StrCat(
      "CREATE ", request.unique ? "UNIQUE " : "", "INDEX ",
      pg ? "CONCURRENTLY " : "", "IF NOT EXISTS ", index_name, " ON ",
      Sql(table.name), " (", Sql(column->name), ");");
  generated.migration.sql.down =
      absl::StrCat("DROP INDEX ", pg ? "CONCURRENTLY " : "", "IF EXISTS ",
                   index_name, ";");
  return generated;
}

absl::StatusOr<GeneratedMigration> DropColumn(const MigrationRequest& request,
                                              const TableInfo& table,
                                              SqlDialect dialect) {
  const bool pg = dialect == SqlDialect::kPostgres;
  const ColumnInfo* column = table.FindColumn(request.column);
  if (column == nullptr) {
    std::vector<std::string> names;
    for (const ColumnInfo& c : table.columns) names.push_back(c.name);
    return absl::FailedPreconditionError(
        absl::StrCat("table ", table.name, " has no column ", request.column,
                     " (its columns: ", absl::StrJoin(names, ", "), ")"));
  }
  if (column->primary_key_position > 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        table.name, ".", column->name, " is part of the primary key"));
  }
  for (const IndexInfo& index : table.indexes) {
    for (const std::string& indexed : index.columns) {
      if (absl::EqualsIgnoreCase(indexed, column->name)) {
        return absl::FailedPreconditionError(absl::StrCat(
            table.name, ".", column->name, " is indexed by ", index.name,
            "; drop the index in an earlier migration first"));
      }
    }
  }
  const std::string type = column->type.empty() ? "TEXT" : column->type;
  GeneratedMigration generated;
  generated.table = table.name;
  generated.change = absl::StrCat("DROP COLUMN ", column->name);
  generated.migration.name =
      Lower(absl::StrCat("drop_", column->name, "_from_", table.name));
  generated.migration.header = {
      absl::StrCat("Request: ", request.text),
      "Zero-downtime phase 5 (data card): remove the old column only after "
      "verifying nothing reads it.",
      "The down migration restores the column (NULLable) but not its data.",
  };
  generated.migration.sql.up =
      absl::StrCat("ALTER TABLE ", Sql(table.name), " DROP COLUMN ",
                   pg ? "IF EXISTS " : "", Sql(column->name), ";");
  generated.migration.sql.down = absl::StrCat(
      "ALTER TABLE ", Sql(table.name), " ADD COLUMN ",
      pg ? "IF NOT EXISTS " : "", Sql(column->name), " ", type, " NULL;");
  return generated;
}

}  // namespace

absl::StatusOr<GeneratedMigration> GenerateMigration(
    const MigrationRequest& request, const SchemaSnapshot& current,
    SqlDialect dialect) {
  const TableInfo* table = current.FindTable(request.table);
  if (table == nullptr) {
    std::vector<std::string> names = current.TableNames();
    return absl::FailedPreconditionError(absl::StrCat(
        "table \"", request.table, "\" does not exist; the migrations define ",
        names.empty()
            ? "no tables"
            : absl::StrCat("these tables: ", absl::StrJoin(names, ", "))));
  }
  switch (request.kind) {
    case MigrationRequest::Kind::kAddColumn:
      return AddColumn(request, *table, dialect);
    case MigrationRequest::Kind::kAddIndex:
      return AddIndex(request, *table, dialect);
    case MigrationRequest::Kind::kDropColumn:
      return DropColumn(request, *table, dialect);
  }
  return absl::InternalError("unknown migration request kind");
}

}  // namespace baton::agents::data
