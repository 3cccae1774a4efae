#include "agents/data/query_analysis.h"

#include <algorithm>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"

namespace baton::agents::data {
namespace {

// Tables this small are scanned whole by any sensible plan.
constexpr int64_t kSmallTable = 10000;

bool UniqueColumn(const TableInfo& table, const std::string& column) {
  int pk_columns = 0;
  const ColumnInfo* pk = nullptr;
  for (const ColumnInfo& c : table.columns) {
    if (c.primary_key_position > 0) {
      ++pk_columns;
      pk = &c;
    }
  }
  if (pk_columns == 1 && absl::EqualsIgnoreCase(pk->name, column)) return true;
  for (const IndexInfo& index : table.indexes) {
    if (index.unique && !index.partial && index.columns.size() == 1 &&
        absl::EqualsIgnoreCase(index.columns[0], column)) {
      return true;
    }
  }
  return false;
}

bool IdentifierLike(const std::string& column) {
  const std::string name = absl::AsciiStrToLower(column);
  for (const char* word : {"email", "username", "login", "handle", "slug", "uuid",
                           "token", "external_id", "sku"}) {
    if (absl::StrContains(name, word)) return true;
  }
  return name == "code";
}

const IndexInfo* LeadingIndex(const TableInfo& table, const std::string& column) {
  for (const IndexInfo& index : table.indexes) {
    if (!index.partial && !index.columns.empty() &&
        absl::EqualsIgnoreCase(index.columns[0], column)) {
      return &index;
    }
  }
  return nullptr;
}

handoff::Finding MakeFinding(handoff::Finding::Severity severity, absl::string_view rule,
                             std::string message, std::string location, std::string fix) {
  handoff::Finding finding;
  finding.set_severity(severity);
  finding.set_rule(std::string(rule));
  finding.set_message(std::move(message));
  finding.set_location(std::move(location));
  finding.set_fix(std::move(fix));
  return finding;
}

std::string IndexName(const IndexSuggestion& suggestion) {
  std::string name = absl::AsciiStrToLower(
      absl::StrCat("idx_", suggestion.table, "_", absl::StrJoin(suggestion.columns, "_")));
  if (name.size() > 63) name.resize(63);
  return name;
}

}  // namespace

std::string IndexSuggestion::Key() const {
  return absl::StrCat(table, "(", absl::StrJoin(columns, ", "), ")");
}

std::map<std::string, std::string> AliasMap(const QueryShape& shape) {
  std::map<std::string, std::string> aliases;
  for (const FromItem& item : shape.from) {
    if (!item.table.empty()) {
      aliases[absl::AsciiStrToLower(item.alias)] = item.table;
      aliases[absl::AsciiStrToLower(item.table)] = item.table;
    }
  }
  return aliases;
}

absl::StatusOr<std::string> BindParameters(StagingDatabase& db,
                                           const SchemaSnapshot& schema,
                                           const GeneratedData& data,
                                           const std::string& sql,
                                           const QueryShape& shape) {
  std::vector<int> locations = shape.parameter_locations;
  std::sort(locations.begin(), locations.end());
  std::string bound = sql;
  for (auto it = locations.rbegin(); it != locations.rend(); ++it) {
    const size_t at = static_cast<size_t>(*it);
    if (at >= bound.size() || bound[at] != '$') continue;
    size_t end = at + 1;
    while (end < bound.size() && absl::ascii_isdigit(static_cast<unsigned char>(bound[end]))) {
      ++end;
    }
    const std::string before =
        absl::AsciiStrToUpper(absl::StripTrailingAsciiWhitespace(bound.substr(0, at)));
    std::string literal = "NULL";
    if (absl::EndsWith(before, "LIMIT")) {
      literal = "100";
    } else if (absl::EndsWith(before, "OFFSET")) {
      literal = "0";
    } else {
      const Predicate* nearest = nullptr;
      for (const Predicate& filter : shape.filters) {
        if (filter.column.table.empty()) continue;
        if (filter.column.location < *it &&
            (nearest == nullptr || filter.column.location > nearest->column.location)) {
          nearest = &filter;
        }
      }
      if (nearest == nullptr) {
        for (const Predicate& filter : shape.filters) {
          if (!filter.column.table.empty() &&
              (nearest == nullptr || filter.column.location < nearest->column.location)) {
            nearest = &filter;
          }
        }
      }
      if (nearest != nullptr) {
        const GeneratedTable* generated = data.Find(nearest->column.table);
        if (generated != nullptr && generated->rows > 0) {
          absl::StatusOr<std::string> value =
              GeneratedLiteral(db, schema, data, nearest->column.table,
                               nearest->column.column, generated->rows / 2 + 1);
          if (!value.ok()) return value.status();
          literal = *value;
        }
      }
    }
    bound.replace(at, end - at, literal);
  }
  return bound;
}

void Diagnose(const SchemaSnapshot& schema, const GeneratedData& data,
              AnalyzedQuery* analyzed) {
  const QueryShape& shape = analyzed->shape;
  const std::string& location = analyzed->source.origin;
  std::vector<std::string> tables;
  for (const FromItem& item : shape.from) {
    if (!item.table.empty()) tables.push_back(item.table);
  }

  // Full scans on filtered or joined tables.
  std::set<std::string> seen;
  bool any_filter = !shape.filters.empty();
  for (const PlanNode& node : analyzed->plan.nodes) {
    if (!node.full_scan || node.relation.empty()) continue;
    const TableInfo* table = schema.FindTable(node.relation);
    if (table == nullptr || !seen.insert(absl::AsciiStrToLower(table->name)).second) continue;
    const GeneratedTable* generated = data.Find(table->name);
    const int64_t rows = generated != nullptr ? generated->rows : 0;
    if (rows < kSmallTable) continue;
    std::vector<std::string> equality, range;
    bool filtered_elsewhere = false;
    for (const Predicate& filter : shape.filters) {
      if (!absl::EqualsIgnoreCase(filter.column.table, table->name)) {
        filtered_elsewhere = filtered_elsewhere || !filter.column.table.empty();
        continue;
      }
      std::vector<std::string>& bucket = filter.equality ? equality : range;
      if (std::find(bucket.begin(), bucket.end(), filter.column.column) == bucket.end()) {
        bucket.push_back(filter.column.column);
      }
    }
    IndexSuggestion suggestion;
    suggestion.table = table->name;
    std::string why;
    if (!equality.empty() || !range.empty()) {
      suggestion.columns = equality;
      if (suggestion.columns.size() > 3) suggestion.columns.resize(3);
      if (!range.empty()) suggestion.columns.push_back(range.front());
      why = absl::StrCat("filter on ", absl::StrJoin(suggestion.columns, ", "));
    } else {
      // Joined only: an index helps when another table's filter drives the
      // join, or when SQLite had to build an automatic index.
      const bool automatic = absl::StrContains(node.condition, "automatic index");
      if (!automatic && !(any_filter && filtered_elsewhere)) continue;
      for (const Predicate& join : shape.joins) {
        for (const ColumnUse* side : {&join.column, &join.other}) {
          if (absl::EqualsIgnoreCase(side->table, table->name)) {
            suggestion.columns = {side->column};
          }
        }
        if (!suggestion.columns.empty()) break;
      }
      if (suggestion.columns.empty()) continue;
      why = absl::StrCat("join on ", suggestion.columns.front());
    }
    if (const IndexInfo* existing = LeadingIndex(*table, suggestion.columns.front())) {
      analyzed->findings.push_back(MakeFinding(
          handoff::Finding::INFO, "index-not-used",
          absl::StrCat(node.Describe(), ": index ", existing->name, " on ",
                       table->name, "(", suggestion.columns.front(),
                       ") exists but the planner reads the whole table (",
                       rows, " rows); the ", why, " is not selective enough"),
          location, "Filter on a more selective column, or add a partial index."));
      continue;
    }
    suggestion.reason = absl::StrCat(node.Describe(), " reads all ", rows, " rows of ",
                                     table->name, " for the ", why);
    analyzed->findings.push_back(MakeFinding(
        handoff::Finding::ERROR, "full-scan",
        absl::StrCat(suggestion.reason, " (", analyzed->timing.Describe(), " on ",
                     analyzed->plan.database, ")"),
        location,
        absl::StrCat("CREATE INDEX ", IndexName(suggestion), " ON ", table->name, " (",
                     absl::StrJoin(suggestion.columns, ", "), ");")));
    analyzed->indexes.push_back(std::move(suggestion));
  }

  std::vector<std::string> unconnected = shape.UnconnectedItems();
  if (!unconnected.empty()) {
    analyzed->findings.push_back(MakeFinding(
        handoff::Finding::ERROR, "cartesian-join",
        absl::StrCat("no condition joins ", absl::StrJoin(unconnected, ", "), " to ",
                     shape.from.front().alias,
                     ": every row is paired with every row (a Cartesian product)"),
        location,
        absl::StrCat("Join ", absl::StrJoin(unconnected, ", "),
                     " with JOIN ... ON <key> = <foreign key>, or remove it.")));
  }
  if (shape.select_star) {
    std::vector<std::string> columns;
    for (const std::string& name : tables) {
      if (const TableInfo* table = schema.FindTable(name)) {
        for (const ColumnInfo& column : table->columns) columns.push_back(column.name);
      }
    }
    analyzed->findings.push_back(MakeFinding(
        handoff::Finding::WARNING, "select-star",
        absl::StrCat("SELECT * fetches every column of ", absl::StrJoin(tables, ", ")),
        location,
        absl::StrCat("Name the columns the caller needs (of ",
                     absl::StrJoin(columns, ", "), ").")));
  }
  if (shape.kind == "SELECT" && !shape.has_limit && !shape.aggregate_only) {
    // Point lookups need no LIMIT: an equality on a unique column, or on an
    // identifier-like column (email, username, slug, ...) that found at most
    // one of the generated rows.
    bool unique_lookup = false;
    for (const Predicate& filter : shape.filters) {
      const TableInfo* table = schema.FindTable(filter.column.table);
      if (filter.op != "=" || table == nullptr) continue;
      if (UniqueColumn(*table, filter.column.column) ||
          (IdentifierLike(filter.column.column) && analyzed->timing.rows <= 1)) {
        unique_lookup = true;
      }
    }
    if (!unique_lookup) {
      analyzed->findings.push_back(MakeFinding(
          handoff::Finding::WARNING, "missing-limit",
          absl::StrCat("no LIMIT: the query returns every matching row (",
                       analyzed->timing.rows, " on the generated data)"),
          location, "Paginate: add ORDER BY on an indexed column and LIMIT (e.g. 100)."));
    }
  }
}

absl::StatusOr<AnalyzedQuery> AnalyzeCandidate(StagingDatabase& db,
                                               const SchemaSnapshot& schema,
                                               const GeneratedData& data,
                                               const CandidateQuery& query, int runs) {
  AnalyzedQuery analyzed;
  analyzed.source = query;
  absl::StatusOr<QueryShape> shape = AnalyzeQuery(query.sql);
  if (!shape.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(query.origin, ": ", shape.status().message()));
  }
  absl::Status resolved = ResolveColumns(schema, &*shape);
  if (!resolved.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat(query.origin, ": ", resolved.message()));
  }
  analyzed.shape = *std::move(shape);
  absl::StatusOr<std::string> bound =
      BindParameters(db, schema, data, query.sql, analyzed.shape);
  if (!bound.ok()) return bound.status();
  analyzed.sql = *std::move(bound);
  absl::StatusOr<QueryPlan> plan = db.Explain(analyzed.sql, AliasMap(analyzed.shape));
  if (!plan.ok()) {
    return absl::FailedPreconditionError(absl::StrCat(
        query.origin, ": ", DialectName(db.dialect()), " rejects the query: ",
        plan.status().message()));
  }
  analyzed.plan = *std::move(plan);
  absl::StatusOr<QueryTiming> timing = MeasureQuery(db, analyzed.sql, runs);
  if (!timing.ok()) return timing.status();
  analyzed.timing = *std::move(timing);
  Diagnose(schema, data, &analyzed);
  return analyzed;
}

}  // namespace baton::agents::data
