#include "gitops/internal/torn_index.h"

#include <git2.h>

#include "absl/strings/match.h"
#include "absl/time/clock.h"

namespace baton::gitops::internal {

bool IsTornIndexRead(int code) {
  if (code >= 0) return false;
  const git_error* error = git_error_last();
  if (error == nullptr || error->message == nullptr) return false;
  if (error->klass == GIT_ERROR_INDEX) return true;
  // The file shrank between its size and its bytes.
  return error->klass == GIT_ERROR_FILESYSTEM &&
         absl::StartsWith(error->message, "could not read (expected ");
}

int RetryTornIndexReads(absl::FunctionRef<int()> call, absl::Duration patience) {
  const absl::Time deadline = absl::Now() + patience;
  for (;;) {
    const int code = call();
    if (!IsTornIndexRead(code) || absl::Now() >= deadline) return code;
    absl::SleepFor(absl::Milliseconds(5));
  }
}

}  // namespace baton::gitops::internal
