#include "agents/schema/design_step.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "agents/common/agent_main.h"
#include "agents/data/migration_layout.h"
#include "agents/schema/ddl_generator.h"
#include "agents/schema/design_context.h"
#include "agents/schema/design_planner.h"
#include "agents/schema/erd.h"
#include "agents/schema/schema_builder.h"
#include "agents/schema/schema_lint.h"
#include "agents/schema/schema_loader.h"
#include "agents/schema/spec_document.h"
#include "agents/schema/workspace_files.h"

namespace baton::agents::schema {
namespace {

using ::baton::handoff::Finding;
using ::baton::schema::DesignSpec;

constexpr char kDefaultAgent[] = "systems-architect";

absl::StatusOr<DesignSpec> SpecFor(const handoff::AgentRequest& request,
                                   const DesignContext& context) {
  auto it = request.handoff().facts().find("schema.design");
  if (it != request.handoff().facts().end()) return DecodeSpec(it->second);
  return PlanDesignFor(request.handoff().request().text(), context);
}

// The migrations' schema with `ddl_files` applied on top.
absl::StatusOr<LoadedSchema> DesignedSchema(const DesignContext& context,
                                            const std::vector<std::string>& ddl_files) {
  absl::StatusOr<SchemaBuilder> builder = SchemaBuilder::Create();
  if (!builder.ok()) return builder.status();
  if (context.layout.has_migrations) {
    absl::StatusOr<data::MigrationLayout> layout =
        data::FindMigrationLayout(context.repo_root);
    if (!layout.ok()) return layout.status();
    absl::Status status = AddMigrations(*builder, context.repo_root, *layout, {});
    if (!status.ok()) return status;
  }
  absl::Status status = AddSqlFiles(*builder, context.repo_root, ddl_files, {});
  if (!status.ok()) return status;
  return builder->Finish("the migrations plus the design");
}

std::string Describe(const Finding& finding) {
  return absl::StrCat(finding.location(), ": ", finding.rule(), ": ",
                      finding.message());
}

}  // namespace

absl::StatusOr<handoff::AgentResult> SchemaDesignStep(
    const handoff::AgentRequest& request) {
  const std::string workspace = WorkspaceOf(request);
  const std::string agent =
      request.step().agent().empty() ? kDefaultAgent : request.step().agent();
  absl::StatusOr<DesignContext> context = LoadDesignContext(workspace);
  if (!context.ok()) return context.status();
  absl::StatusOr<DesignSpec> spec = SpecFor(request, *context);
  if (!spec.ok()) return spec.status();

  std::vector<std::string> ddl_files, new_tables;
  std::vector<Finding> warnings;
  LoadedSchema schema = context->existing;
  if (!spec->erd_only()) {
    absl::StatusOr<std::vector<TableDdl>> ddl = GenerateDdl(*spec, *context);
    if (!ddl.ok()) return ddl.status();
    for (const TableDdl& table : *ddl) {
      absl::Status written = WriteWorkspaceFile(workspace, table.file, table.sql);
      if (!written.ok()) return written;
      ddl_files.push_back(table.file);
      new_tables.push_back(table.table);
    }
    absl::StatusOr<LoadedSchema> designed = DesignedSchema(*context, ddl_files);
    if (!designed.ok()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the designed DDL does not load on SQLite: ", designed.status().message()));
    }
    schema = *std::move(designed);
    LintOptions lint;
    lint.tables = new_tables;
    lint.agent = agent;
    std::vector<Finding> findings = LintSchema(schema, lint);
    std::vector<std::string> errors;
    for (Finding& finding : findings) {
      if (finding.severity() >= Finding::ERROR) {
        errors.push_back(Describe(finding));
      } else {
        warnings.push_back(std::move(finding));
      }
    }
    if (!errors.empty()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the designed DDL fails the schema lint (", errors.size(), " ERROR",
          errors.size() == 1 ? "" : "s", "): ", absl::StrJoin(errors, "; ")));
    }
  }

  const std::string erd_file = absl::StrCat(spec->schemas_dir(), "/erd.md");
  const std::string intro = absl::StrCat(
      "Drawn by Baton's systems-architect for \"", spec->request(), "\" from ",
      spec->erd_only() ? "the schema the migrations build"
                       : "the schema the migrations build plus this design",
      " (", schema.snapshot.tables.size(), " tables), as SQLite loads it. Spec: ",
      spec->spec_path(), ". Regenerate it rather than editing it by hand.");
  absl::Status written = WriteWorkspaceFile(
      workspace, erd_file,
      RenderErdMarkdown("Entity-relationship diagram", intro, schema));
  if (!written.ok()) return written;

  std::string summary =
      ddl_files.empty()
          ? absl::StrCat("wrote ", erd_file, " (", schema.snapshot.tables.size(),
                         " existing tables); no new DDL")
          : absl::StrCat("wrote ", absl::StrJoin(ddl_files, ", "), " and ",
                         erd_file, "; schema lint of ",
                         absl::StrJoin(new_tables, ", "), ": no errors, ",
                         warnings.size(), warnings.size() == 1 ? " warning" : " warnings");
  handoff::AgentResult result = Succeeded(summary);
  for (const std::string& file : ddl_files) {
    absl::StatusOr<handoff::Artifact> artifact =
        MakeArtifact(workspace, file, handoff::Artifact::SCHEMA, agent,
                     "table DDL meeting the Schema Design Standards", true);
    if (!artifact.ok()) return artifact.status();
    *result.add_artifacts() = *std::move(artifact);
  }
  absl::StatusOr<handoff::Artifact> diagram =
      MakeArtifact(workspace, erd_file, handoff::Artifact::DIAGRAM, agent,
                   "ERD in Mermaid", true);
  if (!diagram.ok()) return diagram.status();
  *result.add_artifacts() = *std::move(diagram);
  for (Finding& finding : warnings) *result.add_findings() = std::move(finding);
  auto& facts = *result.mutable_facts();
  facts["schema.ddl_files"] = absl::StrJoin(ddl_files, ",");
  facts["schema.new_tables"] = absl::StrJoin(new_tables, ",");
  facts["schema.erd"] = erd_file;
  facts["schema.lint"] = absl::StrCat("0 errors, ", warnings.size(), " warnings");
  return result;
}

}  // namespace baton::agents::schema
