// Fuzz target: the data agents' reading of a schema-change request
// (agents/data/migration_request) and the SQL written from it
// (agents/data/migration_writer). The input is the request text. Invariants:
// a request that parses names a table and a column; the migration generated
// for it against a schema holding that table is PostgreSQL-parseable SQL in
// the PostgreSQL dialect (so nothing in the request can inject SQL), with
// the same number of statements in up and down.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "agents/data/migration_request.h"
#include "agents/data/migration_writer.h"
#include "agents/data/schema_snapshot.h"
#include "agents/data/sql_dialect.h"
#include "agents/data/sql_parser.h"
#include "testing/fuzz/fuzz_support.h"

namespace data = baton::agents::data;

namespace {

// A schema holding the request's table: with the column when the request
// drops it or indexes it, without it when the request adds it.
data::SchemaSnapshot SchemaFor(const data::MigrationRequest& request) {
  data::TableInfo table;
  table.name = request.table;
  data::ColumnInfo id;
  id.name = request.column == "id" ? "pk" : "id";
  id.type = "INTEGER";
  id.primary_key_position = 1;
  table.columns.push_back(id);
  if (request.kind != data::MigrationRequest::Kind::kAddColumn) {
    data::ColumnInfo column;
    column.name = request.column;
    column.type = "VARCHAR(255)";
    table.columns.push_back(column);
  }
  data::SchemaSnapshot schema;
  schema.tables.push_back(table);
  return schema;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view text = baton::fuzz::AsText(data, size);
  if (size > 4096) return 0;
  const absl::StatusOr<data::MigrationRequest> request = data::ParseMigrationRequest(text);
  if (!request.ok()) {
    FUZZ_CHECK(request.status().code() == absl::StatusCode::kInvalidArgument, text);
    return 0;
  }
  FUZZ_CHECK(!request->table.empty(), text);
  FUZZ_CHECK(!request->column.empty(), text);
  if (request->kind == data::MigrationRequest::Kind::kAddColumn) {
    FUZZ_CHECK(!request->type.empty(), text);
  }
  FUZZ_CHECK(!data::InferColumnType(request->column).empty(), text);

  const data::SchemaSnapshot schema = SchemaFor(*request);
  for (data::SqlDialect dialect : {data::SqlDialect::kSqlite, data::SqlDialect::kPostgres}) {
    const absl::StatusOr<data::GeneratedMigration> generated =
        data::GenerateMigration(*request, schema, dialect);
    if (!generated.ok()) continue;  // e.g. dropping the primary key: refused, not a crash.
    FUZZ_CHECK(!generated->migration.sql.up.empty(), text);
    if (dialect != data::SqlDialect::kPostgres) continue;
    const absl::StatusOr<std::vector<data::SqlStatement>> up =
        data::SplitSqlStatements(generated->migration.sql.up);
    const absl::StatusOr<std::vector<data::SqlStatement>> down =
        data::SplitSqlStatements(generated->migration.sql.down);
    if (!up.ok() || !down.ok()) {
      baton::fuzz::Fail(absl::StrCat("generated SQL does not parse:\n", generated->migration.sql.up,
                                     "\n", generated->migration.sql.down),
                        text);
    }
    FUZZ_CHECK(up->size() == down->size(), text);
  }
  return 0;
}
