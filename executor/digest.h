// SHA-256 digests, hex-encoded, for artifacts and card pinning.
// Thread-safe: stateless functions.
#ifndef BATON_EXECUTOR_DIGEST_H_
#define BATON_EXECUTOR_DIGEST_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace baton::executor {

// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(absl::string_view data);

// Lower-case hex SHA-256 of the file's bytes. NotFound when it cannot be read.
absl::StatusOr<std::string> Sha256File(const std::string& path);

}  // namespace baton::executor

#endif  // BATON_EXECUTOR_DIGEST_H_
