#include "agents/schema/audit_step.h"

#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "agents/common/agent_main.h"
#include "agents/schema/security_audit.h"
#include "agents/schema/workspace_files.h"
#include "gitops/repository.h"

namespace baton::agents::schema {

std::vector<std::string> FilesToAudit(const handoff::AgentRequest& request) {
  std::vector<std::string> files;
  std::set<std::string> seen;
  auto add = [&](const std::string& file) {
    if (!file.empty() && seen.insert(file).second) files.push_back(file);
  };
  for (const handoff::Artifact& artifact : request.handoff().artifacts()) {
    add(artifact.path());
  }
  for (const std::string& file : request.handoff().request().files()) add(file);
  absl::StatusOr<std::vector<std::string>> changed =
      gitops::DirtyPaths(WorkspaceOf(request), {".baton/"});
  if (changed.ok()) {
    for (const std::string& file : *changed) add(file);
  }
  return files;
}

absl::StatusOr<handoff::AgentResult> SecurityAuditStep(
    const handoff::AgentRequest& request) {
  AuditOptions options;
  options.root = WorkspaceOf(request);
  options.files = FilesToAudit(request);
  options.agent =
      request.step().agent().empty() ? "security-auditor" : request.step().agent();
  absl::StatusOr<AuditReport> report = AuditFiles(options);
  if (!report.ok()) return report.status();
  std::string summary = report->Summary();
  if (report->secrets > 0) {
    absl::StrAppend(&summary, "; the commit is blocked until the secrets are removed");
  }
  handoff::AgentResult result = Succeeded(summary);
  for (handoff::Finding& finding : report->findings) {
    *result.add_findings() = std::move(finding);
  }
  auto& facts = *result.mutable_facts();
  facts["security.files_audited"] = absl::StrCat(report->files_scanned);
  facts["security.pii_columns"] = absl::StrCat(report->pii_columns);
  facts["security.secrets"] = absl::StrCat(report->secrets);
  return result;
}

}  // namespace baton::agents::schema
