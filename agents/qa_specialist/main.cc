// The qa-specialist agent.
//
// Workflows:
//   "Database Migration" (staging test): runs the migrations, including the
//   MIGRATION artifacts of the handoff, up, down and up again on the
//   handoff's staging database (SQLite, or a throwaway database on the
//   PostgreSQL server of --staging) with the repository's seeds
//   (agents/data/migration_verifier.h). New columns that look like personal
//   data get a "pii-column" WARNING; the tables it touched get the schema
//   lint's findings (agents/schema/migration_lint.h).
//   "Query Optimization" (verify performance): plans and times the analyzed
//   queries before and after the new index migrations on fresh generated
//   data; fails unless the index is used and the queries got faster
//   (agents/data/performance_verifier.h). Plans and timings are reports,
//   not committed.
//   "ETL Pipeline Development": renders, parses, resolves and orders the
//   dbt models, builds them on the staging database from fixture source rows
//   and runs their data-quality tests (agents/etl/etl_steps.h).
//   "Data Migration" (data validation): row counts, checksums and sample
//   records on the MySQL source and the PostgreSQL target; every mismatch is
//   a finding and fails the step (agents/migration/migration_steps.h).
//   "Cache Implementation": compiles the cache module with tsc --strict and
//   proves miss/hit/invalidation/TTL on a real Redis (agents/cache/cache_steps.h).
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "agents/cache/cache_steps.h"
#include "agents/common/agent_main.h"
#include "agents/data/migration_verifier.h"
#include "agents/data/performance_verifier.h"
#include "agents/data/pii_columns.h"
#include "agents/etl/etl_steps.h"
#include "agents/migration/migration_steps.h"
#include "agents/schema/migration_lint.h"
#include "executor/digest.h"
#include "executor/handoff.pb.h"

namespace baton::agents {
namespace {

constexpr absl::string_view kAgent = "qa-specialist";

// The handoff's MIGRATION artifacts, checked unchanged since they were made.
absl::StatusOr<std::vector<std::string>> NewMigrationFiles(
    const std::string& workspace, const handoff::Handoff& handoff) {
  std::vector<std::string> files;
  for (const handoff::Artifact& artifact : handoff.artifacts()) {
    if (artifact.kind() != handoff::Artifact::MIGRATION) continue;
    absl::StatusOr<std::string> digest =
        executor::Sha256File(absl::StrCat(workspace, "/", artifact.path()));
    if (!digest.ok()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "migration ", artifact.path(), " from ", artifact.agent(),
          " is not in the workspace: ", digest.status().message()));
    }
    if (!artifact.sha256().empty() && *digest != artifact.sha256()) {
      return absl::FailedPreconditionError(
          absl::StrCat("migration ", artifact.path(), " changed since ",
                       artifact.agent(), " wrote it (sha256 ", *digest,
                       ", expected ", artifact.sha256(), ")"));
    }
    files.push_back(artifact.path());
  }
  if (files.empty()) {
    return absl::FailedPreconditionError(
        "the handoff holds no MIGRATION artifact to test; in the Database "
        "Migration workflow infrastructure-specialist writes it first");
  }
  return files;
}

