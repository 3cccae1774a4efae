#!/usr/bin/env python3
"""A `json` protocol agent in Python, registered by the tests in place of the
built-in qa-specialist.

It reads the JSON AgentRequest on stdin, runs every migration of
database/migrations on a throwaway SQLite database (up, then the handoff's new
migrations down, then up again) and prints a JSON AgentResult on stdout.

  --mode ok             (default) the result of the check
  --mode unknown-field  a result whose artifact carries a misspelt field
  --mode type-error     an artifact whose `commit` is a number, not a bool
"""
import argparse
import json
import os
import sqlite3
import sys


def sections(path):
    """The `-- Up migration` and `-- Down migration` parts of a migration."""
    up, down, current = [], [], None
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            marker = line.strip().lower()
            if marker.startswith("-- up migration"):
                current = up
            elif marker.startswith("-- down migration"):
                current = down
            elif current is not None:
                current.append(line)
    return "".join(up), "".join(down)


def check(request):
    workspace = request["workspace"]
    handoff = request["handoff"]
    new = [a["path"] for a in handoff.get("artifacts", []) if a.get("kind") == "MIGRATION"]
    if not new:
        return {"outcome": "FAILED", "error": "no MIGRATION artifact to test"}, []
    folder = os.path.join(workspace, "database", "migrations")
    every = sorted(os.path.join("database", "migrations", name)
                   for name in os.listdir(folder) if name.endswith(".sql"))
    database = sqlite3.connect(os.path.join(request["scratch_dir"], "py_qa.db"))
    try:
        for path in every:
            database.executescript(sections(os.path.join(workspace, path))[0])
        for path in reversed(new):
            database.executescript(sections(os.path.join(workspace, path))[1])
        for path in new:
            database.executescript(sections(os.path.join(workspace, path))[0])
    except sqlite3.Error as error:
        return {"outcome": "FAILED", "error": f"migration failed on SQLite: {error}"}, new
    finally:
        database.close()
    return {"outcome": "SUCCEEDED",
            "summary": f"python agent ran {len(every)} migration(s) up, "
                       f"{len(new)} down and up again on SQLite"}, new


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", default="ok")
    args = parser.parse_args()
    request = json.load(sys.stdin)
    result, new = check(request)
    result["protocol_version"] = request["protocol_version"]
    result["findings"] = [{"severity": "INFO", "rule": "py-qa.reversible",
                           "message": f"{path} goes down and up again", "location": path}
                          for path in new if result["outcome"] == "SUCCEEDED"]
    result["facts"] = {"py_qa.checked": str(len(new))}
    if args.mode == "unknown-field":
        result["artifacts"] = [{"path": new[0], "kind": "REPORT", "comitted": True}]
    elif args.mode == "type-error":
        result["artifacts"] = [{"path": new[0], "kind": "REPORT", "commit": 1}]
    print(f"py_qa_agent: {result.get('summary') or result.get('error')}", file=sys.stderr)
    json.dump(result, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
