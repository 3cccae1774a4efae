#include "agents/backup/table_fingerprint.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace baton::agents::backup {
namespace {

std::string QuoteIdent(const std::string& name) {
  std::string quoted = "\"";
  for (char c : name) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

}  // namespace

absl::StatusOr<DatabaseFingerprint> FingerprintDatabase(data::PostgresDatabase& db) {
  absl::StatusOr<std::vector<data::SqlRow>> tables = db.Query(
      "SELECT n.nspname, c.relname FROM pg_class c "
      "JOIN pg_namespace n ON n.oid = c.relnamespace "
      "WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', "
      "'information_schema') AND n.nspname NOT LIKE 'pg_toast%' "
      "ORDER BY n.nspname, c.relname");
  if (!tables.ok()) return tables.status();
  DatabaseFingerprint fingerprint;
  for (const data::SqlRow& row : *tables) {
    const std::string schema = row[0].value_or("");
    const std::string table = row[1].value_or("");
    const std::string qualified = absl::StrCat(QuoteIdent(schema), ".", QuoteIdent(table));
    absl::StatusOr<std::vector<data::SqlRow>> result = db.Query(absl::StrCat(
        "SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) "
        "FROM ",
        qualified, " AS t"));
    if (!result.ok()) return result.status();
    TableFingerprint table_fingerprint;
    const data::SqlRow& values = result->at(0);
    if (!absl::SimpleAtoi(values[0].value_or("0"), &table_fingerprint.rows)) {
      return absl::InternalError(absl::StrCat("row count of ", qualified, " is not a number"));
    }
    table_fingerprint.md5 = values[1].value_or("");
    fingerprint[schema == "public" ? table : absl::StrCat(schema, ".", table)] = table_fingerprint;
  }
  return fingerprint;
}

std::vector<std::string> CompareFingerprints(const DatabaseFingerprint& source,
                                             const DatabaseFingerprint& restored) {
  std::vector<std::string> differences;
  for (const auto& [table, expected] : source) {
    auto it = restored.find(table);
    if (it == restored.end()) {
      differences.push_back(absl::StrCat(table, ": missing after the restore"));
      continue;
    }
    if (it->second.rows != expected.rows) {
      differences.push_back(absl::StrCat(table, ": ", expected.rows, " rows backed up, ",
                                         it->second.rows, " restored"));
    } else if (it->second.md5 != expected.md5) {
      differences.push_back(
          absl::StrCat(table, ": checksum differs (", expected.md5, " vs ", it->second.md5, ")"));
    }
  }
  for (const auto& [table, unused] : restored) {
    if (!source.contains(table)) {
      differences.push_back(absl::StrCat(table, ": only in the restore"));
    }
  }
  return differences;
}

}  // namespace baton::agents::backup
