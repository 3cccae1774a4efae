#!/bin/bash
# Runs testing/chaos/chaos_campaign at CI size inside a private mount
# namespace (its full-disk and read-only faults mount a tmpfs and a read-only
# bind mount): as root with `unshare --mount`, else with an unprivileged user
# namespace. Fails, saying why, when neither is possible.
set -euo pipefail

runfiles="${TEST_SRCDIR}/${TEST_WORKSPACE:-baton}"
seed="${CHAOS_SEED:-20261126}"
faults="${CHAOS_FAULTS:-21}"

postgres=()
if [[ -n "${BATON_TEST_POSTGRES_URL:-}" ]]; then
  postgres=(--postgres "${BATON_TEST_POSTGRES_URL}")
elif [[ "${CI:-}" == "true" ]]; then
  echo "chaos_test: CI=true but BATON_TEST_POSTGRES_URL is not set; start one with" \
    "tools/start_test_postgres.sh and pass --test_env=BATON_TEST_POSTGRES_URL=<url>" >&2
  exit 1
fi
# Dropping the staging databases a killed agent left behind is only safe on
# a server no other test uses at the same time: CI's.
drop_leaked=false
if [[ "${CI:-}" == "true" ]]; then drop_leaked=true; fi
mariadb=()
if [[ -n "${BATON_TEST_MARIADB_URL:-}" ]]; then
  mariadb=(--mariadb "${BATON_TEST_MARIADB_URL}")
elif [[ "${CI:-}" == "true" ]]; then
  echo "chaos_test: CI=true but BATON_TEST_MARIADB_URL is not set; start one with" \
    "tools/start_test_mariadb.sh and pass --test_env=BATON_TEST_MARIADB_URL=<url>" >&2
  exit 1
fi
cache=()
if [[ -n "${BATON_TEST_REDIS_URL:-}" && -n "${BATON_NODE_MODULES:-}" ]]; then
  cache=(--redis "${BATON_TEST_REDIS_URL}" --node-modules "${BATON_NODE_MODULES}")
elif [[ "${CI:-}" == "true" ]]; then
  echo "chaos_test: CI=true but BATON_TEST_REDIS_URL or BATON_NODE_MODULES is not set" \
    "(tools/bootstrap.sh test sets both)" >&2
  exit 1
fi

if [[ "$(id -u)" == "0" ]] && unshare --mount --propagation private true 2>/dev/null; then
  namespace=(unshare --mount --propagation private)
elif unshare --user --map-root-user --mount true 2>/dev/null; then
  namespace=(unshare --user --map-root-user --mount)
else
  echo "chaos_test: cannot create a mount namespace (run as root, or enable unprivileged" \
    "user namespaces: sysctl kernel.unprivileged_userns_clone=1)" >&2
  exit 1
fi

exec "${namespace[@]}" "${runfiles}/testing/chaos/chaos_campaign" \
  --baton "${runfiles}/tools/baton" \
  --fixtures "${runfiles}/testing/fixtures" \
  --root "${TEST_TMPDIR}/chaos" \
  --seed "${seed}" --faults "${faults}" --drop-leaked "${drop_leaked}" \
  "${postgres[@]}" "${cache[@]}" "${mariadb[@]}"
