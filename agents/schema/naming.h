// English-to-SQL naming for schema design and lint: snake_case identifiers,
// plural table names ("line item" -> line_items), foreign-key column names
// (categories -> category_id) and the tables a `*_id` column may refer to.
// Stateless functions; thread-safe.
#ifndef BATON_AGENTS_SCHEMA_NAMING_H_
#define BATON_AGENTS_SCHEMA_NAMING_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace baton::agents::schema {

// "Line Items" -> "line_items", "userId" -> "user_id", "e-commerce" ->
// "e_commerce". Characters other than ASCII letters and digits separate
// words; the result has no leading, trailing or doubled underscores.
std::string ToSnakeCase(absl::string_view text);

// One lower-case English word: "category" -> "categories", "status" ->
// "statuses", "person" -> "people"; uncountable words ("data") unchanged.
std::string PluralizeWord(absl::string_view word);
// The inverse: "categories" -> "category", "addresses" -> "address",
// "warehouses" -> "warehouse"; a word that is already singular is unchanged.
std::string SingularizeWord(absl::string_view word);

// The table for a phrase naming an entity: snake_case with the last word
// plural. "line item" -> "line_items", "Users" -> "users".
std::string TableNameFor(absl::string_view phrase);

// The foreign-key column pointing at `table`: the last word singular plus
// "_id". "users" -> "user_id", "line_items" -> "line_item_id".
std::string ForeignKeyColumnFor(absl::string_view table);

// The tables a column named like `column` ("user_id", "UserId",
// "created_by_user_id") may refer to, most likely first. Empty unless the
// snake_case name ends in "_id" with something before it. Only the full stem
// is tried ("line_item_id" -> line_items, line_item), plus the last word
// after a role prefix such as created_by_, owner_, billing_, parent_.
std::vector<std::string> ReferencedTableCandidates(absl::string_view column);

}  // namespace baton::agents::schema

#endif  // BATON_AGENTS_SCHEMA_NAMING_H_
