#include "gitops/internal/git_error.h"

#include <git2.h>

#include <string>

#include "absl/strings/str_cat.h"

namespace baton::gitops::internal {
namespace {

absl::StatusCode CodeFor(int code) {
  switch (code) {
    case GIT_ENOTFOUND:
      return absl::StatusCode::kNotFound;
    case GIT_EEXISTS:
      return absl::StatusCode::kAlreadyExists;
    case GIT_ELOCKED:
      return absl::StatusCode::kUnavailable;
    case GIT_EMODIFIED:
      return absl::StatusCode::kAborted;
    case GIT_EUNBORNBRANCH:
    case GIT_EBAREREPO:
    case GIT_ECONFLICT:
    case GIT_EUNMERGED:
    case GIT_EUNCOMMITTED:
    case GIT_EDIRECTORY:
      return absl::StatusCode::kFailedPrecondition;
    case GIT_EINVALIDSPEC:
    case GIT_EAMBIGUOUS:
    case GIT_EINVALID:
      return absl::StatusCode::kInvalidArgument;
    default:
      return absl::StatusCode::kInternal;
  }
}

}  // namespace

absl::Status GitStatus(int code, absl::string_view action) {
  if (code >= 0) return absl::OkStatus();
  const git_error* error = git_error_last();
  std::string detail = error != nullptr && error->message != nullptr
                           ? std::string(error->message)
                           : absl::StrCat("libgit2 error ", code);
  return absl::Status(CodeFor(code), absl::StrCat(action, ": ", detail));
}

}  // namespace baton::gitops::internal
