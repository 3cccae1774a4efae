#include "agents/migration/data_validator.h"

#include <openssl/evp.h>

#include <cstring>
#include <functional>
#include <map>
#include <set>
#include <utility>

#include "absl/numeric/int128.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "agents/migration/batch_copier.h"
#include "agents/migration/value_codec.h"

namespace baton::agents::migration {
namespace {

using Canonical = std::vector<std::string>;

absl::uint128 RowHash(const Canonical& row) {
  const std::string text = absl::StrJoin(row, "\x1f");
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest, &length, EVP_md5(), nullptr);
  uint64_t high = 0, low = 0;
  std::memcpy(&high, digest, 8);
  std::memcpy(&low, digest + 8, 8);
  return absl::MakeUint128(high, low);
}

std::string Hex128(absl::uint128 value) {
  return absl::StrFormat("%016x%016x", absl::Uint128High64(value), absl::Uint128Low64(value));
}

Canonical SourceCanonical(const TargetTable& table, const SourceRow& row) {
  Canonical out;
  for (size_t i = 0; i < table.columns.size(); ++i) {
    out.push_back(CanonicalSource(table.columns[i].kind, row[i]));
  }
  return out;
}

Canonical TargetCanonical(const TargetTable& table, const data::SqlRow& row) {
  Canonical out;
  for (size_t i = 0; i < table.columns.size(); ++i) {
    out.push_back(CanonicalTarget(table.columns[i].kind, row[i]));
  }
  return out;
}

std::vector<size_t> KeyPositions(const TargetTable& table) {
  std::vector<size_t> positions;
  for (const std::string& key : table.key) {
    for (size_t i = 0; i < table.columns.size(); ++i) {
      if (table.columns[i].name == key) positions.push_back(i);
    }
  }
  return positions;
}

// "id=2" (or "a=1,b=x"); the whole row for a table without a key.
std::string KeyText(const TargetTable& table, const Canonical& row) {
  std::vector<std::string> parts;
  std::vector<size_t> keys = KeyPositions(table);
  if (keys.empty()) {
    for (size_t i = 0; i < row.size(); ++i) keys.push_back(i);
  }
  for (size_t k : keys) parts.push_back(absl::StrCat(table.columns[k].name, "=", row[k]));
  return absl::StrJoin(parts, ",");
}

std::string Shown(const std::string& canonical) {
  if (canonical == "\\N") return "NULL";
  std::string text = canonical.size() > 80 ? canonical.substr(0, 80) + "..." : canonical;
  return absl::StrCat("'", text, "'");
}

std::string ColumnDiff(const TargetTable& table, const Canonical& source,
                       const Canonical& target) {
  std::vector<std::string> parts;
  for (size_t i = 0; i < table.columns.size(); ++i) {
    if (source[i] == target[i]) continue;
    parts.push_back(absl::StrCat(table.columns[i].name, ": MySQL ", Shown(source[i]),
                                 " vs PostgreSQL ", Shown(target[i])));
  }
  return absl::StrJoin(parts, "; ");
}

std::string PgColumnList(const TargetTable& table) {
  std::vector<std::string> names;
  for (const TargetColumn& column : table.columns) names.push_back(PgIdentifier(column.name));
  return absl::StrJoin(names, ", ");
}

// Visits every target row through a server-side cursor.
absl::Status StreamTarget(data::PostgresDatabase& target, const TargetTable& table,
                          const std::function<void(const data::SqlRow&)>& visit) {
  absl::StatusOr<std::vector<data::SqlRow>> begun = target.Query("BEGIN READ ONLY");
  if (!begun.ok()) return begun.status();
  absl::StatusOr<std::vector<data::SqlRow>> declared = target.Query(
      absl::StrCat("DECLARE baton_validate NO SCROLL CURSOR FOR SELECT ", PgColumnList(table),
                   " FROM ", PgIdentifier(table.name)));
  absl::Status status = declared.status();
  while (status.ok()) {
    absl::StatusOr<std::vector<data::SqlRow>> rows =
        target.Query("FETCH 5000 FROM baton_validate");
    if (!rows.ok()) {
      status = rows.status();
      break;
    }
    for (const data::SqlRow& row : *rows) visit(row);
    if (rows->empty()) break;
  }
  absl::StatusOr<std::vector<data::SqlRow>> ended = target.Query(status.ok() ? "COMMIT" : "ROLLBACK");
  if (status.ok() && !ended.ok()) status = ended.status();
  return status;
}

struct TableData {
  absl::uint128 sum = 0;
  int64_t rows = 0;
};

absl::Status CheckTable(MysqlSource& source, data::PostgresDatabase& target,
                        const TargetTable& table, const ValidationOptions& options,
                        ValidationReport* report) {
  TableValidation result;
  result.table = table.name;
  const std::string select = absl::StrCat("SELECT ", MysqlColumnList(table), " FROM ",
                                          QuoteMysqlIdentifier(table.name));
  absl::StatusOr<int64_t> source_rows =
      source.QueryInt(absl::StrCat("SELECT COUNT(*) FROM ", QuoteMysqlIdentifier(table.name)));
  if (!source_rows.ok()) return source_rows.status();
  absl::StatusOr<int64_t> target_rows =
      target.QueryInt(absl::StrCat("SELECT count(*) FROM ", PgIdentifier(table.name)));
  if (!target_rows.ok()) return target_rows.status();
  result.source_rows = *source_rows;
  result.target_rows = *target_rows;

  // Checksums.
  TableData source_data, target_data;
  absl::Status streamed = source.Stream(select, [&](const SourceRow& row) {
    source_data.sum += RowHash(SourceCanonical(table, row));
    ++source_data.rows;
    return absl::OkStatus();
  });
  if (!streamed.ok()) return streamed;
  streamed = StreamTarget(target, table, [&](const data::SqlRow& row) {
    target_data.sum += RowHash(TargetCanonical(table, row));
    ++target_data.rows;
  });
  if (!streamed.ok()) return streamed;
  result.source_checksum = Hex128(source_data.sum);
  result.target_checksum = Hex128(target_data.sum);

  std::set<std::string> reported;
  int listed = 0;
  auto add = [&](RowMismatch mismatch) {
    ++result.mismatched_rows;
    reported.insert(mismatch.key);
    if (listed++ < options.max_listed_per_table) report->mismatches.push_back(std::move(mismatch));
  };

  // Row-level diff when anything differs.
  if (result.source_rows != result.target_rows || result.source_checksum != result.target_checksum) {
    std::map<std::string, std::vector<Canonical>> source_by_key;
    streamed = source.Stream(select, [&](const SourceRow& row) {
      Canonical canonical = SourceCanonical(table, row);
      source_by_key[KeyText(table, canonical)].push_back(std::move(canonical));
      return absl::OkStatus();
    });
    if (!streamed.ok()) return streamed;
    std::vector<std::pair<std::string, Canonical>> only_target;
    std::vector<std::pair<std::string, std::pair<Canonical, Canonical>>> differing;
    streamed = StreamTarget(target, table, [&](const data::SqlRow& row) {
      Canonical canonical = TargetCanonical(table, row);
      const std::string key = KeyText(table, canonical);
      auto it = source_by_key.find(key);
      if (it == source_by_key.end() || it->second.empty()) {
        only_target.emplace_back(key, std::move(canonical));
        return;
      }
      if (it->second.back() != canonical) {
        differing.emplace_back(key, std::make_pair(it->second.back(), canonical));
      }
      it->second.pop_back();
      if (it->second.empty()) source_by_key.erase(it);
    });
    if (!streamed.ok()) return streamed;
    std::sort(differing.begin(), differing.end());
    for (auto& [key, rows] : differing) {
      add({table.name, key, "differs", ColumnDiff(table, rows.first, rows.second)});
    }
    for (auto& [key, rows] : source_by_key) {
      for (size_t i = 0; i < rows.size(); ++i) add({table.name, key, "missing in PostgreSQL", ""});
    }
    std::sort(only_target.begin(), only_target.end());
    for (auto& [key, row] : only_target) add({table.name, key, "only in PostgreSQL", ""});
  }

  // Sample records: the first and last rows by key, fetched by key on both sides.
  const std::vector<size_t> keys = KeyPositions(table);
  if (!keys.empty()) {
    std::vector<SourceRow> samples;
    for (bool descending : {false, true}) {
      const int limit = descending ? options.samples_from_end : options.samples_from_start;
      if (limit <= 0) continue;
      absl::StatusOr<std::vector<SourceRow>> rows = source.Query(absl::StrCat(
          select, " ORDER BY ", MysqlKeyOrder(table, descending), " LIMIT ", limit));
      if (!rows.ok()) return rows.status();
      for (SourceRow& row : *rows) samples.push_back(std::move(row));
    }
    std::set<std::string> seen;
    for (const SourceRow& row : samples) {
      const Canonical expected = SourceCanonical(table, row);
      const std::string key = KeyText(table, expected);
      if (!seen.insert(key).second) continue;
      ++result.samples;
      std::vector<std::string> where;
      for (size_t k : keys) {
        absl::StatusOr<std::string> literal = SqlLiteral(table.columns[k].kind, row[k]);
        if (!literal.ok()) return literal.status();
        where.push_back(absl::StrCat(PgIdentifier(table.columns[k].name), " = ", *literal));
      }
      absl::StatusOr<std::vector<data::SqlRow>> found = target.Query(
          absl::StrCat("SELECT ", PgColumnList(table), " FROM ", PgIdentifier(table.name),
                       " WHERE ", absl::StrJoin(where, " AND ")));
      if (!found.ok()) return found.status();
      if (reported.contains(key)) continue;
      if (found->empty()) {
        add({table.name, key, "missing in PostgreSQL", "sample record"});
        continue;
      }
      const Canonical actual = TargetCanonical(table, found->front());
      if (actual != expected) {
        add({table.name, key, "differs", ColumnDiff(table, expected, actual)});
      }
    }
  }
  report->tables.push_back(std::move(result));
  return absl::OkStatus();
}

}  // namespace

