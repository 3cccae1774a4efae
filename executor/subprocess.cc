#include "executor/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <linux/landlock.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

// Boost 1.74 disables its vfork path when _POSIX_C_SOURCE >= 200809L (always
// true with glibc), although Linux has vfork. Turn it back on so spawning
// costs do not grow with Baton's resident memory the way fork's do.
#ifndef BOOST_POSIX_HAS_VFORK
#define BOOST_POSIX_HAS_VFORK 1
#endif
#include <boost/process/args.hpp>
#include <boost/process/child.hpp>
#include <boost/process/exe.hpp>
#include <boost/process/extend.hpp>
#include <boost/process/io.hpp>
#include <boost/process/pipe.hpp>
#include <boost/process/posix.hpp>
#include <boost/process/start_dir.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <system_error>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace baton::executor {
namespace {

namespace bp = ::boost::process;

// Before exec: puts the child in a process group of its own, has the
// kernel kill it if Baton dies (an orphaned agent must not go on writing
// into a workspace that `baton resume` is restoring), and confines its
// writes with the Landlock ruleset, if any.
struct ChildSetup : bp::extend::handler {
  int landlock_ruleset = -1;
  // The child's whole environment (null-terminated). Set here rather than
  // with bp::env: Boost 1.74's environment lookup compares with memcmp past
  // the end of short entries (AddressSanitizer: heap-buffer-overflow).
  char** envp = nullptr;
  // The child's stdin (dup2'ed to 0; the parent closes it after the spawn).
  int stdin_fd = -1;
  template <typename Executor>
  void on_setup(Executor& exec) const {
    exec.env = envp;
  }
  template <typename Executor>
  void on_exec_setup(Executor&) const {
    ::dup2(stdin_fd, 0);
    ::setpgid(0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (landlock_ruleset >= 0) {
      ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
      ::syscall(SYS_landlock_restrict_self, landlock_ruleset, 0);
    }
  }
};

// Debian 12's kernel headers predate Landlock ABI 3; the value is fixed.
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14)
#endif

// A Landlock ruleset that handles every way of changing the filesystem and
// allows them beneath `paths`. -1 when the kernel has no Landlock.
int MakeWriteRuleset(const std::vector<std::string>& paths) {
  long abi = ::syscall(SYS_landlock_create_ruleset, nullptr, 0,
                       LANDLOCK_CREATE_RULESET_VERSION);
  if (abi < 1) return -1;
  uint64_t write_access = LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_REMOVE_DIR |
                          LANDLOCK_ACCESS_FS_REMOVE_FILE | LANDLOCK_ACCESS_FS_MAKE_CHAR |
                          LANDLOCK_ACCESS_FS_MAKE_DIR | LANDLOCK_ACCESS_FS_MAKE_REG |
                          LANDLOCK_ACCESS_FS_MAKE_SOCK | LANDLOCK_ACCESS_FS_MAKE_FIFO |
                          LANDLOCK_ACCESS_FS_MAKE_BLOCK | LANDLOCK_ACCESS_FS_MAKE_SYM;
  if (abi >= 2) write_access |= LANDLOCK_ACCESS_FS_REFER;
  if (abi >= 3) write_access |= LANDLOCK_ACCESS_FS_TRUNCATE;
  landlock_ruleset_attr attr{};
  attr.handled_access_fs = write_access;
  int ruleset = static_cast<int>(
      ::syscall(SYS_landlock_create_ruleset, &attr, sizeof(attr), 0));
  if (ruleset < 0) return -1;
  for (const std::string& path : paths) {
    int dir = ::open(path.c_str(), O_PATH | O_CLOEXEC);
    if (dir < 0) continue;
    landlock_path_beneath_attr rule{};
    rule.allowed_access = write_access;
    struct stat info;
    if (::fstat(dir, &info) == 0 && !S_ISDIR(info.st_mode)) {
      // Files (like /dev/null) take only file rights.
      rule.allowed_access &= LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_TRUNCATE;
    }
    rule.parent_fd = dir;
    ::syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &rule, 0);
    ::close(dir);
  }
  return ruleset;
}

absl::Status CheckExecutable(const std::string& path) {
  if (path.empty() || path[0] != '/') {
    return absl::InvalidArgumentError(
        absl::StrCat("program path must be absolute, got \"", path, "\""));
  }
  struct stat info;
  if (::stat(path.c_str(), &info) != 0) {
    return absl::NotFoundError(absl::StrCat("no such program: ", path));
  }
  if (!S_ISREG(info.st_mode) || ::access(path.c_str(), X_OK) != 0) {
    return absl::PermissionDeniedError(
        absl::StrCat("not an executable file: ", path));
  }
  return absl::OkStatus();
}

