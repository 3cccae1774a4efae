// The two forms of a DesignSpec: the markdown document the spec-manager
// commits for people (entities, attributes, relationships, standards,
// notes), and the text-format protobuf that travels to the
// systems-architect as the "schema.design" fact.
// Stateless; thread-safe.
#ifndef BATON_AGENTS_SCHEMA_SPEC_DOCUMENT_H_
#define BATON_AGENTS_SCHEMA_SPEC_DOCUMENT_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "agents/schema/design_spec.pb.h"

namespace baton::agents::schema {

std::string RenderSpecMarkdown(const baton::schema::DesignSpec& spec);

std::string EncodeSpec(const baton::schema::DesignSpec& spec);
// InvalidArgument naming the line when `text` is not a DesignSpec.
absl::StatusOr<baton::schema::DesignSpec> DecodeSpec(absl::string_view text);

// "Each order belongs to a user (orders.user_id -> users.id, required, ON
// DELETE RESTRICT)".
std::string DescribeRelationship(const baton::schema::SpecRelationship& relationship);

}  // namespace baton::agents::schema

#endif  // BATON_AGENTS_SCHEMA_SPEC_DOCUMENT_H_
