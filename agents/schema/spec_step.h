// The spec-manager's "Database Schema Design" step: reads the request and
// the repository (design_context.h), plans the design (design_planner.h),
// writes the spec document (<specs dir>/<slug>.md, committed) and leaves the
// plan for the systems-architect in the "schema.design" fact.
// Facts: schema.spec, schema.design (text-format DesignSpec),
// schema.new_tables, schema.entities, schema.erd_only.
// Thread-compatible: writes in the request's workspace.
#ifndef BATON_AGENTS_SCHEMA_SPEC_STEP_H_
#define BATON_AGENTS_SCHEMA_SPEC_STEP_H_

#include "absl/status/statusor.h"
#include "executor/handoff.pb.h"

namespace baton::agents::schema {

// Errors: those of ParseDesignRequest (InvalidArgument: nothing
// designable), LoadDesignContext (SQL that SQLite cannot load, quoted) and
// PlanDesign; Internal when the spec cannot be written.
absl::StatusOr<handoff::AgentResult> SchemaSpecStep(
    const handoff::AgentRequest& request);

}  // namespace baton::agents::schema

#endif  // BATON_AGENTS_SCHEMA_SPEC_STEP_H_
