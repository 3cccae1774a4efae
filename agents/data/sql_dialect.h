// The SQL dialects the data agents write and stage: SQLite (the embedded
// default) and PostgreSQL. Stateless; thread-safe.
#ifndef BATON_AGENTS_DATA_SQL_DIALECT_H_
#define BATON_AGENTS_DATA_SQL_DIALECT_H_

#include "absl/strings/string_view.h"

namespace baton::agents::data {

enum class SqlDialect { kSqlite, kPostgres };

// "SQLite" or "PostgreSQL".
absl::string_view DialectName(SqlDialect dialect);

}  // namespace baton::agents::data

#endif  // BATON_AGENTS_DATA_SQL_DIALECT_H_
