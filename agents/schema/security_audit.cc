#include "agents/schema/security_audit.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <system_error>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "agents/data/migration_layout.h"
#include "agents/schema/pii_classifier.h"
#include "agents/schema/schema_loader.h"
#include "agents/schema/secret_scanner.h"
#include "agents/schema/transport_scanner.h"

namespace baton::agents::schema {
namespace {

namespace fs = std::filesystem;
using ::baton::handoff::Finding;

std::string Display(const AuditOptions& options, const std::string& file) {
  if (options.display_prefix.empty() || options.display_prefix == ".") {
    return file;
  }
  return (fs::path(options.display_prefix) / file).generic_string();
}

std::string Plural(int count, absl::string_view one, absl::string_view many) {
  return absl::StrCat(count, " ", count == 1 ? one : many);
}

void AddPiiFindings(const LoadedSchema& schema,
                    const std::set<std::string>& audited_files,
                    const AuditOptions& options, std::set<std::string>* seen,
                    AuditReport* report) {
  for (const data::TableInfo& table : schema.snapshot.tables) {
    for (const data::ColumnInfo& column : table.columns) {
      const SourceLocation* location =
          schema.FindColumnLocation(table.name, column.name);
      if (location == nullptr || audited_files.count(location->file) == 0) {
        continue;
      }
      std::optional<PiiClass> pii =
          ClassifyPiiColumn(table.name, column.name, column.type);
      if (!pii.has_value()) continue;
      const std::string qualified = absl::StrCat(table.name, ".", column.name);
      if (!seen->insert(absl::AsciiStrToLower(qualified)).second) continue;
      Finding finding;
      finding.set_agent(options.agent);
      finding.set_location(location->ToString());
      if (pii->forbidden) {
        finding.set_severity(Finding::ERROR);
        finding.set_rule("pii-forbidden");
        finding.set_message(absl::StrCat(
            qualified, " stores a ", pii->kind,
            ", which must not be stored at all after authorization (PCI DSS)"));
        finding.set_fix(
            "Drop the column; keep only the payment provider's token and the "
            "card's last four digits.");
      } else {
        finding.set_severity(Finding::WARNING);
        finding.set_rule("pii-column");
        finding.set_message(absl::StrCat(qualified, " holds personal data (",
                                         pii->kind, ")"));
        finding.set_fix(
            pii->sensitive
                ? "Encrypt it at rest at column level (application-side or "
                  "pgcrypto, keys in KMS/Secrets Manager), restrict who can "
                  "read it, and mask it in logs, exports and non-production "
                  "copies; for card numbers store a payment provider's token "
                  "instead (PCI DSS)."
                : "Add it to the data masking rules (logs, exports, "
                  "non-production copies), keep the database encrypted at "
                  "rest (KMS) and reached over TLS, and limit who can read "
                  "it.");
      }
      ++report->pii_columns;
      report->findings.push_back(std::move(finding));
    }
  }
}

void AddNotLoaded(const AuditOptions& options, const std::string& where,
                  const absl::Status& status, AuditReport* report) {
  Finding finding;
  finding.set_agent(options.agent);
  finding.set_severity(Finding::WARNING);
  finding.set_rule("sql-not-loaded");
  finding.set_location(where);
  finding.set_message(absl::StrCat(
      "SQLite could not load the SQL, so its columns were not checked for "
      "personal data: ",
      status.message()));
  finding.set_fix(
      "Make the SQL valid (it is also what staging runs), or review its "
      "columns for personal data by hand.");
  report->findings.push_back(std::move(finding));
}

void AuditSql(const AuditOptions& options,
              const std::vector<std::string>& sql_files, AuditReport* report) {
  if (sql_files.empty()) return;
  // Which of them are migrations of the repository at root.
  std::set<std::string> migration_files;
  absl::StatusOr<data::MigrationLayout> layout =
      data::FindMigrationLayout(options.root);
  if (layout.ok()) {
    for (const data::Migration& migration : layout->migrations) {
      for (const std::string& file : migration.Files()) {
        migration_files.insert(file);
      }
    }
  }
  std::set<std::string> audited_migrations;
  std::vector<std::string> others;
  for (const std::string& file : sql_files) {
    if (migration_files.count(file) > 0) {
      audited_migrations.insert(Display(options, file));
    } else if (!absl::EndsWith(file, ".down.sql")) {
      others.push_back(file);
    }
  }
  LoadOptions load;
  load.display_prefix = options.display_prefix;
  std::set<std::string> seen;
  if (!audited_migrations.empty()) {
    absl::StatusOr<LoadedSchema> schema = LoadMigrationSchema(options.root, load);
    if (schema.ok()) {
      AddPiiFindings(*schema, audited_migrations, options, &seen, report);
    } else {
      AddNotLoaded(options, Display(options, layout->directory), schema.status(),
                   report);
    }
  }
  if (others.empty()) return;
  absl::StatusOr<LoadedSchema> together = LoadSqlFiles(options.root, others, load);
  if (together.ok()) {
    std::set<std::string> files;
    for (const std::string& file : others) files.insert(Display(options, file));
    AddPiiFindings(*together, files, options, &seen, report);
    return;
  }
  // One bad file should not hide the others: load them one by one.
  for (const std::string& file : others) {
    absl::StatusOr<LoadedSchema> one = LoadSqlFiles(options.root, {file}, load);
    if (!one.ok()) {
      AddNotLoaded(options, Display(options, file), one.status(), report);
      continue;
    }
    AddPiiFindings(*one, {Display(options, file)}, options, &seen, report);
  }
}

}  // namespace

std::string AuditReport::Summary() const {
  std::string text = absl::StrCat("audited ", Plural(files_scanned, "file", "files"),
                                  " (", sql_files, " SQL): ");
  absl::StrAppend(&text,
                  pii_columns == 0 ? "no PII columns"
                                   : Plural(pii_columns, "PII column", "PII columns"),
                  ", ",
                  secrets == 0 ? "no secrets" : Plural(secrets, "secret", "secrets"),
                  ", ",
                  transport_issues == 0
                      ? "no plaintext transport"
                      : Plural(transport_issues, "transport issue",
                               "transport issues"));
  if (!skipped.empty()) absl::StrAppend(&text, "; skipped ", skipped.size());
  return text;
}

absl::StatusOr<AuditReport> AuditFiles(const AuditOptions& options) {
  std::error_code error;
  if (!fs::is_directory(options.root, error)) {
    return absl::InvalidArgumentError(
        absl::StrCat(options.root, " is not a folder"));
  }
  AuditReport report;
  std::vector<std::string> sql_files;
  std::set<std::string> done;
  for (const std::string& file : options.files) {
    if (!done.insert(file).second) continue;
    const fs::path path = fs::path(options.root) / file;
    if (!fs::is_regular_file(path, error)) {
      report.skipped.push_back(absl::StrCat(file, " (missing)"));
      continue;
    }
    const uintmax_t size = fs::file_size(path, error);
    if (error || size > static_cast<uintmax_t>(options.max_file_bytes)) {
      report.skipped.push_back(
          absl::StrCat(file, " (larger than ", options.max_file_bytes, " bytes)"));
      continue;
    }
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();
    if (text.substr(0, 8000).find('\0') != std::string::npos) {
      report.skipped.push_back(absl::StrCat(file, " (binary)"));
      continue;
    }
    ++report.files_scanned;
    const std::string shown = Display(options, file);
    for (Finding& finding : ScanForSecrets(shown, text)) {
      finding.set_agent(options.agent);
      ++report.secrets;
      report.findings.push_back(std::move(finding));
    }
    for (Finding& finding : ScanForPlaintextTransport(shown, text)) {
      finding.set_agent(options.agent);
      ++report.transport_issues;
      report.findings.push_back(std::move(finding));
    }
    if (absl::EndsWith(file, ".sql")) {
      ++report.sql_files;
      sql_files.push_back(file);
    }
  }
  AuditSql(options, sql_files, &report);
  return report;
}

absl::StatusOr<std::vector<std::string>> CollectAuditFiles(
    const std::string& root) {
  std::error_code error;
  if (!fs::is_directory(root, error)) {
    return absl::InvalidArgumentError(absl::StrCat(root, " is not a folder"));
  }
  std::vector<std::string> files;
  for (fs::recursive_directory_iterator it(root, error), end;
       !error && it != end; it.increment(error)) {
    const std::string name = it->path().filename().string();
    if (it->is_directory(error)) {
      if (absl::StartsWith(name, ".") || name == "node_modules" ||
          absl::StartsWith(name, "bazel-")) {
        it.disable_recursion_pending();
      }
      continue;
    }
    if (it->is_regular_file(error)) {
      files.push_back(it->path().lexically_relative(root).generic_string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace baton::agents::schema
