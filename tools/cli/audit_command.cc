#include "tools/cli/working_directory.h"
#include "tools/cli/audit_command.h"

#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "agents/schema/finding_format.h"
#include "agents/schema/schema_lint.h"
#include "agents/schema/security_audit.h"
#include "gitops/repository.h"
#include "tools/cli/command_flags.h"

namespace baton::cli {
namespace {

namespace fs = std::filesystem;

constexpr int kExitFindings = 1;
constexpr int kExitUsage = 2;

constexpr char kUsage[] =
    "usage: baton audit [PATH]... [--changed] [--json]\n"
    "  PATH: files or folders to audit; default: the working directory\n";

int Fail(std::ostream& err, absl::string_view message) {
  err << "baton audit: " << message << "\n";
  return kExitUsage;
}

}  // namespace

int RunAuditCommand(const std::vector<std::string>& args,
                    const Installation& installation, std::ostream& out,
                    std::ostream& err) {
  (void)installation;
  bool changed = false;
  bool json = false;
  std::string ignored;
  CommandFlags flags;
  flags.Bool("--changed", &changed);
  flags.Bool("--json", &json);
  flags.String("--cards", &ignored);
  flags.String("--agents-root", &ignored);
  if (std::string problem = flags.Parse(args); !problem.empty()) {
    err << "baton audit: " << problem << "\n" << kUsage;
    return kExitUsage;
  }
  const fs::path cwd(WorkingDirectory());
  std::vector<agents::schema::AuditOptions> audits;
  if (changed) {
    if (!flags.positional().empty()) return Fail(err, "--changed takes no PATH");
    absl::StatusOr<std::string> root = gitops::FindRepositoryRoot(cwd.string());
    if (!root.ok()) return Fail(err, root.status().message());
    absl::StatusOr<std::vector<std::string>> dirty =
        gitops::DirtyPaths(*root, {".baton/"});
    if (!dirty.ok()) return Fail(err, dirty.status().message());
    agents::schema::AuditOptions options;
    options.root = *root;
    options.files = *std::move(dirty);
    audits.push_back(std::move(options));
  } else {
    std::vector<std::string> paths = flags.positional();
    if (paths.empty()) paths.push_back(".");
    for (const std::string& typed : paths) {
      const fs::path path = fs::path(typed).is_absolute() ? fs::path(typed) : cwd / typed;
      std::error_code error;
      agents::schema::AuditOptions options;
      if (fs::is_directory(path, error)) {
        options.root = path.lexically_normal().string();
        options.display_prefix = typed == "." ? "" : typed;
        absl::StatusOr<std::vector<std::string>> files =
            agents::schema::CollectAuditFiles(options.root);
        if (!files.ok()) return Fail(err, files.status().message());
        options.files = *std::move(files);
      } else if (fs::is_regular_file(path, error)) {
        options.root = path.parent_path().lexically_normal().string();
        options.display_prefix = fs::path(typed).parent_path().generic_string();
        options.files = {path.filename().string()};
      } else {
        return Fail(err, absl::StrCat(typed, " does not exist"));
      }
      audits.push_back(std::move(options));
    }
  }

  std::vector<handoff::Finding> findings;
  std::vector<std::string> summaries;
  for (agents::schema::AuditOptions& options : audits) {
    options.agent = "security-auditor";
    absl::StatusOr<agents::schema::AuditReport> report =
        agents::schema::AuditFiles(options);
    if (!report.ok()) return Fail(err, report.status().message());
    summaries.push_back(report->Summary());
    for (handoff::Finding& finding : report->findings) {
      findings.push_back(std::move(finding));
    }
  }
  const std::string subject = absl::StrJoin(summaries, "; ");
  if (json) {
    out << agents::schema::FindingsJson(subject, findings);
  } else {
    out << "Security audit: " << subject << "\n";
    for (const handoff::Finding& finding : findings) {
      out << agents::schema::FormatFinding(finding);
    }
    out << agents::schema::CountFindings(findings) << "\n";
  }
  return agents::schema::CountAtLeast(findings, handoff::Finding::ERROR) > 0
             ? kExitFindings
             : 0;
}

}  // namespace baton::cli
