#include "agents/data/index_migration.h"

#include <memory>
#include <optional>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "agents/data/migration_runner.h"
#include "agents/data/optimization_facts.h"
#include "agents/data/query_shape.h"
#include "agents/data/sql_parser.h"
#include "agents/data/staging.h"

namespace baton::agents::data {
namespace {

std::string Fact(const std::map<std::string, std::string>& facts, const std::string& key) {
  auto it = facts.find(key);
  return it == facts.end() ? "" : it->second;
}

bool UniqueLookup(const QueryShape& shape, const SchemaSnapshot& schema) {
  for (const Predicate& filter : shape.filters) {
    const TableInfo* table = schema.FindTable(filter.column.table);
    if (filter.op != "=" || table == nullptr) continue;
    for (const IndexInfo& index : table->indexes) {
      if (index.unique && index.columns.size() == 1 &&
          absl::EqualsIgnoreCase(index.columns[0], filter.column.column)) {
        return true;
      }
    }
  }
  return false;
}

// The query with `*` replaced by the column list and a LIMIT added, or
// nullopt when it needs neither. `notes` says what changed.
std::optional<std::string> Rewrite(const std::string& sql, const SchemaSnapshot& schema,
                                   std::vector<std::string>* notes) {
  absl::StatusOr<QueryShape> shape = AnalyzeQuery(sql);
  if (!shape.ok() || shape->kind != "SELECT") return std::nullopt;
  if (!ResolveColumns(schema, &*shape).ok()) return std::nullopt;
  std::string text = sql;
  bool changed = false;
  if (shape->select_star && shape->select_star_location >= 0) {
    const size_t at = static_cast<size_t>(shape->select_star_location);
    const size_t star = text.find('*', at);
    if (star != std::string::npos) {
      absl::string_view qualifier;
      if (star > at) {
        qualifier = absl::StripAsciiWhitespace(absl::string_view(text).substr(at, star - at));
      }
      absl::ConsumeSuffix(&qualifier, ".");
      std::vector<std::string> columns;
      for (const FromItem& item : shape->from) {
        if (!qualifier.empty() && !absl::EqualsIgnoreCase(item.alias, qualifier)) continue;
        const TableInfo* table = schema.FindTable(item.table);
        if (table == nullptr) continue;
        const bool qualify = shape->from.size() > 1;
        for (const ColumnInfo& column : table->columns) {
          columns.push_back(qualify ? absl::StrCat(item.alias, ".", column.name) : column.name);
        }
      }
      if (!columns.empty()) {
        text.replace(at, star + 1 - at, absl::StrJoin(columns, ", "));
        notes->push_back("named the columns instead of SELECT * (drop the ones the caller does not use)");
        changed = true;
      }
    }
  }
  if (!shape->has_limit && !shape->aggregate_only && !UniqueLookup(*shape, schema)) {
    absl::StrAppend(&text, "\nLIMIT 100");
    notes->push_back("added LIMIT 100: paginate (ORDER BY an indexed column, then LIMIT/OFFSET or a keyset)");
    changed = true;
  }
  if (!changed) return std::nullopt;
  return text;
}

std::string IndexName(const TableInfo& table, const std::vector<std::string>& columns) {
  std::string name =
      absl::AsciiStrToLower(absl::StrCat("idx_", table.name, "_", absl::StrJoin(columns, "_")));
  if (name.size() > 60) name.resize(60);
  return name;
}

}  // namespace

absl::StatusOr<IndexMigrationResult> WriteIndexMigrations(
    const IndexMigrationOptions& options) {
  absl::StatusOr<std::vector<IndexSuggestion>> indexes =
      DecodeIndexes(Fact(options.facts, kFactIndexes));
  if (!indexes.ok()) return indexes.status();
  const std::string queries = Fact(options.facts, kFactQueries);
  if (indexes->empty() && Fact(options.facts, kFactRewrite).empty()) {
    return absl::FailedPreconditionError(
        "the handoff names no index to add and no query to rewrite (facts query.indexes "
        "and query.rewrite); in the Query Optimization workflow debug-specialist analyzes "
        "the query first");
  }
  absl::StatusOr<MigrationLayout> layout = FindMigrationLayout(options.repo_root);
  if (!layout.ok()) return layout.status();

  StagingTarget target{options.staging_kind, options.staging_url, ""};
  absl::StatusOr<std::unique_ptr<StagingDatabase>> db =
      OpenThrowawayDatabase(target, "index_schema");
  if (!db.ok()) return db.status();
  IndexMigrationResult result;
  result.dialect = (*db)->dialect();
  result.convention = layout->convention;
  absl::Status applied = ApplyMigrations(**db, layout->migrations, Direction::kUp);
  if (!applied.ok()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the existing migrations do not apply on ", DialectName(result.dialect), ": ",
        applied.message()));
  }
  absl::StatusOr<SchemaSnapshot> schema = (*db)->Schema();
  if (!schema.ok()) return schema.status();
  db->reset();

  const bool pg = result.dialect == SqlDialect::kPostgres;
  std::set<std::string> names;
  for (const TableInfo& table : schema->tables) {
    for (const IndexInfo& index : table.indexes) names.insert(absl::AsciiStrToLower(index.name));
  }
  for (const IndexSuggestion& suggestion : *indexes) {
    const TableInfo* table = schema->FindTable(suggestion.table);
    if (table == nullptr) {
      return absl::FailedPreconditionError(absl::StrCat(
          "cannot index ", suggestion.Key(), ": table \"", suggestion.table,
          "\" does not exist; the migrations define these tables: ",
          absl::StrJoin(schema->TableNames(), ", ")));
    }
    std::vector<std::string> columns;
    for (const std::string& name : suggestion.columns) {
      const ColumnInfo* column = table->FindColumn(name);
      if (column == nullptr) {
        return absl::FailedPreconditionError(absl::StrCat(
            "cannot index ", suggestion.Key(), ": table ", table->name,
            " has no column \"", name, "\""));
      }
      columns.push_back(column->name);
    }
    std::string index = IndexName(*table, columns);
    for (int n = 2; names.count(index) > 0; ++n) {
      index = absl::StrCat(IndexName(*table, columns), "_", n);
    }
    names.insert(index);
    const std::string column_list = absl::StrJoin(columns, ", ");
    NewMigration migration;
    migration.name = absl::AsciiStrToLower(
        absl::StrCat("add_index_on_", table->name, "_", absl::StrJoin(columns, "_")));
    migration.header = {
        absl::StrCat("Request: ", options.request_text),
        absl::StrCat("Query Optimization: ", suggestion.reason.empty()
                                                  ? absl::StrCat("index ", suggestion.Key())
                                                  : suggestion.reason,
                     " (baseline ", Fact(options.facts, kFactBaselinePlan), ")."),
        pg ? "CONCURRENTLY builds the index without blocking writes; it must run "
             "outside a transaction (data card, Scenario 1)."
           : "On PostgreSQL, build it with CREATE INDEX CONCURRENTLY outside a "
             "transaction (data card, Scenario 1).",
    };
    migration.outside_transaction = pg;
    migration.sql.up = absl::StrCat("CREATE INDEX ", pg ? "CONCURRENTLY " : "",
                                    "IF NOT EXISTS ", index, " ON ", table->name, " (",
                                    column_list, ");");
    migration.sql.down = absl::StrCat("DROP INDEX ", pg ? "CONCURRENTLY " : "",
                                      "IF EXISTS ", index, ";");
    absl::StatusOr<std::vector<std::string>> files =
        WriteMigration(options.repo_root, *layout, migration, options.now);
    if (!files.ok()) return files.status();
    result.migration_files.insert(result.migration_files.end(), files->begin(), files->end());
    result.index_names.push_back(index);
    result.changes.push_back(
        absl::StrCat("CREATE INDEX ", index, " ON ", table->name, " (", column_list, ")"));
    // The next migration numbers after this one.
    layout = FindMigrationLayout(options.repo_root);
    if (!layout.ok()) return layout.status();
  }

  if (!Fact(options.facts, kFactRewrite).empty() && !queries.empty()) {
    absl::StatusOr<std::vector<SqlStatement>> statements = SplitSqlStatements(queries);
    if (!statements.ok()) return statements.status();
    std::vector<std::string> origins = absl::StrSplit(Fact(options.facts, kFactOrigins), '\n');
    std::string text = absl::StrCat(
        "-- Rewritten queries suggested by infrastructure-specialist (Query Optimization).\n"
        "-- Parameters are bound to values of the generated staging data.\n");
    bool any = false;
    for (size_t i = 0; i < statements->size(); ++i) {
      std::vector<std::string> notes;
      std::optional<std::string> rewritten = Rewrite((*statements)[i].text, *schema, &notes);
      if (!rewritten.has_value()) continue;
      any = true;
      absl::StrAppend(&text, "\n-- ", i < origins.size() ? origins[i] : "query", ": ",
                      absl::StrJoin(notes, "; "), "\n", *rewritten, ";\n");
    }
    if (any) {
      absl::StatusOr<std::string> file =
          WriteReport(options.repo_root, options.run_id, "rewritten_query.sql", text);
      if (!file.ok()) return file.status();
      result.rewritten_query_file = *file;
    }
  }
  if (result.migration_files.empty() && result.rewritten_query_file.empty()) {
    return absl::FailedPreconditionError(
        "nothing to write: no index suggested and no query needs rewriting");
  }
  result.summary = absl::StrCat(
      result.migration_files.empty()
          ? "no index migration"
          : absl::StrCat("wrote ", absl::StrJoin(result.migration_files, " and "), " (",
                         absl::StrJoin(result.changes, "; "), pg ? ", CONCURRENTLY" : "",
                         ")"),
      result.rewritten_query_file.empty()
          ? ""
          : absl::StrCat("; rewritten query suggested in ", result.rewritten_query_file));
  return result;
}

}  // namespace baton::agents::data
