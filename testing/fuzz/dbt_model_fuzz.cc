// Fuzz target: the ETL agents' reading of dbt models: Jinja rendering
// (agents/etl/jinja_renderer) and the model graph (agents/etl/model_graph:
// render, parse with PostgreSQL's parser, resolve ref()/source(), order,
// cycles). The input is up to four models separated by lines "---"; they are
// stg_users, stg_orders, int_orders and fct_orders, and the project declares
// source raw with tables users and orders. Invariants: a rendered model has
// no Jinja left and names each ref it saw; the graph's problems carry known
// rule ids; with no problem every model is ordered after the models it refs.
#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "agents/etl/dbt_project.h"
#include "agents/etl/jinja_renderer.h"
#include "agents/etl/model_graph.h"
#include "testing/fuzz/fuzz_support.h"

namespace etl = baton::agents::etl;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view input = baton::fuzz::AsText(data, size);
  if (size > 16 * 1024) return 0;
  static const char* const kNames[] = {"stg_users", "stg_orders", "int_orders", "fct_orders"};
  const std::vector<absl::string_view> texts =
      absl::StrSplit(input, absl::ByString("\n---\n"));

  etl::DbtProject project;
  project.root = "dbt";
  project.name = "fuzz";
  project.sources["raw"] = {"users", "orders"};
  for (size_t i = 0; i < texts.size() && i < 4; ++i) {
    etl::DbtModel model;
    model.name = kNames[i];
    model.layer = i < 2 ? "staging" : (i == 2 ? "intermediate" : "marts");
    model.path = absl::StrCat("dbt/models/", model.layer, "/", model.name, ".sql");
    model.sql = std::string(texts[i]);

    const absl::StatusOr<etl::RenderedModel> rendered = etl::RenderModelSql(model.sql);
    if (rendered.ok()) {
      FUZZ_CHECK(!absl::StrContains(rendered->sql, "{{"), input);
      FUZZ_CHECK(!absl::StrContains(rendered->sql, "{%"), input);
      for (const std::string& ref : rendered->refs) FUZZ_CHECK(!ref.empty(), input);
    } else {
      FUZZ_CHECK(absl::StartsWith(rendered.status().message(), "line "), input);
    }
    project.models.push_back(std::move(model));
  }

  const etl::ModelGraph graph = etl::BuildModelGraph(project);
  static const std::set<std::string> kRules = {"etl-render", "etl-parse", "etl-missing-ref",
                                               "etl-missing-source", "etl-cycle"};
  for (const etl::EtlProblem& problem : graph.problems) {
    FUZZ_CHECK(kRules.count(problem.rule) == 1, input);
  }
  FUZZ_CHECK(graph.order.size() == graph.rendered.size(), input);
  if (!graph.problems.empty()) return 0;
  FUZZ_CHECK(graph.order.size() == project.models.size(), input);
  std::map<std::string, size_t> position;
  for (size_t i = 0; i < graph.order.size(); ++i) position[graph.order[i]->name] = i;
  for (size_t i = 0; i < graph.order.size(); ++i) {
    for (const std::string& ref : graph.rendered[i].refs) {
      FUZZ_CHECK(position.count(ref) == 1 && position[ref] < i, input);
    }
  }
  return 0;
}
