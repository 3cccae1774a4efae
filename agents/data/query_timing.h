// Measures how long a query takes on a staging database: one warm-up run,
// then `runs` timed runs of the whole query (rows fetched to the client),
// reported as their median. Thread-compatible (as the database).
#ifndef BATON_AGENTS_DATA_QUERY_TIMING_H_
#define BATON_AGENTS_DATA_QUERY_TIMING_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "agents/data/staging_database.h"

namespace baton::agents::data {

struct QueryTiming {
  std::vector<double> runs_ms;  // In run order.
  double median_ms = 0;
  int64_t rows = 0;  // Rows the query returned.

  // "median 12.301 ms of 5 runs (11.9 .. 13.2), 1 row".
  std::string Describe() const;
};

// REQUIRES: runs >= 1. Errors are the database's (the query failed).
absl::StatusOr<QueryTiming> MeasureQuery(StagingDatabase& db,
                                         absl::string_view sql, int runs);

// "12.301 ms" with enough digits for sub-millisecond times.
std::string FormatMs(double ms);

}  // namespace baton::agents::data

#endif  // BATON_AGENTS_DATA_QUERY_TIMING_H_
