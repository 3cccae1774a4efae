#include "agents/schema/spec_step.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "agents/common/agent_main.h"
#include "agents/schema/design_context.h"
#include "agents/schema/design_planner.h"
#include "agents/schema/spec_document.h"
#include "agents/schema/workspace_files.h"

namespace baton::agents::schema {

using ::baton::schema::DesignSpec;
using ::baton::schema::SpecEntity;

absl::StatusOr<handoff::AgentResult> SchemaSpecStep(
    const handoff::AgentRequest& request) {
  const std::string workspace = WorkspaceOf(request);
  absl::StatusOr<DesignContext> context = LoadDesignContext(workspace);
  if (!context.ok()) return context.status();
  absl::StatusOr<DesignSpec> spec =
      PlanDesignFor(request.handoff().request().text(), *context);
  if (!spec.ok()) return spec.status();
  absl::Status written =
      WriteWorkspaceFile(workspace, spec->spec_path(), RenderSpecMarkdown(*spec));
  if (!written.ok()) return written;

  std::vector<std::string> designed, reused, all;
  for (const SpecEntity& entity : spec->entities()) {
    all.push_back(entity.table());
    if (entity.status() == SpecEntity::EXISTING) {
      reused.push_back(entity.table());
    } else {
      designed.push_back(entity.table());
    }
  }
  std::string summary = absl::StrCat("wrote ", spec->spec_path(), ": ");
  if (spec->erd_only()) {
    absl::StrAppend(&summary, "diagram of the ", all.size(), " existing tables");
  } else {
    absl::StrAppend(&summary, "design ", absl::StrJoin(designed, ", "));
    if (!reused.empty()) {
      absl::StrAppend(&summary, "; reuse ", absl::StrJoin(reused, ", "));
    }
    absl::StrAppend(&summary, "; ", spec->relationships_size(),
                    spec->relationships_size() == 1 ? " relationship"
                                                    : " relationships");
  }
  handoff::AgentResult result = Succeeded(summary);
  absl::StatusOr<handoff::Artifact> artifact = MakeArtifact(
      workspace, spec->spec_path(), handoff::Artifact::SPEC,
      request.step().agent().empty() ? "spec-manager" : request.step().agent(),
      "schema design spec: entities and relationships", /*commit=*/true);
  if (!artifact.ok()) return artifact.status();
  *result.add_artifacts() = *std::move(artifact);
  auto& facts = *result.mutable_facts();
  facts["schema.spec"] = spec->spec_path();
  facts["schema.design"] = EncodeSpec(*spec);
  facts["schema.new_tables"] = absl::StrJoin(designed, ",");
  facts["schema.entities"] = absl::StrJoin(all, ",");
  facts["schema.erd_only"] = spec->erd_only() ? "true" : "false";
  return result;
}

}  // namespace baton::agents::schema
