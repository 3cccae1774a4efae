// What the schema designer knows about common entities: their usual
// attributes (with the types the card's Schema Design Standards call for:
// DECIMAL for money, TIMESTAMP for times, VARCHAR(n) for bounded text) and
// whom they belong to ("orders belong to customers or users", "line items
// belong to orders and products"). Unknown entities get a name column; the
// spec says so. Immutable data; thread-safe.
#ifndef BATON_AGENTS_SCHEMA_ENTITY_CATALOG_H_
#define BATON_AGENTS_SCHEMA_ENTITY_CATALOG_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace baton::agents::schema {

struct ColumnTemplate {
  std::string name;
  std::string type;
  bool required = true;
  std::string default_sql;
  bool unique = false;
  // A CHECK expression without "CHECK": "price >= 0".
  std::string check;
};

struct ParentTemplate {
  // Candidate parent tables, preferred first; the first present in the
  // design wins.
  std::vector<std::string> tables;
  // Every row has one; when none of `tables` is in the design, the first is
  // added to it.
  bool required = true;
  std::string on_delete;  // "CASCADE", "RESTRICT", "SET NULL".
  bool one_to_one = false;
  // The table added when a required parent is missing; empty means the
  // first of `tables`.
  std::string add_if_missing;
};

struct EntityTemplate {
  std::string table;
  std::vector<ColumnTemplate> columns;
  std::vector<ParentTemplate> parents;
};

// A many-to-many pair and the link table that joins them.
struct LinkTemplate {
  std::string first;
  std::string second;
  std::string link;
};

// The template for a table name ("orders"), or nullptr.
const EntityTemplate* FindEntityTemplate(absl::string_view table);

// Pairs that are many-to-many when both are in a design.
const std::vector<LinkTemplate>& KnownLinks();

// The physical column for attribute `name` of `table`: the template's when
// the table has one with that name, else chosen from the name (email ->
// VARCHAR(255), *_at -> TIMESTAMP, price -> DECIMAL(10,2) CHECK >= 0,
// is_* -> BOOLEAN NOT NULL DEFAULT FALSE, description -> TEXT, ...;
// VARCHAR(255) otherwise). `required` is the template's, or false.
ColumnTemplate ChooseColumn(absl::string_view table, absl::string_view name);

}  // namespace baton::agents::schema

#endif  // BATON_AGENTS_SCHEMA_ENTITY_CATALOG_H_
