// Review branches for what a nightly run proposes: baton/nightly/<date>/<job>
// pointing at the run's commit, never the repository's default branch.
// All through libgit2. Thread-safe: each call opens its own handles.
#ifndef BATON_TOOLS_NIGHTLY_REVIEW_BRANCH_H_
#define BATON_TOOLS_NIGHTLY_REVIEW_BRANCH_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace baton::nightly {

// "baton/nightly/<date>/<job>".
std::string ReviewBranchName(absl::string_view date, absl::string_view job);

// Creates branch `name` in `repo` at `commit_id`; when `name` exists at
// another commit, `name`-2, -3, ... (an existing branch is never moved).
// When it already points at `commit_id` it is reused. Returns the branch's
// name. NotFound for an unknown repository or commit; Internal for other
// libgit2 errors.
absl::StatusOr<std::string> CreateReviewBranch(const std::string& repo, const std::string& name,
                                               const std::string& commit_id);

}  // namespace baton::nightly

#endif  // BATON_TOOLS_NIGHTLY_REVIEW_BRANCH_H_
