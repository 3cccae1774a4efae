#include "gitops/internal/stale_locks.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "gitops/internal/handles.h"

namespace baton::gitops::internal {
namespace {

namespace fs = std::filesystem;

std::string MarkerPath(git_repository* repo) {
  return absl::StrCat(git_repository_path(repo), "baton-write.pending");
}

// The lock files a commit or an index write takes: the index's, HEAD's, and
// its branch's.
std::vector<std::string> LockFiles(git_repository* repo) {
  const std::string git_dir = git_repository_path(repo);
  const std::string common_dir = git_repository_commondir(repo);
  std::vector<std::string> locks = {git_dir + "index.lock", git_dir + "HEAD.lock"};
  git_reference* raw = nullptr;
  if (git_reference_lookup(&raw, repo, "HEAD") == 0) {
    ReferencePtr head(raw);
    const char* target = git_reference_symbolic_target(head.get());
    if (target != nullptr) locks.push_back(absl::StrCat(common_dir, target, ".lock"));
  }
  return locks;
}

}  // namespace

PendingGitWrite::PendingGitWrite(git_repository* repo) : marker_(MarkerPath(repo)) {
  std::ofstream(marker_) << ::getpid() << "\n";
}

PendingGitWrite::~PendingGitWrite() {
  std::error_code error;
  fs::remove(marker_, error);
}

std::vector<std::string> ClearLocksOfAKilledBaton(git_repository* repo) {
  const std::string marker = MarkerPath(repo);
  std::ifstream in(marker);
  std::string text;
  int pid = 0;
  if (!(in >> text) || !absl::SimpleAtoi(text, &pid) || pid <= 0) return {};
  if (pid != ::getpid() && (::kill(pid, 0) == 0 || errno == EPERM)) return {};  // Running.
  std::vector<std::string> removed;
  for (const std::string& lock : LockFiles(repo)) {
    std::error_code error;
    if (fs::remove(lock, error)) removed.push_back(lock);
  }
  std::error_code error;
  fs::remove(marker, error);
  return removed;
}

}  // namespace baton::gitops::internal
