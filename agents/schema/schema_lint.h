// The data card's schema rules (Schema Design Standards, Data Modeling Best
// Practices, Database Design Anti-Patterns) applied to a schema SQLite has
// introspected. Each finding carries a rule id, a severity, a location
// (file:line where the table or column was defined when known, else
// table.column), a message and a fix.
//
// Rules (id, severity):
//   missing-primary-key      ERROR    a table without a PRIMARY KEY
//   missing-foreign-key      ERROR    a *_id column naming another existing
//                                     table without a FOREIGN KEY
//   god-table                WARNING  50 or more columns
//   eav-table                WARNING  entity / attribute / value rows
//   text-for-everything      WARNING  most columns of a table are textual
//   text-typed-value         WARNING  a time, amount, flag or integer
//                                     reference declared as text
//   missing-audit-columns    WARNING  no created_at / updated_at (link
//                                     tables need only created_at)
//   nullable-required-field  WARNING  NULL allowed where it never belongs:
//                                     audit columns, keys (email, username,
//                                     sku, slug) in unique indexes or on
//                                     person tables, *_id columns in a
//                                     primary key or unique index
//   too-many-indexes         WARNING  more than 5 indexes besides the
//                                     primary key, or 3+ and more than half
//                                     the columns
//   unindexed-foreign-key    WARNING  no index starts with the FK columns
// Stateless; thread-safe.
#ifndef BATON_AGENTS_SCHEMA_SCHEMA_LINT_H_
#define BATON_AGENTS_SCHEMA_SCHEMA_LINT_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "agents/schema/loaded_schema.h"
#include "executor/handoff.pb.h"

namespace baton::agents::schema {

struct LintRule {
  absl::string_view id;
  handoff::Finding::Severity severity;
  absl::string_view summary;
};

// Every rule, in the order LintSchema applies them to a table.
const std::vector<LintRule>& LintRules();

struct LintOptions {
  // Lint only these tables (case-insensitive); empty lints every table.
  std::vector<std::string> tables;
  int god_table_columns = 50;
  int max_indexes = 5;
  // Set as each finding's agent.
  std::string agent;
};

// The findings for `schema`, table by table in name order, rules in
// LintRules() order.
std::vector<handoff::Finding> LintSchema(const LoadedSchema& schema,
                                         const LintOptions& options = {});

// How many of `findings` have at least `severity`.
int CountAtLeast(const std::vector<handoff::Finding>& findings,
                 handoff::Finding::Severity severity);

// The existing table of `schema` (other than `table`) that the *_id column
// `column` names, as the schema spells it; "" when there is none.
std::string ReferencedTable(const data::SchemaSnapshot& schema,
                            absl::string_view table, absl::string_view column);

// Declared types: true for CHAR/VARCHAR/TEXT/CLOB/STRING types.
bool IsTextualType(absl::string_view type);

}  // namespace baton::agents::schema

#endif  // BATON_AGENTS_SCHEMA_SCHEMA_LINT_H_
