// The four built-in agents' steps of the data card's "ETL Pipeline
// Development" workflow:
//   spec-manager            EtlSpecStep: docs/specs/<fact>_pipeline.md (SPEC,
//                           committed) and the "etl.*" design facts.
//   systems-architect       EtlDesignStep: docs/design/<fact>_pipeline.md
//                           (SPEC, committed): layers, models, keys,
//                           idempotency; re-states the "etl.*" facts.
//   infrastructure-specialist EtlScaffoldStep: the dbt project
//                           (dbt_scaffold.h) as CODE (sql) and CONFIG (yml) artifacts,
//                           committed.
//   qa-specialist           EtlVerifyStep: dbt_verifier.h on the handoff's
//                           staging database; every problem is an ERROR
//                           finding with its rule id, and the step FAILS
//                           naming the first problem's model.
// Thread-compatible: each writes in its request's workspace.
#ifndef BATON_AGENTS_ETL_ETL_STEPS_H_
#define BATON_AGENTS_ETL_ETL_STEPS_H_

#include "absl/status/statusor.h"
#include "executor/handoff.pb.h"

namespace baton::agents::etl {

inline constexpr char kEtlWorkflow[] = "ETL Pipeline Development";

// Errors: InvalidArgument from DesignPipeline (the request names no
// pipeline); Internal when the document cannot be written.
absl::StatusOr<handoff::AgentResult> EtlSpecStep(const handoff::AgentRequest& request);
// As EtlSpecStep; uses the spec-manager's facts when present, else reads the
// request itself.
absl::StatusOr<handoff::AgentResult> EtlDesignStep(const handoff::AgentRequest& request);
// FailedPrecondition when the "etl.*" facts are missing; AlreadyExists when
// a model it would write exists.
absl::StatusOr<handoff::AgentResult> EtlScaffoldStep(const handoff::AgentRequest& request);
// NotFound when the workspace holds no dbt project; a FAILED result (not an
// error Status) with findings when a model is wrong.
absl::StatusOr<handoff::AgentResult> EtlVerifyStep(const handoff::AgentRequest& request);

}  // namespace baton::agents::etl

#endif  // BATON_AGENTS_ETL_ETL_STEPS_H_