bool ValidationReport::ok() const {
  for (const TableValidation& table : tables) {
    if (!table.ok()) return false;
  }
  return true;
}

int64_t ValidationReport::TotalSourceRows() const {
  int64_t total = 0;
  for (const TableValidation& table : tables) total += table.source_rows;
  return total;
}

int64_t ValidationReport::MismatchedRows() const {
  int64_t total = 0;
  for (const TableValidation& table : tables) total += table.mismatched_rows;
  return total;
}

std::string ValidationReport::Summary() const {
  int samples = 0;
  std::vector<std::string> bad;
  for (const TableValidation& table : tables) {
    samples += table.samples;
    if (table.ok()) continue;
    std::vector<std::string> what;
    if (table.source_rows != table.target_rows) {
      what.push_back(absl::StrCat(table.source_rows, " rows in MySQL, ", table.target_rows,
                                  " in PostgreSQL"));
    }
    if (table.source_checksum != table.target_checksum) what.push_back("checksum differs");
    what.push_back(absl::StrCat(table.mismatched_rows, " mismatched row",
                                table.mismatched_rows == 1 ? "" : "s"));
    bad.push_back(absl::StrCat(table.table, " (", absl::StrJoin(what, ", "), ")"));
  }
  if (bad.empty()) {
    return absl::StrCat(tables.size(), " tables, ", TotalSourceRows(),
                        " rows: row counts, checksums and ", samples,
                        " sample records match on MySQL and PostgreSQL");
  }
  return absl::StrCat(bad.size(), " of ", tables.size(),
                      " tables differ between MySQL and PostgreSQL: ", absl::StrJoin(bad, "; "));
}

