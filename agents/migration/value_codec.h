// How one column value travels from MySQL to PostgreSQL and how both sides'
// values are made comparable, per ValueKind (schema_translator.h):
//   - SqlLiteral: the PostgreSQL literal the batch copier inserts for a value
//     MySQL returned (zero dates -> NULL, 0/1 -> false/true, bytes -> '\x..').
//   - CanonicalSource / CanonicalTarget: one text per value such that the two
//     are equal exactly when the copy carried the value faithfully (floats by
//     their binary value, timestamps without trailing fractional zeros or the
//     UTC offset, bytes as hex, booleans as t/f, zero dates as NULL).
// Pure functions; thread-safe.
#ifndef BATON_AGENTS_MIGRATION_VALUE_CODEC_H_
#define BATON_AGENTS_MIGRATION_VALUE_CODEC_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "agents/migration/schema_translator.h"

namespace baton::agents::migration {

// InvalidArgument when the value cannot be stored in PostgreSQL as is (a NUL
// byte in text, a number that is not one); the message names the problem,
// the caller adds the table and key.
absl::StatusOr<std::string> SqlLiteral(ValueKind kind, const std::optional<std::string>& value);

// The canonical text of a value as MySQL returned it ("\N" for NULL and for
// zero dates).
std::string CanonicalSource(ValueKind kind, const std::optional<std::string>& value);

// The canonical text of a value as PostgreSQL returned it (text format).
std::string CanonicalTarget(ValueKind kind, const std::optional<std::string>& value);

}  // namespace baton::agents::migration

#endif  // BATON_AGENTS_MIGRATION_VALUE_CODEC_H_
