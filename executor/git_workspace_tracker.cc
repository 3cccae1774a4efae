#include "executor/git_workspace_tracker.h"

#include <utility>

#include "absl/strings/str_cat.h"

#include "gitops/committer.h"
#include "gitops/run_commit.h"
#include "gitops/trailers.h"
#include "gitops/workspace_snapshot.h"
#include "gitops/worktree.h"

namespace baton::executor {

GitWorkspaceTracker::GitWorkspaceTracker(std::string workspace, std::string run_id,
                                         bool own_branch,
                                         std::vector<std::string> protected_paths,
                                         std::vector<std::string> ignore_prefixes)
    : workspace_(std::move(workspace)),
      run_id_(std::move(run_id)),
      own_branch_(own_branch),
      protected_paths_(std::move(protected_paths)),
      ignore_prefixes_(std::move(ignore_prefixes)),
      session_(workspace_) {}

absl::StatusOr<handoff::WorkspaceSnapshot> GitWorkspaceTracker::Snapshot(
    const std::vector<std::string>& paths) {
  auto active = session_.Activate();
  absl::StatusOr<gitops::WorkspaceSnapshot> taken = gitops::TakeSnapshot(workspace_, paths);
  if (!taken.ok()) return taken.status();
  handoff::WorkspaceSnapshot snapshot;
  snapshot.set_head(taken->head);
  for (const gitops::SnapshotEntry& entry : taken->entries) {
    handoff::WorkspaceSnapshot::Entry* out = snapshot.add_entries();
    out->set_path(entry.path);
    out->set_blob_id(entry.blob_id);
    out->set_mode(entry.mode);
  }
  return snapshot;
}

absl::StatusOr<std::vector<std::string>> GitWorkspaceTracker::Restore(
    const handoff::WorkspaceSnapshot& snapshot, bool exact) {
  auto active = session_.Activate();
  gitops::WorkspaceSnapshot wanted;
  wanted.head = snapshot.head();
  if (!exact) {
    absl::Status head = CheckHead(snapshot);
    if (!head.ok()) return head;
    // Killed after the commit step committed but before its checkpoint:
    // the commit is the run's own, so keep it.
    absl::StatusOr<std::string> now = gitops::HeadCommitId(workspace_);
    if (now.ok()) wanted.head = *now;
  }
  for (const handoff::WorkspaceSnapshot::Entry& entry : snapshot.entries()) {
    wanted.entries.push_back({entry.path(), entry.blob_id(), entry.mode()});
  }
  gitops::RestoreOptions options;
  options.protected_paths = protected_paths_;
  options.move_head = own_branch_;
  options.ignore_prefixes.insert(options.ignore_prefixes.end(), ignore_prefixes_.begin(),
                                 ignore_prefixes_.end());
  return gitops::RestoreSnapshot(workspace_, wanted, options);
}

absl::Status GitWorkspaceTracker::CheckHead(const handoff::WorkspaceSnapshot& expected) {
  auto active = session_.Activate();
  expected_head_ = expected.head();
  if (expected.head().empty()) return absl::OkStatus();  // Unborn at the start.
  absl::StatusOr<std::string> head = gitops::HeadCommitId(workspace_);
  if (head.ok() && *head == expected.head()) return absl::OkStatus();
  std::string found = "no commit";
  if (head.ok()) {
    absl::StatusOr<std::optional<gitops::CommitInfo>> own =
        gitops::FindCommitWithTrailer(workspace_, gitops::kRunTrailer, run_id_, /*max_commits=*/1);
    if (own.ok() && own->has_value() && (*own)->id == *head) return absl::OkStatus();
    found = head->substr(0, 12);
    absl::StatusOr<gitops::CommitInfo> info = gitops::DescribeCommit(workspace_, *head);
    if (info.ok()) {
      absl::StrAppend(&found, " (\"", info->message.substr(0, info->message.find('\n')),
                      "\" on ", info->branch, ")");
    }
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "HEAD of ", workspace_, " moved while run ", run_id_, " was in progress: the run expects ",
      expected.head().substr(0, 12), ", found ", found,
      ". Baton will not commit on top of a commit it did not make, nor move the branch back "
      "over it. To go on, put the branch back (git -C ", workspace_, " reset --keep ",
      expected.head().substr(0, 12), ", after saving that commit elsewhere) and run `baton "
      "resume ", run_id_, "`; or start a new run from the new HEAD"));
}

absl::StatusOr<WorkspaceTracker::MadeCommit> GitWorkspaceTracker::Commit(
    const handoff::CommitPlan& proposal) {
  auto active = session_.Activate();
  // Never on top of a commit the run did not make: HEAD is checked against
  // the last expected one right before committing, and if it moves during
  // the commit (libgit2 then refuses to move the branch) the same message
  // names the commit expected and the one found.
  handoff::WorkspaceSnapshot expected;
  expected.set_head(expected_head_);
  absl::Status unmoved = CheckHead(expected);
  if (!unmoved.ok()) return unmoved;
  absl::StatusOr<gitops::RunCommit> made = gitops::CommitForRun(
      workspace_, {proposal.paths().begin(), proposal.paths().end()}, proposal.message(), run_id_);
  if (made.status().code() == absl::StatusCode::kAborted) {
    absl::Status moved = CheckHead(expected);
    if (!moved.ok()) return moved;
  }
  if (!made.ok()) return made.status();
  MadeCommit result;
  // The message as proposed (without the trailer); a found commit's own.
  result.commit.set_message(made->already ? gitops::StripTrailers(made->info.message)
                                          : proposal.message());
  for (const std::string& path : made->info.files) result.commit.add_paths(path);
  result.commit.set_commit_id(made->info.id);
  result.commit.set_branch(made->info.branch);
  result.already = made->already;
  return result;
}

}  // namespace baton::executor
