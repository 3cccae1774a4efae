#include "domains/workflow_graph.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace baton::domains {
namespace {

bool Selected(const Workflow& workflow, absl::string_view only) {
  return only.empty() || absl::EqualsIgnoreCase(workflow.name(), only);
}

std::string NodeId(int workflow, int stage, int step) {
  return absl::StrCat("w", workflow, "_", stage, "_", step);
}

std::string MermaidText(absl::string_view text) {
  return absl::StrReplaceAll(text, {{"\"", "#quot;"}});
}

std::string DotText(absl::string_view text) {
  return absl::StrReplaceAll(text, {{"\\", "\\\\"}, {"\"", "\\\""}});
}

// Calls edge(from_id, to_id) for every edge of `workflow` number `w`.
template <typename Fn>
void ForEachEdge(const Workflow& workflow, int w, Fn edge) {
  for (int s = 1; s < workflow.stages_size(); ++s) {
    for (int a = 0; a < workflow.stages(s - 1).steps_size(); ++a) {
      for (int b = 0; b < workflow.stages(s).steps_size(); ++b) {
        edge(NodeId(w, s - 1, a), NodeId(w, s, b));
      }
    }
  }
}

}  // namespace

std::string WorkflowsToMermaid(const DomainCard& card,
                               absl::string_view only_workflow) {
  std::string out = "flowchart LR\n";
  for (int w = 0; w < card.workflows_size(); ++w) {
    const Workflow& workflow = card.workflows(w);
    if (!Selected(workflow, only_workflow)) continue;
    absl::StrAppend(&out, "  subgraph w", w, "[\"", MermaidText(workflow.name()),
                    "\"]\n    direction LR\n");
    for (int s = 0; s < workflow.stages_size(); ++s) {
      for (int p = 0; p < workflow.stages(s).steps_size(); ++p) {
        const ChainStep& step = workflow.stages(s).steps(p);
        const std::string id = NodeId(w, s, p);
        if (step.kind() == ChainStep::HUMAN_GATE) {
          absl::StrAppend(&out, "    ", id, "{{\"", MermaidText(step.note()),
                          "\"}}\n");
        } else {
          absl::StrAppend(&out, "    ", id, "[\"", MermaidText(step.agent()),
                          step.note().empty() ? "" : "<br/>",
                          MermaidText(step.note()), "\"]\n");
        }
      }
    }
    ForEachEdge(workflow, w, [&](const std::string& a, const std::string& b) {
      absl::StrAppend(&out, "    ", a, " --> ", b, "\n");
    });
    absl::StrAppend(&out, "  end\n");
  }
  return out;
}

std::string WorkflowsToDot(const DomainCard& card,
                           absl::string_view only_workflow) {
  std::string out =
      absl::StrCat("digraph \"", DotText(card.domain()),
                   "\" {\n  rankdir=LR;\n  node [shape=box, style=rounded];\n");
  std::string edges;
  for (int w = 0; w < card.workflows_size(); ++w) {
    const Workflow& workflow = card.workflows(w);
    if (!Selected(workflow, only_workflow)) continue;
    absl::StrAppend(&out, "  subgraph \"cluster_", w, "\" {\n    label=\"",
                    DotText(workflow.name()), "\";\n");
    for (int s = 0; s < workflow.stages_size(); ++s) {
      const ChainStage& stage = workflow.stages(s);
      for (int p = 0; p < stage.steps_size(); ++p) {
        const ChainStep& step = stage.steps(p);
        const std::string id = NodeId(w, s, p);
        if (step.kind() == ChainStep::HUMAN_GATE) {
          absl::StrAppend(&out, "    \"", id, "\" [label=\"",
                          DotText(step.note()),
                          "\", shape=hexagon, style=dashed];\n");
        } else {
          absl::StrAppend(&out, "    \"", id, "\" [label=\"",
                          DotText(step.agent()),
                          step.note().empty() ? "" : "\\n(",
                          DotText(step.note()), step.note().empty() ? "" : ")",
                          "\"];\n");
        }
      }
      if (stage.steps_size() > 1) {  // Parallel steps side by side.
        absl::StrAppend(&out, "    { rank=same;");
        for (int p = 0; p < stage.steps_size(); ++p) {
          absl::StrAppend(&out, " \"", NodeId(w, s, p), "\";");
        }
        absl::StrAppend(&out, " }\n");
      }
    }
    absl::StrAppend(&out, "  }\n");
    ForEachEdge(workflow, w, [&](const std::string& a, const std::string& b) {
      absl::StrAppend(&edges, "  \"", a, "\" -> \"", b, "\";\n");
    });
  }
  absl::StrAppend(&out, edges, "}\n");
  return out;
}

}  // namespace baton::domains
