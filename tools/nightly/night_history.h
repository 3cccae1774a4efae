// The record of every `baton nightly` invocation, <report_dir>/history.jsonl
// (one Invocation as JSON per line, appended), and what it tells about the
// nights in between: a date with no invocation at all was missed.
// Appends are single write(2) calls with O_APPEND, so concurrent
// invocations never interleave lines. Thread-safe.
#ifndef BATON_TOOLS_NIGHTLY_NIGHT_HISTORY_H_
#define BATON_TOOLS_NIGHTLY_NIGHT_HISTORY_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "tools/nightly/nightly_report.pb.h"

namespace baton::nightly {

// Appends `invocation` to <report_dir>/history.jsonl (creating both).
// Internal when the file cannot be written.
absl::Status AppendInvocation(const std::string& report_dir, const Invocation& invocation);

// Every invocation recorded, in file order; a later line for the same pid
// and start time replaces the earlier one (an invocation records itself
// when it starts and again when it ends). Lines that do not parse are
// skipped. An absent file is an empty history.
absl::StatusOr<std::vector<Invocation>> ReadInvocations(const std::string& report_dir);

// The dates strictly between the latest date before `today` that has an
// invocation and `today` itself, each a MissedNight with a reason; at most
// `max_nights` of the most recent ones. None when no earlier night is
// recorded (the first night). Dates are YYYY-MM-DD.
std::vector<MissedNight> FindMissedNights(const std::vector<Invocation>& history,
                                          const std::string& today, int max_nights = 31);

}  // namespace baton::nightly

#endif  // BATON_TOOLS_NIGHTLY_NIGHT_HISTORY_H_
