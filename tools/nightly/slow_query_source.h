// The slowest queries of a PostgreSQL database, from the
// pg_stat_statements extension: the statements by mean execution time,
// reads only (SELECT / WITH), leaving out the catalog's and the
// extension's own queries. Their $n parameters stay; the Query
// Optimization agents fill them with generated values.
// Thread-safe: each call opens its own connection.
#ifndef BATON_TOOLS_NIGHTLY_SLOW_QUERY_SOURCE_H_
#define BATON_TOOLS_NIGHTLY_SLOW_QUERY_SOURCE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace baton::nightly {

struct SlowQuery {
  std::string sql;
  int64_t calls = 0;
  double mean_ms = 0;
  double total_ms = 0;
};

// The statement pg_stat_statements is read with (PostgreSQL 13 and later).
std::string SlowQueryStatement(int limit);

// Keeps the reads among `rows` with mean_ms >= min_mean_ms that do not
// touch pg_catalog, information_schema or pg_stat_statements, slowest mean
// first, at most `count`.
std::vector<SlowQuery> SelectSlowQueries(std::vector<SlowQuery> rows, int count,
                                         double min_mean_ms);

// Connects to `url` and reads the slowest queries of its database.
// Unavailable when the server cannot be reached; FailedPrecondition
// "pg_stat_statements is not available in <db>: ... (CREATE EXTENSION
// pg_stat_statements; the server needs shared_preload_libraries =
// 'pg_stat_statements')" when the extension is missing or not loaded.
absl::StatusOr<std::vector<SlowQuery>> ReadSlowQueries(const std::string& url, int count,
                                                       double min_mean_ms);

// The file a slow query is optimized from: a comment saying where it came
// from, then the statement ending in ';'.
std::string SlowQueryFile(const SlowQuery& query, const std::string& date);

}  // namespace baton::nightly

#endif  // BATON_TOOLS_NIGHTLY_SLOW_QUERY_SOURCE_H_
