#include "agents/data/sql_dialect.h"

namespace baton::agents::data {

absl::string_view DialectName(SqlDialect dialect) {
  return dialect == SqlDialect::kPostgres ? "PostgreSQL" : "SQLite";
}

}  // namespace baton::agents::data
