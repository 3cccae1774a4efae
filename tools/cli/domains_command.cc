#include "tools/cli/domains_command.h"

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "domains/card_lint.h"
#include "domains/card_loader.h"
#include "domains/domain.pb.h"
#include "domains/workflow_graph.h"
#include "executor/agent_registry.h"
#include "tools/cli/command_flags.h"

namespace baton::cli {
namespace {

constexpr int kExitProblems = 1;
constexpr int kExitUsage = 2;

constexpr char kUsage[] =
    "usage: baton domains list\n"
    "       baton domains show NAME\n"
    "       baton domains lint [--strict]\n"
    "       baton domains graph NAME [--workflow W] [--mermaid | --dot]\n";

int Fail(std::ostream& err, absl::string_view message) {
  err << "baton domains: " << message << "\n";
  return kExitUsage;
}

std::string Chain(const domains::Workflow& workflow) {
  return workflow.chain_text();
}

// The card named `name` (case-insensitively), or an error listing the
// domains.
absl::StatusOr<const domains::DomainCard*> FindCard(
    const domains::DomainCatalog& catalog, absl::string_view name) {
  std::vector<std::string> names;
  for (const domains::DomainCard& card : catalog.cards()) {
    if (absl::EqualsIgnoreCase(card.domain(), name)) return &card;
    names.push_back(card.domain());
  }
  return absl::NotFoundError(absl::StrCat("unknown domain \"", name,
                                          "\"; valid domains: ",
                                          absl::StrJoin(names, ", ")));
}

int List(const domains::DomainCatalog& catalog, std::ostream& out) {
  for (const domains::DomainCard& card : catalog.cards()) {
    out << card.domain() << " (" << card.source_path() << "): priority "
        << card.priority() << ", primary agent " << card.primary_agent()
        << ", " << card.workflows_size() << " workflows\n";
    for (const domains::Workflow& workflow : card.workflows()) {
      out << "  " << workflow.name() << ": " << Chain(workflow) << "\n";
    }
  }
  return 0;
}

int Show(const domains::DomainCard& card, std::ostream& out) {
  out << card.domain() << ": " << card.title() << "\n"
      << "  card: " << card.source_path() << "\n"
      << "  priority: " << card.priority() << "\n"
      << "  primary agent: " << card.primary_agent() << "\n";
  if (!card.secondary_agents().empty()) {
    out << "  secondary agents: "
        << absl::StrJoin(card.secondary_agents(), ", ") << "\n";
  }
  if (!card.related_agents().empty()) {
    out << "  related agents: " << absl::StrJoin(card.related_agents(), ", ")
        << "\n";
  }
  const domains::Triggers& triggers = card.triggers();
  out << "Keywords:\n";
  for (const domains::KeywordGroup& group : triggers.keyword_groups()) {
    out << "  " << group.category() << ": "
        << absl::StrJoin(group.keywords(), ", ") << "\n";
  }
  if (!triggers.aliases().empty()) {
    out << "Aliases:\n";
    for (const domains::AliasGroup& group : triggers.aliases()) {
      out << "  " << group.term() << " = "
          << absl::StrJoin(group.aliases(), " = ") << "\n";
    }
  }
  out << "File patterns: " << absl::StrJoin(triggers.file_patterns(), "  ")
      << "\n"
      << "Tech stack: " << absl::StrJoin(triggers.tech_stack(), ", ") << "\n"
      << "Workflows:\n";
  for (const domains::Workflow& workflow : card.workflows()) {
    std::vector<std::string> phrases;
    for (const std::string& phrase : workflow.trigger_phrases()) {
      phrases.push_back(absl::StrCat("\"", phrase, "\""));
    }
    out << "  " << workflow.name() << " (line " << workflow.location().line()
        << ")\n    triggers: " << absl::StrJoin(phrases, ", ")
        << "\n    chain: " << Chain(workflow) << "\n";
  }
  if (!card.quality_standards().empty()) {
    std::vector<std::string> titles;
    for (const domains::StandardsSection& section : card.quality_standards()) {
      titles.push_back(section.title());
    }
    out << "Quality standards: " << absl::StrJoin(titles, ", ") << "\n";
  }
  if (!card.coordinate_with().empty()) {
    out << "Coordinates with: " << absl::StrJoin(card.coordinate_with(), ", ")
        << "\n";
  }
  return 0;
}

int Lint(const Installation& installation, bool strict, std::ostream& out,
         std::ostream& err) {
  domains::LintOptions options;
  for (const char* agent : executor::kBuiltinAgents) {
    options.known_agents.push_back(agent);
  }
  absl::StatusOr<std::vector<domains::LintProblem>> problems =
      domains::LintCardDirectory(installation.cards_dir, options);
  if (!problems.ok()) return Fail(err, problems.status().message());
  absl::StatusOr<std::vector<std::string>> files =
      domains::ListCardFiles(installation.cards_dir);
  int errors = 0;
  int warnings = 0;
  for (const domains::LintProblem& problem : *problems) {
    out << domains::FormatProblem(problem) << "\n";
    ++(problem.severity == domains::LintProblem::kError ? errors : warnings);
  }
  out << errors << (errors == 1 ? " error, " : " errors, ") << warnings
      << (warnings == 1 ? " warning" : " warnings") << " in "
      << (files.ok() ? files->size() : 0)
      << (files.ok() && files->size() == 1 ? " card\n" : " cards\n");
  return errors > 0 || (strict && warnings > 0) ? kExitProblems : 0;
}

int Graph(const domains::DomainCard& card, const std::string& workflow,
          bool mermaid, bool dot, std::ostream& out, std::ostream& err) {
  if (!workflow.empty()) {
    std::vector<std::string> names;
    bool found = false;
    for (const domains::Workflow& w : card.workflows()) {
      found |= absl::EqualsIgnoreCase(w.name(), workflow);
      names.push_back(absl::StrCat("\"", w.name(), "\""));
    }
    if (!found) {
      return Fail(err, absl::StrCat("unknown workflow \"", workflow,
                                    "\" in domain \"", card.domain(),
                                    "\"; valid workflows: ",
                                    absl::StrJoin(names, ", ")));
    }
  }
  const bool both = mermaid == dot;
  if (mermaid || both) {
    if (both) out << "```mermaid\n";
    out << domains::WorkflowsToMermaid(card, workflow);
    if (both) out << "```\n\n```dot\n";
  }
  if (dot || both) {
    out << domains::WorkflowsToDot(card, workflow);
    if (both) out << "```\n";
  }
  return 0;
}

}  // namespace

int RunDomainsCommand(const std::vector<std::string>& args,
                      const Installation& installation, std::ostream& out,
                      std::ostream& err) {
  std::string workflow;
  std::string ignored;
  bool strict = false;
  bool mermaid = false;
  bool dot = false;
  CommandFlags flags;
  flags.String("--workflow", &workflow);
  flags.String("--cards", &ignored);
  flags.String("--agents-root", &ignored);
  flags.Bool("--strict", &strict);
  flags.Bool("--mermaid", &mermaid);
  flags.Bool("--dot", &dot);
  if (std::string problem = flags.Parse(args); !problem.empty()) {
    err << "baton domains: " << problem << "\n" << kUsage;
    return kExitUsage;
  }
  const std::vector<std::string>& words = flags.positional();
  const std::string verb = words.empty() ? "" : words[0];
  const size_t wanted = verb == "show" || verb == "graph" ? 2 : 1;
  if ((verb != "list" && verb != "show" && verb != "lint" &&
       verb != "graph") ||
      words.size() != wanted) {
    err << "baton domains: "
        << (verb.empty() ? std::string("missing subcommand")
                         : absl::StrCat("bad use of \"", verb, "\""))
        << "\n"
        << kUsage;
    return kExitUsage;
  }
  if (verb == "lint") return Lint(installation, strict, out, err);

  absl::StatusOr<domains::DomainCatalog> catalog =
      domains::LoadCardDirectory(installation.cards_dir);
  if (!catalog.ok()) {
    return Fail(err, absl::StrCat(catalog.status().message(),
                                  "\n(`baton domains lint` lists every "
                                  "problem)"));
  }
  if (verb == "list") return List(*catalog, out);
  absl::StatusOr<const domains::DomainCard*> card =
      FindCard(*catalog, words[1]);
  if (!card.ok()) return Fail(err, card.status().message());
  if (verb == "show") return Show(**card, out);
  return Graph(**card, workflow, mermaid, dot, out, err);
}

}  // namespace baton::cli
