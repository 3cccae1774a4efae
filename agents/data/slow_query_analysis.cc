#include "agents/data/slow_query_analysis.h"

#include <algorithm>
#include <memory>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "agents/data/migration_layout.h"
#include "agents/data/migration_runner.h"
#include "agents/data/optimization_facts.h"
#include "agents/data/staging.h"

namespace baton::agents::data {
namespace {

std::string PlanReport(const SlowQueryReport& report) {
  std::string text = absl::StrCat(
      "# Baseline query plans (debug-specialist)\n\n", "Database: ", report.database,
      " (throwaway staging database)\n", "Generated data: ", report.data.Summary(),
      absl::StrFormat(" in %.2f s\n", report.data.seconds), "Query choice: ",
      report.selection.explanation, "\n");
  for (const AnalyzedQuery& query : report.queries) {
    absl::StrAppend(&text, "\n## ", query.source.origin, "\n\n", query.sql, "\n\nPlan:\n",
                    query.plan.Text(), "Time: ", query.timing.Describe(), "\n");
    for (const handoff::Finding& finding : query.findings) {
      absl::StrAppend(&text, "- [", handoff::Finding::Severity_Name(finding.severity()),
                      "] ", finding.rule(), ": ", finding.message(), "\n  fix: ",
                      finding.fix(), "\n");
    }
  }
  return text;
}

}  // namespace

absl::StatusOr<SlowQueryReport> AnalyzeSlowQueries(const SlowQueryOptions& options) {
  absl::StatusOr<MigrationLayout> layout = FindMigrationLayout(options.repo_root);
  if (!layout.ok()) return layout.status();

  StagingTarget target{options.staging_kind, options.staging_url, options.scratch_dir};
  absl::StatusOr<std::unique_ptr<StagingDatabase>> db =
      OpenThrowawayDatabase(target, "query_baseline");
  if (!db.ok()) return db.status();
  StagingDatabase& staging = **db;
  SlowQueryReport report;
  report.database = std::string(DialectName(staging.dialect()));
  absl::Status applied = ApplyMigrations(staging, layout->migrations, Direction::kUp);
  if (!applied.ok()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the migrations do not apply on ", report.database, ": ", applied.message()));
  }
  absl::StatusOr<SchemaSnapshot> schema = staging.Schema();
  if (!schema.ok()) return schema.status();

  absl::StatusOr<QuerySelection> selection =
      FindQueries(options.repo_root, options.request_text, options.files, *schema);
  if (!selection.ok()) return selection.status();
  report.selection = *std::move(selection);

  // The tables the queries read get the full row count.
  std::vector<std::string> tables;
  for (const CandidateQuery& query : report.selection.queries) {
    absl::StatusOr<QueryShape> shape = AnalyzeQuery(query.sql);
    if (!shape.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(query.origin, ": ", shape.status().message()));
    }
    absl::Status resolved = ResolveColumns(*schema, &*shape);
    if (!resolved.ok()) {
      return absl::FailedPreconditionError(
          absl::StrCat(query.origin, ": ", resolved.message()));
    }
    for (const std::string& table : shape->tables) {
      if (std::find(tables.begin(), tables.end(), table) == tables.end()) {
        tables.push_back(table);
      }
    }
  }
  absl::StatusOr<GeneratedData> data = GenerateRows(
      staging, *schema, PlanRows(*schema, tables, options.rows, options.parent_rows));
  if (!data.ok()) return data.status();
  report.data = *std::move(data);

