#!/usr/bin/env bash
# `collab lint --format github` parsed as the GitHub Actions runner parses workflow commands
# (actions/runner ActionCommand: `::NAME key=value,...::message`, the first `::` after the
# name ends the properties; properties unescape %25 %0D %0A %3A %2C, the message %25 %0D %0A),
# on records whose file names hold `,` `:` `%` and whose findings quote `%`, `,`, `::` and a
# line break: every line must be a well-formed error or warning command whose properties and
# message, unescaped, are the findings of `--format json`. Exit 77 (skipped) without git.
# usage: check_github.sh COLLAB
set -euo pipefail
collab=$1
command -v git >/dev/null || { echo "skipped: no git"; exit 77; }
unset GITHUB_ACTIONS GITHUB_STEP_SUMMARY
export COLLAB_TODAY=2024-01-01
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
repo=$tmp/repo
mkdir -p "$repo/tasks"
git init -q "$repo"
: >"$repo/.collab.yaml"
printf 'id: T-1\nkind: task\ntitle: x\n"50%%, a::b\\nc": 1\n' >"$repo/tasks/T-1.yaml"
printf 'id: x\nkind: task\n' >"$repo/tasks/a,b:c%%d.yaml"
printf 'id: a b\nkind: task\n' >"$repo/tasks/a b.yaml"
for f in github json; do
  status=0
  (cd "$repo" && "$collab" lint --format $f) >"$tmp/out.$f" || status=$?
  [ $status -eq 1 ] || { echo "FAIL: lint --format $f exited $status, expected 1"; exit 1; }
done
/usr/bin/python3 - "$tmp/out.github" "$tmp/out.json" "$repo" <<'PY'
import json, os, re, sys
gh_path, json_path, repo = sys.argv[1:]

def unescape(s, prop):
    pairs = [("%0D", "\r"), ("%0A", "\n")] + ([("%3A", ":"), ("%2C", ",")] if prop else [])
    for k, v in pairs + [("%25", "%")]:
        s = s.replace(k, v)
    return s

fail, got = [], []
for line in open(gh_path, encoding="utf-8").read().split("\n")[:-1]:
    if not line.startswith("::"):
        fail.append(f"not a workflow command: {line!r}"); continue
    end = line.find("::", 2)
    if end < 0:
        fail.append(f"no '::' after the command: {line!r}"); continue
    info, message = line[2:end], line[end + 2:]
    name, _, props_text = info.partition(" ")
    if name not in ("error", "warning"):
        fail.append(f"command {name!r}"); continue
    props = {}
    for p in filter(None, props_text.split(",")):
        k, eq, v = p.partition("=")
        if not eq or k in props:
            fail.append(f"bad property {p!r} in {line!r}")
        props[k] = unescape(v, True)
    if sorted(props) != ["col", "file", "line", "title"]:
        fail.append(f"properties {sorted(props)} in {line!r}"); continue
    if not props["line"].isdigit() or not props["col"].isdigit():
        fail.append(f"line/col not numbers: {line!r}")
    if not os.path.isfile(os.path.join(repo, props["file"])):
        fail.append(f"file {props['file']!r} is not in the repository")
    if re.search(r"%(?![0-9A-F]{2})", message) or "\r" in message:
        fail.append(f"unescaped data in {line!r}")
    rule = props["title"].removeprefix("collab ")
    got.append((props["file"], int(props["line"]), int(props["col"]), name, rule, unescape(message, False)))
want = [(f["path"], f["line"], f["column"], f["severity"], f["rule"], f["message"])
        for f in json.load(open(json_path, encoding="utf-8"))]
if sorted(got) != sorted(want):
    fail.append("the commands do not carry the findings of --format json:")
    fail += [f"  github only: {x}" for x in sorted(set(got) - set(want))]
    fail += [f"  json only:   {x}" for x in sorted(set(want) - set(got))]
if not any("\n" in g[5] for g in got) or not any("," in g[0] and ":" in g[0] for g in got):
    fail.append("the corpus lost its line break or its `,` `:` file name")
for f in fail:
    print("FAIL:", f)
print(f"{len(got)} workflow commands")
sys.exit(1 if fail else 0)
PY
