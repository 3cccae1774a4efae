// Redis for the cache check: reach a server by URL, or start a throwaway
// redis-server on a free loopback port.
//
// ThrowawayRedis runs `redis-server --bind 127.0.0.1 --port N --save ""
// --appendonly no --dir DIR` (no persistence, nothing outside DIR), as a
// child in the caller's process group, so it dies with an agent that is
// killed; the destructor stops it (SIGTERM, then SIGKILL) and reaps it.
// Thread-compatible.
#ifndef BATON_AGENTS_CACHE_REDIS_SERVER_H_
#define BATON_AGENTS_CACHE_REDIS_SERVER_H_

#include <sys/types.h>

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace baton::agents::cache {

struct RedisAddress {
  std::string host;
  int port = 6379;
  std::string password;  // From redis://[user]:password@host:port.
};

// InvalidArgument when `url` is not redis://[[user]:password@]host[:port][/db].
absl::StatusOr<RedisAddress> ParseRedisUrl(const std::string& url);

// PING (after AUTH when the URL has a password). Unavailable naming the URL
// (password redacted) when nothing answers +PONG within `timeout`.
absl::Status PingRedis(const std::string& url, absl::Duration timeout = absl::Seconds(3));

// redis://host:port with any password removed, for messages.
std::string RedactRedisUrl(const std::string& url);

class ThrowawayRedis {
 public:
  // `redis_server`: the binary's path; `dir`: a writable folder for its
  // log (redis.log). FailedPrecondition with the end of the log when the
  // server exits or does not answer within 10 s; Internal when it cannot be
  // spawned.
  static absl::StatusOr<std::unique_ptr<ThrowawayRedis>> Start(const std::string& redis_server,
                                                               const std::string& dir);
  ~ThrowawayRedis();
  ThrowawayRedis(const ThrowawayRedis&) = delete;
  ThrowawayRedis& operator=(const ThrowawayRedis&) = delete;

  const std::string& url() const { return url_; }
  pid_t pid() const { return pid_; }

 private:
  ThrowawayRedis(pid_t pid, std::string url) : pid_(pid), url_(std::move(url)) {}
  pid_t pid_;
  std::string url_;
};

}  // namespace baton::agents::cache

#endif  // BATON_AGENTS_CACHE_REDIS_SERVER_H_
