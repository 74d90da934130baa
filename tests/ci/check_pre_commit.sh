#!/usr/bin/env bash
# The repository's .pre-commit-hooks.yaml run by pre-commit (Debian's package) in a temporary
# repository whose records root is a sub-folder: a good record passes, a bad one fails with
# its finding in the output, files outside meetings/ tasks/ issues/ requests/ are not passed.
# The manifest is copied into a git repository of its own and committed, as `pre-commit
# try-repo` reads committed files (this checkout may have changes, or be no git repository).
# Exit 77 (skipped) without pre-commit or git.
# usage: check_pre_commit.sh COLLAB SOURCE_DIR
set -euo pipefail
collab=$1
src=$2
pre_commit=$(command -v pre-commit || true)
[ -n "$pre_commit" ] || { echo "skipped: no pre-commit (apt-get install pre-commit)"; exit 77; }
command -v git >/dev/null || { echo "skipped: no git"; exit 77; }
unset GITHUB_ACTIONS GITHUB_STEP_SUMMARY
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export PRE_COMMIT_HOME=$tmp/pre-commit-home HOME=$tmp/home COLLAB_TODAY=2024-01-01
export GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
mkdir -p "$HOME"
# collab as the hook runs it: `collab` found on PATH (language: system).
export PATH="$(cd "$(dirname "$collab")" && pwd):$PATH"
[ "$(command -v collab)" -ef "$collab" ] || { echo "FAIL: collab on PATH is $(command -v collab)"; exit 1; }

"$pre_commit" validate-manifest "$src/.pre-commit-hooks.yaml" || { echo "FAIL: pre-commit rejects the manifest"; exit 1; }
# The manifest's folders are the kind table's: those `collab init` makes.
"$collab" init -q "$tmp/kinds" >/dev/null
made=$(cd "$tmp/kinds" && find . -mindepth 1 -maxdepth 1 -type d ! -name '.*' -printf '%f\n' | sort | tr '\n' ' ')
listed=$(sed -n 's/^ *files: .*(\([a-z|]*\)).*/\1/p' "$src/.pre-commit-hooks.yaml" | tr '|' '\n' | sort | tr '\n' ' ')
[ "$made" = "$listed" ] || { echo "FAIL: the manifest's folders ($listed) are not the kinds' ($made)"; exit 1; }
hooks=$tmp/hooks
mkdir -p "$hooks"
cp "$src/.pre-commit-hooks.yaml" "$hooks/"
git -C "$hooks" init -q
git -C "$hooks" add .pre-commit-hooks.yaml
git -C "$hooks" commit -qm hooks

work=$tmp/work
root=$work/docs/records
mkdir -p "$root/tasks" "$root/meetings/2024" "$work/.github/workflows"
git -C "$work" init -q
: >"$root/.collab.yaml"
cat >"$root/tasks/T-2024-001.yaml" <<'YAML'
id: T-2024-001
kind: task
title: 周报
owner: 赵六
deadline: 2024-05-12
deliverable: 周报链接
status: todo
YAML
cat >"$root/meetings/2024/M-2024-001.yaml" <<'YAML'
id: M-2024-001
kind: meeting
title: 周会
date: 2024/05/10
host: 赵六
recorder: 孙七
attendees: [赵六, 孙七]
YAML
# YAML that is no record: the hook must not pass it to lint (which would refuse it).
printf 'on: push\njobs: {}\n' >"$work/.github/workflows/ci.yml"
git -C "$work" add -A
cd "$work"

fail=0
expect() { # expect STATUS DESCRIPTION ARGS...: run the hook through try-repo
  local want=$1 what=$2 status=0
  shift 2
  "$pre_commit" try-repo "$hooks" collab-lint "$@" >"$tmp/out" 2>&1 || status=$?
  if [ $status -ne "$want" ]; then
    echo "FAIL: $what: pre-commit exited $status, expected $want"; cat "$tmp/out"; fail=1; return 1
  fi
  echo "ok: $what"
}
expect 0 "a good record passes" --files docs/records/tasks/T-2024-001.yaml
if expect 1 "a bad record fails" --files docs/records/tasks/T-2024-001.yaml docs/records/meetings/2024/M-2024-001.yaml; then
  grep -q 'docs/records/meetings/2024/M-2024-001.yaml:4:7: error: .*\[bad-date\]' "$tmp/out" ||
    { echo "FAIL: the finding is not in the hook's output:"; cat "$tmp/out"; fail=1; }
fi
if expect 1 "--all-files lints the records only" --all-files; then
  grep -q 'bad-date' "$tmp/out" || { echo "FAIL: no finding with --all-files"; cat "$tmp/out"; fail=1; }
  if grep -q 'ci.yml' "$tmp/out"; then echo "FAIL: the workflow file was passed to lint"; cat "$tmp/out"; fail=1; fi
fi
# The hook leaves no file changed (pre-commit fails a hook that modifies files).
git diff --quiet || { echo "FAIL: the hook changed files"; fail=1; }
exit $fail
