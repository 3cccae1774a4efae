#include "gitops/repository_session.h"

#include <utility>

namespace baton::gitops {

RepositorySession::RepositorySession(std::string path) { state_.path = std::move(path); }

RepositorySession::~RepositorySession() {
  if (state_.repo != nullptr) git_repository_free(state_.repo);
}

RepositorySession::Active RepositorySession::Activate() { return Active(&state_); }

RepositorySession::Active::Active(internal::SessionState* state) : state_(state) {
  // Already active on this thread (a method calling another): nothing to do.
  for (internal::SessionState* s = internal::CurrentSession(); s != nullptr; s = s->previous) {
    if (s == state_) {
      state_ = nullptr;
      return;
    }
  }
  state_->previous = internal::CurrentSession();
  internal::SetCurrentSession(state_);
}

RepositorySession::Active::~Active() {
  if (state_ != nullptr) internal::SetCurrentSession(state_->previous);
}

}  // namespace baton::gitops
