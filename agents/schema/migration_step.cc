#include "agents/schema/migration_step.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "agents/common/agent_main.h"
#include "agents/data/migration_verifier.h"
#include "agents/schema/design_context.h"
#include "agents/schema/schema_migration_author.h"
#include "agents/schema/workspace_files.h"

namespace baton::agents::schema {

absl::StatusOr<handoff::AgentResult> SchemaMigrationStep(
    const handoff::AgentRequest& request) {
  const std::string workspace = WorkspaceOf(request);
  const std::string agent = request.step().agent().empty()
                                ? "infrastructure-specialist"
                                : request.step().agent();
  const handoff::Handoff& handoff = request.handoff();
  std::vector<std::string> ddl_files;
  auto fact = handoff.facts().find("schema.ddl_files");
  if (fact != handoff.facts().end() && !fact->second.empty()) {
    ddl_files = absl::StrSplit(fact->second, ',', absl::SkipEmpty());
  }
  absl::StatusOr<std::vector<std::string>> schemas =
      VerifiedArtifacts(workspace, handoff, handoff::Artifact::SCHEMA);
  if (!schemas.ok()) return schemas.status();
  if (fact == handoff.facts().end()) ddl_files = *schemas;
  for (const std::string& file : ddl_files) {
    if (std::find(schemas->begin(), schemas->end(), file) == schemas->end()) {
      return absl::FailedPreconditionError(absl::StrCat(
          file, " is not a SCHEMA artifact of this run; in the Database Schema "
          "Design workflow systems-architect writes the DDL first"));
    }
  }
  if (ddl_files.empty()) {
    return Succeeded("the design creates no table: nothing to migrate");
  }
  if (request.scratch_dir().empty()) {
    return absl::InvalidArgumentError(
        "the request has no scratch_dir for the staging database");
  }
  absl::StatusOr<DesignLayout> layout = FindDesignLayout(workspace);
  if (!layout.ok()) return layout.status();
  absl::StatusOr<SchemaMigrations> migrations = AuthorSchemaMigrations(
      workspace, ddl_files, layout->migrations_dir, absl::Now());
  if (!migrations.ok()) return migrations.status();

  data::VerifierOptions options;
  options.repo_root = workspace;
  options.scratch_dir = request.scratch_dir();
  options.new_migration_files = migrations->files;
  options.staging_kind = handoff.staging().kind();
  options.staging_url = handoff.staging().url();
  absl::StatusOr<data::VerificationReport> report = data::VerifyMigrations(options);
  if (!report.ok()) return report.status();

  handoff::AgentResult result = Succeeded(
      absl::StrCat(migrations->summary, "; verified: ", report->Summary()));
  for (const std::string& file : migrations->files) {
    absl::StatusOr<handoff::Artifact> artifact = MakeArtifact(
        workspace, file, handoff::Artifact::MIGRATION, agent,
        absl::StrCat("creates ", absl::StrJoin(migrations->tables, ", ")), true);
    if (!artifact.ok()) return artifact.status();
    *result.add_artifacts() = *std::move(artifact);
  }
  auto& facts = *result.mutable_facts();
  facts["migration.files"] = absl::StrJoin(migrations->files, ",");
  facts["migration.tables"] = absl::StrJoin(migrations->tables, ",");
  facts["migration.convention"] =
      std::string(data::ConventionName(migrations->convention));
  facts["migration.verified"] = report->Summary();
  return result;
}

}  // namespace baton::agents::schema
