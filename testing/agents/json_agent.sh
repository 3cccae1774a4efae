#!/bin/bash
# A `json` protocol agent in bash, using only coreutils and sed: it reads the
# JSON AgentRequest on stdin and prints a JSON AgentResult on stdout.
# Registered by the tests as "change-auditor"; it counts the artifacts so far
# and leaves a fact and a finding. Options pick a behaviour:
#   --mode ok            (default) a valid SUCCEEDED result
#   --mode malformed     JSON cut off in the middle
#   --mode unknown-field a result with a misspelt field inside a finding
#   --mode type-error    a number where handoff.proto has a string
#   --mode tempfail:K    exit 75 (try again) the first K times, then ok
#   --write PATH         also write PATH in the workspace (the working dir)
set -euo pipefail

mode=ok
write=""
while [ $# -gt 0 ]; do
  case "$1" in
    --mode) mode="$2"; shift 2 ;;
    --write) write="$2"; shift 2 ;;
    *) echo "json_agent.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

request=$(cat)
# Baton prints every field, one per line, in handoff.proto's order; the
# request's own protocol_version comes first.
# `sed -n 1p` reads all its input (unlike `head`), so nothing gets SIGPIPE.
version=$(sed -n 's/^ *"protocol_version": \([0-9]*\),*$/\1/p' <<< "$request" | sed -n 1p)
run_id=$(sed -n 's/^ *"run_id": "\([0-9a-z-]*\)",*$/\1/p' <<< "$request" | sed -n 1p)
artifacts=$(printf '%s\n' "$request" | grep -c '"sha256":' || true)
echo "json_agent.sh: run ${run_id}, protocol ${version}, ${artifacts} artifact(s), mode ${mode}" >&2

if [ -n "$write" ]; then
  mkdir -p "$(dirname "$write")"
  echo "written by json_agent.sh" > "$write"
fi

case "$mode" in
  ok) ;;
  malformed)
    printf '{"protocol_version": %s, "outcome": "SUCCEEDED", "summary": "cut off' "$version"
    exit 0 ;;
  unknown-field)
    printf '{"protocol_version": %s, "outcome": "SUCCEEDED", "summary": "x",\n "findings": [{"severity": "INFO", "mesage": "typo"}]}\n' "$version"
    exit 0 ;;
  type-error)
    printf '{"protocol_version": %s, "outcome": "SUCCEEDED", "summary": "x",\n "findings": [{"severity": "WARNING", "message": 42}]}\n' "$version"
    exit 0 ;;
  tempfail:*)
    limit=${mode#tempfail:}
    count_file="${TMPDIR:-/tmp}/json_agent_tempfail"
    count=$(cat "$count_file" 2>/dev/null || echo 0)
    echo $((count + 1)) > "$count_file"
    if [ "$count" -lt "$limit" ]; then
      echo "json_agent.sh: not yet (attempt $((count + 1)))" >&2
      exit 75
    fi ;;
  *) echo "json_agent.sh: unknown mode $mode" >&2; exit 2 ;;
esac

cat <<JSON
{
  "protocol_version": ${version},
  "outcome": "SUCCEEDED",
  "summary": "bash agent audited ${artifacts} artifact(s) of run ${run_id}",
  "findings": [
    {"severity": "INFO", "rule": "bash-audit", "message": "${artifacts} artifact(s) seen by the bash agent"}
  ],
  "facts": {"bash.artifacts": "${artifacts}"}
}
JSON
