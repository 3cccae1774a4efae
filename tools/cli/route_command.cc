#include "tools/cli/working_directory.h"
#include "tools/cli/route_command.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "domains/card_loader.h"
#include "gitops/repository.h"
#include "google/protobuf/util/json_util.h"
#include "router/router.h"
#include "tools/cli/command_flags.h"

namespace baton::cli {
namespace {

constexpr int kExitUsage = 2;
constexpr int kExitNoRoute = 3;

constexpr char kUsage[] =
    "usage: baton route \"<request>\" [--file P]... [--changed] [--repo DIR] "
    "[--json] [--pick-best] [--domain D [--workflow W]]\n";

int Fail(std::ostream& err, absl::string_view message) {
  err << "baton route: " << message << "\n";
  return kExitUsage;
}

}  // namespace

int RunRouteCommand(const std::vector<std::string>& args,
                    const Installation& installation, std::ostream& out,
                    std::ostream& err) {
  std::vector<std::string> files;
  std::string repo;
  std::string domain;
  std::string workflow;
  std::string ignored;
  bool changed = false;
  bool json = false;
  bool pick_best = false;
  CommandFlags flags;
  flags.Repeated("--file", &files);
  flags.String("--repo", &repo);
  flags.String("--domain", &domain);
  flags.String("--workflow", &workflow);
  flags.String("--cards", &ignored);
  flags.String("--agents-root", &ignored);
  flags.Bool("--changed", &changed);
  flags.Bool("--json", &json);
  flags.Bool("--pick-best", &pick_best);
  if (std::string problem = flags.Parse(args); !problem.empty()) {
    err << "baton route: " << problem << "\n" << kUsage;
    return kExitUsage;
  }
  if (flags.positional().size() != 1) {
    err << "baton route: takes one quoted request\n" << kUsage;
    return kExitUsage;
  }
  if (!workflow.empty() && domain.empty()) {
    return Fail(err, "--workflow needs --domain as well");
  }

  if (changed) {
    absl::StatusOr<std::string> root =
        gitops::FindRepositoryRoot(repo.empty() ? WorkingDirectory() : repo);
    if (!root.ok()) return Fail(err, root.status().message());
    absl::StatusOr<std::vector<std::string>> dirty =
        gitops::DirtyPaths(*root, {".baton/"});
    if (!dirty.ok()) return Fail(err, dirty.status().message());
    for (const std::string& path : *dirty) {
      if (std::find(files.begin(), files.end(), path) == files.end()) {
        files.push_back(path);
      }
    }
  }

  absl::StatusOr<domains::DomainCatalog> catalog =
      domains::LoadCardDirectory(installation.cards_dir);
  if (!catalog.ok()) return Fail(err, catalog.status().message());
  absl::StatusOr<router::Router> router = router::Router::Create(*catalog);
  if (!router.ok()) return Fail(err, router.status().message());

  const router::RouteQuery query{flags.positional()[0], files};
  router::RouteDecision decision;
  if (!domain.empty()) {
    absl::StatusOr<router::RouteDecision> overridden =
        router->Override(domain, workflow, query);
    if (!overridden.ok()) return Fail(err, overridden.status().message());
    decision = *std::move(overridden);
  } else {
    router::RouteOptions options;
    options.pick_best = pick_best;
    decision = router->Route(query, options);
  }

  if (json) {
    std::string text;
    google::protobuf::util::JsonPrintOptions options;
    options.add_whitespace = true;
    options.always_print_primitive_fields = true;
    options.preserve_proto_field_names = true;
    const auto status =
        google::protobuf::util::MessageToJsonString(decision, &text, options);
    if (!status.ok()) return Fail(err, status.ToString());
    out << text;
  } else {
    out << router::FormatDecision(decision);
  }
  const bool routed =
      decision.outcome() == router::RouteDecision::MATCHED ||
      decision.outcome() == router::RouteDecision::OVERRIDDEN;
  return routed ? 0 : kExitNoRoute;
}

}  // namespace baton::cli
