// The systems-architect's DDL: one file per new or planned table of a
// DesignSpec (database/schemas/<table>.sql), meeting the card's Schema
// Design Standards: INTEGER primary keys (link tables: the pair of
// references), REFERENCES with ON DELETE for every relationship and an index
// on each, NOT NULL for required columns, fitting types (entity_catalog.h),
// CHECKs on amounts and quantities, created_at / updated_at (and deleted_at
// when soft delete is asked for). The SQL is idempotent (IF NOT EXISTS) and
// valid on SQLite and PostgreSQL. Stateless; thread-safe.
#ifndef BATON_AGENTS_SCHEMA_DDL_GENERATOR_H_
#define BATON_AGENTS_SCHEMA_DDL_GENERATOR_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "agents/schema/design_context.h"
#include "agents/schema/design_spec.pb.h"

namespace baton::agents::schema {

struct TableDdl {
  std::string table;
  std::string file;  // Repository-relative: "database/schemas/orders.sql".
  std::string sql;   // The file's whole text.
  // Tables of this design it references (they come first).
  std::vector<std::string> references;
  bool replaces_planned = false;
};

// The DDL of every NEW or PLANNED entity, parents before children.
// FailedPrecondition when references form a cycle (named) or a relationship
// names a table that is neither in the design nor in the repository.
absl::StatusOr<std::vector<TableDdl>> GenerateDdl(
    const baton::schema::DesignSpec& spec, const DesignContext& context);

}  // namespace baton::agents::schema

#endif  // BATON_AGENTS_SCHEMA_DDL_GENERATOR_H_
