// Reads of the index that race another git process writing it.
//
// libgit2 1.5 learns the index file's size, then reads its bytes; when the
// user's `git add` or `git commit` replaces the file in between, the read is
// torn: "could not read (expected N bytes, read M)", "extension is
// truncated", "calculated checksum does not match expected". Measured on
// this machine: 3 to 4 of 200,000 reads while a loop of `git commit` ran.
// The file itself is fine; reading it again succeeds.
// Thread-safety: as libgit2 (git_error_last() is thread-local).
#ifndef BATON_GITOPS_INTERNAL_TORN_INDEX_H_
#define BATON_GITOPS_INTERNAL_TORN_INDEX_H_

#include "absl/functional/function_ref.h"
#include "absl/time/time.h"

namespace baton::gitops::internal {

// True when `code` (a libgit2 return code, checked right after the call)
// failed with an index read error of the kinds above.
bool IsTornIndexRead(int code);

// Calls `call` (a libgit2 call that reads the index) again while it fails
// with a torn index read, for up to `patience`; returns its last code. An
// index that is really corrupt still fails, after `patience`.
int RetryTornIndexReads(absl::FunctionRef<int()> call,
                        absl::Duration patience = absl::Seconds(2));

}  // namespace baton::gitops::internal

#endif  // BATON_GITOPS_INTERNAL_TORN_INDEX_H_
