// The debug-specialist agent.
//
// Workflows:
//   "Query Optimization" (analyze query): finds the slow query (a --file,
//   the repository's saved queries, or one derived from the request), builds
//   the schema on a throwaway staging database (SQLite, or PostgreSQL with
//   --staging), generates rows, explains and times the query, and reports
//   findings (full scans, SELECT *, missing LIMIT, N+1, Cartesian joins),
//   the baseline plan as a report that is not committed, and facts for the
//   infrastructure-specialist and qa-specialist
//   (agents/data/slow_query_analysis.h).
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "agents/common/agent_main.h"
#include "agents/data/slow_query_analysis.h"
#include "executor/handoff.pb.h"

namespace baton::agents {
namespace {

constexpr absl::string_view kAgent = "debug-specialist";

absl::StatusOr<handoff::AgentResult> QueryOptimization(
    const handoff::AgentRequest& request) {
  const handoff::Handoff& handoff = request.handoff();
  data::SlowQueryOptions options;
  options.repo_root = request.workspace().empty() ? "." : request.workspace();
  options.request_text = handoff.request().text();
  options.files.assign(handoff.request().files().begin(),
                       handoff.request().files().end());
  options.staging_kind = handoff.staging().kind();
  options.staging_url = handoff.staging().url();
  options.scratch_dir = request.scratch_dir();
  options.run_id = handoff.run_id();
  absl::StatusOr<data::SlowQueryReport> report = data::AnalyzeSlowQueries(options);
  if (!report.ok()) return report.status();

  handoff::AgentResult result = Succeeded(report->summary);
  for (const std::string& file : report->report_files) {
    absl::StatusOr<handoff::Artifact> artifact = MakeArtifact(
        options.repo_root, file, handoff::Artifact::QUERY_PLAN, kAgent,
        absl::StrCat("baseline query plan on ", report->database), /*commit=*/false);
    if (!artifact.ok()) return artifact.status();
    *result.add_artifacts() = *std::move(artifact);
  }
  for (handoff::Finding finding : report->findings) {
    finding.set_agent(std::string(kAgent));
    *result.add_findings() = std::move(finding);
  }
  for (const auto& [key, value] : report->facts) (*result.mutable_facts())[key] = value;
  return result;
}

}  // namespace
}  // namespace baton::agents

int main() {
  const baton::agents::HandlerTable handlers = {
      {"Query Optimization", baton::agents::QueryOptimization},
  };
  return baton::agents::RunAgentMain(baton::agents::kAgent, handlers);
}
