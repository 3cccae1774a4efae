#include "tools/nightly/slow_query_source.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "agents/data/postgres_database.h"

namespace baton::nightly {

std::string SlowQueryStatement(int limit) {
  // Generous: SelectSlowQueries filters afterwards.
  return absl::StrCat(
      "SELECT query, calls, mean_exec_time, total_exec_time FROM pg_stat_statements "
      "WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) "
      "ORDER BY mean_exec_time DESC LIMIT ",
      std::max(limit, 1) * 10);
}

std::vector<SlowQuery> SelectSlowQueries(std::vector<SlowQuery> rows, int count,
                                         double min_mean_ms) {
  std::vector<SlowQuery> kept;
  for (SlowQuery& row : rows) {
    const std::string lower =
        absl::AsciiStrToLower(absl::StripAsciiWhitespace(row.sql));
    const bool read = absl::StartsWith(lower, "select") || absl::StartsWith(lower, "with");
    if (!read || row.mean_ms < min_mean_ms || absl::StrContains(lower, "pg_catalog") ||
        absl::StrContains(lower, "information_schema") ||
        absl::StrContains(lower, "pg_stat_statements") || absl::StrContains(lower, "pg_database")) {
      continue;
    }
    kept.push_back(std::move(row));
  }
  std::stable_sort(kept.begin(), kept.end(), [](const SlowQuery& a, const SlowQuery& b) {
    return a.mean_ms > b.mean_ms;
  });
  if (static_cast<int>(kept.size()) > count) kept.resize(count);
  return kept;
}

absl::StatusOr<std::vector<SlowQuery>> ReadSlowQueries(const std::string& url, int count,
                                                       double min_mean_ms) {
  absl::StatusOr<agents::data::PostgresDatabase> database =
      agents::data::PostgresDatabase::Connect(url);
  if (!database.ok()) return database.status();
  absl::StatusOr<std::vector<agents::data::SqlRow>> rows =
      database->Query(SlowQueryStatement(count));
  if (!rows.ok()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "pg_stat_statements is not available in ", database->database(), " on ",
        database->server(), ": ", rows.status().message(),
        " (CREATE EXTENSION pg_stat_statements; the server needs shared_preload_libraries = "
        "'pg_stat_statements')"));
  }
  std::vector<SlowQuery> queries;
  for (const agents::data::SqlRow& row : *rows) {
    if (row.size() < 4 || !row[0].has_value()) continue;
    SlowQuery query;
    query.sql = *row[0];
    if (row[1].has_value()) (void)absl::SimpleAtoi(*row[1], &query.calls);
    if (row[2].has_value()) (void)absl::SimpleAtod(*row[2], &query.mean_ms);
    if (row[3].has_value()) (void)absl::SimpleAtod(*row[3], &query.total_ms);
    queries.push_back(std::move(query));
  }
  return SelectSlowQueries(std::move(queries), count, min_mean_ms);
}

std::string SlowQueryFile(const SlowQuery& query, const std::string& date) {
  std::string sql(absl::StripTrailingAsciiWhitespace(query.sql));
  if (!absl::EndsWith(sql, ";")) sql += ";";
  return absl::StrFormat(
      "-- From pg_stat_statements on %s: %d calls, mean %.2f ms, total %.0f ms.\n"
      "-- Baton's nightly optimizes it on a review branch.\n%s\n",
      date, query.calls, query.mean_ms, query.total_ms, sql);
}

}  // namespace baton::nightly
