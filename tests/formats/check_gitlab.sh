#!/usr/bin/env bash
# `collab lint --format gitlab` against GitLab's documented Code Quality fields
# (gitlab-codequality.schema.json, written from https://docs.gitlab.com/ee/ci/testing/code_quality.html#implement-a-custom-tool),
# and what GitLab needs of fingerprints to compare reports between pipelines: unique in a
# report, the same in two runs, in two clones at different paths and after a blank line moved
# the findings below it; paths relative to the repository's top (the records root is a
# sub-folder here). Exit 77 (skipped) without python3-jsonschema or git.
# usage: check_gitlab.sh COLLAB
set -euo pipefail
collab=$1
here=$(cd "$(dirname "$0")" && pwd)
/usr/bin/python3 -c 'import jsonschema' 2>/dev/null || {
  echo "skipped: /usr/bin/python3 lacks jsonschema (apt-get install python3-jsonschema)"; exit 77; }
command -v git >/dev/null || { echo "skipped: no git"; exit 77; }
unset GITHUB_ACTIONS GITHUB_STEP_SUMMARY
export COLLAB_TODAY=2024-01-01
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
a=$tmp/a
root=$a/docs/records
mkdir -p "$root/tasks" "$root/meetings"
git init -q "$a"
: >"$root/.collab.yaml"
# A finding at line 8 and two below it, in subtasks, that a blank line under line 8 moves.
cat >"$root/tasks/T-2024-001.yaml" <<'YAML'
id: T-2024-001
kind: task
title: 周报
owner: 赵六
deadline: 2024-05-12
deliverable: 周报链接
status: todo
colour: red
subtasks:
  - {title: a, owner: 孙七, deadline: 2024-05-10, deliverable: 链接, remark: x}
  - {title: b, owner: 孙七, deadline: 2024-05-11, deliverable: 链接, remark: x}
YAML
cat >"$root/meetings/M-2024-001.yaml" <<'YAML'
id: M-2024-001
kind: meeting
title: 周会
date: 2024/05/10
host: 赵六
recorder: 孙七
attendees: [赵六, 孙七]
YAML

run() { # run DIR OUT: lint DIR's records from the repository's top
  local status=0
  (cd "$1" && "$collab" -C docs/records lint --format gitlab) >"$2" || status=$?
  [ $status -eq 1 ] || { echo "FAIL: lint exited $status, expected 1 (findings)"; exit 1; }
}
run "$a" "$tmp/one.json"
run "$a" "$tmp/two.json"
cmp -s "$tmp/one.json" "$tmp/two.json" || { echo "FAIL: two runs differ"; diff "$tmp/one.json" "$tmp/two.json"; exit 1; }
# A second clone at another path, linted from inside the records root.
b=$tmp/elsewhere/deeper/b
mkdir -p "$(dirname "$b")"
cp -r "$a" "$b"
status=0
(cd "$b/docs/records/tasks" && "$collab" lint --format gitlab) >"$tmp/clone.json" || status=$?
[ $status -eq 1 ] || { echo "FAIL: lint in the clone exited $status"; exit 1; }
cmp -s "$tmp/one.json" "$tmp/clone.json" || { echo "FAIL: the clone's report differs"; diff "$tmp/one.json" "$tmp/clone.json"; exit 1; }
# A blank line above the subtasks moves their findings down a line, and keeps every fingerprint.
sed -i 's/^colour: red$/colour: red\n/' "$a/docs/records/tasks/T-2024-001.yaml"
run "$a" "$tmp/moved.json"

/usr/bin/python3 - "$here/gitlab-codequality.schema.json" "$a" "$tmp/one.json" "$tmp/moved.json" <<'PY'
import json, os, sys, jsonschema
schema_path, repo, one_path, moved_path = sys.argv[1:]
schema = json.load(open(schema_path))
one, moved = json.load(open(one_path)), json.load(open(moved_path))
fail = []
for name, doc in (("one", one), ("moved", moved)):
    for e in jsonschema.Draft202012Validator(schema).iter_errors(doc):
        fail.append(f"{name}: {list(e.absolute_path)}: {e.message}")
fps = [i["fingerprint"] for i in one]
if len(set(fps)) != len(fps):
    fail.append(f"fingerprints not unique: {fps}")
for i in one:
    p = i["location"]["path"]
    if not p.startswith("docs/records/") or not os.path.isfile(os.path.join(repo, p)):
        fail.append(f"path not relative to the repository's top: {p}")
checks = sorted(i["check_name"] for i in one)
if checks != ["bad-date", "unknown-field", "unknown-field", "unknown-field"]:
    fail.append(f"unexpected findings: {checks}")
if {i["severity"] for i in one if i["check_name"] == "bad-date"} != {"major"} or \
   {i["severity"] for i in one if i["check_name"] == "unknown-field"} != {"minor"}:
    fail.append("errors should be major, warnings minor")
# After the blank line: the same fingerprints; the subtasks' findings one line lower.
by_fp = {i["fingerprint"]: i for i in one}
if sorted(by_fp) != sorted(i["fingerprint"] for i in moved):
    fail.append("a blank line changed fingerprints")
shifted = 0
for i in moved:
    b = by_fp.get(i["fingerprint"])
    if not b:
        continue
    shift = 1 if b["location"]["path"].endswith("T-2024-001.yaml") and b["location"]["lines"]["begin"] > 8 else 0
    shifted += shift
    if i["location"]["lines"]["begin"] != b["location"]["lines"]["begin"] + shift:
        fail.append(f"{i['description']}: line {b['location']['lines']['begin']} -> {i['location']['lines']['begin']}")
if shifted != 2:
    fail.append(f"{shifted} findings moved, expected 2")
for f in fail:
    print("FAIL:", f)
print(f"{len(one)} issues, {len(set(fps))} fingerprints")
sys.exit(1 if fail else 0)
PY
