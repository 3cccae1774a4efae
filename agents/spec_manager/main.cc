// The spec-manager agent.
//
// Workflows:
//   "Database Schema Design": writes a short spec of the entities and
//   relationships the request names, reusing the tables the repository's
//   migrations already build (agents/schema/spec_step.h).
//   "ETL Pipeline Development": a short spec of the pipeline (goal,
//   requirements, acceptance) and the "etl.*" facts (agents/etl/etl_steps.h).
// Other workflows fail with "spec-manager is not implemented for workflow
// <name>" (agents/common/agent_main.h).
#include "agents/common/agent_main.h"
#include "agents/etl/etl_steps.h"
#include "agents/schema/spec_step.h"

int main() {
  const baton::agents::HandlerTable handlers = {
      {"Database Schema Design", baton::agents::schema::SchemaSpecStep},
      {"ETL Pipeline Development", baton::agents::etl::EtlSpecStep},
  };
  return baton::agents::RunAgentMain("spec-manager", handlers);
}
