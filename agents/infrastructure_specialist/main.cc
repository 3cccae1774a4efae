// The infrastructure-specialist agent.
//
// Workflows:
//   "Database Migration": writes the migration the request asks for into the
//   workspace, in the repository's numbering and convention
//   (agents/data/migration_author.h), as MIGRATION artifacts to commit.
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "agents/common/agent_main.h"
#include "agents/data/migration_author.h"
#include "agents/data/migration_layout.h"
#include "agents/data/migration_request.h"
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
  absl::StatusOr<data::AuthoredMigration> authored = data::AuthorMigration(
      workspace, request.handoff().request().text(), absl::Now());
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
  return result;
}

}  // namespace
}  // namespace baton::agents

int main() {
  const baton::agents::HandlerTable handlers = {
      {"Database Migration", baton::agents::DatabaseMigration},
  };
  return baton::agents::RunAgentMain(baton::agents::kAgent, handlers);
}
