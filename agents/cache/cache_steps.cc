#include "agents/cache/cache_steps.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "agents/cache/cache_design.h"
#include "agents/cache/cache_verifier.h"
#include "agents/cache/ts_cache_module.h"
#include "agents/cache/ts_project.h"
#include "agents/common/agent_main.h"

namespace baton::agents::cache {
namespace {

namespace fs = std::filesystem;

std::string WorkspaceOf(const handoff::AgentRequest& request) {
  return request.workspace().empty() ? "." : request.workspace();
}

std::string AgentOf(const handoff::AgentRequest& request, absl::string_view fallback) {
  return request.step().agent().empty() ? std::string(fallback) : request.step().agent();
}

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? "" : value;
}

std::string ReadText(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

absl::Status WriteFile(const fs::path& full, const std::string& text) {
  std::error_code error;
  fs::create_directories(full.parent_path(), error);
  std::ofstream out(full, std::ios::trunc);
  out << text;
  out.close();
  if (!out) return absl::InternalError(absl::StrCat("cannot write ", full.string()));
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<handoff::AgentResult> CacheDesignStep(const handoff::AgentRequest& request) {
  const std::string workspace = WorkspaceOf(request);
  const std::string& text = request.handoff().request().text();
  absl::StatusOr<CacheRequest> parsed = ParseCacheRequest(text);
  if (!parsed.ok()) return parsed.status();
  absl::StatusOr<Stack> stack = DetectStack(workspace);
  if (!stack.ok()) return stack.status();
  absl::StatusOr<DataAccess> access = FindDataAccess(workspace, *stack, parsed->entities);
  if (!access.ok()) return access.status();
  const CacheDesign design = DesignCache(*parsed, *access);
  const std::string path = DesignDocPath(design);
  absl::Status written = WriteFile(fs::path(workspace) / path, RenderDesignDoc(design, text));
  if (!written.ok()) return written;

  std::vector<std::string> writes = design.updates;
  writes.insert(writes.end(), design.deletes.begin(), design.deletes.end());
  handoff::AgentResult result = Succeeded(absl::StrCat(
      "designed cache-aside for ", design.entity, " reads (", design.read, " in ",
      design.source_module, ", ", stack->language, "): key ", design.key_prefix, "<id>, TTL ",
      design.ttl_seconds, " s", parsed->ttl_from_request ? " (from the request)" : " (default)",
      writes.empty() ? ", no write path to invalidate"
                     : absl::StrCat(", invalidated by ", absl::StrJoin(writes, ", ")),
      "; ", path));
  absl::StatusOr<handoff::Artifact> artifact =
      MakeArtifact(workspace, path, handoff::Artifact::SPEC, AgentOf(request, "systems-architect"),
                   "cache design: keys, TTL, invalidation", /*commit=*/true);
  if (!artifact.ok()) return artifact.status();
  *result.add_artifacts() = *std::move(artifact);
  for (const auto& [key, value] : DesignFacts(design)) (*result.mutable_facts())[key] = value;
  (*result.mutable_facts())["cache.design"] = path;
  if (writes.empty()) {
    handoff::Finding* finding = result.add_findings();
    finding->set_severity(handoff::Finding::WARNING);
    finding->set_rule("cache-no-invalidation");
    finding->set_location(design.source_module);
    finding->set_agent(AgentOf(request, "systems-architect"));
    finding->set_message(absl::StrCat(design.source_module, " exports no update or delete for ",
                                      design.entity, "; only the TTL bounds staleness"));
    finding->set_fix("Route writes through the cached repository once they exist.");
  }
  return result;
}

absl::StatusOr<handoff::AgentResult> CacheModuleStep(const handoff::AgentRequest& request) {
  const std::map<std::string, std::string> facts(request.handoff().facts().begin(),
                                                 request.handoff().facts().end());
  absl::StatusOr<CacheDesign> design = DesignFromFacts(facts);
  if (!design.ok()) return design.status();
  if (design->language != "TypeScript") {
    return absl::FailedPreconditionError(absl::StrCat(
        "the cache generator writes TypeScript only; the design is for ", design->language));
  }
  const std::string workspace = WorkspaceOf(request);
  const std::string agent = AgentOf(request, "infrastructure-specialist");
  const fs::path target = fs::path(workspace) / design->cache_module;
  const std::string text = RenderTsCacheModule(*design);
  std::error_code error;
  handoff::AgentResult result;
  if (fs::exists(target, error) && ReadText(target) != text) {
    result = Succeeded(absl::StrCat("kept the existing ", design->cache_module,
                                    " (not overwritten); qa-specialist verifies it as it is"));
    (*result.mutable_facts())["cache.module_origin"] = "existing";
  } else {
    absl::Status written = WriteFile(target, text);
    if (!written.ok()) return written;
    std::vector<std::string> writes = design->updates;
    writes.insert(writes.end(), design->deletes.begin(), design->deletes.end());
    result = Succeeded(absl::StrCat(
        "wrote ", design->cache_module, ": ", design->factory, " wraps ", design->read,
        " (GET, SET EX ", design->ttl_seconds, ")",
        writes.empty() ? "" : absl::StrCat(" and ", absl::StrJoin(writes, ", "), " (DEL)"),
        " with ioredis"));
    absl::StatusOr<handoff::Artifact> artifact =
        MakeArtifact(workspace, design->cache_module, handoff::Artifact::CODE, agent,
                     "cache-aside module (ioredis)", /*commit=*/true);
    if (!artifact.ok()) return artifact.status();
    *result.add_artifacts() = *std::move(artifact);
    (*result.mutable_facts())["cache.module_origin"] = "generated";
  }
  const std::string package_json = ReadText(fs::path(workspace) / "package.json");
  if (!absl::StrContains(package_json, "\"ioredis\"")) {
    handoff::Finding* finding = result.add_findings();
    finding->set_severity(handoff::Finding::WARNING);
    finding->set_rule("cache-missing-dependency");
    finding->set_location("package.json");
    finding->set_agent(agent);
    finding->set_message(absl::StrCat("package.json does not depend on ioredis, which ",
                                      design->cache_module, " imports"));
    finding->set_fix("npm install ioredis");
  }
  return result;
}

absl::StatusOr<handoff::AgentResult> CacheVerifyStep(const handoff::AgentRequest& request) {
  const std::map<std::string, std::string> facts(request.handoff().facts().begin(),
                                                 request.handoff().facts().end());
  absl::StatusOr<CacheDesign> design = DesignFromFacts(facts);
  if (!design.ok()) return design.status();
  if (request.scratch_dir().empty()) {
    return absl::InvalidArgumentError("the request has no scratch_dir for the cache check");
  }
  CacheVerifyOptions options;
  options.repo = WorkspaceOf(request);
  options.design = *design;
  options.scratch_dir = request.scratch_dir();
  options.redis_url = Env("BATON_REDIS_URL");
  options.baton_node_modules = Env("BATON_NODE_MODULES");
  options.node = Env("BATON_NODE");
  if (!Env("PATH").empty()) options.path_env = Env("PATH");
  absl::StatusOr<CacheVerification> report = VerifyCacheModule(options);
  if (!report.ok()) return report.status();

  const std::string agent = AgentOf(request, "qa-specialist");
  handoff::AgentResult result = Succeeded(report->Summary());
  const std::vector<PropertyCheck> failed = report->Failed();
  for (const PropertyCheck& check : failed) {
    handoff::Finding* finding = result.add_findings();
    finding->set_severity(handoff::Finding::ERROR);
    finding->set_rule(absl::StrCat("cache-", check.property));
    finding->set_location(design->cache_module);
    finding->set_agent(agent);
    finding->set_message(absl::StrCat(check.property, " failed: ", check.detail));
  }
  std::vector<std::string> held;
  for (const PropertyCheck& check : report->checks) {
    if (check.ok) held.push_back(check.property);
  }
  auto& out = *result.mutable_facts();
  out["qa.cache_properties"] = absl::StrJoin(held, ",");
  out["qa.redis"] = report->redis;
  out["qa.node_modules"] = report->node_modules;
  if (!failed.empty()) {
    result.set_outcome(handoff::AgentResult::FAILED);
    result.set_error(absl::StrCat("cache check failed: [cache-", failed.front().property, "] ",
                                  failed.front().detail, " (", design->cache_module, ")",
                                  failed.size() > 1
                                      ? absl::StrCat("; and ", failed.size() - 1, " more")
                                      : ""));
  }
  return result;
}

}  // namespace baton::agents::cache
