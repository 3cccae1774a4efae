#include "agents/etl/model_graph.h"

#include <algorithm>
#include <functional>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "agents/data/sql_parser.h"

namespace baton::agents::etl {

ModelGraph BuildModelGraph(const DbtProject& project) {
  ModelGraph graph;
  std::map<std::string, const DbtModel*> by_name;
  for (const DbtModel& model : project.models) by_name[model.name] = &model;
  std::map<std::string, RenderedModel> rendered;
  for (const DbtModel& model : project.models) {
    absl::StatusOr<RenderedModel> render = RenderModelSql(model.sql);
    if (!render.ok()) {
      graph.problems.push_back({"etl-render", model.name, model.path,
                                absl::StrCat("model ", model.name, ": ",
                                             render.status().message())});
      continue;
    }
    absl::StatusOr<google::protobuf::Value> tree = data::ParseSql(render->sql);
    if (!tree.ok()) {
      graph.problems.push_back({"etl-parse", model.name, model.path,
                                absl::StrCat("model ", model.name, ": ",
                                             tree.status().message())});
    } else {
      std::vector<const google::protobuf::Value*> stmts =
          data::parse_tree::List(data::parse_tree::Field(&*tree, "stmts"));
      if (stmts.size() != 1 ||
          data::parse_tree::NodeType(data::parse_tree::Field(stmts[0], "stmt")) !=
              "SelectStmt") {
        graph.problems.push_back(
            {"etl-parse", model.name, model.path,
             absl::StrCat("model ", model.name,
                          " must be exactly one SELECT statement, found ",
                          stmts.size(), " statement(s)")});
      }
    }
    for (const std::string& ref : render->refs) {
      if (by_name.count(ref) == 0) {
        graph.problems.push_back(
            {"etl-missing-ref", model.name, model.path,
             absl::StrCat("model ", model.name, " refs '", ref,
                          "', which is not a model of the project")});
      }
    }
    for (const auto& [source, table] : render->sources) {
      auto it = project.sources.find(source);
      if (it == project.sources.end() || it->second.count(table) == 0) {
        graph.problems.push_back(
            {"etl-missing-source", model.name, model.path,
             absl::StrCat("model ", model.name, " reads source('", source, "', '",
                          table, "'), which no sources: entry declares")});
      }
    }
    rendered[model.name] = *std::move(render);
  }
  // Depth-first topological sort over the models that rendered.
  std::map<std::string, int> state;  // 0 new, 1 on the stack, 2 done.
  std::vector<std::string> stack;
  std::vector<std::string> order;
  bool cycle = false;
  std::function<void(const std::string&)> visit = [&](const std::string& name) {
    if (cycle) return;
    state[name] = 1;
    stack.push_back(name);
    for (const std::string& ref : rendered[name].refs) {
      if (rendered.count(ref) == 0 || cycle) continue;
      if (state[ref] == 1) {
        std::vector<std::string> loop;
        auto start = std::find(stack.begin(), stack.end(), ref);
        loop.assign(start, stack.end());
        loop.push_back(ref);
        graph.problems.push_back(
            {"etl-cycle", ref, by_name[ref]->path,
             absl::StrCat("the model graph has a cycle: ",
                          absl::StrJoin(loop, " -> "))});
        cycle = true;
        return;
      }
      if (state[ref] == 0) visit(ref);
    }
    stack.pop_back();
    state[name] = 2;
    order.push_back(name);
  };
  for (const DbtModel& model : project.models) {
    if (rendered.count(model.name) != 0 && state[model.name] == 0) visit(model.name);
  }
  if (!graph.problems.empty()) return graph;
  for (const std::string& name : order) {
    graph.order.push_back(by_name[name]);
    graph.rendered.push_back(rendered[name]);
  }
  return graph;
}

}  // namespace baton::agents::etl
