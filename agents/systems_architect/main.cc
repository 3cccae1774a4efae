// The systems-architect agent.
//
// Workflows:
//   "Database Schema Design": DDL meeting the card's Schema Design Standards
//   and an ERD in Mermaid, checked with the schema lint
//   (agents/schema/design_step.h).
// Other workflows fail with "systems-architect is not implemented for
// workflow <name>" (agents/common/agent_main.h).
#include "agents/common/agent_main.h"
#include "agents/schema/design_step.h"

int main() {
  const baton::agents::HandlerTable handlers = {
      {"Database Schema Design", baton::agents::schema::SchemaDesignStep},
  };
  return baton::agents::RunAgentMain("systems-architect", handlers);
}
