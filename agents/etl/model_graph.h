// The dependency graph of a dbt project's models: each model rendered
// (jinja_renderer.h), parsed with PostgreSQL's parser, its ref() and source()
// calls resolved, and the models put in dependency order.
// Stateless; thread-safe.
#ifndef BATON_AGENTS_ETL_MODEL_GRAPH_H_
#define BATON_AGENTS_ETL_MODEL_GRAPH_H_

#include <string>
#include <vector>

#include "agents/etl/dbt_project.h"
#include "agents/etl/jinja_renderer.h"

namespace baton::agents::etl {

// One problem found in a project; `rule` is a stable id:
//   etl-render        a Jinja call that cannot be rendered
//   etl-parse         rendered SQL that does not parse (or is not a SELECT)
//   etl-missing-ref   ref() to a model the project does not have
//   etl-missing-source source() to a source/table no `sources:` declares
//   etl-cycle         models that depend on each other
//   etl-run           a model the staging database refuses to build
//   etl-empty-model   a model that built no row from the fixture rows
//   etl-not-null      NULL in a column whose test is not_null
//   etl-unique        duplicate keys in a column whose test is unique
//   etl-test          a singular test in dbt/tests that returned rows
//   etl-fixtures      fixture source rows that are missing or do not load
struct EtlProblem {
  std::string rule;
  std::string model;     // The model (or test) concerned, "" for the project.
  std::string location;  // path[:line].
  std::string message;
};

struct ModelGraph {
  // Rendered models in dependency order (every model after the models it
  // refs); empty when a problem prevents ordering.
  std::vector<const DbtModel*> order;
  std::vector<RenderedModel> rendered;  // Parallel to `order`.
  std::vector<EtlProblem> problems;
};

// Never fails: every problem of every model is listed, in path order; a
// cycle is reported once as "a -> b -> a".
ModelGraph BuildModelGraph(const DbtProject& project);

}  // namespace baton::agents::etl

#endif  // BATON_AGENTS_ETL_MODEL_GRAPH_H_
