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
  python3 chromium git clang libclang-rt-14-dev
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

# A build links bazel-<this folder> to its execroot; unless .bazelignore
# names it, a later `//...` would wander into it.
drop_workspace_link() {
  local link
  link="bazel-$(basename "$PWD")"
  if [ -L "$link" ]; then rm -f "$link"; fi
}

case "${1:-}" in
  demo)
    install_missing
    exec bazel run //:baton -- demo
    ;;
  test)
    install_missing
    log=$(mktemp)
    status=0
    # Tests that need PostgreSQL use this throwaway cluster; with CI=true they
    # fail rather than skip when it is missing.
    postgres_url=$(tools/start_test_postgres.sh) || {
      echo "bootstrap: PostgreSQL did not start; its tests skip (and fail with CI=true)" >&2
      postgres_url=""
    }
    drop_workspace_link
    bazel test //... --keep_going \
      --test_env=BATON_TEST_POSTGRES_URL="$postgres_url" --test_env=CI \
      2>&1 | tee "$log" || status=$?
    # The whole suite again under AddressSanitizer + UBSan, and a short run
    # of every fuzzer (clang), each in an output base of its own so the
    # regular build is kept. RELIABILITY.md has the details.
    output_base="$(bazel info output_base)"
    drop_workspace_link
    asan_log=$(mktemp)
    bazel --output_base="$output_base-asan" test --config=asan //... --keep_going \
      --test_env=BATON_TEST_POSTGRES_URL="$postgres_url" --test_env=CI \
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
