#include "tools/nightly/nightly_lock.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"

namespace baton::nightly {
namespace {

// Returns the descriptor when the lock was taken, -1 when it is held, or
// an error.
absl::StatusOr<int> TryLock(const std::string& path) {
  std::error_code error;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), error);
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return absl::InternalError(
        absl::StrCat("cannot open the lock file ", path, ": ", std::strerror(errno)));
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int saved = errno;
    ::close(fd);
    if (saved == EWOULDBLOCK) return -1;
    return absl::InternalError(
        absl::StrCat("cannot lock ", path, ": ", std::strerror(saved)));
  }
  // Ours: record our pid for the next one to read.
  const std::string pid = absl::StrCat(::getpid(), "\n");
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) < 0) {
    ::close(fd);
    return absl::InternalError(
        absl::StrCat("cannot write the lock file ", path, ": ", std::strerror(errno)));
  }
  ::fsync(fd);
  return fd;
}

std::string Seconds(absl::Duration duration) {
  return absl::StrFormat("%.0fs", absl::ToDoubleSeconds(duration));
}

// The holder's pid, retrying briefly: a new holder writes it right after
// taking the lock.
int WaitForHolderPid(const std::string& path) {
  for (int i = 0; i < 20; ++i) {
    const int pid = NightlyLock::HolderPid(path);
    if (pid > 0) return pid;
    absl::SleepFor(absl::Milliseconds(10));
  }
  return 0;
}

std::string PidText(int pid) { return pid > 0 ? absl::StrCat("pid ", pid) : "pid unknown"; }

}  // namespace

absl::StatusOr<OverlapPolicy> ParseOverlapPolicy(absl::string_view text) {
  if (text == "skip") return OverlapPolicy::kSkip;
  if (text == "queue") return OverlapPolicy::kQueue;
  if (text == "replace") return OverlapPolicy::kReplace;
  return absl::InvalidArgumentError(
      absl::StrCat("overlap policy \"", text, "\" is not one of skip, queue, replace"));
}

int NightlyLock::HolderPid(const std::string& path) {
  std::ifstream in(path);
  std::string text;
  std::getline(in, text);
  int pid = 0;
  if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(text), &pid)) return 0;
  return pid;
}

absl::StatusOr<NightlyLock> NightlyLock::Acquire(const std::string& path, OverlapPolicy policy,
                                                 absl::Duration wait, std::string* note) {
  absl::StatusOr<int> fd = TryLock(path);
  if (!fd.ok()) return fd.status();
  if (*fd >= 0) return NightlyLock(*fd);

  const int holder = WaitForHolderPid(path);
  if (policy == OverlapPolicy::kSkip) {
    return absl::UnavailableError(
        absl::StrCat("another nightly is already running (", PidText(holder), ")"));
  }
  const absl::Time start = absl::Now();
  if (policy == OverlapPolicy::kReplace && holder > 0) ::kill(holder, SIGTERM);
  while (absl::Now() - start < wait) {
    absl::SleepFor(absl::Milliseconds(100));
    fd = TryLock(path);
    if (!fd.ok()) return fd.status();
    if (*fd < 0) continue;
    if (note != nullptr) {
      *note = policy == OverlapPolicy::kReplace
                  ? absl::StrCat("replaced ", PidText(holder), " (sent SIGTERM; it stopped after ",
                                 Seconds(absl::Now() - start), ")")
                  : absl::StrCat("waited ", Seconds(absl::Now() - start), " for ",
                                 PidText(holder));
    }
    return NightlyLock(*fd);
  }
  return absl::DeadlineExceededError(absl::StrCat(
      "another nightly (", PidText(holder), ") is still running after ", Seconds(wait),
      policy == OverlapPolicy::kReplace ? " despite SIGTERM" : ""));
}

NightlyLock::NightlyLock(NightlyLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

NightlyLock& NightlyLock::operator=(NightlyLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

NightlyLock::~NightlyLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace baton::nightly
