#!/usr/bin/env bash
# Sets up a bare Debian 12 machine for Baton, then runs the demo or the tests.
#
#   tools/bootstrap.sh demo   install what is missing, build, run the demo
#   tools/bootstrap.sh test   install what is missing, run every test (also
#                             under --config=asan, and a fuzz smoke run) and
#                             print "N passed, N failed"
#
# Safe to run again: packages already installed are not touched.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  bazel-bootstrap bazel-platforms bazel-rules-java g++ pkg-config
  libabsl-dev libprotobuf-dev protobuf-compiler libboost-dev
  libboost-filesystem-dev libgit2-dev libre2-dev libsqlite3-dev
  libyaml-cpp-dev libcmark-dev libgtest-dev libgmock-dev libbenchmark-dev
  libssl-dev sqlite3 postgresql libpq-dev libpg-query-dev
  mariadb-server libmariadb-dev
  python3 chromium git redis-server clang libclang-rt-14-dev
)

install_missing() {
  local missing=()
  for package in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed"; then
      missing+=("$package")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    return
  fi
  echo "bootstrap: installing ${missing[*]}" >&2
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}

# Node.js for the Cache Implementation check (tsc + node): Debian's nodejs
# (18) and npm, unless a node is already installed (e.g. NodeSource's 20,
# which bundles npm and conflicts with Debian's npm package).
install_node() {
  local wanted=()
  command -v node >/dev/null 2>&1 || wanted+=(nodejs)
  command -v npm >/dev/null 2>&1 || wanted+=(npm)
  if [ ${#wanted[@]} -eq 0 ]; then
    return
  fi
  echo "bootstrap: installing ${wanted[*]}" >&2
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${wanted[@]}" >/dev/null
}

# The pinned node packages the cache check compiles and runs with, installed
# once outside the repository; prints their node_modules folder.
node_tools() {
  local prefix="${XDG_CACHE_HOME:-$HOME/.cache}/baton/node-tools"
  local modules="${prefix}/node_modules"
  if [ ! -f "${modules}/typescript/bin/tsc" ] || [ ! -f "${modules}/ioredis/package.json" ] ||
     [ ! -f "${modules}/@types/node/package.json" ]; then
    echo "bootstrap: installing typescript, ioredis, @types/node into ${prefix}" >&2
    npm install --silent --no-audit --no-fund --prefix "${prefix}" \
      typescript@5 ioredis@5 @types/node@20 >&2
  fi
  echo "${modules}"
}

# A build links bazel-<this folder> to its execroot; unless .bazelignore
# names it, a later `//...` would wander into it.
drop_workspace_link() {
  local link
  link="bazel-$(basename "$PWD")"
  if [ -L "$link" ]; then rm -f "$link"; fi
}

# The whole suite runs again under AddressSanitizer + UBSan in CI
# (RELIABILITY.md, "Sanitizers"): every agent, the CLI, the end-to-end,
# crash and chaos tests, with the agents they spawn built the same way.
ASAN_TARGETS=(//...)

case "${1:-}" in
  demo)
    install_missing
    exec bazel run //:baton -- demo
    ;;
  test)
    install_missing
    install_node
    log=$(mktemp)
    status=0
    # Tests that need PostgreSQL use this throwaway cluster; with CI=true they
    # fail rather than skip when it is missing.
    postgres_url=$(tools/start_test_postgres.sh) || {
      echo "bootstrap: PostgreSQL did not start; its tests skip (and fail with CI=true)" >&2
      postgres_url=""
    }
    # The Data Migration tests read from this throwaway MariaDB server.
    mariadb_url=$(tools/start_test_mariadb.sh) || {
      echo "bootstrap: MariaDB did not start; its tests skip (and fail with CI=true)" >&2
      mariadb_url=""
    }
    # The Cache Implementation tests use this Redis (127.0.0.1:63799, no
    # persistence) and the node packages; with CI=true they fail without them.
    redis_url=$(tools/start_test_redis.sh) || {
      echo "bootstrap: Redis did not start; the cache tests start their own or fail with CI=true" >&2
      redis_url=""
    }
    node_modules=$(node_tools) || {
      echo "bootstrap: could not install the node packages; the cache tests skip (fail with CI=true)" >&2
      node_modules=""
    }
    drop_workspace_link
    bazel test //... --keep_going \
      --test_env=BATON_TEST_POSTGRES_URL="$postgres_url" --test_env=CI \
      --test_env=BATON_TEST_MARIADB_URL="$mariadb_url" \
      --test_env=BATON_TEST_REDIS_URL="$redis_url" --test_env=BATON_NODE_MODULES="$node_modules" \
      2>&1 | tee "$log" || status=$?
    # The suite again under AddressSanitizer + UBSan, and a short run
    # of every fuzzer (clang), each in an output base of its own so the
    # regular build is kept. RELIABILITY.md has the details.
    output_base="$(bazel info output_base)"
    drop_workspace_link
    asan_log=$(mktemp)
    bazel --output_base="$output_base-asan" test --config=asan "${ASAN_TARGETS[@]}" --keep_going \
      --test_env=BATON_TEST_POSTGRES_URL="$postgres_url" --test_env=CI \
      --test_env=BATON_TEST_MARIADB_URL="$mariadb_url" \
      --test_env=BATON_TEST_REDIS_URL="$redis_url" --test_env=BATON_NODE_MODULES="$node_modules" \
      2>&1 | tee "$asan_log" || status=$?
    fuzz_log=$(mktemp)
    BATON_FUZZ_OUTPUT_BASE="$output_base-fuzz" tools/run_fuzzers.sh --smoke \
      2>&1 | tee "$fuzz_log" || status=$?
    tools/test_summary.sh "$log" "$fuzz_log" --output_base "$output_base-asan" "$asan_log" \
      || status=$?
    rm -f "$log" "$asan_log" "$fuzz_log"
    exit "$status"
    ;;
  *)
    echo "usage: tools/bootstrap.sh demo|test" >&2
    exit 2
    ;;
esac
