// Fuzz target: the SQL readers the data and schema agents run on files from
// the repository: PostgreSQL statement splitting and parse trees
// (agents/data/sql_parser, libpg_query), query shapes (agents/data/
// query_shape), the schema agents' lexical splitter (agents/schema/
// sql_statements) and the single-file migration reader (agents/data/
// migration_layout SplitMigrationText). Invariants: every statement's offset
// and line point at its text in the input; each statement parses on its own.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "agents/data/migration_layout.h"
#include "agents/data/query_shape.h"
#include "agents/data/sql_parser.h"
#include "agents/schema/sql_statements.h"
#include "google/protobuf/struct.pb.h"
#include "testing/fuzz/fuzz_support.h"

namespace data = baton::agents::data;
namespace schema = baton::agents::schema;

namespace {

// 1 + the number of '\n' before `offset`.
int LineOf(absl::string_view text, size_t offset) {
  int line = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) line += text[i] == '\n';
  return line;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  const absl::string_view sql = baton::fuzz::AsText(bytes, size);
  if (size > 16 * 1024) return 0;

  const absl::StatusOr<std::vector<data::SqlStatement>> statements = data::SplitSqlStatements(sql);
  if (statements.ok()) {
    int analyzed = 0;
    for (const data::SqlStatement& statement : *statements) {
      FUZZ_CHECK(statement.offset >= 0 && static_cast<size_t>(statement.offset) <= sql.size(), sql);
      FUZZ_CHECK(absl::StartsWith(sql.substr(statement.offset), statement.text), sql);
      FUZZ_CHECK(statement.line == LineOf(sql, statement.offset), sql);
      if (++analyzed > 8) continue;
      const absl::StatusOr<google::protobuf::Value> tree = data::ParseSql(statement.text);
      if (!tree.ok()) {
        baton::fuzz::Fail(absl::StrCat("a statement of a script that parses does not parse alone: ",
                                       tree.status().ToString(), "\nstatement: ", statement.text),
                          sql);
      }
      const absl::StatusOr<data::QueryShape> shape = data::AnalyzeQuery(statement.text);
      if (shape.ok()) (void)shape->UnconnectedItems();
      (void)data::NumberPlaceholders(statement.text);
    }
  } else {
    FUZZ_CHECK(absl::StartsWith(statements.status().message(), "SQL does not parse"), sql);
  }

  for (const schema::SqlStatement& statement : schema::SplitSqlStatements(sql)) {
    FUZZ_CHECK(statement.offset <= sql.size(), sql);
    FUZZ_CHECK(absl::StartsWith(sql.substr(statement.offset), statement.text), sql);
    FUZZ_CHECK(statement.line == LineOf(sql, statement.offset), sql);
    (void)schema::LeadingKeyword(statement.text);
    (void)schema::IsSchemaStatement(statement.text);
  }

  data::MigrationConvention convention;
  const absl::StatusOr<data::MigrationSql> migration =
      data::SplitMigrationText(sql, "004_fuzz.sql", &convention);
  if (!migration.ok()) {
    FUZZ_CHECK(absl::StartsWith(migration.status().message(), "004_fuzz.sql"), sql);
  }
  return 0;
}
