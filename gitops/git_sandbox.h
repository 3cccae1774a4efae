// Test support: a fresh directory under TEST_TMPDIR per test, with libgit2
// cut off from the user's and the system's git configuration (HOME,
// XDG_CONFIG_HOME and libgit2's global/XDG/system search paths all point at
// empty directories), so a test sees only the repositories it makes.
// Not thread-safe: construct it at the start of a test, before any threads.
#ifndef BATON_GITOPS_GIT_SANDBOX_H_
#define BATON_GITOPS_GIT_SANDBOX_H_

#include <string>

#include "absl/strings/string_view.h"

namespace baton::gitops {

class GitSandbox {
 public:
  // REQUIRES: TEST_TMPDIR is set (bazel test sets it).
  GitSandbox();

  GitSandbox(const GitSandbox&) = delete;
  GitSandbox& operator=(const GitSandbox&) = delete;

  // An absolute, empty directory `<root>/<name>`, created on demand.
  std::string Dir(absl::string_view name) const;

  const std::string& root() const { return root_; }

 private:
  std::string root_;
};

// Writes `contents` to `path`, creating parent directories. Returns false
// (after printing why to stderr) when that fails.
bool WriteFile(const std::string& path, absl::string_view contents);

}  // namespace baton::gitops

#endif  // BATON_GITOPS_GIT_SANDBOX_H_