absl::StatusOr<handoff::AgentResult> DatabaseMigration(
    const handoff::AgentRequest& request) {
  const handoff::Handoff& handoff = request.handoff();
  if (request.scratch_dir().empty()) {
    return absl::InvalidArgumentError(
        "the request has no scratch_dir for the staging databases");
  }
  const std::string workspace =
      request.workspace().empty() ? "." : request.workspace();
  absl::StatusOr<std::vector<std::string>> files =
      NewMigrationFiles(workspace, handoff);
  if (!files.ok()) return files.status();

  data::VerifierOptions options;
  options.repo_root = workspace;
  options.scratch_dir = request.scratch_dir();
  options.new_migration_files = *std::move(files);
  options.staging_kind = handoff.staging().kind();
  options.staging_url = handoff.staging().url();
  absl::StatusOr<data::VerificationReport> report =
      data::VerifyMigrations(options);
  if (!report.ok()) return report.status();

  handoff::AgentResult result = Succeeded(report->Summary());
  for (const std::string& column : report->added_columns) {
    const std::string name = column.substr(column.find('.') + 1);
    std::optional<std::string> kind = data::PiiKind(name);
    if (!kind.has_value()) continue;
    handoff::Finding* finding = result.add_findings();
    finding->set_severity(handoff::Finding::WARNING);
    finding->set_rule("pii-column");
    finding->set_location(column);
    finding->set_agent(std::string(kAgent));
    finding->set_message(
        absl::StrCat(column, " looks like personal data (", *kind, ")"));
    finding->set_fix(
        "Encrypt or mask it and add it to the data masking rules; have "
        "security-auditor verify the encryption requirements (data card, "
        "Scenario 2).");
  }
  schema::AddSchemaLintFindings(
      workspace, schema::TouchedTables(handoff, report->added_columns), kAgent,
      &result);
  auto& facts = *result.mutable_facts();
  facts["qa.migrations_verified"] = absl::StrCat(report->migration_count);
  facts["qa.seed_tables"] = absl::StrCat(report->seeded_tables);
  facts["qa.seed_rows"] = absl::StrCat(report->seeded_rows);
  facts["qa.staging"] = report->database;
  return result;
}

absl::StatusOr<handoff::AgentResult> QueryOptimization(
    const handoff::AgentRequest& request) {
  const handoff::Handoff& handoff = request.handoff();
  const std::string workspace =
      request.workspace().empty() ? "." : request.workspace();
  absl::StatusOr<std::vector<std::string>> files =
      NewMigrationFiles(workspace, handoff);
  if (!files.ok()) return files.status();
  data::PerformanceOptions options;
  options.repo_root = workspace;
  options.scratch_dir = request.scratch_dir();
  options.run_id = handoff.run_id();
  options.staging_kind = handoff.staging().kind();
  options.staging_url = handoff.staging().url();
  options.facts.insert(handoff.facts().begin(), handoff.facts().end());
  options.new_migration_files = *std::move(files);
  absl::StatusOr<data::PerformanceReport> report =
      data::VerifyPerformance(options);
  if (!report.ok()) return report.status();

  handoff::AgentResult result = Succeeded(report->summary);
  for (const std::string& file : report->report_files) {
    const bool plan = absl::StrContains(file, "/plan_");
    absl::StatusOr<handoff::Artifact> artifact = MakeArtifact(
        workspace, file,
        plan ? handoff::Artifact::QUERY_PLAN : handoff::Artifact::REPORT, kAgent,
        plan ? "query plan before/after the new migrations"
             : "measured query times before/after",
        /*commit=*/false);
    if (!artifact.ok()) return artifact.status();
    *result.add_artifacts() = *std::move(artifact);
  }
  auto& facts = *result.mutable_facts();
  facts["qa.staging"] = report->database;
  facts["qa.before_ms"] = absl::StrFormat("%.3f", report->before_ms);
  facts["qa.after_ms"] = absl::StrFormat("%.3f", report->after_ms);
  facts["qa.speedup"] = absl::StrFormat("%.1f", report->speedup);
  facts["qa.plan_after"] = report->comparisons.front().after.Summary();
  return result;
}

}  // namespace
}  // namespace baton::agents

int main() {
  const baton::agents::HandlerTable handlers = {
      {"Database Migration", baton::agents::DatabaseMigration},
      {"Query Optimization", baton::agents::QueryOptimization},
      {"ETL Pipeline Development", baton::agents::etl::EtlVerifyStep},
      {"Data Migration", baton::agents::migration::MigrationValidateStep},
      {"Cache Implementation", baton::agents::cache::CacheVerifyStep},
  };
  return baton::agents::RunAgentMain(baton::agents::kAgent, handlers);
}
