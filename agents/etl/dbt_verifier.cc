#include "agents/etl/dbt_verifier.h"

#include <memory>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "agents/etl/dbt_project.h"

namespace baton::agents::etl {
namespace {

std::string Statement(absl::string_view sql) {
  absl::string_view body = absl::StripAsciiWhitespace(sql);
  while (absl::ConsumeSuffix(&body, ";")) body = absl::StripTrailingAsciiWhitespace(body);
  return std::string(body);
}

absl::StatusOr<int64_t> Count(data::StagingDatabase& db, const std::string& sql) {
  absl::StatusOr<std::vector<data::SqlRow>> rows = db.Query(sql);
  if (!rows.ok()) return rows.status();
  int64_t value = 0;
  if (rows->empty() || rows->front().empty() || !rows->front()[0].has_value() ||
      !absl::SimpleAtoi(*rows->front()[0], &value)) {
    return absl::InternalError(absl::StrCat("no count from: ", sql));
  }
  return value;
}

}  // namespace

std::string DbtVerification::Summary() const {
  std::vector<std::string> counts;
  for (const auto& [model, rows] : row_counts) counts.push_back(absl::StrCat(model, "=", rows));
  std::string summary = absl::StrCat("built ", row_counts.size(), " dbt models on ",
                                     database, " (", absl::StrJoin(counts, ", "),
                                     "); ", checks, " data-quality checks");
  if (problems.empty()) {
    absl::StrAppend(&summary, " passed");
  } else {
    absl::StrAppend(&summary, "; ", problems.size(),
                    problems.size() == 1 ? " problem" : " problems");
  }
  return summary;
}

absl::StatusOr<DbtVerification> VerifyDbtProject(
    const std::string& workspace, const data::StagingTarget& target) {
  absl::StatusOr<DbtProject> project = LoadDbtProject(workspace);
  if (!project.ok()) return project.status();
  DbtVerification report;
  ModelGraph graph = BuildModelGraph(*project);
  report.problems = graph.problems;
  if (!report.problems.empty()) return report;

  absl::StatusOr<std::unique_ptr<data::StagingDatabase>> opened =
      data::OpenThrowawayDatabase(target, "dbt_models");
  if (!opened.ok()) return opened.status();
  data::StagingDatabase& db = **opened;
  report.database = db.Describe();
  if (project->fixtures_sql.empty()) {
    report.problems.push_back({"etl-fixtures", "", kFixturesFile,
                               absl::StrCat("no fixture source rows: ", kFixturesFile,
                                            " is missing")});
    return report;
  }
  if (absl::Status loaded = db.Exec(project->fixtures_sql); !loaded.ok()) {
    report.problems.push_back({"etl-fixtures", "", project->fixtures_path,
                               absl::StrCat("fixture source rows do not load: ",
                                            loaded.message())});
    return report;
  }
  for (size_t i = 0; i < graph.order.size(); ++i) {
    const DbtModel& model = *graph.order[i];
    const std::string sql = Statement(graph.rendered[i].sql);
    if (absl::Status built = db.Exec(absl::StrCat("CREATE TABLE ", model.name, " AS ", sql));
        !built.ok()) {
      report.problems.push_back({"etl-run", model.name, model.path,
                                 absl::StrCat("model ", model.name, " does not build on ",
                                              report.database, ": ", built.message())});
      return report;  // Later models depend on it.
    }
    absl::StatusOr<int64_t> rows = Count(db, absl::StrCat("SELECT COUNT(*) FROM ", model.name));
    if (!rows.ok()) return rows.status();
    report.row_counts.emplace_back(model.name, *rows);
    if (*rows == 0) {
      report.problems.push_back({"etl-empty-model", model.name, model.path,
                                 absl::StrCat("model ", model.name,
                                              " built no row from the fixture source rows")});
    }
    auto tests = project->column_tests.find(model.name);
    if (tests == project->column_tests.end()) continue;
    for (const std::string& column : tests->second.not_null) {
      ++report.checks;
      absl::StatusOr<int64_t> nulls = Count(
          db, absl::StrCat("SELECT COUNT(*) FROM ", model.name, " WHERE ", column, " IS NULL"));
      if (!nulls.ok()) {
        report.problems.push_back({"etl-not-null", model.name, model.path,
                                   absl::StrCat("not_null test on ", model.name, ".", column,
                                                " cannot run: ", nulls.status().message())});
      } else if (*nulls > 0) {
        report.problems.push_back({"etl-not-null", model.name, model.path,
                                   absl::StrCat("model ", model.name, ": ", *nulls,
                                                " rows with NULL in required field ", column)});
      }
    }
    for (const std::string& column : tests->second.unique) {
      ++report.checks;
      absl::StatusOr<int64_t> dups = Count(
          db, absl::StrCat("SELECT COUNT(*) FROM (SELECT ", column, " FROM ", model.name,
                           " WHERE ", column, " IS NOT NULL GROUP BY ", column,
                           " HAVING COUNT(*) > 1) duplicates"));
      if (!dups.ok()) {
        report.problems.push_back({"etl-unique", model.name, model.path,
                                   absl::StrCat("unique test on ", model.name, ".", column,
                                                " cannot run: ", dups.status().message())});
      } else if (*dups > 0) {
        report.problems.push_back({"etl-unique", model.name, model.path,
                                   absl::StrCat("model ", model.name, ": ", *dups,
                                                " duplicate keys in ", column)});
      }
    }
  }
  for (const DbtSingularTest& test : project->tests) {
    ++report.checks;
    absl::StatusOr<RenderedModel> rendered = RenderModelSql(test.sql);
    if (!rendered.ok()) {
      report.problems.push_back({"etl-render", test.name, test.path,
                                 absl::StrCat("test ", test.name, ": ",
                                              rendered.status().message())});
      continue;
    }
    absl::StatusOr<std::vector<data::SqlRow>> rows = db.Query(Statement(rendered->sql));
    if (!rows.ok()) {
      report.problems.push_back({"etl-test", test.name, test.path,
                                 absl::StrCat("test ", test.name, " does not run: ",
                                              rows.status().message())});
    } else if (!rows->empty()) {
      report.problems.push_back({"etl-test", test.name, test.path,
                                 absl::StrCat("test ", test.name, " returned ", rows->size(),
                                              " failing rows")});
    }
  }
  return report;
}

}  // namespace baton::agents::etl
