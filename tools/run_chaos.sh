#!/usr/bin/env bash
# A longer fault campaign than CI's testing/chaos:chaos_test: builds Baton
# and testing/chaos/chaos_campaign, then runs N faults (SIGKILLs of baton
# and of agents, corrupted checkpoints, a full state directory, a read-only
# .git, a deleted run directory, a foreign commit on the run's branch) over
# Baton's data workflows, each followed by a resume and the invariant checks.
# Prints the seed (pass it back with --seed to replay a campaign) and the
# counts: faults injected, runs resumed, data lost.
#
#   tools/run_chaos.sh [--faults N] [--seed S] [--kinds kill-baton,head-moved,...]
#                      [--drop-leaked]
#
# A killed agent cannot drop its throwaway staging database (baton_stage_*,
# baton_backup_*); the campaign counts them, and --drop-leaked drops them
# (only safe when no other test uses the PostgreSQL server meanwhile).
#
# Backup & Recovery joins when BATON_TEST_POSTGRES_URL is set (see
# tools/start_test_postgres.sh), Data Migration when BATON_TEST_MARIADB_URL is
# too (tools/start_test_mariadb.sh), Cache Implementation when BATON_TEST_REDIS_URL
# and BATON_NODE_MODULES are (tools/start_test_redis.sh, tools/bootstrap.sh). Needs root or unprivileged user namespaces
# (for the tmpfs and the read-only bind mount). BAZEL_STARTUP_FLAGS and
# BAZEL_BUILD_FLAGS pass extra flags to bazel. Work files go to
# ${CHAOS_ROOT:-/tmp/baton-chaos-<seed>} (removed when nothing was lost).
set -euo pipefail

cd "$(dirname "$0")/.."
faults=200
seed="$(date +%s)"
kinds=()
drop_leaked=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --faults) faults="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --kinds) kinds=(--kinds "$2"); shift 2 ;;
    --drop-leaked) drop_leaked=true; shift ;;
    *) echo "run_chaos.sh: unknown argument $1 (see the top of this file)" >&2; exit 2 ;;
  esac
done

# shellcheck disable=SC2086
bazel ${BAZEL_STARTUP_FLAGS:-} build ${BAZEL_BUILD_FLAGS:-} //tools:baton //testing/chaos:chaos_campaign
bin="$(bazel ${BAZEL_STARTUP_FLAGS:-} info bazel-bin 2>/dev/null)"
root="${CHAOS_ROOT:-/tmp/baton-chaos-${seed}}"
rm -rf "$root"

postgres=()
if [[ -n "${BATON_TEST_POSTGRES_URL:-}" ]]; then
  postgres=(--postgres "${BATON_TEST_POSTGRES_URL}")
fi
mariadb=()
if [[ -n "${BATON_TEST_MARIADB_URL:-}" ]]; then
  mariadb=(--mariadb "${BATON_TEST_MARIADB_URL}")
fi
cache=()
if [[ -n "${BATON_TEST_REDIS_URL:-}" && -n "${BATON_NODE_MODULES:-}" ]]; then
  cache=(--redis "${BATON_TEST_REDIS_URL}" --node-modules "${BATON_NODE_MODULES}")
fi
if [[ "$(id -u)" == "0" ]]; then
  namespace=(unshare --mount --propagation private)
else
  namespace=(unshare --user --map-root-user --mount)
fi

status=0
"${namespace[@]}" "$bin/testing/chaos/chaos_campaign" \
  --baton "$bin/tools/baton" --fixtures "$PWD/testing/fixtures" --root "$root" \
  --seed "$seed" --faults "$faults" --drop-leaked "$drop_leaked" "${kinds[@]}" "${postgres[@]}" "${cache[@]}" "${mariadb[@]}" || status=$?
if [[ $status -eq 0 ]]; then rm -rf "$root"; else echo "work files kept in $root" >&2; fi
exit $status
