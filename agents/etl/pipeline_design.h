// The ETL pipeline a request asks for ("Build daily data sync from MongoDB to
// Redshift", "Create dbt models for orders"): source system, warehouse,
// schedule, the fact entity, and the medallion layers (bronze = dbt staging,
// silver = intermediate, gold = marts) with the incremental key and the
// idempotency rule. Carried between agents as "etl.*" facts.
// Stateless; thread-safe.
#ifndef BATON_AGENTS_ETL_PIPELINE_DESIGN_H_
#define BATON_AGENTS_ETL_PIPELINE_DESIGN_H_

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace baton::agents::etl {

struct PipelineDesign {
  std::string source_system = "PostgreSQL";  // As a person writes it.
  std::string source_name = "app";           // dbt source name: mongodb, mysql.
  std::string target = "the warehouse";      // Redshift, Snowflake, ...
  std::string schedule = "daily";            // daily | hourly.
  std::string fact = "orders";               // Plural table name.
  std::string fact_key = "order_id";         // Unique key of the fact.
  std::string incremental_key = "updated_at";
};

// Reads the request. InvalidArgument when it names no pipeline at all
// (neither a sync/ETL/pipeline nor dbt models).
absl::StatusOr<PipelineDesign> DesignPipeline(absl::string_view request);

// The design as "etl.*" facts, and back. FailedPrecondition from
// DesignFromFacts naming the first missing fact (the systems-architect
// leaves them).
std::map<std::string, std::string> DesignFacts(const PipelineDesign& design);
absl::StatusOr<PipelineDesign> DesignFromFacts(
    const std::map<std::string, std::string>& facts);

// Model names of the design: stg_users, stg_<fact>, int_user_<fact>,
// fct_<fact>, dim_users.
std::string StagingModel(const PipelineDesign& design);
std::string IntermediateModel(const PipelineDesign& design);
std::string FactModel(const PipelineDesign& design);

// The spec (what and why; spec-manager) and the design document (layers,
// models, keys, idempotency, schedule; systems-architect), as markdown.
std::string RenderPipelineSpec(const PipelineDesign& design,
                               absl::string_view request);
std::string RenderPipelineDesignDoc(const PipelineDesign& design);

// Where they go, relative to the workspace.
std::string SpecPath(const PipelineDesign& design);
std::string DesignDocPath(const PipelineDesign& design);

}  // namespace baton::agents::etl

#endif  // BATON_AGENTS_ETL_PIPELINE_DESIGN_H_
