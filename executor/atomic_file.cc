#include "executor/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "absl/strings/str_cat.h"

namespace baton::executor {
namespace {

absl::Status ErrnoError(absl::string_view what, const std::string& path) {
  const int error = errno;
  if (error == ENOSPC || error == EDQUOT) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "no space left on device writing ", path,
        ": free space on that filesystem (nothing written so far is lost), ", kResumeAdvice));
  }
  if (error == EROFS) {
    return absl::FailedPreconditionError(absl::StrCat(
        "read-only file system: cannot write ", path,
        "; make it writable (or pass --state-dir DIR on a writable disk), ", kResumeAdvice));
  }
  return absl::InternalError(
      absl::StrCat(what, " ", path, ": ", std::strerror(error)));
}

absl::Status WriteAll(int fd, absl::string_view bytes, const std::string& path) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoError("cannot write", path);
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return absl::OkStatus();
}

absl::Status SyncDirectoryOf(const std::string& path) {
  std::string dir = std::filesystem::path(path).parent_path().string();
  if (dir.empty()) dir = ".";
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return ErrnoError("cannot open folder", dir);
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return ErrnoError("cannot sync folder", dir);
  return absl::OkStatus();
}

}  // namespace

absl::Status WriteFileAtomically(const std::string& path, absl::string_view bytes) {
  std::string temp = absl::StrCat(path, ".tmp.", ::getpid());
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  // Errors name `path`, the file the caller knows, not the temporary one.
  if (fd < 0) return ErrnoError("cannot create", path);
  absl::Status written = WriteAll(fd, bytes, path);
  if (written.ok() && ::fsync(fd) != 0) written = ErrnoError("cannot sync", path);
  ::close(fd);
  if (!written.ok()) {
    ::unlink(temp.c_str());
    return written;
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    absl::Status renamed = ErrnoError("cannot rename into", path);
    ::unlink(temp.c_str());
    return renamed;
  }
  return SyncDirectoryOf(path);
}

absl::Status WriteScratchFile(const std::string& path, absl::string_view bytes) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoError("cannot create", path);
  absl::Status written = WriteAll(fd, bytes, path);
  ::close(fd);
  return written;
}

absl::Status AppendLine(const std::string& path, absl::string_view line, bool sync) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoError("cannot open", path);
  // A write cut short (a full disk) is undone, so the file never ends in
  // half a line that later lines would follow.
  const off_t before = ::lseek(fd, 0, SEEK_END);
  absl::Status written = WriteAll(fd, absl::StrCat(line, "\n"), path);
  if (!written.ok() && before >= 0 && ::ftruncate(fd, before) != 0) {
    written = absl::Status(written.code(),
                           absl::StrCat(written.message(), " (and it cannot be cut back)"));
  }
  if (written.ok() && sync && ::fsync(fd) != 0) written = ErrnoError("cannot sync", path);
  ::close(fd);
  return written;
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

absl::Status MakeDirectories(const std::string& path) {
  std::error_code error;
  std::filesystem::create_directories(path, error);
  if (error) {
    errno = error.value();
    if (errno == ENOSPC || errno == EDQUOT || errno == EROFS) {
      return ErrnoError("cannot create folder", path);
    }
    return absl::InternalError(
        absl::StrCat("cannot create folder ", path, ": ", error.message()));
  }
  return absl::OkStatus();
}

}  // namespace baton::executor