// Owns a file descriptor; closes it when reset or destroyed.
class Fd {
 public:
  Fd() = default;
  ~Fd() { reset(); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  void reset(int fd = -1) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

// Pipes are not grown past this for stdin (Linux's default pipe-max-size).
constexpr size_t kMaxPrefill = size_t{1} << 20;

// When a pipe can hold all of `bytes`, writes them into a new pipe, closes
// its write end and puts the read end in `read_end`: true. False when they
// do not fit (the caller streams them instead).
absl::StatusOr<bool> PrefilledPipe(const std::string& bytes, Fd& read_end) {
  if (bytes.size() > kMaxPrefill) return false;
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    return absl::InternalError(absl::StrCat("cannot create the stdin pipe: ", std::strerror(errno)));
  }
  read_end.reset(fds[0]);
  Fd write_end;
  write_end.reset(fds[1]);
  const int capacity = ::fcntl(write_end.get(), F_GETPIPE_SZ);
  if (capacity < 0 || bytes.size() > static_cast<size_t>(capacity)) {
    int grown = ::fcntl(write_end.get(), F_SETPIPE_SZ, static_cast<int>(bytes.size()));
    if (grown < 0 || bytes.size() > static_cast<size_t>(grown)) {
      read_end.reset();
      return false;
    }
  }
  absl::string_view rest = bytes;
  while (!rest.empty()) {
    ssize_t n = ::write(write_end.get(), rest.data(), rest.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      return absl::InternalError(
          absl::StrCat("cannot write the child's stdin: ", std::strerror(errno)));
    }
    rest.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// One captured stream: stdout into memory, stderr into a file.
struct Stream {
  int fd = -1;
  int64_t bytes = 0;
  int64_t cap = 0;
  std::string* memory = nullptr;
  std::ofstream* file = nullptr;
  const char* name = "";
};

// Reads what is available. Returns false at EOF (and closes the fd).
bool Drain(Stream& stream) {
  char buffer[65536];
  ssize_t n = ::read(stream.fd, buffer, sizeof(buffer));
  if (n < 0 && (errno == EINTR || errno == EAGAIN)) return true;
  if (n <= 0) {
    ::close(stream.fd);
    stream.fd = -1;
    return false;
  }
  int64_t keep = std::min<int64_t>(n, std::max<int64_t>(0, stream.cap - stream.bytes));
  if (stream.memory != nullptr) stream.memory->append(buffer, keep);
  if (stream.file != nullptr) stream.file->write(buffer, keep);
  stream.bytes += n;
  return true;
}

}  // namespace

absl::StatusOr<SubprocessResult> RunSubprocess(const SubprocessOptions& options) {
  if (options.argv.empty()) return absl::InvalidArgumentError("empty argv");
  absl::Status executable = CheckExecutable(options.argv[0]);
  if (!executable.ok()) return executable;

  std::ofstream stderr_file(options.stderr_path, std::ios::binary | std::ios::trunc);
  if (!stderr_file) {
    return absl::InternalError(
        absl::StrCat("cannot create log file ", options.stderr_path));
  }

  // NAME=value entries; a later entry for the same name wins.
  std::vector<std::string> entries;
  absl::flat_hash_map<std::string, size_t> slot;
  for (const std::string& entry : options.env) {
    size_t eq = entry.find('=');
    if (eq == std::string::npos || eq == 0) continue;
    auto [it, inserted] = slot.try_emplace(entry.substr(0, eq), entries.size());
    if (inserted) {
      entries.push_back(entry);
    } else {
      entries[it->second] = entry;
    }
  }
  std::vector<char*> envp;
  for (std::string& entry : entries) envp.push_back(entry.data());
  envp.push_back(nullptr);
  std::vector<std::string> args(options.argv.begin() + 1, options.argv.end());
  // stdin: a file; or the bytes, written whole into a pipe before the
  // spawn when the pipe can hold them (no file, no waiting on the child);
  // or, for more, one end of a socket pair they are streamed into while the
  // output is read (a socket, not a pipe, so that a write to a child that is
  // gone fails with EPIPE under MSG_NOSIGNAL instead of raising SIGPIPE).
  Fd stdin_child;
  Fd stdin_parent;
  absl::string_view unsent;
  if (options.stdin_bytes != nullptr && options.stdin_path.empty()) {
    absl::StatusOr<bool> prefilled = PrefilledPipe(*options.stdin_bytes, stdin_child);
    if (!prefilled.ok()) return prefilled.status();
    if (!*prefilled) {
      int pair[2];
      if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) {
        return absl::InternalError(
            absl::StrCat("cannot create the stdin socket: ", std::strerror(errno)));
      }
      stdin_child.reset(pair[0]);
      stdin_parent.reset(pair[1]);
      ::shutdown(stdin_child.get(), SHUT_WR);
      ::shutdown(stdin_parent.get(), SHUT_RD);
      ::fcntl(stdin_parent.get(), F_SETFL, O_NONBLOCK);
      unsent = *options.stdin_bytes;
    }
  } else {
    const std::string path = options.stdin_path.empty() ? "/dev/null" : options.stdin_path;
    stdin_child.reset(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (stdin_child.get() < 0) {
      return absl::NotFoundError(
          absl::StrCat("cannot open ", path, " for the child's stdin: ", std::strerror(errno)));
    }
  }

  ChildSetup setup;
  setup.envp = envp.data();
  setup.stdin_fd = stdin_child.get();
  if (!options.writable_paths.empty()) {
    std::vector<std::string> writable = options.writable_paths;
    writable.push_back("/dev/null");
    setup.landlock_ruleset = MakeWriteRuleset(writable);
  }
  bp::pipe out_pipe;
  bp::pipe err_pipe;
  std::error_code spawn_error;
  absl::Time start = absl::Now();
  bp::child child(bp::exe = options.argv[0], bp::args = args,
                  bp::start_dir = options.working_dir, bp::std_out > out_pipe, bp::std_err > err_pipe,
                  bp::posix::use_vfork, setup, spawn_error);
  const bool confined = setup.landlock_ruleset >= 0;
  if (confined) ::close(setup.landlock_ruleset);
  stdin_child.reset();
  if (spawn_error) {
    return absl::InternalError(absl::StrCat("cannot start ", options.argv[0],
                                            ": ", spawn_error.message()));
  }
  const pid_t pid = child.id();
  ::setpgid(pid, pid);  // Also from the parent: no race with killpg below.

  SubprocessResult result;
  result.write_confined = confined;
  Stream out{out_pipe.native_source(), 0, options.max_stdout_bytes,
             &result.stdout_bytes, nullptr, "stdout"};
  Stream err{err_pipe.native_source(), 0, options.max_stderr_bytes, nullptr,
             &stderr_file, "stderr"};
  out_pipe.assign_source(-1);
  err_pipe.assign_source(-1);
  int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));

