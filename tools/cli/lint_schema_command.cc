#include "tools/cli/working_directory.h"
#include "tools/cli/lint_schema_command.h"

#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "absl/strings/str_cat.h"
#include "agents/schema/finding_format.h"
#include "agents/schema/schema_lint.h"
#include "agents/schema/schema_loader.h"
#include "tools/cli/command_flags.h"

namespace baton::cli {
namespace {

constexpr int kExitFindings = 1;
constexpr int kExitUsage = 2;

constexpr char kUsage[] =
    "usage: baton lint-schema [PATH] [--table T]... [--json] | --rules\n"
    "  PATH: a repository (its migrations), a .sql file or a folder of .sql\n"
    "        files; default: the working directory\n";

}  // namespace

int RunLintSchemaCommand(const std::vector<std::string>& args,
                         const Installation& installation, std::ostream& out,
                         std::ostream& err) {
  (void)installation;
  std::vector<std::string> tables;
  std::string ignored;
  bool json = false;
  bool rules = false;
  CommandFlags flags;
  flags.Repeated("--table", &tables);
  flags.Bool("--json", &json);
  flags.Bool("--rules", &rules);
  flags.String("--cards", &ignored);
  flags.String("--agents-root", &ignored);
  if (std::string problem = flags.Parse(args); !problem.empty()) {
    err << "baton lint-schema: " << problem << "\n" << kUsage;
    return kExitUsage;
  }
  if (rules) {
    for (const agents::schema::LintRule& rule : agents::schema::LintRules()) {
      out << rule.id << " (" << handoff::Finding::Severity_Name(rule.severity)
          << "): " << rule.summary << "\n";
    }
    return 0;
  }
  if (flags.positional().size() > 1) {
    err << "baton lint-schema: takes at most one PATH\n" << kUsage;
    return kExitUsage;
  }
  const std::string typed =
      flags.positional().empty() ? "." : flags.positional().front();
  const std::filesystem::path path =
      std::filesystem::path(typed).is_absolute()
          ? std::filesystem::path(typed)
          : std::filesystem::path(WorkingDirectory()) / typed;
  agents::schema::LoadOptions load;
  load.display_prefix = typed == "." ? "" : typed;
  absl::StatusOr<agents::schema::LoadedSchema> schema =
      agents::schema::LoadSchema(path.lexically_normal().string(), load);
  if (!schema.ok()) {
    err << "baton lint-schema: " << schema.status().message() << "\n";
    return kExitUsage;
  }
  for (const std::string& table : tables) {
    if (schema->snapshot.FindTable(table) == nullptr) {
      err << "baton lint-schema: no table " << table << " in " << schema->origin
          << "\n";
      return kExitUsage;
    }
  }
  agents::schema::LintOptions options;
  options.tables = tables;
  std::vector<handoff::Finding> findings = agents::schema::LintSchema(*schema, options);
  const std::string subject = absl::StrCat(
      schema->origin, " (", schema->snapshot.tables.size(), " tables)");
  if (json) {
    out << agents::schema::FindingsJson(subject, findings);
  } else {
    out << "Schema: " << subject << "\n";
    for (const handoff::Finding& finding : findings) {
      out << agents::schema::FormatFinding(finding);
    }
    out << agents::schema::CountFindings(findings) << "\n";
  }
  return agents::schema::CountAtLeast(findings, handoff::Finding::ERROR) > 0
             ? kExitFindings
             : 0;
}

}  // namespace baton::cli