std::string ValidationReport::Markdown(const std::string& source,
                                       const std::string& target) const {
  std::string text = absl::StrCat("# Data validation: MySQL -> PostgreSQL\n\nSource: `", source,
                                  "`  \nTarget: `", target, "`\n\n", Summary(), "\n\n",
                                  "| table | MySQL rows | PostgreSQL rows | MySQL checksum | "
                                  "PostgreSQL checksum | samples | mismatched rows |\n"
                                  "|---|---:|---:|---|---|---:|---:|\n");
  for (const TableValidation& table : tables) {
    absl::StrAppend(&text, "| ", table.table, " | ", table.source_rows, " | ", table.target_rows,
                    " | ", table.source_checksum, " | ", table.target_checksum, " | ",
                    table.samples, " | ", table.mismatched_rows, " |\n");
  }
  if (!mismatches.empty()) {
    absl::StrAppend(&text, "\n## Mismatches\n\n");
    for (const RowMismatch& m : mismatches) {
      absl::StrAppend(&text, "- ", m.table, " ", m.key, ": ", m.kind,
                      m.detail.empty() ? "" : absl::StrCat(" (", m.detail, ")"), "\n");
    }
  }
  absl::StrAppend(&text,
                  "\nChecksum: the sum modulo 2^128 of the md5 of each row's canonical text "
                  "(values normalized per type), so row order and value rendering do not "
                  "matter.\n");
  return text;
}

absl::StatusOr<ValidationReport> ValidateMigration(MysqlSource& source,
                                                   data::PostgresDatabase& target,
                                                   const Translation& translation,
                                                   const ValidationOptions& options) {
  absl::StatusOr<std::vector<data::SqlRow>> utc = target.Query("SET TIME ZONE 'UTC'");
  if (!utc.ok()) return utc.status();
  ValidationReport report;
  for (const TargetTable& table : translation.tables) {
    absl::Status checked = CheckTable(source, target, table, options, &report);
    if (!checked.ok()) return checked;
  }
  return report;
}

}  // namespace baton::agents::migration
