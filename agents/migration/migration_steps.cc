#include "agents/migration/migration_steps.h"

#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "agents/common/agent_main.h"
#include "agents/data/postgres_database.h"
#include "agents/migration/batch_copier.h"
#include "agents/migration/data_validator.h"
#include "agents/migration/migration_documents.h"
#include "agents/migration/mysql_source.h"
#include "agents/migration/schema_translator.h"
#include "agents/migration/source_schema.h"
#include "agents/schema/workspace_files.h"
#include "re2/re2.h"

namespace baton::agents::migration {
namespace {

constexpr int kDefaultBatchSize = 1000;

std::string AgentOf(const handoff::AgentRequest& request, absl::string_view fallback) {
  return request.step().agent().empty() ? std::string(fallback) : request.step().agent();
}

std::string Fact(const handoff::AgentRequest& request, const std::string& key) {
  auto it = request.handoff().facts().find(key);
  return it == request.handoff().facts().end() ? "" : it->second;
}

// The run's source and target, checked.
struct Endpoints {
  std::string source_url;
  std::string target_url;
};

absl::StatusOr<Endpoints> EndpointsOf(const handoff::AgentRequest& request) {
  const handoff::Handoff& handoff = request.handoff();
  Endpoints endpoints;
  endpoints.source_url = handoff.source().url();
  if (endpoints.source_url.empty() || !IsMysqlUrl(endpoints.source_url)) {
    return absl::FailedPreconditionError(
        "Data Migration needs the MySQL/MariaDB database to migrate from: run again with "
        "--source mysql://user@host:port/database (the password goes in MYSQL_PWD, never in "
        "the URL you commit)");
  }
  if (handoff.staging().kind() != "postgres" || !data::IsPostgresUrl(handoff.staging().url())) {
    return absl::FailedPreconditionError(
        "Data Migration needs a PostgreSQL target: run again with --staging "
        "postgresql://user@host:port/database (the staging database the data is copied into "
        "for the rehearsal); the SQLite staging default cannot receive a migration");
  }
  endpoints.target_url = handoff.staging().url();
  return endpoints;
}

struct Loaded {
  SourceSchema schema;
  Translation translation;
};

absl::StatusOr<Loaded> LoadAndTranslate(MysqlSource& source) {
  absl::StatusOr<SourceSchema> schema = ReadSourceSchema(source);
  if (!schema.ok()) return schema.status();
  Loaded loaded;
  loaded.translation = TranslateSchema(*schema);
  loaded.schema = *std::move(schema);
  return loaded;
}

void AddFindings(const std::vector<handoff::Finding>& findings, const std::string& agent,
                 handoff::AgentResult* result) {
  for (handoff::Finding finding : findings) {
    finding.set_agent(agent);
    *result->add_findings() = std::move(finding);
  }
}

// A FAILED result listing the translation's ERROR findings.
handoff::AgentResult UntranslatableResult(const Translation& translation,
                                          const std::string& agent) {
  handoff::AgentResult result;
  result.set_outcome(handoff::AgentResult::FAILED);
  AddFindings(translation.findings, agent, &result);
  std::vector<std::string> errors;
  for (const handoff::Finding& finding : translation.findings) {
    if (finding.severity() >= handoff::Finding::ERROR) errors.push_back(finding.message());
  }
  result.set_error(absl::StrCat("the source schema cannot be migrated as is: ",
                                absl::StrJoin(errors, "; ")));
  return result;
}

int BatchSizeOf(const handoff::AgentRequest& request) {
  int size = 0;
  if (absl::SimpleAtoi(Fact(request, "migration.batch_size"), &size) && size > 0) return size;
  static const RE2 kBatch(R"((?i)batch(?:es)?\s+of\s+(\d+))");
  if (RE2::PartialMatch(request.handoff().request().text(), kBatch, &size) && size > 0) {
    return size;
  }
  return kDefaultBatchSize;
}

absl::Status Annotate(const absl::Status& status, absl::string_view what) {
  return absl::Status(status.code(), absl::StrCat(what, ": ", status.message()));
}

absl::StatusOr<data::PostgresDatabase> ConnectTarget(const std::string& url) {
  absl::StatusOr<data::PostgresDatabase> target = data::PostgresDatabase::Connect(url);
  if (!target.ok()) return target.status();
  absl::StatusOr<std::vector<data::SqlRow>> encoding = target->Query("SHOW server_encoding");
  if (!encoding.ok()) return encoding.status();
  const std::string name = encoding->empty() ? "" : encoding->front()[0].value_or("");
  if (name != "UTF8") {
    return absl::FailedPreconditionError(absl::StrCat(
        "the target database ", target->database(), " has encoding ", name,
        ", which cannot hold every MySQL utf8mb4 character; create it with ENCODING 'UTF8'"));
  }
  return target;
}

}  // namespace

absl::StatusOr<handoff::AgentResult> MigrationStrategyStep(const handoff::AgentRequest& request) {
  absl::StatusOr<Endpoints> endpoints = EndpointsOf(request);
  if (!endpoints.ok()) return endpoints.status();
  const std::string agent = AgentOf(request, "systems-architect");
  absl::StatusOr<MysqlSource> source = MysqlSource::Connect(endpoints->source_url);
  if (!source.ok()) return source.status();
  absl::StatusOr<Loaded> loaded = LoadAndTranslate(*source);
  if (!loaded.ok()) return loaded.status();
  if (loaded->translation.HasErrors()) return UntranslatableResult(loaded->translation, agent);

  DocumentContext context;
  context.source_url = data::RedactUrl(endpoints->source_url);
  context.target_url = data::RedactUrl(endpoints->target_url);
  context.request = request.handoff().request().text();
  context.batch_size = BatchSizeOf(request);
  const std::string dir = MigrationDir(loaded->schema.database);
  const std::string path = absl::StrCat(dir, "/", kStrategyFile);
  const std::string workspace = schema::WorkspaceOf(request);
  absl::Status written = schema::WriteWorkspaceFile(
      workspace, path, RenderStrategy(loaded->schema, loaded->translation, context));
  if (!written.ok()) return written;

  int warnings = 0;
  for (const handoff::Finding& finding : loaded->translation.findings) {
    if (finding.severity() == handoff::Finding::WARNING) ++warnings;
  }
  std::vector<std::string> tables;
  for (const TargetTable& table : loaded->translation.tables) tables.push_back(table.name);
  handoff::AgentResult result = Succeeded(absl::StrCat(
      "wrote the migration strategy ", path, ": ", tables.size(), " tables, ",
      loaded->schema.TotalRows(), " rows from MySQL ", loaded->schema.database,
      "; schema -> batched copy (", context.batch_size,
      " rows) -> constraints -> validation -> cut-over with rollback; ", warnings,
      " risk", warnings == 1 ? "" : "s", " to review"));
  absl::StatusOr<handoff::Artifact> artifact =
      MakeArtifact(workspace, path, handoff::Artifact::SPEC, agent,
                   "data migration strategy: phases, cut-over, rollback", /*commit=*/true);
  if (!artifact.ok()) return artifact.status();
  *result.add_artifacts() = *std::move(artifact);
  auto& facts = *result.mutable_facts();
  facts["migration.source"] = context.source_url;
  facts["migration.source_database"] = loaded->schema.database;
  facts["migration.tables"] = absl::StrJoin(tables, ",");
  facts["migration.source_rows"] = absl::StrCat(loaded->schema.TotalRows());
  facts["migration.batch_size"] = absl::StrCat(context.batch_size);
  facts["migration.dir"] = dir;
  facts["migration.strategy"] = path;
  return result;
}

absl::StatusOr<handoff::AgentResult> MigrationImplementStep(const handoff::AgentRequest& request) {
  absl::StatusOr<Endpoints> endpoints = EndpointsOf(request);
  if (!endpoints.ok()) return endpoints.status();
  const std::string agent = AgentOf(request, "infrastructure-specialist");
  absl::StatusOr<MysqlSource> source = MysqlSource::Connect(endpoints->source_url);
  if (!source.ok()) return source.status();
  absl::StatusOr<data::PostgresDatabase> target = ConnectTarget(endpoints->target_url);
  if (!target.ok()) return target.status();
  absl::StatusOr<Loaded> loaded = LoadAndTranslate(*source);
  if (!loaded.ok()) return loaded.status();
  const Translation& translation = loaded->translation;
  if (translation.HasErrors()) return UntranslatableResult(translation, agent);

  DocumentContext context;
  context.source_url = data::RedactUrl(endpoints->source_url);
  context.target_url = data::RedactUrl(endpoints->target_url);
  context.request = request.handoff().request().text();
  context.batch_size = BatchSizeOf(request);
  const std::string dir = MigrationDir(loaded->schema.database);
  const std::string workspace = schema::WorkspaceOf(request);
  const std::vector<std::pair<std::string, std::string>> files = {
      {kSchemaUpFile, translation.schema_up},
      {kSchemaDownFile, translation.schema_down},
      {kConstraintsUpFile, translation.constraints_up},
      {kConstraintsDownFile, translation.constraints_down},
      {kCopyPlanFile, RenderCopyPlan(translation, context)},
  };
  std::vector<std::string> paths;
  for (const auto& [name, text] : files) {
    const std::string path = absl::StrCat(dir, "/", name);
    absl::Status written = schema::WriteWorkspaceFile(workspace, path, text);
    if (!written.ok()) return written;
    paths.push_back(path);
  }

  // The rehearsal: schema, data, constraints on the target.
  if (absl::Status s = target->Exec(translation.schema_up); !s.ok()) {
    return Annotate(s, absl::StrCat(paths[0], " failed on ", context.target_url));
  }
  CopyOptions copy_options;
  copy_options.batch_size = context.batch_size;
  absl::StatusOr<CopyReport> copy = CopyData(*source, *target, translation, copy_options);
  if (!copy.ok()) {
    return Annotate(copy.status(), absl::StrCat("the data copy to ", context.target_url,
                                                " stopped (a re-run resumes)"));
  }
  if (absl::Status s = target->Exec(translation.constraints_up); !s.ok()) {
    return Annotate(s, absl::StrCat(paths[2], " failed on ", context.target_url,
                                    " after the copy (the data breaks a constraint)"));
  }

  int indexes = 0, foreign_keys = 0;
  for (absl::string_view line : absl::StrSplit(translation.constraints_up, '\n')) {
    if (absl::StartsWith(line, "CREATE ")) ++indexes;
    if (absl::StrContains(line, "FOREIGN KEY")) ++foreign_keys;
  }
  handoff::AgentResult result = Succeeded(absl::StrCat(
      "translated ", translation.tables.size(), " tables to PostgreSQL in ", dir, "/; ",
      copy->Summary(), "; then ", indexes, " indexes and ", foreign_keys,
      " foreign keys added and identities restarted"));
  AddFindings(translation.findings, agent, &result);
  for (size_t i = 0; i < paths.size(); ++i) {
    const bool sql = absl::EndsWith(paths[i], ".sql");
    absl::StatusOr<handoff::Artifact> artifact = MakeArtifact(
        workspace, paths[i], sql ? handoff::Artifact::MIGRATION : handoff::Artifact::REPORT,
        agent, sql ? "PostgreSQL DDL translated from MySQL" : "batched copy plan",
        /*commit=*/true);
    if (!artifact.ok()) return artifact.status();
    *result.add_artifacts() = *std::move(artifact);
  }
  std::vector<std::string> copied;
  for (const TableCopy& table : copy->tables) {
    copied.push_back(absl::StrCat(table.table, "=", table.inserted + table.already_present));
  }
  auto& facts = *result.mutable_facts();
  facts["migration.files"] = absl::StrJoin(paths, ",");
  facts["migration.target"] = context.target_url;
  facts["migration.rows_copied"] = absl::StrCat(copy->TotalInserted());
  facts["migration.target_rows"] = absl::StrJoin(copied, ",");
  facts["migration.copy_ms"] = absl::StrCat(absl::ToInt64Milliseconds(copy->elapsed));
  return result;
}

absl::StatusOr<handoff::AgentResult> MigrationValidateStep(const handoff::AgentRequest& request) {
  absl::StatusOr<Endpoints> endpoints = EndpointsOf(request);
  if (!endpoints.ok()) return endpoints.status();
  const std::string agent = AgentOf(request, "qa-specialist");
  absl::StatusOr<MysqlSource> source = MysqlSource::Connect(endpoints->source_url);
  if (!source.ok()) return source.status();
  absl::StatusOr<data::PostgresDatabase> target = ConnectTarget(endpoints->target_url);
  if (!target.ok()) return target.status();
  absl::StatusOr<Loaded> loaded = LoadAndTranslate(*source);
  if (!loaded.ok()) return loaded.status();
  if (loaded->translation.HasErrors()) return UntranslatableResult(loaded->translation, agent);

  absl::StatusOr<ValidationReport> report =
      ValidateMigration(*source, *target, loaded->translation, ValidationOptions());
  if (!report.ok()) return report.status();

  const std::string workspace = schema::WorkspaceOf(request);
  const std::string run = request.handoff().run_id().empty() ? "adhoc" : request.handoff().run_id();
  const std::string path = absl::StrCat(".baton/reports/", run, "/data_validation.md");
  absl::Status written = schema::WriteWorkspaceFile(
      workspace, path,
      report->Markdown(data::RedactUrl(endpoints->source_url),
                       data::RedactUrl(endpoints->target_url)));
  if (!written.ok()) return written;

  handoff::AgentResult result = Succeeded(report->Summary());
  absl::StatusOr<handoff::Artifact> artifact =
      MakeArtifact(workspace, path, handoff::Artifact::REPORT, agent,
                   "row counts, checksums and sample records on both sides", /*commit=*/false);
  if (!artifact.ok()) return artifact.status();
  *result.add_artifacts() = *std::move(artifact);

  auto add = [&](const std::string& rule, const std::string& location, const std::string& message,
                 const std::string& fix) {
    handoff::Finding* finding = result.add_findings();
    finding->set_severity(handoff::Finding::ERROR);
    finding->set_rule(rule);
    finding->set_location(location);
    finding->set_agent(agent);
    finding->set_message(message);
    finding->set_fix(fix);
  };
  const std::string recopy =
      "Find what changed the row (a writer on the target? a conversion?), fix it, empty the "
      "table on PostgreSQL and run the migration again; it resumes and re-validates.";
  std::vector<std::string> checksums;
  for (const TableValidation& table : report->tables) {
    checksums.push_back(absl::StrCat(table.table, "=", table.source_rows, ":",
                                     table.source_checksum));
    if (table.source_rows != table.target_rows) {
      add("migration-row-count", table.table,
          absl::StrCat(table.table, ": ", table.source_rows, " rows in MySQL, ",
                       table.target_rows, " in PostgreSQL"),
          recopy);
    }
    if (table.source_checksum != table.target_checksum) {
      add("migration-checksum", table.table,
          absl::StrCat(table.table, ": checksum differs (MySQL ", table.source_checksum,
                       ", PostgreSQL ", table.target_checksum, ")"),
          recopy);
    }
  }
  int64_t listed = 0;
  for (const RowMismatch& mismatch : report->mismatches) {
    ++listed;
    add("migration-row-mismatch", absl::StrCat(mismatch.table, " ", mismatch.key),
        absl::StrCat(mismatch.table, " row ", mismatch.key, " ", mismatch.kind,
                     mismatch.detail.empty() ? "" : absl::StrCat(": ", mismatch.detail)),
        recopy);
  }
  if (report->MismatchedRows() > listed) {
    add("migration-row-mismatch", "", absl::StrCat("and ", report->MismatchedRows() - listed,
                                                   " more mismatched rows (see ", path, ")"),
        recopy);
  }
  auto& facts = *result.mutable_facts();
  facts["qa.tables"] = absl::StrCat(report->tables.size());
  facts["qa.rows"] = absl::StrCat(report->TotalSourceRows());
  facts["qa.checksums"] = absl::StrJoin(checksums, ",");
  facts["qa.mismatched_rows"] = absl::StrCat(report->MismatchedRows());
  if (!report->ok()) {
    // The error carries the mismatches (a failed step's findings stay in its
    // result); the full list is in the report and the step's log.
    constexpr int kInError = 20;
    std::vector<std::string> rows;
    for (const handoff::Finding& finding : result.findings()) {
      std::cerr << "[" << finding.rule() << "] " << finding.message() << "\n";
      if (finding.rule() == "migration-row-mismatch" && rows.size() < kInError) {
        rows.push_back(finding.message());
      }
    }
    result.set_outcome(handoff::AgentResult::FAILED);
    result.set_error(absl::StrCat("data validation failed: ", report->Summary(),
                                  rows.empty() ? "" : absl::StrCat("; mismatches: ",
                                                                   absl::StrJoin(rows, "; ")),
                                  " (report: ", path, ")"));
  }
  return result;
}

}  // namespace baton::agents::migration
