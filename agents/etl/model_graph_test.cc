#include "agents/etl/model_graph.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace baton::agents::etl {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

DbtModel Model(const std::string& name, const std::string& sql) {
  return {name, "dbt/models/" + name + ".sql", "", sql};
}

std::vector<std::string> Names(const ModelGraph& graph) {
  std::vector<std::string> names;
  for (const DbtModel* model : graph.order) names.push_back(model->name);
  return names;
}

TEST(ModelGraphTest, OrdersEveryModelAfterTheModelsItRefs) {
  DbtProject project;
  project.sources["raw"] = {"events"};
  project.models = {Model("c", "select * from {{ ref('b') }} join {{ ref('a') }} on 1=1"),
                    Model("b", "select * from {{ ref('a') }}"),
                    Model("a", "select * from {{ source('raw', 'events') }}")};
  ModelGraph graph = BuildModelGraph(project);
  EXPECT_TRUE(graph.problems.empty());
  EXPECT_THAT(Names(graph), ElementsAre("a", "b", "c"));
  EXPECT_EQ(graph.rendered[0].sql, "select * from raw__events");
}

TEST(ModelGraphTest, ListsEveryProblemOfEveryModelAndOrdersNothing) {
  DbtProject project;
  project.models = {Model("a", "select * from {{ ref('ghost') }}"),
                    Model("b", "insert into t values (1)"),
                    Model("c", "select * from {{ source('raw', 'x') }}")};
  ModelGraph graph = BuildModelGraph(project);
  ASSERT_EQ(graph.problems.size(), 3u);
  EXPECT_EQ(graph.problems[0].rule, "etl-missing-ref");
  EXPECT_EQ(graph.problems[1].rule, "etl-parse");
  EXPECT_THAT(graph.problems[1].message, HasSubstr("must be exactly one SELECT"));
  EXPECT_EQ(graph.problems[2].rule, "etl-missing-source");
  EXPECT_TRUE(graph.order.empty());
}

TEST(ModelGraphTest, SelfReferenceIsACycle) {
  DbtProject project;
  project.models = {Model("a", "select * from {{ ref('a') }}")};
  ModelGraph graph = BuildModelGraph(project);
  ASSERT_EQ(graph.problems.size(), 1u);
  EXPECT_EQ(graph.problems[0].message, "the model graph has a cycle: a -> a");
}

}  // namespace
}  // namespace baton::agents::etl
