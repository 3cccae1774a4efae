#include "domains/workflow_graph.h"

#include <string>

#include "domains/card_loader.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace baton::domains {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr char kCard[] = R"md(---
domain: shop
priority: 1
primary_agent: backend-developer
---
## Agent Workflows

### Checkout "v2"
**Trigger**: "build checkout"
```
spec-manager → backend-developer (write "cart" code) + security-auditor → [approve rollout] → git-workflow-manager
```

### Refund
**Trigger**: "refund an order"
```
backend-developer → qa-specialist
```
)md";

DomainCard Card() {
  absl::StatusOr<DomainCard> card = ParseCard(kCard, "shop.md");
  EXPECT_TRUE(card.ok()) << card.status();
  return card.ok() ? *card : DomainCard();
}

TEST(WorkflowGraphTest, MermaidDrawsParallelStagesAndGates) {
  const std::string graph = WorkflowsToMermaid(Card());
  EXPECT_THAT(graph, StartsWith("flowchart LR\n"));
  EXPECT_THAT(graph, HasSubstr("  subgraph w0[\"Checkout #quot;v2#quot;\"]\n"));
  EXPECT_THAT(graph, HasSubstr("    w0_1_0[\"backend-developer<br/>write "
                               "#quot;cart#quot; code\"]\n"));
  EXPECT_THAT(graph, HasSubstr("    w0_2_0{{\"approve rollout\"}}\n"));
  // Fan out to both parallel steps, and back in to the gate.
  EXPECT_THAT(graph, HasSubstr("    w0_0_0 --> w0_1_0\n"));
  EXPECT_THAT(graph, HasSubstr("    w0_0_0 --> w0_1_1\n"));
  EXPECT_THAT(graph, HasSubstr("    w0_1_0 --> w0_2_0\n"));
  EXPECT_THAT(graph, HasSubstr("    w0_1_1 --> w0_2_0\n"));
  EXPECT_THAT(graph, HasSubstr("    w0_2_0 --> w0_3_0\n"));
  EXPECT_THAT(graph, Not(HasSubstr("w0_1_0 --> w0_1_1")));
  EXPECT_THAT(graph, HasSubstr("  subgraph w1[\"Refund\"]\n"));
}

TEST(WorkflowGraphTest, DotDrawsClustersRanksAndDashedGates) {
  const std::string graph = WorkflowsToDot(Card());
  EXPECT_THAT(graph, StartsWith("digraph \"shop\" {\n  rankdir=LR;\n"));
  EXPECT_THAT(graph, HasSubstr("  subgraph \"cluster_0\" {\n    label=\"Checkout "
                               "\\\"v2\\\"\";\n"));
  EXPECT_THAT(graph, HasSubstr("\"w0_1_0\" [label=\"backend-developer\\n(write "
                               "\\\"cart\\\" code)\"];"));
  EXPECT_THAT(graph, HasSubstr("\"w0_2_0\" [label=\"approve rollout\", "
                               "shape=hexagon, style=dashed];"));
  EXPECT_THAT(graph, HasSubstr("{ rank=same; \"w0_1_0\"; \"w0_1_1\"; }"));
  EXPECT_THAT(graph, HasSubstr("  \"w0_1_1\" -> \"w0_2_0\";\n"));
  EXPECT_THAT(graph, HasSubstr("  \"w1_0_0\" -> \"w1_1_0\";\n"));
}

TEST(WorkflowGraphTest, OneWorkflowByName) {
  const std::string graph = WorkflowsToMermaid(Card(), "refund");
  EXPECT_THAT(graph, HasSubstr("Refund"));
  EXPECT_THAT(graph, Not(HasSubstr("Checkout")));
  EXPECT_EQ(WorkflowsToDot(Card(), "nope"),
            "digraph \"shop\" {\n  rankdir=LR;\n  node [shape=box, "
            "style=rounded];\n}\n");
}

}  // namespace
}  // namespace baton::domains
