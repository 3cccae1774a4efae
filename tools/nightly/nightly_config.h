// Reads and checks `nightly.textproto` (nightly_config.proto): fills in the
// defaults and makes every path absolute (relative to the config file's
// folder), so the rest of the nightly never looks at the config's location.
// Stateless; thread-safe.
#ifndef BATON_TOOLS_NIGHTLY_NIGHTLY_CONFIG_H_
#define BATON_TOOLS_NIGHTLY_NIGHTLY_CONFIG_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "tools/nightly/nightly_config.pb.h"

namespace baton::nightly {

inline constexpr int kDefaultParallel = 2;
inline constexpr int kDefaultTimeoutSeconds = 3600;
inline constexpr int kDefaultOverlapWaitSeconds = 3600;
inline constexpr int kDefaultSlowQueryCount = 3;

// Reads the config at `path`. Outcomes:
//   NotFound         the file cannot be read.
//   InvalidArgument  "<path>:<line>:<column>: <problem>" for text format
//                    errors and unknown fields, or "<path>:<line>: job
//                    \"x\": <problem>" for a job that makes no sense (no
//                    name, a duplicate or malformed name, no repo, a
//                    workflow job with neither request nor domain+workflow,
//                    a slow-query job without a postgres:// stats_url, a
//                    staging that is neither sqlite nor postgres://, a
//                    negative timeout), or an unknown overlap policy.
absl::StatusOr<NightlyConfig> LoadNightlyConfig(const std::string& path);

// As LoadNightlyConfig, on `text`; `path` names it in messages and its
// folder anchors relative paths.
absl::StatusOr<NightlyConfig> ParseNightlyConfig(absl::string_view text,
                                                 const std::string& path);

// "WORKFLOW", "LINT_SCHEMA", ... (KIND_UNSPECIFIED reads as WORKFLOW).
std::string KindName(Job::Kind kind);

}  // namespace baton::nightly

#endif  // BATON_TOOLS_NIGHTLY_NIGHTLY_CONFIG_H_
