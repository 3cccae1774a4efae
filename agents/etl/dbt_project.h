// A dbt project as the data card lays it out (dbt/dbt_project.yml,
// dbt/models/staging|intermediate|marts/*.sql, *.yml with `sources:` and
// `models:` column tests, dbt/tests/*.sql singular tests), read from a
// workspace. Reading does not render or check the SQL (see model_graph.h and
// dbt_verifier.h). Thread-compatible.
#ifndef BATON_AGENTS_ETL_DBT_PROJECT_H_
#define BATON_AGENTS_ETL_DBT_PROJECT_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace baton::agents::etl {

struct DbtModel {
  std::string name;   // File stem: models/marts/fct_orders.sql -> fct_orders.
  std::string path;   // Relative to the workspace.
  std::string layer;  // Folder under models/: staging, intermediate, marts.
  std::string sql;    // Raw text, Jinja included.
};

// Column tests from a `models:` entry: not_null and unique.
struct ColumnTests {
  std::set<std::string> not_null;
  std::set<std::string> unique;
};

struct DbtSingularTest {
  std::string name;
  std::string path;
  std::string sql;  // Passes when it returns no row.
};

struct DbtProject {
  std::string root;  // Relative to the workspace, "dbt".
  std::string name;  // dbt_project.yml's `name`.
  std::vector<DbtModel> models;  // Sorted by path.
  // source name -> table names declared under `sources:`.
  std::map<std::string, std::set<std::string>> sources;
  std::map<std::string, ColumnTests> column_tests;  // model name -> tests.
  std::vector<DbtSingularTest> tests;
  std::string fixtures_path;  // dbt/tests/fixtures/sources.sql, or "" if absent.
  std::string fixtures_sql;
};

inline constexpr char kDbtRoot[] = "dbt";
inline constexpr char kFixturesFile[] = "dbt/tests/fixtures/sources.sql";

// Reads <workspace>/dbt. NotFound when dbt/dbt_project.yml is missing;
// InvalidArgument "<path>: ..." for YAML that does not parse, a project
// without `name`, a model name used twice, or no model at all.
absl::StatusOr<DbtProject> LoadDbtProject(const std::string& workspace);

}  // namespace baton::agents::etl

#endif  // BATON_AGENTS_ETL_DBT_PROJECT_H_
