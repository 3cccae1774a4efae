// Fuzz target: schema files through the schema agents: SQL run statement by
// statement on an in-memory SQLite database (agents/schema/schema_builder,
// schema statements only, missing tables deferred), then the card's lint
// rules (agents/schema/schema_lint). Invariants: errors name fuzz.sql and a
// line; every finding has a known rule id, a message and a fix.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "agents/schema/loaded_schema.h"
#include "agents/schema/schema_builder.h"
#include "agents/schema/schema_lint.h"
#include "executor/handoff.pb.h"
#include "testing/fuzz/fuzz_support.h"

namespace schema = baton::agents::schema;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view sql = baton::fuzz::AsText(data, size);
  if (size > 16 * 1024) return 0;
  // SQLite runs what it is given: a recursive CTE in CREATE TABLE ... AS or
  // a trigger can loop for ever. Not a Baton bug; keep the fuzzer moving.
  const std::string lower = absl::AsciiStrToLower(sql);
  if (absl::StrContains(lower, "recursive") || absl::StrContains(lower, "zeroblob") ||
      absl::StrContains(lower, "randomblob")) {
    return 0;
  }
  absl::StatusOr<schema::SchemaBuilder> builder = schema::SchemaBuilder::Create();
  FUZZ_CHECK(builder.ok(), sql);
  schema::ApplyOptions options;
  options.schema_only = true;
  options.defer_missing_tables = true;
  const absl::Status applied = builder->Apply(sql, "fuzz.sql", 1, options);
  if (!applied.ok()) {
    FUZZ_CHECK(absl::StartsWith(applied.message(), "fuzz.sql:"), sql);
  }
  const absl::StatusOr<schema::LoadedSchema> loaded = builder->Finish("fuzz.sql");
  if (!loaded.ok()) return 0;

  std::set<std::string> rules;
  for (const schema::LintRule& rule : schema::LintRules()) rules.emplace(rule.id);
  for (const baton::handoff::Finding& finding : schema::LintSchema(*loaded)) {
    FUZZ_CHECK(rules.count(finding.rule()) == 1, sql);
    FUZZ_CHECK(!finding.message().empty(), sql);
  }
  return 0;
}
