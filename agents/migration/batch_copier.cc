#include "agents/migration/batch_copier.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "agents/migration/source_schema.h"
#include "agents/migration/value_codec.h"

namespace baton::agents::migration {
namespace {

std::string PgColumnList(const TargetTable& table) {
  std::vector<std::string> names;
  for (const TargetColumn& column : table.columns) names.push_back(PgIdentifier(column.name));
  return absl::StrJoin(names, ", ");
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

// Inserts `rows` into the target; returns how many were new.
absl::StatusOr<int64_t> InsertBatch(data::PostgresDatabase& target, const TargetTable& table,
                                    const std::vector<SourceRow>& rows, TableCopy* copy) {
  std::vector<std::string> tuples;
  tuples.reserve(rows.size());
  const std::vector<size_t> keys = KeyPositions(table);
  for (const SourceRow& row : rows) {
    std::vector<std::string> literals;
    for (size_t i = 0; i < table.columns.size(); ++i) {
      const TargetColumn& column = table.columns[i];
      absl::StatusOr<std::string> literal = SqlLiteral(column.kind, row[i]);
      if (!literal.ok()) {
        std::vector<std::string> key;
        for (size_t k : keys) key.push_back(row[k].value_or("NULL"));
        return absl::InvalidArgumentError(absl::StrCat(
            table.name, ".", column.name,
            key.empty() ? "" : absl::StrCat(" (", absl::StrJoin(table.key, ","), "=",
                                            absl::StrJoin(key, ","), ")"),
            ": ", literal.status().message()));
      }
      if (*literal == "NULL" && row[i].has_value()) ++copy->zero_dates_nulled;
      literals.push_back(*std::move(literal));
    }
    tuples.push_back(absl::StrCat("(", absl::StrJoin(literals, ", "), ")"));
  }
  const std::string sql = absl::StrCat("INSERT INTO ", PgIdentifier(table.name), " (",
                                       PgColumnList(table), ") VALUES ",
                                       absl::StrJoin(tuples, ", "),
                                       " ON CONFLICT DO NOTHING RETURNING 1");
  absl::StatusOr<std::vector<data::SqlRow>> inserted = target.Query(sql);
  if (!inserted.ok()) {
    std::string message(inserted.status().message());
    if (message.size() > 600) message = absl::StrCat(message.substr(0, 600), "...");
    return absl::Status(inserted.status().code(),
                        absl::StrCat("copying into ", table.name, " failed: ", message));
  }
  return static_cast<int64_t>(inserted->size());
}

absl::StatusOr<TableCopy> CopyTable(MysqlSource& source, data::PostgresDatabase& target,
                                    const TargetTable& table, const CopyOptions& options) {
  const absl::Time start = absl::Now();
  TableCopy copy;
  copy.table = table.name;
  copy.source_rows = table.source_rows;
  const std::string from = QuoteMysqlIdentifier(table.name);
  const std::string pg_table = PgIdentifier(table.name);
  absl::StatusOr<int64_t> present =
      target.QueryInt(absl::StrCat("SELECT count(*) FROM ", pg_table));
  if (!present.ok()) return present.status();

  if (table.key.empty()) {
    // No key to page or resume by: copy it whole, once.
    if (*present == table.source_rows && *present > 0) {
      copy.already_present = *present;
      copy.elapsed = absl::Now() - start;
      return copy;
    }
    if (*present > 0) {
      absl::Status emptied = target.Exec(absl::StrCat("DELETE FROM ", pg_table));
      if (!emptied.ok()) return emptied;
    }
    std::vector<SourceRow> batch;
    absl::Status streamed = absl::OkStatus();
    absl::Status status = source.Stream(
        absl::StrCat("SELECT ", MysqlColumnList(table), " FROM ", from),
        [&](const SourceRow& row) -> absl::Status {
          batch.push_back(row);
          if (static_cast<int>(batch.size()) < options.batch_size) return absl::OkStatus();
          absl::StatusOr<int64_t> n = InsertBatch(target, table, batch, &copy);
          batch.clear();
          if (!n.ok()) return n.status();
          copy.inserted += *n;
          ++copy.batches;
          return absl::OkStatus();
        });
    if (!status.ok()) return status;
    if (!batch.empty()) {
      absl::StatusOr<int64_t> n = InsertBatch(target, table, batch, &copy);
      if (!n.ok()) return n.status();
      copy.inserted += *n;
      ++copy.batches;
    }
    copy.elapsed = absl::Now() - start;
    return copy;
  }

  const std::vector<size_t> keys = KeyPositions(table);
  std::vector<std::string> key_columns;
  for (const std::string& key : table.key) key_columns.push_back(QuoteMysqlIdentifier(key));
  const std::string key_tuple = absl::StrCat("(", absl::StrJoin(key_columns, ", "), ")");
  std::vector<std::optional<std::string>> last;
  if (table.integer_key && *present > 0) {
    absl::StatusOr<std::vector<data::SqlRow>> max = target.Query(
        absl::StrCat("SELECT max(", PgIdentifier(table.key[0]), ") FROM ", pg_table));
    if (!max.ok()) return max.status();
    if (!max->empty() && max->front()[0].has_value()) {
      last = {max->front()[0]};
      copy.resumed_after = *max->front()[0];
      absl::StatusOr<int64_t> before = target.QueryInt(absl::StrCat(
          "SELECT count(*) FROM ", pg_table, " WHERE ", PgIdentifier(table.key[0]),
          " <= ", *max->front()[0]));
      if (!before.ok()) return before.status();
      copy.already_present = *before;
    }
  }
  while (true) {
    std::string where;
    if (!last.empty()) {
      std::vector<std::string> values;
      for (const std::optional<std::string>& value : last) {
        values.push_back(value.has_value() ? source.Quote(*value) : "NULL");
      }
      where = absl::StrCat(" WHERE ", key_tuple, " > (", absl::StrJoin(values, ", "), ")");
    }
    absl::StatusOr<std::vector<SourceRow>> rows = source.Query(
        absl::StrCat("SELECT ", MysqlColumnList(table), " FROM ", from, where, " ORDER BY ",
                     MysqlKeyOrder(table), " LIMIT ", options.batch_size));
    if (!rows.ok()) return rows.status();
    if (rows->empty()) break;
    absl::StatusOr<int64_t> n = InsertBatch(target, table, *rows, &copy);
    if (!n.ok()) return n.status();
    copy.inserted += *n;
    copy.already_present += static_cast<int64_t>(rows->size()) - *n;
    ++copy.batches;
    last.clear();
    for (size_t k : keys) last.push_back(rows->back()[k]);
    if (static_cast<int>(rows->size()) < options.batch_size) break;
  }
  copy.elapsed = absl::Now() - start;
  return copy;
}

}  // namespace

std::string MysqlColumnList(const TargetTable& table) {
  std::vector<std::string> names;
  for (const TargetColumn& column : table.columns) {
    names.push_back(QuoteMysqlIdentifier(column.name));
  }
  return absl::StrJoin(names, ", ");
}

std::string MysqlKeyOrder(const TargetTable& table, bool descending) {
  std::vector<std::string> names;
  for (const std::string& key : table.key) {
    names.push_back(absl::StrCat(QuoteMysqlIdentifier(key), descending ? " DESC" : ""));
  }
  return absl::StrJoin(names, ", ");
}

int64_t CopyReport::TotalInserted() const {
  int64_t total = 0;
  for (const TableCopy& table : tables) total += table.inserted;
  return total;
}

int64_t CopyReport::TotalSourceRows() const {
  int64_t total = 0;
  for (const TableCopy& table : tables) total += table.source_rows;
  return total;
}

std::string CopyReport::Summary() const {
  std::vector<std::string> parts;
  for (const TableCopy& table : tables) {
    std::string part = absl::StrCat(table.table, " ", table.inserted, " rows (", table.batches,
                                     table.batches == 1 ? " batch" : " batches");
    if (table.already_present > 0) {
      absl::StrAppend(&part, ", ", table.already_present, " already there");
    }
    if (!table.resumed_after.empty()) absl::StrAppend(&part, ", resumed after ", table.resumed_after);
    absl::StrAppend(&part, ")");
    parts.push_back(part);
  }
  return absl::StrCat("copied ", tables.size(), " tables: ", absl::StrJoin(parts, ", "), " in ",
                      absl::ToInt64Milliseconds(elapsed), " ms");
}

absl::StatusOr<CopyReport> CopyData(MysqlSource& source, data::PostgresDatabase& target,
                                    const Translation& translation, const CopyOptions& options) {
  const absl::Time start = absl::Now();
  absl::StatusOr<std::vector<SourceRow>> snapshot =
      source.Query("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
  if (!snapshot.ok()) return snapshot.status();
  CopyReport report;
  for (const TargetTable& table : translation.tables) {
    absl::StatusOr<TableCopy> copy = CopyTable(source, target, table, options);
    if (!copy.ok()) {
      (void)source.Query("ROLLBACK");
      return copy.status();
    }
    report.tables.push_back(*std::move(copy));
  }
  absl::StatusOr<std::vector<SourceRow>> done = source.Query("COMMIT");
  if (!done.ok()) return done.status();
  report.elapsed = absl::Now() - start;
  return report;
}

}  // namespace baton::agents::migration
