#!/usr/bin/env bash
# Builds Baton's libFuzzer targets (testing/fuzz/) with clang, AddressSanitizer
# and UndefinedBehaviorSanitizer, and runs each on a copy of its seed corpus
# plus its regressions.
#
#   tools/run_fuzzers.sh                  1,000,000 executions per fuzzer
#   tools/run_fuzzers.sh --runs N         N executions per fuzzer
#   tools/run_fuzzers.sh --smoke          CI: 30,000 runs per fuzzer, fixed seed
#   tools/run_fuzzers.sh --seconds S      S seconds per fuzzer
#   tools/run_fuzzers.sh ... NAME...      only these (e.g. router card_loader)
#
# Prints one line per fuzzer: "fuzz <name>: <executions> executions in <s> s,
# <ok|CRASH>", then "fuzzers: N passed, N failed". Exits 1 when a fuzzer
# crashed or broke an invariant; the input is saved as
# $BATON_FUZZ_OUT/<name>/crash-* (default /tmp/baton-fuzz): add it to
# testing/fuzz/regressions/<name>_fuzz/ with the fix.
#
# The clang build lives in its own output base ($BATON_FUZZ_OUTPUT_BASE,
# default /tmp/bazel-ob-fuzz-clang): Bazel 4 configures its C++ toolchain
# from CC, so sharing the gcc build's output base would rebuild everything.
set -euo pipefail
cd "$(dirname "$0")/.."

all=(card_loader router agent_result_json agent_result_proto registry_file
     migration_request sql dbt_model schema_lint)
runs=1000000
seconds=""
seed=""
names=()
while [ $# -gt 0 ]; do
  case "$1" in
    # A fixed number of runs from a fixed seed: CI gets the same inputs
    # every time, so a red smoke run is a reproducible finding, not luck.
    --smoke) runs=30000; seconds=""; seed=20261126 ;;
    --runs) runs="$2"; seconds=""; shift ;;
    --seconds) seconds="$2"; runs=""; shift ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "run_fuzzers: unknown option $1 (see --help)" >&2; exit 2 ;;
    *)
      if [[ ! " ${all[*]} " =~ " $1 " ]]; then
        echo "run_fuzzers: no fuzzer named $1; the fuzzers are: ${all[*]}" >&2
        exit 2
      fi
      names+=("$1") ;;
  esac
  shift
done
[ ${#names[@]} -gt 0 ] || names=("${all[@]}")
if ! command -v clang >/dev/null; then
  echo "run_fuzzers: clang is missing (apt-get install clang libclang-rt-14-dev)" >&2
  exit 2
fi

output_base="${BATON_FUZZ_OUTPUT_BASE:-/tmp/bazel-ob-fuzz-clang}"
out="${BATON_FUZZ_OUT:-/tmp/baton-fuzz}"
targets=()
for name in "${names[@]}"; do targets+=("//testing/fuzz:${name}_fuzzer"); done
if ! bazel --output_base="$output_base" build --config=fuzz "${targets[@]}" >&2; then
  for name in "${names[@]}"; do
    echo "fuzz ${name}: 0 executions, CRASH (the fuzzers did not build; see above)"
  done
  echo "fuzzers: 0 passed, ${#names[@]} failed"
  exit 1
fi
bin="$(bazel --output_base="$output_base" info --config=fuzz bazel-bin 2>/dev/null)"

# Scratch files of the fuzz targets (registry_file_fuzz writes a registry
# per input) go to memory when it can: on a busy disk they are the bottleneck.
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
  export TMPDIR=/dev/shm
fi

passed=0
failed=0
for name in "${names[@]}"; do
  work="$out/$name"
  rm -rf "$work"
  mkdir -p "$work/corpus"
  # libFuzzer adds what it finds to the first folder: a scratch copy, so the
  # checked-in seed corpus stays small.
  cp testing/fuzz/corpus/"${name}_fuzz"/* "$work/corpus/"
  limit=(-runs="$runs")
  [ -z "$seconds" ] || limit=(-max_total_time="$seconds")
  [ -z "$seed" ] || limit+=(-seed="$seed")
  start=$(date +%s.%N)
  status=0
  (cd "$work" && "$bin/testing/fuzz/${name}_fuzzer" "${limit[@]}" -timeout=30 -rss_limit_mb=4096 \
      -max_len=4096 -print_final_stats=1 -artifact_prefix="$work/" \
      corpus "$OLDPWD/testing/fuzz/regressions/${name}_fuzz") >"$work/log" 2>&1 || status=$?
  elapsed=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.0f", e - s }')
  execs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+).*/\1/p' "$work/log" | tail -1)
  if [ "$status" -eq 0 ]; then
    result=ok
    passed=$((passed + 1))
  else
    result="CRASH (exit $status; see $work/log and $work/crash-*)"
    failed=$((failed + 1))
  fi
  echo "fuzz ${name}: ${execs:-?} executions in ${elapsed} s, ${result}"
done
echo "fuzzers: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
