#include "agents/data/performance_verifier.h"

#include <algorithm>
#include <memory>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "agents/data/migration_layout.h"
#include "agents/data/migration_runner.h"
#include "agents/data/optimization_facts.h"
#include "agents/data/query_analysis.h"
#include "agents/data/query_shape.h"
#include "agents/data/sql_parser.h"
#include "agents/data/staging.h"

namespace baton::agents::data {
namespace {

std::string Fact(const std::map<std::string, std::string>& facts, const std::string& key) {
  auto it = facts.find(key);
  return it == facts.end() ? "" : it->second;
}

std::string Runs(const QueryTiming& timing) {
  std::vector<std::string> runs;
  for (double ms : timing.runs_ms) runs.push_back(absl::StrFormat("%.3f", ms));
  return absl::StrJoin(runs, ", ");
}

std::string PlansReport(const PerformanceReport& report, bool after) {
  std::string text = absl::StrCat("# Query plans ", after ? "after" : "before",
                                  " the new migrations (qa-specialist)\n\nDatabase: ",
                                  report.database, "\nGenerated data: ", report.data.Summary(),
                                  "\n");
  for (const QueryComparison& comparison : report.comparisons) {
    const QueryPlan& plan = after ? comparison.after : comparison.before;
    const QueryTiming& timing = after ? comparison.after_timing : comparison.before_timing;
    absl::StrAppend(&text, "\n## ", comparison.origin, "\n\n", comparison.sql, "\n\nPlan:\n",
                    plan.Text(), "Time: ", timing.Describe(), "\n");
  }
  return text;
}

std::string TimingReport(const PerformanceReport& report) {
  std::string text = absl::StrCat(
      "# Query performance (qa-specialist)\n\nDatabase: ", report.database,
      " (throwaway staging database)\nGenerated data: ", report.data.Summary(),
      "\nTimed runs: the whole query, rows fetched, after one warm-up run; median "
      "reported.\n\n| query | before | after | speed-up | plan after |\n|---|---|---|---|---|\n");
  for (const QueryComparison& c : report.comparisons) {
    absl::StrAppend(&text, "| ", c.origin, " | ", FormatMs(c.before_timing.median_ms), " | ",
                    FormatMs(c.after_timing.median_ms), " | ",
                    absl::StrFormat("%.1fx", c.speedup), " | ", c.after.Summary(), " |\n");
  }
  absl::StrAppend(&text, "\nTotal: ", FormatMs(report.before_ms), " -> ",
                  FormatMs(report.after_ms), absl::StrFormat(" (%.1fx)\n", report.speedup));
  for (const QueryComparison& c : report.comparisons) {
    absl::StrAppend(&text, "\n", c.origin, " runs before (ms): ", Runs(c.before_timing),
                    "\n", c.origin, " runs after (ms): ", Runs(c.after_timing), "\n");
  }
  return text;
}

}  // namespace

absl::StatusOr<PerformanceReport> VerifyPerformance(const PerformanceOptions& options) {
  const std::string queries_text = Fact(options.facts, kFactQueries);
  const std::string rows_text = Fact(options.facts, kFactRows);
  if (queries_text.empty() || rows_text.empty()) {
    return absl::FailedPreconditionError(
        "the handoff holds no analyzed query (facts query.sql and query.rows); in the "
        "Query Optimization workflow debug-specialist analyzes the query first");
  }
  absl::StatusOr<std::map<std::string, int64_t>> rows = DecodeRows(rows_text);
  if (!rows.ok()) return rows.status();
  absl::StatusOr<std::vector<IndexSuggestion>> indexes =
      DecodeIndexes(Fact(options.facts, kFactIndexes));
  if (!indexes.ok()) return indexes.status();
  absl::StatusOr<std::vector<SqlStatement>> statements = SplitSqlStatements(queries_text);
  if (!statements.ok()) return statements.status();
  std::vector<std::string> origins = absl::StrSplit(Fact(options.facts, kFactOrigins), '\n');

  absl::StatusOr<MigrationLayout> layout = FindMigrationLayout(options.repo_root);
  if (!layout.ok()) return layout.status();
  std::set<int64_t> new_numbers;
  for (const std::string& file : options.new_migration_files) {
    bool found = false;
    for (const Migration& migration : layout->migrations) {
      for (const std::string& own : migration.Files()) {
        if (own == file) {
          new_numbers.insert(migration.number);
          found = true;
        }
      }
    }
    if (!found) {
      return absl::InvalidArgumentError(
          absl::StrCat(file, " is not a migration in ", layout->directory, "/"));
    }
  }
  if (new_numbers.empty()) {
    return absl::FailedPreconditionError(
        "no new migration to verify: the handoff holds no MIGRATION artifact "
        "(infrastructure-specialist writes the index migration first)");
  }
  std::vector<Migration> existing, added;
  for (const Migration& migration : layout->migrations) {
    (new_numbers.count(migration.number) > 0 ? added : existing).push_back(migration);
  }

  StagingTarget target{options.staging_kind, options.staging_url, options.scratch_dir};
  absl::StatusOr<std::unique_ptr<StagingDatabase>> db =
      OpenThrowawayDatabase(target, "query_verify");
  if (!db.ok()) return db.status();
  StagingDatabase& staging = **db;
  PerformanceReport report;
  report.database = std::string(DialectName(staging.dialect()));
  absl::Status status = ApplyMigrations(staging, existing, Direction::kUp);
  if (!status.ok()) return status;
  absl::StatusOr<SchemaSnapshot> schema_before = staging.Schema();
  if (!schema_before.ok()) return schema_before.status();
  absl::StatusOr<GeneratedData> data = GenerateRows(staging, *schema_before, *rows);
  if (!data.ok()) return data.status();
  report.data = *std::move(data);

  std::vector<std::map<std::string, std::string>> aliases;
  for (size_t i = 0; i < statements->size(); ++i) {
    QueryComparison comparison;
    comparison.origin = i < origins.size() && !origins[i].empty() ? origins[i]
                                                                  : absl::StrCat("query ", i + 1);
    comparison.sql = (*statements)[i].text;
    absl::StatusOr<QueryShape> shape = AnalyzeQuery(comparison.sql);
    if (!shape.ok()) return shape.status();
    aliases.push_back(AliasMap(*shape));
    absl::StatusOr<QueryPlan> plan = staging.Explain(comparison.sql, aliases.back());
    if (!plan.ok()) return plan.status();
    comparison.before = *std::move(plan);
    absl::StatusOr<QueryTiming> timing = MeasureQuery(staging, comparison.sql, options.runs);
    if (!timing.ok()) return timing.status();
    comparison.before_timing = *std::move(timing);
    report.comparisons.push_back(std::move(comparison));
  }

  status = ApplyMigrations(staging, added, Direction::kUp);
  if (!status.ok()) return status;
  status = staging.Analyze();
  if (!status.ok()) return status;
  for (size_t i = 0; i < report.comparisons.size(); ++i) {
    QueryComparison& comparison = report.comparisons[i];
    absl::StatusOr<QueryPlan> plan = staging.Explain(comparison.sql, aliases[i]);
    if (!plan.ok()) return plan.status();
    comparison.after = *std::move(plan);
    absl::StatusOr<QueryTiming> timing = MeasureQuery(staging, comparison.sql, options.runs);
    if (!timing.ok()) return timing.status();
    comparison.after_timing = *std::move(timing);
    comparison.speedup = comparison.before_timing.median_ms /
                         std::max(comparison.after_timing.median_ms, 1e-6);
    report.before_ms += comparison.before_timing.median_ms;
    report.after_ms += comparison.after_timing.median_ms;
  }
  report.speedup = report.before_ms / std::max(report.after_ms, 1e-6);

  // The reports go out before the verdict: a failed check is explained by them.
  absl::StatusOr<std::string> file =
      WriteReport(options.repo_root, options.run_id, "plan_before.txt", PlansReport(report, false));
  if (!file.ok()) return file.status();
  report.report_files.push_back(*file);
  file = WriteReport(options.repo_root, options.run_id, "plan_after.txt", PlansReport(report, true));
  if (!file.ok()) return file.status();
  report.report_files.push_back(*file);
  if (staging.dialect() == SqlDialect::kPostgres) {
    std::vector<std::string> before, after;
    for (const QueryComparison& c : report.comparisons) {
      before.push_back(c.before.raw);
      after.push_back(c.after.raw);
    }
    file = WriteReport(options.repo_root, options.run_id, "plan_before.json",
                       absl::StrCat("[", absl::StrJoin(before, ",\n"), "]\n"));
    if (!file.ok()) return file.status();
    report.report_files.push_back(*file);
    file = WriteReport(options.repo_root, options.run_id, "plan_after.json",
                       absl::StrCat("[", absl::StrJoin(after, ",\n"), "]\n"));
    if (!file.ok()) return file.status();
    report.report_files.push_back(*file);
  }
  file = WriteReport(options.repo_root, options.run_id, "performance.md", TimingReport(report));
  if (!file.ok()) return file.status();
  report.report_files.push_back(*file);

  // Verdict: the indexes are used and every query they serve got faster.
  int covered = 0;
  for (QueryComparison& comparison : report.comparisons) {
    bool served = false;
    for (const IndexSuggestion& index : *indexes) {
      if (!comparison.before.FullScanOn(index.table)) continue;
      served = true;
      std::vector<std::string> used = comparison.after.IndexesOn(index.table);
      if (comparison.after.FullScanOn(index.table) || used.empty()) {
        return absl::FailedPreconditionError(absl::StrCat(
            comparison.origin, ": after the new migrations the plan still reads ", index.table,
            " without an index (", comparison.after.Summary(), "; before: ",
            comparison.before.Summary(), "); the index on ", index.Key(),
            " is not used on ", report.database));
      }
      comparison.indexes_used.insert(comparison.indexes_used.end(), used.begin(), used.end());
    }
    if (!served) continue;
    ++covered;
    if (comparison.after_timing.median_ms >= comparison.before_timing.median_ms) {
      return absl::FailedPreconditionError(absl::StrCat(
          comparison.origin, ": no improvement on ", report.database, ": median ",
          FormatMs(comparison.before_timing.median_ms), " before, ",
          FormatMs(comparison.after_timing.median_ms), " after (",
          comparison.after.Summary(), ")"));
    }
  }

  if (covered == 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "none of the analyzed queries reads a table the new migrations index (",
        EncodeIndexes(*indexes), ") without an index before them: ",
        report.comparisons.front().before.Summary()));
  }

  // The new migrations are reversible on the populated table.
  status = ApplyMigrations(staging, added, Direction::kDown);
  if (!status.ok()) return status;
  absl::StatusOr<SchemaSnapshot> reverted = staging.Schema();
  if (!reverted.ok()) return reverted.status();
  if (!(*reverted == *schema_before)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the new migrations' down does not restore the schema (- before, + after down):\n",
        DiffSnapshots(*schema_before, *reverted)));
  }
  status = ApplyMigrations(staging, added, Direction::kUp);
  if (!status.ok()) return status;

  std::vector<std::string> used;
  for (const QueryComparison& c : report.comparisons) {
    for (const std::string& index : c.indexes_used) {
      if (std::find(used.begin(), used.end(), index) == used.end()) used.push_back(index);
    }
  }
  const QueryComparison& first = report.comparisons.front();
  report.summary = absl::StrCat(
      "verified on ", report.database, " with ", report.data.Summary(), ": ",
      first.before.Summary(), " -> ", first.after.Summary(), "; median ",
      FormatMs(report.before_ms), " -> ", FormatMs(report.after_ms),
      absl::StrFormat(" (%.1fx faster)", report.speedup),
      used.empty() ? "" : absl::StrCat("; index used: ", absl::StrJoin(used, ", ")),
      "; new migrations reverted and re-applied");
  return report;
}

}  // namespace baton::agents::data
