#!/usr/bin/env bash
# Starts (or re-uses) a throwaway MariaDB server for Baton's tests and prints
# its connection URL on stdout, e.g.
#   mysql://root@127.0.0.1:33069/mysql
#
#   tools/start_test_mariadb.sh [PORT]      default port 33069
#   tools/start_test_mariadb.sh --stop [PORT]
#
# The server lives in /tmp/baton-test-mariadb-<port>/ (data/, server.log,
# mysqld.sock, mysqld.pid), listens on 127.0.0.1 only, and its root user has
# no password: it is for tests, never for data you care about. Durability is
# relaxed (no fsync per commit) to keep tests fast. As root the server runs
# as the `mysql` system user (Debian's mariadb-server package creates it).
# Idempotent: when a server already answers on the port, its URL is printed
# and nothing else happens.
set -euo pipefail

stop=false
if [ "${1:-}" = "--stop" ]; then
  stop=true
  shift
fi
port="${1:-${BATON_TEST_MARIADB_PORT:-33069}}"
base="/tmp/baton-test-mariadb-${port}"
data="${base}/data"
socket="${base}/mysqld.sock"
pidfile="${base}/mysqld.pid"
log="${base}/server.log"
url="mysql://root@127.0.0.1:${port}/mysql"

server=""
for candidate in /usr/sbin/mariadbd /usr/sbin/mysqld; do
  if [ -x "${candidate}" ]; then server="${candidate}"; break; fi
done
install_db=""
for candidate in /usr/bin/mariadb-install-db /usr/bin/mysql_install_db; do
  if [ -x "${candidate}" ]; then install_db="${candidate}"; break; fi
done
client=""
for candidate in /usr/bin/mariadb-admin /usr/bin/mysqladmin; do
  if [ -x "${candidate}" ]; then client="${candidate}"; break; fi
done
if [ -z "${server}" ] || [ -z "${install_db}" ] || [ -z "${client}" ]; then
  echo "start_test_mariadb: no MariaDB server binaries (mariadbd, mariadb-install-db," \
       "mariadb-admin); install Debian's mariadb-server package" >&2
  exit 1
fi

answers() {
  "${client}" --no-defaults --protocol=tcp -h 127.0.0.1 -P "${port}" -u root \
    --connect-timeout=2 ping >/dev/null 2>&1
}

if $stop; then
  if [ -f "${pidfile}" ]; then
    kill "$(cat "${pidfile}")" 2>/dev/null || true
    for _ in $(seq 1 60); do
      [ -f "${pidfile}" ] || break
      sleep 0.5
    done
  fi
  exit 0
fi

if answers; then
  echo "${url}"
  exit 0
fi

user_args=()
if [ "$(id -u)" -eq 0 ]; then
  user_args=(--user=mysql)
fi
mkdir -p "${base}"
if [ "$(id -u)" -eq 0 ]; then
  chown mysql: "${base}"
fi
if [ ! -d "${data}/mysql" ]; then
  "${install_db}" --no-defaults "${user_args[@]}" --datadir="${data}" \
    --auth-root-authentication-method=normal --skip-test-db \
    >"${base}/install.log" 2>&1 || {
    echo "start_test_mariadb: mariadb-install-db failed; see ${base}/install.log:" >&2
    tail -n 20 "${base}/install.log" >&2
    exit 1
  }
fi

# A stale pid file from a killed server would confuse --stop.
if [ -f "${pidfile}" ] && ! kill -0 "$(cat "${pidfile}")" 2>/dev/null; then
  rm -f "${pidfile}"
fi

"${server}" --no-defaults "${user_args[@]}" --datadir="${data}" \
  --bind-address=127.0.0.1 --port="${port}" --socket="${socket}" \
  --pid-file="${pidfile}" --log-error="${log}" \
  --skip-name-resolve --innodb-flush-log-at-trx-commit=0 --sync-binlog=0 \
  --innodb-buffer-pool-size=64M --max-connections=200 \
  --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
  </dev/null >/dev/null 2>&1 &
disown || true

for _ in $(seq 1 120); do
  if answers; then
    echo "${url}"
    exit 0
  fi
  sleep 0.5
done
echo "start_test_mariadb: the server did not answer on 127.0.0.1:${port} within 60 s;" \
     "the end of ${log}:" >&2
tail -n 20 "${log}" >&2 || true
exit 1
