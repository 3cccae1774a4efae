// Draws a card's workflows as graphs, for `baton domains graph`: Mermaid
// (renders in markdown viewers) and Graphviz DOT.
//
// Each workflow is a subgraph named after it. Each chain step is a node (the
// agent, with its note on a second line); every step of a stage has an edge
// to every step of the next stage, so the parallel steps of a stage
// (`a + b`) fan out from the stage before and back into the stage after,
// and share a rank in DOT. Human gates (`[approve rollout]`) are hexagons,
// dashed in DOT.
//
// Thread-safety: pure functions.
#ifndef BATON_DOMAINS_WORKFLOW_GRAPH_H_
#define BATON_DOMAINS_WORKFLOW_GRAPH_H_

#include <string>

#include "absl/strings/string_view.h"
#include "domains/domain.pb.h"

namespace baton::domains {

// `only_workflow` non-empty: just that workflow (compared case-insensitively;
// none when no workflow has that name).
std::string WorkflowsToMermaid(const DomainCard& card,
                               absl::string_view only_workflow = "");
std::string WorkflowsToDot(const DomainCard& card,
                           absl::string_view only_workflow = "");

}  // namespace baton::domains

#endif  // BATON_DOMAINS_WORKFLOW_GRAPH_H_
