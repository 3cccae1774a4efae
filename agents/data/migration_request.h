// Reads a schema-change request written in English ("Add phone_number column
// to users table") into a structured MigrationRequest.
//
// Understood forms (case-insensitive; identifiers may be quoted with ', " or
// `; an explicit type may follow in parentheses anywhere after the column):
//   Add [a|the|new] <column> column to [the] <table> [table] [(<TYPE>)]
//   Add column <column> to <table>
//   Add [unique] index on <table>.<column>   |   Add index on <table>(<column>)
//   Drop|Remove [column] <column> [column] from [the] <table> [table]
// Stateless functions; thread-safe.
#ifndef BATON_AGENTS_DATA_MIGRATION_REQUEST_H_
#define BATON_AGENTS_DATA_MIGRATION_REQUEST_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace baton::agents::data {

struct MigrationRequest {
  enum class Kind { kAddColumn, kAddIndex, kDropColumn };
  Kind kind = Kind::kAddColumn;
  std::string table;
  std::string column;
  // kAddColumn: the SQL type, explicit or inferred; empty otherwise.
  std::string type;
  bool type_inferred = false;
  bool unique = false;  // kAddIndex only.
  std::string text;     // The request as written.
};

// InvalidArgument, listing the understood forms, when `text` matches none of
// them or names an invalid type.
absl::StatusOr<MigrationRequest> ParseMigrationRequest(absl::string_view text);

// The card's "appropriate data types" for a new column named `column`, tried
// in this order: *_at -> TIMESTAMP; *_id or id -> INTEGER; is_*/has_* ->
// BOOLEAN; containing phone -> VARCHAR(20); email -> VARCHAR(255);
// count/quantity -> INTEGER; price/amount/total -> DECIMAL(10,2); otherwise
// VARCHAR(255). (Suffixes first, so email_verified_at is a TIMESTAMP.)
std::string InferColumnType(absl::string_view column);

}  // namespace baton::agents::data

#endif  // BATON_AGENTS_DATA_MIGRATION_REQUEST_H_
