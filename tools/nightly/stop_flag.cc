#include "tools/nightly/stop_flag.h"

#include <signal.h>

#include <atomic>

#include "absl/strings/str_cat.h"

namespace baton::nightly {
namespace {

std::atomic<int> g_signal{0};
static_assert(std::atomic<int>::is_always_lock_free);

void OnSignal(int signal) { g_signal.store(signal); }

}  // namespace

void StopFlag::InstallSignalHandlers() {
  struct sigaction action = {};
  action.sa_handler = OnSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGINT, &action, nullptr);
}

void StopFlag::Request(const std::string& reason) {
  absl::MutexLock lock(&mu_);
  if (reason_.empty()) reason_ = reason;
}

bool StopFlag::requested() const { return !reason().empty(); }

std::string StopFlag::reason() const {
  {
    absl::MutexLock lock(&mu_);
    if (!reason_.empty()) return reason_;
  }
  const int signal = g_signal.load();
  if (signal == 0) return "";
  return absl::StrCat("received ", signal == SIGTERM ? "SIGTERM" : "SIGINT");
}

}  // namespace baton::nightly
