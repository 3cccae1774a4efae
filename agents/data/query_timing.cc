#include "agents/data/query_timing.h"

#include <algorithm>
#include <chrono>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace baton::agents::data {

std::string FormatMs(double ms) {
  return ms < 1 ? absl::StrFormat("%.3f ms", ms) : absl::StrFormat("%.2f ms", ms);
}

std::string QueryTiming::Describe() const {
  if (runs_ms.empty()) return "not measured";
  auto [low, high] = std::minmax_element(runs_ms.begin(), runs_ms.end());
  return absl::StrCat("median ", FormatMs(median_ms), " of ", runs_ms.size(),
                      " runs (", FormatMs(*low), " .. ", FormatMs(*high), "), ",
                      rows, rows == 1 ? " row" : " rows");
}

absl::StatusOr<QueryTiming> MeasureQuery(StagingDatabase& db,
                                         absl::string_view sql, int runs) {
  QueryTiming timing;
  absl::StatusOr<std::vector<SqlRow>> warm = db.Query(sql);
  if (!warm.ok()) return warm.status();
  timing.rows = static_cast<int64_t>(warm->size());
  for (int run = 0; run < std::max(runs, 1); ++run) {
    const auto start = std::chrono::steady_clock::now();
    absl::StatusOr<std::vector<SqlRow>> rows = db.Query(sql);
    const auto end = std::chrono::steady_clock::now();
    if (!rows.ok()) return rows.status();
    timing.runs_ms.push_back(
        std::chrono::duration<double, std::milli>(end - start).count());
  }
  std::vector<double> sorted = timing.runs_ms;
  std::sort(sorted.begin(), sorted.end());
  const size_t middle = sorted.size() / 2;
  timing.median_ms = sorted.size() % 2 == 1
                         ? sorted[middle]
                         : (sorted[middle - 1] + sorted[middle]) / 2;
  return timing;
}

}  // namespace baton::agents::data
