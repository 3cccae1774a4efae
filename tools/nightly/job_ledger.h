// What each job did on a date: <report_dir>/<date>/jobs/<job>/result.json
// (a JobReport in the proto3 JSON mapping), and the fingerprint of a job's
// inputs that decides whether a later invocation on the same date may skip
// it (done already) or should resume its stopped run.
// Thread-safe for distinct jobs; files are replaced atomically.
#ifndef BATON_TOOLS_NIGHTLY_JOB_LEDGER_H_
#define BATON_TOOLS_NIGHTLY_JOB_LEDGER_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "tools/nightly/nightly_config.pb.h"
#include "tools/nightly/nightly_report.pb.h"

namespace baton::nightly {

// sha256 (hex) of the job's configuration (deterministic serialization,
// without its timeout) and `head`, the repository's HEAD commit id.
std::string JobFingerprint(const Job& job, const std::string& head);

// Writes `report` to <job_dir>/result.json. Internal on I/O failure.
absl::Status WriteJobResult(const std::string& job_dir, const JobReport& report);

// The result recorded in <job_dir>, nullopt when there is none.
// DataLoss when the file exists but does not parse.
absl::StatusOr<std::optional<JobReport>> ReadJobResult(const std::string& job_dir);

// `message` in the proto3 JSON mapping (field names as in the proto), two
// spaces of indentation.
std::string ToJson(const google::protobuf::Message& message);

}  // namespace baton::nightly

#endif  // BATON_TOOLS_NIGHTLY_JOB_LEDGER_H_
