// A request to stop, set by SIGTERM/SIGINT (or by code), polled by the
// nightly's jobs between the steps of their runs: a stopped run keeps its
// checkpoints and resumes later exactly where it stopped.
// Thread-safe; the signal handler only stores to a lock-free atomic.
#ifndef BATON_TOOLS_NIGHTLY_STOP_FLAG_H_
#define BATON_TOOLS_NIGHTLY_STOP_FLAG_H_

#include <string>

#include "absl/synchronization/mutex.h"

namespace baton::nightly {

class StopFlag {
 public:
  // Makes SIGTERM and SIGINT request a stop of every StopFlag (the process
  // keeps running, so the jobs can stop at a step boundary).
  static void InstallSignalHandlers();

  void Request(const std::string& reason);
  bool requested() const;
  // Why: the reason given to Request, or "received SIGTERM"; "" when not
  // requested.
  std::string reason() const;

 private:
  mutable absl::Mutex mu_;
  std::string reason_ ABSL_GUARDED_BY(mu_);
};

}  // namespace baton::nightly

#endif  // BATON_TOOLS_NIGHTLY_STOP_FLAG_H_
