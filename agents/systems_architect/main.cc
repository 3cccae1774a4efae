// The systems-architect agent.
//
// Workflows:
//   "Database Schema Design": DDL meeting the card's Schema Design Standards
//   and an ERD in Mermaid, checked with the schema lint
//   (agents/schema/design_step.h).
//   "ETL Pipeline Development" (design pipeline): the design document
//   (layers bronze/silver/gold, incremental key, idempotency) and the "etl.*"
//   facts (agents/etl/etl_steps.h).
//   "Data Migration" (migration strategy): reads the MySQL source's schema
//   and writes the strategy (inventory, type risks, phases, cut-over,
//   rollback) (agents/migration/migration_steps.h).
//   "Cache Implementation": the cache design (keys, TTL, invalidation) for the
//   entity the request names, from the repository's own data access
//   (agents/cache/cache_steps.h).
// Other workflows fail with "systems-architect is not implemented for
// workflow <name>" (agents/common/agent_main.h).
#include "agents/cache/cache_steps.h"
#include "agents/common/agent_main.h"
#include "agents/etl/etl_steps.h"
#include "agents/migration/migration_steps.h"
#include "agents/schema/design_step.h"

int main() {
  const baton::agents::HandlerTable handlers = {
      {"Database Schema Design", baton::agents::schema::SchemaDesignStep},
      {"ETL Pipeline Development", baton::agents::etl::EtlDesignStep},
      {"Data Migration", baton::agents::migration::MigrationStrategyStep},
      {"Cache Implementation", baton::agents::cache::CacheDesignStep},
  };
  return baton::agents::RunAgentMain("systems-architect", handlers);
}
