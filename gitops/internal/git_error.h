// Converts libgit2's `int` return codes plus git_error_last() into
// absl::Status, so no libgit2 error convention leaves gitops/.
// Thread-safe: git_error_last() is thread-local in libgit2.
#ifndef BATON_GITOPS_INTERNAL_GIT_ERROR_H_
#define BATON_GITOPS_INTERNAL_GIT_ERROR_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace baton::gitops::internal {

// OK when `code` >= 0. Otherwise a Status whose message is
// "<action>: <libgit2's message>" and whose code says what the caller should
// do: NotFound (GIT_ENOTFOUND), AlreadyExists (GIT_EEXISTS), Unavailable
// (GIT_ELOCKED: another git process holds a lock; retry), Aborted
// (GIT_EMODIFIED: a reference moved underneath us), FailedPrecondition
// (unborn branch, bare repository, conflicts), InvalidArgument (bad spec or
// ambiguous id), Internal otherwise.
absl::Status GitStatus(int code, absl::string_view action);

}  // namespace baton::gitops::internal

#endif  // BATON_GITOPS_INTERNAL_GIT_ERROR_H_
