#!/usr/bin/env bash
# `collab lint --format sarif` on records with a Chinese id, a space and a `%` in their names,
# validated against the official SARIF 2.1.0 schema (../shared/corpora/formats) with format
# checking (uri-reference). Exit 77 (skipped) without the schema or python3-jsonschema.
# usage: check_sarif.sh COLLAB SHARED_DIR
set -euo pipefail
collab=$1
schema=$2/corpora/formats/sarif-schema-2.1.0.json
[ -f "$schema" ] || { echo "skipped: $schema is absent"; exit 77; }
# Debian's python3 with its packages (python3 on PATH may be another interpreter).
/usr/bin/python3 -c 'import jsonschema, rfc3987' 2>/dev/null || {
  echo "skipped: /usr/bin/python3 lacks jsonschema or rfc3987 (apt-get install python3-jsonschema python3-rfc3987)"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/tasks" "$tmp/meetings"
: >"$tmp/.collab.yaml"
printf 'id: 2024-市场-009\nkind: task\ntitle: x\n' >"$tmp/tasks/2024-市场-009.yaml"
printf 'id: a b\nkind: task\n' >"$tmp/tasks/a b.yaml"
printf 'id: M-50%%\nkind: meeting\n' >"$tmp/meetings/M-50%.yaml"
set +e
"$collab" -C "$tmp" lint --format sarif >"$tmp/out.sarif"
status=$?
set -e
[ $status -eq 1 ] || { echo "FAIL: lint exited $status, expected 1 (findings)"; exit 1; }
/usr/bin/python3 - "$schema" "$tmp/out.sarif" <<'PY'
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
checker = jsonschema.Draft4Validator.FORMAT_CHECKER
errors = sorted(jsonschema.Draft4Validator(schema, format_checker=checker).iter_errors(doc), key=str)
for e in errors[:10]:
    print("FAIL:", list(e.absolute_path), e.message)
uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in doc["runs"][0]["results"]}
print("uris:", sorted(uris))
want = {"tasks/2024-%E5%B8%82%E5%9C%BA-009.yaml", "tasks/a%20b.yaml", "meetings/M-50%25.yaml"}
if not want <= uris:
    print("FAIL: expected", sorted(want)); sys.exit(1)
sys.exit(1 if errors else 0)
PY
