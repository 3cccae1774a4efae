#include "agents/schema/migration_lint.h"

#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "agents/schema/schema_lint.h"
#include "agents/schema/schema_loader.h"

namespace baton::agents::schema {

std::vector<std::string> TouchedTables(const handoff::Handoff& handoff,
                                       const std::vector<std::string>& added_columns) {
  std::vector<std::string> tables;
  std::set<std::string> seen;
  auto add = [&](const std::string& table) {
    if (!table.empty() && seen.insert(table).second) tables.push_back(table);
  };
  auto fact = handoff.facts().find("migration.table");
  if (fact != handoff.facts().end()) add(fact->second);
  for (const std::string& column : added_columns) {
    add(column.substr(0, column.find('.')));
  }
  return tables;
}

int AddSchemaLintFindings(const std::string& workspace,
                          const std::vector<std::string>& tables,
                          absl::string_view agent, handoff::AgentResult* result) {
  if (tables.empty()) return 0;
  absl::StatusOr<LoadedSchema> schema = LoadMigrationSchema(workspace);
  if (!schema.ok()) {
    handoff::Finding* finding = result->add_findings();
    finding->set_severity(handoff::Finding::INFO);
    finding->set_rule("schema-lint-skipped");
    finding->set_agent(std::string(agent));
    finding->set_message(absl::StrCat("schema lint did not run: ",
                                      schema.status().message()));
    return 1;
  }
  LintOptions options;
  options.tables = tables;
  options.agent = std::string(agent);
  std::vector<handoff::Finding> findings = LintSchema(*schema, options);
  for (handoff::Finding& finding : findings) {
    *result->add_findings() = std::move(finding);
  }
  return static_cast<int>(findings.size());
}

}  // namespace baton::agents::schema
