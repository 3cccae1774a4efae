// Entity-relationship diagrams in Mermaid (`erDiagram`), drawn from a schema
// SQLite built (so the diagram shows what the DDL really declares): one
// entity per table with its columns (type, PK / FK / UK, NOT NULL), one line
// per foreign key with crow's-foot cardinality (`||` a required parent, `|o`
// an optional one; `o{` many children, `o|` at most one).
// Stateless; thread-safe.
#ifndef BATON_AGENTS_SCHEMA_ERD_H_
#define BATON_AGENTS_SCHEMA_ERD_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "agents/schema/loaded_schema.h"

namespace baton::agents::schema {

// The `erDiagram` text for `tables` of `schema` (every table when empty),
// plus the tables their foreign keys point at.
std::string RenderMermaidErd(const LoadedSchema& schema,
                             const std::vector<std::string>& tables = {});

// A markdown document: `title`, `intro`, the diagram in a ```mermaid block.
std::string RenderErdMarkdown(absl::string_view title, absl::string_view intro,
                              const LoadedSchema& schema,
                              const std::vector<std::string>& tables = {});

}  // namespace baton::agents::schema

#endif  // BATON_AGENTS_SCHEMA_ERD_H_