  std::set<std::string> suggested;
  std::set<std::string> rewrites;
  for (const CandidateQuery& query : report.selection.queries) {
    absl::StatusOr<AnalyzedQuery> analyzed =
        AnalyzeCandidate(staging, *schema, report.data, query, options.runs);
    if (!analyzed.ok()) return analyzed.status();
    for (const handoff::Finding& finding : analyzed->findings) {
      report.findings.push_back(finding);
      if (finding.rule() == "select-star" || finding.rule() == "missing-limit") {
        rewrites.insert(finding.rule());
      }
    }
    for (const IndexSuggestion& index : analyzed->indexes) {
      if (suggested.insert(index.Key()).second) report.indexes.push_back(index);
    }
    report.queries.push_back(*std::move(analyzed));
  }
  for (const NPlusOne& n : report.selection.n_plus_one) {
    handoff::Finding finding;
    finding.set_severity(handoff::Finding::ERROR);
    finding.set_rule("n-plus-one");
    finding.set_location(n.location);
    finding.set_message(absl::StrCat("a query runs once per item of the loop at ", n.loop,
                                     " (N+1): ", n.call));
    finding.set_fix(
        "Fetch every item's rows in one query before the loop (a JOIN, or WHERE "
        "key = ANY($1) / IN (...)) or eager-load the relation.");
    report.findings.push_back(finding);
  }

  bool actionable = false;
  for (const handoff::Finding& finding : report.findings) {
    if (finding.severity() >= handoff::Finding::WARNING) actionable = true;
  }
  std::vector<std::string> plans;
  double baseline_ms = 0;
  std::vector<std::string> sqls, origins;
  for (const AnalyzedQuery& query : report.queries) {
    plans.push_back(absl::StrCat(query.plan.Summary(), " (", FormatMs(query.timing.median_ms),
                                 ")"));
    baseline_ms += query.timing.median_ms;
    sqls.push_back(query.sql);
    origins.push_back(query.source.origin);
  }
  if (!actionable) {
    return absl::FailedPreconditionError(absl::StrCat(
        "nothing to optimize on ", report.database, " with ", report.data.Summary(), ": ",
        absl::StrJoin(plans, "; "), ". ", report.selection.explanation));
  }

  absl::StatusOr<std::string> text =
      WriteReport(options.repo_root, options.run_id, "baseline_plan.txt", PlanReport(report));
  if (!text.ok()) return text.status();
  report.report_files.push_back(*text);
  if (staging.dialect() == SqlDialect::kPostgres) {
    std::vector<std::string> raws;
    for (const AnalyzedQuery& query : report.queries) raws.push_back(query.plan.raw);
    absl::StatusOr<std::string> json = WriteReport(
        options.repo_root, options.run_id, "baseline_plan.json",
        absl::StrCat("[", absl::StrJoin(raws, ",\n"), "]\n"));
    if (!json.ok()) return json.status();
    report.report_files.push_back(*json);
  }

  auto& facts = report.facts;
  facts[kFactQueries] = absl::StrJoin(sqls, ";\n\n");
  facts[kFactOrigins] = absl::StrJoin(origins, "\n");
  std::map<std::string, int64_t> rows;
  for (const GeneratedTable& table : report.data.tables) rows[table.table] = table.rows;
  facts[kFactRows] = EncodeRows(rows);
  facts[kFactIndexes] = EncodeIndexes(report.indexes);
  facts[kFactRewrite] = absl::StrJoin(rewrites, ",");
  facts[kFactBaselineMs] = absl::StrFormat("%.3f", baseline_ms);
  facts[kFactBaselinePlan] = absl::StrJoin(plans, "; ");
  facts[kFactDatabase] = report.database;
  facts[kFactChoice] = report.selection.explanation;

  std::vector<std::string> index_keys;
  for (const IndexSuggestion& index : report.indexes) index_keys.push_back(index.Key());
  std::map<std::string, int> rule_counts;
  for (const handoff::Finding& finding : report.findings) ++rule_counts[finding.rule()];
  std::vector<std::string> rules;
  for (const auto& [rule, count] : rule_counts) {
    rules.push_back(count == 1 ? rule : absl::StrCat(rule, " x", count));
  }
  report.summary = absl::StrCat(
      report.queries.size(), report.queries.size() == 1 ? " query" : " queries",
      " analyzed on ", report.database, " with ", report.data.Summary(), ": ",
      absl::StrJoin(plans, "; "), "; findings: ", absl::StrJoin(rules, ", "),
      index_keys.empty() ? "" : absl::StrCat("; index to add: ", absl::StrJoin(index_keys, ", ")));
  return report;
}

}  // namespace baton::agents::data
