#include "agents/cache/redis_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "re2/re2.h"

extern char** environ;

namespace baton::agents::cache {
namespace {

// A connected TCP socket, or -1.
int Connect(const RedisAddress& address, absl::Duration timeout) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(address.host.c_str(), absl::StrCat(address.port).c_str(), &hints, &found) != 0) {
    return -1;
  }
  int fd = -1;
  for (addrinfo* ai = found; ai != nullptr && fd < 0; ai = ai->ai_next) {
    fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) continue;
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(absl::ToInt64Seconds(timeout));
    tv.tv_usec = static_cast<suseconds_t>(absl::ToInt64Microseconds(timeout) % 1000000);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
    if (connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
      close(fd);
      fd = -1;
    }
  }
  freeaddrinfo(found);
  return fd;
}

// Sends `command` and reads one reply line.
std::string Exchange(int fd, const std::string& command) {
  if (send(fd, command.data(), command.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(command.size())) {
    return "";
  }
  std::string reply;
  char c;
  while (reply.size() < 512 && recv(fd, &c, 1, 0) == 1) {
    if (c == '\n') break;
    reply.push_back(c);
  }
  return std::string(absl::StripTrailingAsciiWhitespace(reply));
}

int FreeLoopbackPort() {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t length = sizeof(addr);
  int port = -1;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

std::string Tail(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  std::string all = text.str();
  if (all.size() > 600) all = all.substr(all.size() - 600);
  return std::string(absl::StripAsciiWhitespace(all));
}

}  // namespace

absl::StatusOr<RedisAddress> ParseRedisUrl(const std::string& url) {
  static const RE2 kUrl(R"(rediss?://(?:([^:@/]*)(?::([^@/]*))?@)?([^:/@]+)(?::(\d+))?(?:/\d*)?)");
  RedisAddress address;
  std::string user, port;
  if (!RE2::FullMatch(url, kUrl, &user, &address.password, &address.host, &port)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "\"", RedactRedisUrl(url),
        "\" is not a Redis URL; write redis://[:password@]host[:port], e.g. "
        "redis://127.0.0.1:6379"));
  }
  if (!port.empty() && (!absl::SimpleAtoi(port, &address.port) || address.port <= 0 ||
                        address.port > 65535)) {
    return absl::InvalidArgumentError(absl::StrCat("bad port in Redis URL ", RedactRedisUrl(url)));
  }
  return address;
}

std::string RedactRedisUrl(const std::string& url) {
  std::string redacted = url;
  RE2::Replace(&redacted, R"(//[^@/]*@)", "//");
  return redacted;
}

absl::Status PingRedis(const std::string& url, absl::Duration timeout) {
  absl::StatusOr<RedisAddress> address = ParseRedisUrl(url);
  if (!address.ok()) return address.status();
  const int fd = Connect(*address, timeout);
  if (fd < 0) {
    return absl::UnavailableError(absl::StrCat("no Redis server answers at ", RedactRedisUrl(url),
                                               ": ", std::strerror(errno)));
  }
  std::string reply;
  if (!address->password.empty()) {
    reply = Exchange(fd, absl::StrCat("AUTH ", address->password, "\r\n"));
    if (reply != "+OK") {
      close(fd);
      return absl::UnavailableError(absl::StrCat("Redis at ", RedactRedisUrl(url),
                                                 " refused the password: ", reply));
    }
  }
  reply = Exchange(fd, "PING\r\n");
  close(fd);
  if (reply != "+PONG") {
    return absl::UnavailableError(absl::StrCat("Redis at ", RedactRedisUrl(url),
                                               " did not answer PING with PONG: \"", reply, "\""));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<ThrowawayRedis>> ThrowawayRedis::Start(
    const std::string& redis_server, const std::string& dir) {
  const int port = FreeLoopbackPort();
  if (port <= 0) return absl::InternalError("cannot find a free loopback port for redis-server");
  const std::string log = dir + "/redis.log";
  const std::string port_text = absl::StrCat(port);
  std::vector<std::string> args = {redis_server, "--bind", "127.0.0.1", "--port", port_text,
                                   "--save", "", "--appendonly", "no", "--dir", dir,
                                   "--daemonize", "no", "--logfile", log};
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, redis_server.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    return absl::InternalError(
        absl::StrCat("cannot start ", redis_server, ": ", std::strerror(spawned)));
  }
  std::unique_ptr<ThrowawayRedis> server(
      new ThrowawayRedis(pid, absl::StrCat("redis://127.0.0.1:", port)));
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  while (true) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      server->pid_ = -1;
      return absl::FailedPreconditionError(absl::StrCat(
          "redis-server exited at start-up (port ", port, "): ", Tail(log)));
    }
    if (PingRedis(server->url_, absl::Milliseconds(200)).ok()) return server;
    if (absl::Now() > deadline) {
      return absl::FailedPreconditionError(absl::StrCat(
          "redis-server did not answer on 127.0.0.1:", port, " within 10 s: ", Tail(log)));
    }
    absl::SleepFor(absl::Milliseconds(50));
  }
}

ThrowawayRedis::~ThrowawayRedis() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  for (int i = 0; i < 100; ++i) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) return;
    absl::SleepFor(absl::Milliseconds(20));
  }
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
}

}  // namespace baton::agents::cache
