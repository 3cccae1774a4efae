// The spec-manager's planning: from a DesignRequest and what the repository
// already has (DesignContext) to a DesignSpec of entities, attributes and
// relationships.
//   - Requested tables the migrations already build are EXISTING: reused,
//     never recreated. Tables a schema file defines but no migration creates
//     are PLANNED: their definition is adopted.
//   - Relationships come from the request ("orders belong to users",
//     "posts and tags are many-to-many"), from planned definitions' foreign
//     keys, and from the entity catalog ("line items belong to orders and
//     products"); a required parent that is missing is added to the design.
//   - A request that only asks for a diagram lists the existing tables.
// Stateless; thread-safe.
#ifndef BATON_AGENTS_SCHEMA_DESIGN_PLANNER_H_
#define BATON_AGENTS_SCHEMA_DESIGN_PLANNER_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "agents/schema/design_context.h"
#include "agents/schema/design_request.h"
#include "agents/schema/design_spec.pb.h"

namespace baton::agents::schema {

// Errors: FailedPrecondition when only a diagram is asked for and the
// repository has no schema to draw, when a planned definition references a
// table nobody defines, or when a table to reference has no single-column
// primary key.
absl::StatusOr<baton::schema::DesignSpec> PlanDesign(
    const DesignRequest& request, const DesignContext& context);

// ParseDesignRequest(request_text), then PlanDesign; errors of both.
absl::StatusOr<baton::schema::DesignSpec> PlanDesignFor(
    absl::string_view request_text, const DesignContext& context);

// "design-database-schema-for-users-and-orders" (at most 80 characters,
// cut at a word; "schema-design" when nothing is left).
std::string SpecSlug(absl::string_view request);

}  // namespace baton::agents::schema

#endif  // BATON_AGENTS_SCHEMA_DESIGN_PLANNER_H_
