// The security-auditor's review of a set of files (a run's artifacts and
// changed files, or what `baton audit` is pointed at):
//   - secrets in any text file (secret_scanner.h): BLOCKER;
//   - plaintext or unverified database transport (transport_scanner.h);
//   - personal data in the columns the .sql files define (pii_classifier.h),
//     found by letting SQLite load them (schema_loader.h): migrations of the
//     repository are loaded with the migrations before them, other .sql files
//     on their own; "pii-column" WARNING asking for encryption or masking,
//     "pii-forbidden" ERROR for data that must not be stored (card security
//     codes). SQL SQLite cannot load gives a "sql-not-loaded" WARNING
//     quoting SQLite's message; the other checks still run.
// Thread-safe: no shared state; reads files only.
#ifndef BATON_AGENTS_SCHEMA_SECURITY_AUDIT_H_
#define BATON_AGENTS_SCHEMA_SECURITY_AUDIT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "executor/handoff.pb.h"

namespace baton::agents::schema {

struct AuditOptions {
  // Folder the files are relative to (a repository root for migrations).
  std::string root;
  // Files to audit, relative to root. Missing files are skipped (a run may
  // have deleted them); folders are not expanded (see CollectAuditFiles).
  std::vector<std::string> files;
  // Set as each finding's agent.
  std::string agent;
  // Prepended with '/' to paths in locations (see LoadOptions).
  std::string display_prefix;
  int64_t max_file_bytes = int64_t{1} << 20;
};

struct AuditReport {
  std::vector<handoff::Finding> findings;
  int files_scanned = 0;
  int sql_files = 0;
  int pii_columns = 0;
  int secrets = 0;
  int transport_issues = 0;
  // "path (binary)", "path (larger than 1048576 bytes)", "path (missing)".
  std::vector<std::string> skipped;

  // "audited 4 files (2 SQL): 3 PII columns, 1 secret, no plaintext
  // transport"
  std::string Summary() const;
};

// InvalidArgument when `options.root` is not a folder. Everything else is
// reported as findings or skipped files.
absl::StatusOr<AuditReport> AuditFiles(const AuditOptions& options);

// Every regular file under `root` (relative, '/'-separated, sorted), leaving
// out .git, .baton, node_modules, bazel-* and other hidden folders.
// InvalidArgument when `root` is not a folder.
absl::StatusOr<std::vector<std::string>> CollectAuditFiles(
    const std::string& root);

}  // namespace baton::agents::schema

#endif  // BATON_AGENTS_SCHEMA_SECURITY_AUDIT_H_
