#!/usr/bin/env bash
# Starts (or re-uses) a throwaway PostgreSQL cluster for Baton's tests and
# prints its connection URL on stdout, e.g.
#   postgresql://postgres@127.0.0.1:54329/postgres
#
#   tools/start_test_postgres.sh [PORT]      default port 54329
#   tools/start_test_postgres.sh --stop [PORT]
#
# The cluster lives in /tmp/baton-test-pg-<port>/ (data/, server.log,
# socket/), listens on 127.0.0.1 only and trusts local connections: it is for
# tests, never for data you care about. Durability is off (fsync=off) to keep
# tests fast. PostgreSQL refuses to run as root, so as root the server runs as
# the `postgres` system user (Debian's postgresql package creates it).
# Idempotent: when a server already answers on the port, its URL is printed
# and nothing else happens.
set -euo pipefail

stop=false
if [ "${1:-}" = "--stop" ]; then
  stop=true
  shift
fi
port="${1:-${BATON_TEST_POSTGRES_PORT:-54329}}"
base="/tmp/baton-test-pg-${port}"
data="${base}/data"
socket="${base}/socket"
log="${base}/server.log"
url="postgresql://postgres@127.0.0.1:${port}/postgres"

bindir=""
for candidate in /usr/lib/postgresql/*/bin; do
  if [ -x "${candidate}/initdb" ]; then bindir="${candidate}"; fi
done
if [ -z "${bindir}" ]; then
  echo "start_test_postgres: no PostgreSQL server binaries under /usr/lib/postgresql/*/bin" \
       "(install Debian's postgresql package)" >&2
  exit 1
fi

# Runs a command as the cluster's owner: `postgres` when we are root.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

if $stop; then
  if [ -f "${data}/postmaster.pid" ]; then
    as_owner "${bindir}/pg_ctl" -D "${data}" -m fast -w stop >&2
  fi
  exit 0
fi

if "${bindir}/pg_isready" -q -h 127.0.0.1 -p "${port}" -U postgres -d postgres; then
  echo "${url}"
  exit 0
fi

mkdir -p "${base}"
if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "${base}"
fi
if [ ! -f "${data}/PG_VERSION" ]; then
  as_owner mkdir -p "${data}" "${socket}"
  as_owner "${bindir}/initdb" -D "${data}" -U postgres --auth=trust \
    --encoding=UTF8 --locale=C.UTF-8 >"${base}/initdb.log" 2>&1 || {
    echo "start_test_postgres: initdb failed; see ${base}/initdb.log:" >&2
    tail -n 20 "${base}/initdb.log" >&2
    exit 1
  }
fi
as_owner mkdir -p "${socket}"

# A stale pid file from a killed server would stop pg_ctl start.
if [ -f "${data}/postmaster.pid" ]; then
  pid="$(head -n 1 "${data}/postmaster.pid")"
  if ! kill -0 "${pid}" 2>/dev/null; then
    rm -f "${data}/postmaster.pid"
  fi
fi

options="-c listen_addresses=127.0.0.1 -p ${port} -k ${socket}"
options+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
options+=" -c max_connections=200 -c shared_buffers=128MB"
# The nightly slow-query job reads pg_stat_statements.
options+=" -c shared_preload_libraries=pg_stat_statements"
if ! as_owner "${bindir}/pg_ctl" -D "${data}" -l "${log}" -o "${options}" -w -t 60 start >&2; then
  echo "start_test_postgres: the server did not start; the end of ${log}:" >&2
  tail -n 20 "${log}" >&2 || true
  exit 1
fi
if ! "${bindir}/pg_isready" -q -h 127.0.0.1 -p "${port}" -U postgres -d postgres; then
  echo "start_test_postgres: the server started but does not answer on 127.0.0.1:${port}" >&2
  exit 1
fi
echo "${url}"
