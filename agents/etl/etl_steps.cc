#include "agents/etl/etl_steps.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "agents/common/agent_main.h"
#include "agents/data/staging.h"
#include "agents/etl/dbt_scaffold.h"
#include "agents/etl/dbt_verifier.h"
#include "agents/etl/pipeline_design.h"

namespace baton::agents::etl {
namespace {

namespace fs = std::filesystem;

std::string WorkspaceOf(const handoff::AgentRequest& request) {
  return request.workspace().empty() ? "." : request.workspace();
}

std::string AgentOf(const handoff::AgentRequest& request, absl::string_view fallback) {
  return request.step().agent().empty() ? std::string(fallback) : request.step().agent();
}

std::map<std::string, std::string> FactsOf(const handoff::AgentRequest& request) {
  return {request.handoff().facts().begin(), request.handoff().facts().end()};
}

absl::Status WriteFile(const std::string& workspace, const std::string& relative,
                       const std::string& text) {
  const fs::path full = fs::path(workspace) / relative;
  std::error_code error;
  fs::create_directories(full.parent_path(), error);
  std::ofstream out(full, std::ios::trunc);
  out << text;
  out.close();
  if (!out) return absl::InternalError(absl::StrCat("cannot write ", full.string()));
  return absl::OkStatus();
}

// Writes one document and returns the step's result with it as a SPEC
// artifact and the design facts.
absl::StatusOr<handoff::AgentResult> DocumentStep(
    const handoff::AgentRequest& request, const PipelineDesign& design,
    const std::string& path, const std::string& text, absl::string_view agent,
    absl::string_view description, const std::string& summary) {
  const std::string workspace = WorkspaceOf(request);
  if (absl::Status written = WriteFile(workspace, path, text); !written.ok()) {
    return written;
  }
  handoff::AgentResult result = Succeeded(summary);
  absl::StatusOr<handoff::Artifact> artifact =
      MakeArtifact(workspace, path, handoff::Artifact::SPEC,
                   AgentOf(request, agent), description, /*commit=*/true);
  if (!artifact.ok()) return artifact.status();
  *result.add_artifacts() = *std::move(artifact);
  for (const auto& [key, value] : DesignFacts(design)) {
    (*result.mutable_facts())[key] = value;
  }
  return result;
}

}  // namespace

absl::StatusOr<handoff::AgentResult> EtlSpecStep(const handoff::AgentRequest& request) {
  const std::string& text = request.handoff().request().text();
  absl::StatusOr<PipelineDesign> design = DesignPipeline(text);
  if (!design.ok()) return design.status();
  absl::StatusOr<handoff::AgentResult> result = DocumentStep(
      request, *design, SpecPath(*design), RenderPipelineSpec(*design, text),
      "spec-manager", "ETL pipeline spec: goal, requirements, acceptance",
      absl::StrCat("wrote ", SpecPath(*design), ": ", design->schedule, " ",
                   design->fact, " pipeline from ", design->source_system, " to ",
                   design->target));
  if (result.ok()) (*result->mutable_facts())["etl.spec"] = SpecPath(*design);
  return result;
}

absl::StatusOr<handoff::AgentResult> EtlDesignStep(const handoff::AgentRequest& request) {
  absl::StatusOr<PipelineDesign> design = DesignFromFacts(FactsOf(request));
  if (!design.ok()) design = DesignPipeline(request.handoff().request().text());
  if (!design.ok()) return design.status();
  absl::StatusOr<handoff::AgentResult> result = DocumentStep(
      request, *design, DesignDocPath(*design), RenderPipelineDesignDoc(*design),
      "systems-architect",
      "ETL pipeline design: layers, incremental key, idempotency",
      absl::StrCat("designed ", design->fact, " pipeline in ", DesignDocPath(*design),
                   ": bronze stg_users/", StagingModel(*design), " -> silver ",
                   IntermediateModel(*design), " -> gold ", FactModel(*design),
                   "/dim_users; incremental on ", design->incremental_key,
                   ", unique ", design->fact_key));
  if (!result.ok()) return result;
  auto& facts = *result->mutable_facts();
  facts["etl.design"] = DesignDocPath(*design);
  facts["etl.models"] = absl::StrJoin(
      {std::string("stg_users"), StagingModel(*design), IntermediateModel(*design),
       FactModel(*design), std::string("dim_users")},
      ",");
  return result;
}

absl::StatusOr<handoff::AgentResult> EtlScaffoldStep(const handoff::AgentRequest& request) {
  absl::StatusOr<PipelineDesign> design = DesignFromFacts(FactsOf(request));
  if (!design.ok()) return design.status();
  const std::string workspace = WorkspaceOf(request);
  absl::StatusOr<std::vector<std::string>> files = WriteDbtScaffold(workspace, *design);
  if (!files.ok()) return files.status();
  int models = 0;
  for (const std::string& file : *files) {
    if (absl::StrContains(file, "/models/") && absl::EndsWith(file, ".sql")) ++models;
  }
  handoff::AgentResult result = Succeeded(
      absl::StrCat("scaffolded dbt project with ", models, " models (",
                   files->size(), " files) for the ", design->fact, " pipeline"));
  for (const std::string& file : *files) {
    const handoff::Artifact::Kind kind =
        absl::EndsWith(file, ".yml") ? handoff::Artifact::CONFIG : handoff::Artifact::CODE;
    absl::StatusOr<handoff::Artifact> artifact =
        MakeArtifact(workspace, file, kind, AgentOf(request, "infrastructure-specialist"),
                     "dbt project (ETL pipeline)", /*commit=*/true);
    if (!artifact.ok()) return artifact.status();
    *result.add_artifacts() = *std::move(artifact);
  }
  (*result.mutable_facts())["etl.files"] = absl::StrJoin(*files, ",");
  return result;
}

absl::StatusOr<handoff::AgentResult> EtlVerifyStep(const handoff::AgentRequest& request) {
  data::StagingTarget target;
  target.kind = request.handoff().staging().kind();
  target.url = request.handoff().staging().url();
  target.scratch_dir = request.scratch_dir();
  absl::StatusOr<DbtVerification> report = VerifyDbtProject(WorkspaceOf(request), target);
  if (!report.ok()) return report.status();
  const std::string agent = AgentOf(request, "qa-specialist");
  handoff::AgentResult result = Succeeded(report->Summary());
  for (const EtlProblem& problem : report->problems) {
    handoff::Finding* finding = result.add_findings();
    finding->set_severity(handoff::Finding::ERROR);
    finding->set_rule(problem.rule);
    finding->set_location(problem.location);
    finding->set_agent(agent);
    finding->set_message(problem.message);
  }
  if (!report->problems.empty()) {
    const EtlProblem& first = report->problems.front();
    result.set_outcome(handoff::AgentResult::FAILED);
    result.set_error(absl::StrCat("dbt model check failed: [", first.rule, "] ",
                                  first.message, " (", first.location, ")",
                                  report->problems.size() > 1
                                      ? absl::StrCat("; and ", report->problems.size() - 1,
                                                     " more")
                                      : ""));
    return result;
  }
  auto& facts = *result.mutable_facts();
  std::vector<std::string> counts;
  for (const auto& [model, rows] : report->row_counts) {
    counts.push_back(absl::StrCat(model, "=", rows));
  }
  facts["qa.staging"] = report->database;
  facts["qa.model_rows"] = absl::StrJoin(counts, ",");
  facts["qa.checks"] = absl::StrCat(report->checks);
  return result;
}

}  // namespace baton::agents::etl
