#!/bin/bash
# A fake LLM command-line client for the `prompt` protocol. Like `llm` or
# `claude -p` it reads a prompt (stdin, or the file after --prompt-file) and
# prints an answer; like a coding assistant it also edits the working
# directory (the workspace). It understands Baton's prompt well enough to
# document each migration listed under "## Artifacts so far" in
# docs/migrations/<name>.md, then prints a markdown report whose first line
# is the summary.
#   --prompt-file FILE   read the prompt from FILE instead of stdin
#   --escape             also plant docs/escape.md, a symlink to /etc/passwd
#   --write-outside FILE also write FILE (meant to lie outside the workspace)
#   --silent             print nothing (no report)
#   --quote-prompt       end the report with the prompt it read, quoted
set -euo pipefail

prompt_file=""
escape=0
silent=0
quote=0
write_outside=""
while [ $# -gt 0 ]; do
  case "$1" in
    --prompt-file) prompt_file="$2"; shift 2 ;;
    --escape) escape=1; shift ;;
    --silent) silent=1; shift ;;
    --quote-prompt) quote=1; shift ;;
    --write-outside) write_outside="$2"; shift 2 ;;
    *) echo "fake_llm.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
if [ -n "$prompt_file" ]; then
  prompt=$(cat "$prompt_file")
else
  prompt=$(cat)
fi
echo "fake_llm.sh: read a prompt of ${#prompt} bytes" >&2

# Here-strings, not pipes: `sed q` quitting early must not SIGPIPE a writer.
request=$(sed -n '/^## Request$/{n;n;p;q}' <<< "$prompt")
migrations=$(sed -n 's/^- `\(.*migrations\/[^`]*\.sql\)` (migration.*/\1/p' <<< "$prompt")
sections=$(sed -n 's/^## //p' <<< "$prompt" | paste -sd, - | sed 's/,/, /g')

count=0
written=""
for migration in $migrations; do
  name=$(basename "$migration" .sql)
  mkdir -p docs/migrations
  {
    echo "# Migration ${name}"
    echo
    echo "Requested as: ${request}"
    echo
    echo "File: \`${migration}\`"
    echo
    echo '```sql'
    cat "$migration"
    echo '```'
  } > "docs/migrations/${name}.md"
  count=$((count + 1))
  written="${written} docs/migrations/${name}.md"
done

if [ "$escape" = 1 ]; then
  mkdir -p docs
  ln -sf /etc/passwd docs/escape.md
fi
if [ -n "$write_outside" ]; then
  echo "outside the workspace" > "$write_outside"
fi

if [ "$silent" = 1 ]; then
  exit 0
fi
echo "# Documented ${count} migration(s) for \"${request}\""
echo
echo "Prompt sections seen: ${sections}."
echo "Files written:${written:- none}."
if [ "$quote" = 1 ]; then
  echo
  echo "## Prompt received"
  echo
  printf '%s\n' "$prompt" | sed 's/^/> /'
fi
