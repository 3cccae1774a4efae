#!/usr/bin/env bash
# Prints "N passed, N failed, N skipped" counted in test cases (not targets)
# from `bazel test` logs and each target's test.xml under bazel-testlogs/.
# A target that failed to build or never reported counts as one failure.
# Lines "fuzz NAME: ... ok|CRASH" (tools/run_fuzzers.sh) count one case each.
# Exits 1 when anything failed.
#
#   tools/test_summary.sh LOG... [--output_base DIR LOG...]...
#
# --output_base names the Bazel output base of the logs after it (e.g. the
# --config=asan run's), whose bazel-testlogs hold their test.xml files.
set -euo pipefail
passed=0
failed=0
skipped=0
output_base=""
testlogs=""

summarize() {
  local log="$1"
  while read -r label result; do
    case "$result" in
      PASSED|FAILED|TIMEOUT|FLAKY)
        path="${label#//}"
        xml="$testlogs/${path/://}/test.xml"
        if [ ! -f "$xml" ]; then
          failed=$((failed + 1))
          continue
        fi
        # Sum the <testsuite> elements' counters (gtest and Bazel's own XML).
        read -r t f s < <(grep -o '<testsuite [^>]*>' "$xml" | awk '
          function attr(name,   m) {
            if (match($0, name "=\"[0-9]+\"")) {
              m = substr($0, RSTART, RLENGTH); gsub(/[^0-9]/, "", m); return m + 0
            }
            return 0
          }
          { t += attr("tests"); f += attr("failures") + attr("errors"); s += attr("skipped") + attr("disabled") }
          END { print t + 0, f + 0, s + 0 }')
        if [ "$result" != "PASSED" ] && [ "$f" -eq 0 ]; then
          f=1  # Timed out or crashed without reporting a failing case.
        fi
        passed=$((passed + t - f - s))
        failed=$((failed + f))
        skipped=$((skipped + s))
        ;;
      *)
        failed=$((failed + 1))
        ;;
    esac
  done < <(sed -nE 's#^(//[^ ]+)[[:space:]]+(\(cached\) )?(PASSED|FAILED TO BUILD|FAILED|TIMEOUT|FLAKY|NO STATUS|SKIPPED).*#\1 \3#p' "$log" \
            | sed -E 's/ FAILED TO BUILD$/ FAILED_TO_BUILD/; s/ NO STATUS$/ NO_STATUS/')
  while read -r result; do
    if [ "$result" = ok ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
  done < <(sed -nE 's/^fuzz [a-z_]+: .*, (ok|CRASH).*/\1/p' "$log")
}

while [ $# -gt 0 ]; do
  case "$1" in
    --output_base) output_base="$2"; testlogs=""; shift 2; continue ;;
  esac
  if [ -z "$testlogs" ]; then
    if [ -n "$output_base" ]; then
      testlogs="$(bazel --output_base="$output_base" info bazel-testlogs 2>/dev/null)"
    else
      testlogs="$(bazel info bazel-testlogs 2>/dev/null)"
    fi
  fi
  summarize "$1"
  shift
done
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
