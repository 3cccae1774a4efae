// Keeps one repository open across a series of gitops calls.
//
//   gitops::RepositorySession session(workspace);  // opens nothing yet
//   {
//     auto active = session.Activate();
//     gitops::HeadCommitId(workspace);         // opens the repository
//     gitops::TakeSnapshot(workspace, paths);  // reuses it
//   }
//   ... later, activated again, the same repository is reused ...
//
// While a session is active on a thread, every gitops function that opens
// the repository at exactly the session's path on that thread reuses the
// session's handle instead of opening it (reading its configuration, HEAD
// and object folders) again: a run's checkpoints, HEAD checks and commit
// open it once instead of about 25 times. What libgit2 reads on use (refs,
// objects, configuration files that changed) stays current, and the index is
// re-read when its file changed.
//
// Thread-safety: a session is used by one thread at a time; activations
// nest (scopes end in reverse order; activating an active session again does
// nothing). The session frees the repository when
// it is destroyed, which must not happen while it is active.
#ifndef BATON_GITOPS_REPOSITORY_SESSION_H_
#define BATON_GITOPS_REPOSITORY_SESSION_H_

#include <string>

#include "gitops/internal/handles.h"

namespace baton::gitops {

class RepositorySession {
 public:
  explicit RepositorySession(std::string path);
  ~RepositorySession();
  RepositorySession(const RepositorySession&) = delete;
  RepositorySession& operator=(const RepositorySession&) = delete;

  // Makes the session active on the calling thread until the returned
  // object is destroyed.
  class Active {
   public:
    ~Active();
    Active(const Active&) = delete;
    Active& operator=(const Active&) = delete;

   private:
    friend class RepositorySession;
    explicit Active(internal::SessionState* state);
    internal::SessionState* state_;  // Null when it was active already.
  };
  [[nodiscard]] Active Activate();

 private:
  internal::SessionState state_;
};

}  // namespace baton::gitops

#endif  // BATON_GITOPS_REPOSITORY_SESSION_H_
