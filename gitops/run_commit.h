// The commit that ends a run: made once, whatever the number of retries,
// resumes or crashes in between.
//
// The git-workflow-manager agent proposes a commit (message and paths); the
// executor makes it here, in its own process, so no agent ever needs write
// access to the repository's .git. The commit carries the trailer
// "Baton-Run: <run id>"; when HEAD's recent history already holds a commit
// with that trailer, that commit is returned instead of committing again.
// Thread-safety: as CommitPaths (committer.h).
#ifndef BATON_GITOPS_RUN_COMMIT_H_
#define BATON_GITOPS_RUN_COMMIT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gitops/committer.h"

namespace baton::gitops {

// The trailer that ties a commit to the run that made it.
inline constexpr absl::string_view kRunTrailer = "Baton-Run";

struct RunCommit {
  CommitInfo info;
  // True when the run's commit existed before this call.
  bool already = false;
};

// Commits `paths` of the checkout `workspace` with `message` plus the
// run's trailer, or finds the commit that did.
// Outcomes: those of CommitPaths, plus
//   InvalidArgument     empty run_id or workspace.
//   NotFound            `workspace` is not inside a git repository.
//   FailedPrecondition  `workspace` is not the root of its repository.
absl::StatusOr<RunCommit> CommitForRun(const std::string& workspace,
                                       const std::vector<std::string>& paths,
                                       const std::string& message,
                                       const std::string& run_id);

}  // namespace baton::gitops

#endif  // BATON_GITOPS_RUN_COMMIT_H_
