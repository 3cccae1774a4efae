#include "agents/migration/migration_documents.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace baton::agents::migration {
namespace {

std::string SeverityName(handoff::Finding::Severity severity) {
  switch (severity) {
    case handoff::Finding::BLOCKER:
      return "BLOCKER";
    case handoff::Finding::ERROR:
      return "ERROR";
    case handoff::Finding::WARNING:
      return "WARNING";
    default:
      return "INFO";
  }
}

int64_t Batches(int64_t rows, int batch_size) {
  return rows == 0 ? 0 : (rows + batch_size - 1) / batch_size;
}

}  // namespace

std::string MigrationDir(const std::string& source_database) {
  std::string name;
  for (char c : absl::AsciiStrToLower(source_database)) {
    name += absl::ascii_isalnum(c) ? c : '_';
  }
  return absl::StrCat("database/data_migration/", name.empty() ? "source" : name);
}

std::string RenderStrategy(const SourceSchema& schema, const Translation& translation,
                           const DocumentContext& context) {
  const std::string dir = MigrationDir(schema.database);
  std::string text = absl::StrCat(
      "# Migration strategy: MySQL `", schema.database, "` -> PostgreSQL\n\n",
      "Request: ", context.request, "\n\n", "- Source: `", context.source_url, "` (",
      schema.server_version, ")\n", "- Target: `", context.target_url, "`\n",
      "- Files: `", dir, "/` (this strategy, the DDL, the copy plan)\n\n",
      "## Inventory\n\n| table | rows | key | foreign keys |\n|---|---:|---|---|\n");
  for (const TargetTable& table : translation.tables) {
    const SourceTable* source = nullptr;
    for (const SourceTable& t : schema.tables) {
      if (t.name == table.name) source = &t;
    }
    std::vector<std::string> parents;
    if (source != nullptr) {
      for (const SourceForeignKey& key : source->foreign_keys) {
        parents.push_back(absl::StrCat(absl::StrJoin(key.columns, ","), " -> ",
                                       key.referenced_table));
      }
    }
    absl::StrAppend(&text, "| ", table.name, " | ", table.source_rows, " | ",
                    table.key.empty() ? "(none)" : absl::StrJoin(table.key, ", "), " | ",
                    parents.empty() ? "" : absl::StrJoin(parents, "; "), " |\n");
  }
  absl::StrAppend(&text, "\nTotal: ", translation.tables.size(), " tables, ", schema.TotalRows(),
                  " rows.", schema.views.empty() ? "" : absl::StrCat(
                      " Views not migrated: ", absl::StrJoin(schema.views, ", "), "."),
                  "\n\n## Type decisions and risks\n\n");
  if (translation.findings.empty()) {
    absl::StrAppend(&text, "None: every column has a direct PostgreSQL type.\n");
  }
  for (const handoff::Finding& finding : translation.findings) {
    absl::StrAppend(&text, "- **", SeverityName(finding.severity()), "** `", finding.rule(), "` ",
                    finding.message(), ". ", finding.fix(), "\n");
  }
  absl::StrAppend(
      &text,
      "\n## Phases\n\n"
      "1. **Schema** (`", kSchemaUpFile, "`): tables with primary keys, CHECKs and identity "
      "columns only, so the bulk copy does not pay for indexes and foreign keys.\n"
      "2. **Bulk copy** (`", kCopyPlanFile, "`): batches of ", context.batch_size,
      " rows paged by primary key inside one consistent read-only snapshot of MySQL; "
      "MySQL keeps serving the application. A re-run resumes after the last copied key and "
      "never duplicates a row.\n"
      "3. **Constraints** (`", kConstraintsUpFile, "`): identity sequences restart past "
      "max(id) and MySQL's AUTO_INCREMENT counter, then indexes, unique keys and foreign keys "
      "(which also proves referential integrity of the copied data).\n"
      "4. **Validation**: row counts, per-table checksums and sample records compared on both "
      "sides (qa-specialist); every mismatch is a finding and blocks the cut-over.\n"
      "5. **Rehearsal on staging**: phases 1-4 run against a staging PostgreSQL first "
      "(this run); production repeats them unchanged.\n\n"
      "## Cut-over\n\n"
      "1. Announce a write freeze; put the application in read-only mode (or stop writers).\n"
      "2. Re-run the copy: it resumes and carries the rows written since the bulk copy "
      "(tables keyed by an increasing id); tables updated in place need a final full copy "
      "or change data capture (AWS DMS / Debezium) for zero downtime.\n"
      "3. Re-run the validation; go only when it reports no mismatch.\n"
      "4. Point the application at PostgreSQL (configuration switch, no code change "
      "beyond the SQL dialect work listed above); lift the freeze.\n"
      "5. Keep MySQL read-only and untouched for the rollback window (at least one week).\n\n"
      "## Rollback\n\n"
      "- Before cut-over: nothing to undo in MySQL (it is only read). Drop the target with `",
      kConstraintsDownFile, "` then `", kSchemaDownFile, "`, fix, and start again.\n"
      "- During cut-over (validation fails): keep the application on MySQL, lift the freeze.\n"
      "- After cut-over: switch the application back to MySQL; rows written to PostgreSQL "
      "since cut-over must be copied back (keep the write log, or dual-write during the "
      "rollback window).\n\n"
      "## Security\n\n"
      "No credential is stored here or in the handoff: passwords come from the environment "
      "(`MYSQL_PWD`, `PGPASSWORD`). Use TLS for both connections outside a private network.\n");
  return text;
}

std::string RenderCopyPlan(const Translation& translation, const DocumentContext& context) {
  std::string text = absl::StrCat(
      "# Copy plan\n\nOrder: parents before children (foreign keys are added after the copy "
      "in any case). Batch size: ",
      context.batch_size,
      " rows.\n\n| # | table | rows | key (keyset pagination) | batches | re-run |\n"
      "|---:|---|---:|---|---:|---|\n");
  int index = 0;
  for (const TargetTable& table : translation.tables) {
    std::string rerun;
    if (table.key.empty()) {
      rerun = "no key: emptied and copied whole unless complete";
    } else if (table.integer_key) {
      rerun = absl::StrCat("resumes after max(", table.key[0], ") in PostgreSQL");
    } else {
      rerun = "starts over, skips rows already there (ON CONFLICT DO NOTHING)";
    }
    absl::StrAppend(&text, "| ", ++index, " | ", table.name, " | ", table.source_rows, " | ",
                    table.key.empty() ? "(none)" : absl::StrJoin(table.key, ", "), " | ",
                    Batches(table.source_rows, context.batch_size), " | ", rerun, " |\n");
  }
  absl::StrAppend(&text,
                  "\nEach batch: `SELECT ... FROM t WHERE (key) > (last key) ORDER BY key "
                  "LIMIT n` on MySQL, one multi-row `INSERT ... ON CONFLICT DO NOTHING` on "
                  "PostgreSQL. Zero dates become NULL; TINYINT(1) becomes boolean; blobs "
                  "become bytea.\n");
  return text;
}

}  // namespace baton::agents::migration