  const absl::Time deadline = start + options.timeout;
  bool exited = false;
  bool killed = false;
  auto kill_group = [&] {
    ::killpg(pid, SIGKILL);
    killed = true;
  };
  while (out.fd >= 0 || err.fd >= 0 || !exited) {
    pollfd fds[4];
    Stream* streams[4] = {nullptr, nullptr, nullptr, nullptr};
    int count = 0;
    for (Stream* s : {&out, &err}) {
      if (s->fd < 0) continue;
      streams[count] = s;
      fds[count++] = {s->fd, POLLIN, 0};
    }
    int stdin_slot = -1;
    if (stdin_parent.get() >= 0) {
      stdin_slot = count;
      fds[count++] = {stdin_parent.get(), POLLOUT, 0};
    }
    int pid_slot = -1;
    if (!exited && pidfd >= 0) {
      pid_slot = count;
      fds[count++] = {pidfd, POLLIN, 0};
    }
    int wait_ms = 100;
    if (!killed) {
      absl::Duration left = deadline - absl::Now();
      wait_ms = static_cast<int>(std::max<int64_t>(
          0, std::min<int64_t>(absl::ToInt64Milliseconds(left) + 1, 60000)));
    }
    int ready = ::poll(fds, count, wait_ms);
    if (ready < 0 && errno != EINTR) break;
    if (!killed && absl::Now() >= deadline) {
      result.timed_out = true;
      kill_group();
    }
    for (int i = 0; i < count; ++i) {
      if (fds[i].revents == 0) continue;
      if (i == stdin_slot) {
        ssize_t n = ::send(stdin_parent.get(), unsent.data(), unsent.size(),
                           MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) unsent.remove_prefix(static_cast<size_t>(n));
        // Done, or the child will never read the rest (closed stdin, died).
        if (unsent.empty() || (n < 0 && errno != EAGAIN && errno != EINTR)) {
          stdin_parent.reset();
        }
        continue;
      }
      if (i == pid_slot) {
        exited = true;
        stdin_parent.reset();
        // The leader is gone; stragglers in its group must not keep our
        // pipes open.
        ::killpg(pid, SIGKILL);
        continue;
      }
      Drain(*streams[i]);
      if (streams[i]->bytes > streams[i]->cap && result.output_limit_exceeded.empty()) {
        result.output_limit_exceeded = streams[i]->name;
        kill_group();
      }
    }
    if (pidfd < 0 && out.fd < 0 && err.fd < 0) exited = true;
  }
  if (pidfd >= 0) ::close(pidfd);
  child.wait();
  result.elapsed = absl::Now() - start;
  int status = child.native_exit_code();
  if (WIFSIGNALED(status)) {
    result.term_signal = WTERMSIG(status);
  } else if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
  }
  return result;
}

std::string DescribeEnding(const SubprocessResult& result,
                           const SubprocessOptions& options) {
  if (result.timed_out) {
    return absl::StrCat("timed out after ", absl::FormatDuration(options.timeout),
                        " and was killed");
  }
  if (!result.output_limit_exceeded.empty()) {
    int64_t cap = result.output_limit_exceeded == "stdout" ? options.max_stdout_bytes
                                                            : options.max_stderr_bytes;
    return absl::StrCat("wrote more than ", cap, " bytes to ",
                        result.output_limit_exceeded, " and was killed");
  }
  if (result.term_signal != 0) {
    return absl::StrCat("killed by signal ", result.term_signal, " (",
                        ::strsignal(result.term_signal), ")");
  }
  return absl::StrCat("exit code ", result.exit_code);
}

}  // namespace baton::executor
