// The systems-architect's "Database Schema Design" step: turns the spec
// (the "schema.design" fact, or the request itself when no spec-manager ran)
// into DDL files (<schemas dir>/<table>.sql, ddl_generator.h) and an ERD in
// Mermaid (<schemas dir>/erd.md, erd.h) of the schema the migrations build
// plus the design, both committed. It loads its own DDL on SQLite on top of
// the existing migrations and runs the schema lint on the new tables: any
// ERROR finding fails the step; WARNINGs are reported as findings.
// Facts: schema.ddl_files (in dependency order), schema.new_tables,
// schema.erd, schema.lint.
// Thread-compatible: writes in the request's workspace.
#ifndef BATON_AGENTS_SCHEMA_DESIGN_STEP_H_
#define BATON_AGENTS_SCHEMA_DESIGN_STEP_H_

#include "absl/status/statusor.h"
#include "executor/handoff.pb.h"

namespace baton::agents::schema {

// Errors: InvalidArgument for a schema.design fact that does not decode;
// those of LoadDesignContext, PlanDesignFor and GenerateDdl;
// FailedPrecondition when the DDL does not load on SQLite or the lint finds
// ERRORs (listed); Internal when a file cannot be written.
absl::StatusOr<handoff::AgentResult> SchemaDesignStep(
    const handoff::AgentRequest& request);

}  // namespace baton::agents::schema

#endif  // BATON_AGENTS_SCHEMA_DESIGN_STEP_H_
