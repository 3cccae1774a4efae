// The infrastructure-specialist agent.
//
// Workflows:
//   "Database Migration": writes the migration the request asks for into the
//   workspace, in the repository's numbering and convention
//   (agents/data/migration_author.h), as MIGRATION artifacts to commit. The
//   schema comes from the handoff's staging database; PostgreSQL staging
//   writes PostgreSQL-dialect (idempotent, CONCURRENTLY) migrations.
//   "Query Optimization" (add indexes, rewrite query): one index migration
//   per index the debug-specialist suggested, and a rewritten query as a
//   report when the query selects * or lacks a LIMIT
//   (agents/data/index_migration.h).
//   "Database Schema Design": the systems-architect's DDL as reversible
//   migrations, verified up/down/up (agents/schema/migration_step.h).
//   "Backup & Recovery": the encrypted PostgreSQL backup kit, proven by a
//   real backup and restore on the staging server (agents/backup/backup_step.h).
//   "ETL Pipeline Development" (implement): the dbt project of the
//   systems-architect's design (agents/etl/etl_steps.h).
//   "Data Migration" (implement): the MySQL schema translated into
//   PostgreSQL DDL files and a copy plan, applied on the PostgreSQL target
//   with the data copied in batches (agents/migration/migration_steps.h).
//   "Cache Implementation": the TypeScript cache-aside module (ioredis, TTL,
//   DEL on writes) wrapping the repository (agents/cache/cache_steps.h).
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "agents/backup/backup_step.h"
#include "agents/cache/cache_steps.h"
#include "agents/common/agent_main.h"
#include "agents/data/index_migration.h"
#include "agents/etl/etl_steps.h"
#include "agents/migration/migration_steps.h"
#include "agents/data/migration_author.h"
#include "agents/data/migration_layout.h"
#include "agents/data/migration_request.h"
#include "agents/schema/migration_step.h"
#include "executor/handoff.pb.h"

namespace baton::agents {
namespace {

constexpr absl::string_view kAgent = "infrastructure-specialist";

absl::string_view KindName(data::MigrationRequest::Kind kind) {
  switch (kind) {
    case data::MigrationRequest::Kind::kAddColumn:
      return "add_column";
    case data::MigrationRequest::Kind::kAddIndex:
      return "add_index";
    case data::MigrationRequest::Kind::kDropColumn:
      return "drop_column";
  }
  return "unknown";
}

absl::StatusOr<handoff::AgentResult> DatabaseMigration(
    const handoff::AgentRequest& request) {
  const std::string workspace =
      request.workspace().empty() ? "." : request.workspace();
  data::AuthorOptions options;
  options.repo_root = workspace;
  options.request_text = request.handoff().request().text();
  options.now = absl::Now();
  options.staging_kind = request.handoff().staging().kind();
  options.staging_url = request.handoff().staging().url();
  absl::StatusOr<data::AuthoredMigration> authored =
      data::AuthorMigration(options);
  if (!authored.ok()) return authored.status();

  handoff::AgentResult result = Succeeded(authored->summary);
  for (const std::string& file : authored->files) {
    absl::StatusOr<handoff::Artifact> artifact =
        MakeArtifact(workspace, file, handoff::Artifact::MIGRATION, kAgent,
                     authored->change, /*commit=*/true);
    if (!artifact.ok()) return artifact.status();
    *result.add_artifacts() = *std::move(artifact);
  }
  auto& facts = *result.mutable_facts();
  facts["migration.kind"] = std::string(KindName(authored->request.kind));
  facts["migration.table"] = authored->table;
  facts["migration.column"] = authored->request.column;
  if (!authored->request.type.empty()) {
    facts["migration.type"] = authored->request.type;
  }
  facts["migration.change"] = authored->change;
  facts["migration.version"] = authored->version;
  facts["migration.convention"] =
      std::string(data::ConventionName(authored->convention));
  facts["migration.files"] = absl::StrJoin(authored->files, ",");
  facts["migration.dialect"] = std::string(data::DialectName(authored->dialect));
  return result;
}

absl::StatusOr<handoff::AgentResult> QueryOptimization(
    const handoff::AgentRequest& request) {
  const handoff::Handoff& handoff = request.handoff();
  data::IndexMigrationOptions options;
  options.repo_root = request.workspace().empty() ? "." : request.workspace();
  options.run_id = handoff.run_id();
  options.request_text = handoff.request().text();
  options.facts.insert(handoff.facts().begin(), handoff.facts().end());
  options.staging_kind = handoff.staging().kind();
  options.staging_url = handoff.staging().url();
  options.now = absl::Now();
  absl::StatusOr<data::IndexMigrationResult> written =
      data::WriteIndexMigrations(options);
  if (!written.ok()) return written.status();

  handoff::AgentResult result = Succeeded(written->summary);
  for (const std::string& file : written->migration_files) {
    absl::StatusOr<handoff::Artifact> artifact = MakeArtifact(
        options.repo_root, file, handoff::Artifact::MIGRATION, kAgent,
        absl::StrJoin(written->changes, "; "), /*commit=*/true);
    if (!artifact.ok()) return artifact.status();
    *result.add_artifacts() = *std::move(artifact);
  }
  if (!written->rewritten_query_file.empty()) {
    absl::StatusOr<handoff::Artifact> artifact = MakeArtifact(
        options.repo_root, written->rewritten_query_file, handoff::Artifact::CODE,
        kAgent, "rewritten query (suggestion)", /*commit=*/false);
    if (!artifact.ok()) return artifact.status();
    *result.add_artifacts() = *std::move(artifact);
  }
  auto& facts = *result.mutable_facts();
  facts["migration.kind"] = "add_index";
  facts["migration.files"] = absl::StrJoin(written->migration_files, ",");
  facts["migration.change"] = absl::StrJoin(written->changes, "; ");
  facts["migration.convention"] =
      std::string(data::ConventionName(written->convention));
  facts["migration.dialect"] = std::string(data::DialectName(written->dialect));
  facts["query.index_names"] = absl::StrJoin(written->index_names, ",");
  if (!written->rewritten_query_file.empty()) {
    facts["query.rewritten_file"] = written->rewritten_query_file;
  }
  return result;
}

}  // namespace
}  // namespace baton::agents

int main() {
  const baton::agents::HandlerTable handlers = {
      {"Database Migration", baton::agents::DatabaseMigration},
      {"Query Optimization", baton::agents::QueryOptimization},
      {"Database Schema Design", baton::agents::schema::SchemaMigrationStep},
      {"ETL Pipeline Development", baton::agents::etl::EtlScaffoldStep},
      {"Backup & Recovery", baton::agents::backup::BackupSetupStep},
      {"Data Migration", baton::agents::migration::MigrationImplementStep},
      {"Cache Implementation", baton::agents::cache::CacheModuleStep},
  };
  return baton::agents::RunAgentMain(baton::agents::kAgent, handlers);
}
