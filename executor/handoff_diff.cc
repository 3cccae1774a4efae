#include "executor/handoff_diff.h"

#include <map>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace baton::executor {
namespace {

std::string Describe(const handoff::StepRecord& step) {
  std::string outcome = handoff::StepStatus_Name(step.status());
  std::string text = step.status() == handoff::STEP_FAILED ? step.error() : step.summary();
  return absl::StrFormat("step %d %s%s: %s (%d ms)%s", step.index(), step.agent(),
                         step.note().empty() ? "" : absl::StrCat(" (", step.note(), ")"),
                         outcome, step.duration_ms(),
                         text.empty() ? "" : absl::StrCat(" — ", text));
}

std::string Describe(const handoff::Finding& finding) {
  return absl::StrFormat("finding [%s] %s: %s%s", handoff::Finding::Severity_Name(finding.severity()),
                         finding.rule(), finding.message(),
                         finding.location().empty() ? "" : absl::StrCat(" at ", finding.location()));
}

std::string Describe(const handoff::Artifact& artifact) {
  return absl::StrFormat("artifact %s [%s] by %s, sha256 %s%s", artifact.path(),
                         handoff::Artifact::Kind_Name(artifact.kind()), artifact.agent(),
                         artifact.sha256().substr(0, 12), artifact.commit() ? ", to commit" : "");
}

}  // namespace

std::string DescribeHandoffChanges(const handoff::Handoff& before,
                                   const handoff::Handoff& after) {
  std::vector<std::string> lines;
  if (before.status() != after.status()) {
    lines.push_back(absl::StrCat("~ status ", handoff::RunStatus_Name(before.status()), " -> ",
                                 handoff::RunStatus_Name(after.status())));
  }
  for (int i = before.steps_size(); i < after.steps_size(); ++i) {
    lines.push_back(absl::StrCat("+ ", Describe(after.steps(i))));
  }
  std::map<std::string, const handoff::Artifact*> old_artifacts;
  for (const handoff::Artifact& artifact : before.artifacts()) old_artifacts[artifact.path()] = &artifact;
  for (const handoff::Artifact& artifact : after.artifacts()) {
    auto it = old_artifacts.find(artifact.path());
    if (it == old_artifacts.end()) {
      lines.push_back(absl::StrCat("+ ", Describe(artifact)));
    } else {
      if (it->second->sha256() != artifact.sha256() || it->second->agent() != artifact.agent()) {
        lines.push_back(absl::StrCat("~ ", Describe(artifact)));
      }
      old_artifacts.erase(it);
    }
  }
  for (const auto& [path, artifact] : old_artifacts) {
    lines.push_back(absl::StrCat("- ", Describe(*artifact)));
  }
  for (int i = before.findings_size(); i < after.findings_size(); ++i) {
    lines.push_back(absl::StrCat("+ ", Describe(after.findings(i))));
  }
  for (const auto& [key, value] : after.facts()) {
    auto it = before.facts().find(key);
    if (it == before.facts().end()) {
      lines.push_back(absl::StrCat("+ fact ", key, " = ", value));
    } else if (it->second != value) {
      lines.push_back(absl::StrCat("~ fact ", key, " = ", value, " (was ", it->second, ")"));
    }
  }
  for (const auto& [key, value] : before.facts()) {
    if (!after.facts().contains(key)) lines.push_back(absl::StrCat("- fact ", key));
  }
  if (before.commit().commit_id() != after.commit().commit_id()) {
    lines.push_back(absl::StrCat("+ commit ", after.commit().commit_id(), " on ",
                                 after.commit().branch(), ": ", after.commit().message()));
  }
  if (lines.empty()) return "no changes";
  return absl::StrJoin(lines, "\n");
}

}  // namespace baton::executor
