// The qa-specialist's check of a dbt project on a staging database: builds
// the model graph (model_graph.h: render, parse, resolve, order), loads the
// fixture source rows, builds every model in dependency order as a table
// (CREATE TABLE <model> AS <rendered SQL>), counts its rows, and checks the
// data-quality rules: the yml `not_null` / `unique` column tests and the
// singular tests in dbt/tests. Problems carry rule ids (model_graph.h).
// Thread-compatible.
#ifndef BATON_AGENTS_ETL_DBT_VERIFIER_H_
#define BATON_AGENTS_ETL_DBT_VERIFIER_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "agents/data/staging.h"
#include "agents/etl/model_graph.h"

namespace baton::agents::etl {

struct DbtVerification {
  std::string database;  // StagingDatabase::Describe().
  std::vector<std::pair<std::string, int64_t>> row_counts;  // Build order.
  int checks = 0;        // Column and singular tests run.
  std::vector<EtlProblem> problems;
  std::string Summary() const;
};

// Errors (as Status, not problems): those of LoadDbtProject and
// OpenThrowawayDatabase. Everything wrong with the models is a problem.
absl::StatusOr<DbtVerification> VerifyDbtProject(
    const std::string& workspace, const data::StagingTarget& target);

}  // namespace baton::agents::etl

#endif  // BATON_AGENTS_ETL_DBT_VERIFIER_H_
