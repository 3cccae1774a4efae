// One nightly at a time per report folder: an exclusive flock(2) on
// <report_dir>/nightly.lock, which holds the owner's pid. The kernel drops
// the lock when its owner dies, so a crashed nightly never blocks the next.
// The descriptor is close-on-exec: agents never inherit the lock.
//
// The overlap policy decides what a second invocation does while one runs:
//   skip     give up at once: Unavailable "already running (pid N)";
//   queue    wait for the running one to finish;
//   replace  send it SIGTERM (its runs stop at a step boundary, resumable),
//            then wait for it to let go.
// Waiting longer than `wait` gives DeadlineExceeded.
// Thread-compatible: one NightlyLock object per holder.
#ifndef BATON_TOOLS_NIGHTLY_NIGHTLY_LOCK_H_
#define BATON_TOOLS_NIGHTLY_NIGHTLY_LOCK_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace baton::nightly {

enum class OverlapPolicy { kSkip, kQueue, kReplace };

// "skip", "queue", "replace"; InvalidArgument otherwise.
absl::StatusOr<OverlapPolicy> ParseOverlapPolicy(absl::string_view text);

class NightlyLock {
 public:
  // Takes the lock at `path` (creating the file and its folder), applying
  // `policy` when another process holds it. `note` (may be null) receives
  // what happened on the way, e.g. "waited 12s for pid 4242" or "replaced
  // pid 4242 (sent SIGTERM, it stopped after 3s)".
  // Outcomes: OK (held); Unavailable "another nightly is already running
  // (pid N)" under skip; DeadlineExceeded "... still running after <wait>"
  // under queue/replace; Internal when the file cannot be opened.
  static absl::StatusOr<NightlyLock> Acquire(const std::string& path, OverlapPolicy policy,
                                             absl::Duration wait, std::string* note);

  // The pid the lock file names, or 0 when none is readable.
  static int HolderPid(const std::string& path);

  NightlyLock(NightlyLock&& other) noexcept;
  NightlyLock& operator=(NightlyLock&& other) noexcept;
  NightlyLock(const NightlyLock&) = delete;
  NightlyLock& operator=(const NightlyLock&) = delete;
  // Releases the lock (the file stays).
  ~NightlyLock();

 private:
  explicit NightlyLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace baton::nightly

#endif  // BATON_TOOLS_NIGHTLY_NIGHTLY_LOCK_H_
