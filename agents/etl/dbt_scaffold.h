// Writes the dbt project of a PipelineDesign in the data card's "dbt Project
// Structure": dbt/dbt_project.yml, models/staging (bronze), intermediate
// (silver), marts (gold) with their sources and column tests in yml,
// tests/assert_positive_amounts.sql, macros/generate_schema_name.sql, and
// fixture source rows (tests/fixtures/sources.sql) for staging runs.
// Thread-compatible: writes in the workspace.
#ifndef BATON_AGENTS_ETL_DBT_SCAFFOLD_H_
#define BATON_AGENTS_ETL_DBT_SCAFFOLD_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "agents/etl/dbt_project.h"
#include "agents/etl/pipeline_design.h"

namespace baton::agents::etl {

// The files written, relative to `workspace`, in a stable order.
// AlreadyExists naming the file when a model the design would write already
// exists (the scaffold never overwrites a person's model); Internal when a
// file cannot be written.
absl::StatusOr<std::vector<std::string>> WriteDbtScaffold(
    const std::string& workspace, const PipelineDesign& design);

}  // namespace baton::agents::etl

#endif  // BATON_AGENTS_ETL_DBT_SCAFFOLD_H_
