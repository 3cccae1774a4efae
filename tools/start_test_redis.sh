#!/usr/bin/env bash
# Starts (or re-uses) a throwaway Redis server for Baton's tests and prints
# its URL on stdout, e.g.
#   redis://127.0.0.1:63799
#
#   tools/start_test_redis.sh [PORT]          default port 63799
#   tools/start_test_redis.sh --stop [PORT]
#
# The server listens on 127.0.0.1 only, keeps nothing on disk (no RDB
# snapshots, no AOF) and lives in /tmp/baton-test-redis-<port>/ (pid file,
# log): it is for tests, never for data you care about. Idempotent: when a
# server already answers PING on the port, its URL is printed and nothing
# else happens.
set -euo pipefail

stop=false
if [ "${1:-}" = "--stop" ]; then
  stop=true
  shift
fi
port="${1:-${BATON_TEST_REDIS_PORT:-63799}}"
base="/tmp/baton-test-redis-${port}"
url="redis://127.0.0.1:${port}"

ping_redis() {
  # PING over bash's /dev/tcp, so redis-cli is not needed.
  local reply
  reply=$( (exec 3<>"/dev/tcp/127.0.0.1/${port}" && printf 'PING\r\n' >&3 &&
            timeout 2 head -c 7 <&3) 2>/dev/null) || return 1
  [[ "${reply}" == "+PONG"* ]]
}

if $stop; then
  if [ -f "${base}/redis.pid" ]; then
    kill "$(cat "${base}/redis.pid")" 2>/dev/null || true
    rm -f "${base}/redis.pid"
  fi
  exit 0
fi

if ping_redis; then
  echo "${url}"
  exit 0
fi

server="$(command -v redis-server || true)"
if [ -z "${server}" ]; then
  echo "start_test_redis: redis-server is not installed (install Debian's redis-server package)" >&2
  exit 1
fi
mkdir -p "${base}"
"${server}" --bind 127.0.0.1 --port "${port}" --save "" --appendonly no \
  --dir "${base}" --daemonize yes --pidfile "${base}/redis.pid" \
  --logfile "${base}/redis.log" >&2
for _ in $(seq 1 50); do
  if ping_redis; then
    echo "${url}"
    exit 0
  fi
  sleep 0.1
done
echo "start_test_redis: redis-server did not answer on 127.0.0.1:${port}; the end of ${base}/redis.log:" >&2
tail -n 20 "${base}/redis.log" >&2 || true
exit 1
