#!/usr/bin/env bash
# Times `collab sync` against `git pull --rebase` (and `git pull --rebase && git push`) on
# identical copies of one clone whose remote gained COMMITS commits touching TOUCHED records of
# a RECORDS-record repository (issue 14: 100 commits, 300 records, 10,000 records: sync under
# 1 s and no slower than git). Two cases: the clone has no commit of its own (a fast-forward),
# and the clone has one unpushed commit on another record (integrate, then push). Each run
# starts from fresh copies of the remote and the clone (not timed, flushed to disk); git's
# index is refreshed once before the clock starts, as a user's would be. hyperfine when present, else a loop of
# RUNS timed with bash's EPOCHREALTIME: median and range printed side by side.
# usage: bench/sync_bench.sh [BUILD_DIR] [RECORDS] [COMMITS] [TOUCHED]   (RUNS=5)
set -euo pipefail

# Fresh copies of the remote and of clone $2 of work dir $1 in $1/run (hyperfine's --prepare).
fresh_copy() {
  rm -rf "$1/run"
  mkdir -p "$1/run"
  cp -a "$1/base/remote.git" "$1/run/remote.git"
  cp -a "$1/base/$2" "$1/run/clone"
  git -C "$1/run/clone" remote set-url origin "$1/run/remote.git"
  git -C "$1/run/clone" status --porcelain >/dev/null
  # The copies on disk before the clock starts: collab's one syncfs before its branch moves
  # would otherwise flush the bench's own 10,000 copied files (git pull flushes nothing).
  sync -f "$1/run/clone"
}
if [ "${1:-}" = --fresh ]; then
  fresh_copy "$2" "$3"
  exit 0
fi

build=${1:-build}
records=${2:-10000}
commits=${3:-100}
touched=${4:-300}
runs=${RUNS:-5}
collab=$(realpath "$build/collab")
gen=$(realpath "$build/gen_records")
work=$(mktemp -d "${TMPDIR:-/tmp}/sync_bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
export GIT_CONFIG_NOSYSTEM=1 HOME=$work/home LANG=C.UTF-8
mkdir -p "$HOME"
git config --global init.defaultBranch main
git config --global pull.rebase true
# No automatic gc or maintenance: a pack made in the background would race the copies.
git config --global gc.auto 0
git config --global receive.autogc false
git config --global maintenance.auto false

has_sync=1
"$collab" --help | grep -qE '^\s+sync\s' || has_sync=0

now_us() { local t=${EPOCHREALTIME/./}; echo $((10#$t)); }
# "median min max" in ms of the microsecond figures on stdin.
summary() {
  sort -n | awk '{ v[NR] = $1 } END { printf "%8.1f %8.1f %8.1f", v[int((NR + 1) / 2)] / 1000, v[1] / 1000, v[NR] / 1000 }'
}

echo "preparing: $records records, a remote gaining $commits commits that touch $touched records ..."
"$gen" "$work/seed" "$records" >/dev/null
git -C "$work/seed" init -q
git -C "$work/seed" add -A
git -C "$work/seed" commit -qm "records"
git clone -q --bare "$work/seed" "$work/base/remote.git"
git clone -q "$work/base/remote.git" "$work/base/clone"
# The clone's own commit (for the second case), on a record the remote's commits leave alone.
git clone -q "$work/base/remote.git" "$work/base/clone-own"
own=$(cd "$work/base/clone-own" && ls meetings | tail -1)
printf '# edited in this clone\n' >>"$work/base/clone-own/meetings/$own"
git -C "$work/base/clone-own" commit -qam "set ${own%.yaml}"
# The remote's commits: each changes one line (a title) of TOUCHED/COMMITS records.
git clone -q "$work/base/remote.git" "$work/pusher"
(cd "$work/pusher" && ls meetings/*.yaml tasks/*.yaml | grep -v "$own" | sed -n "1,${touched}p") >"$work/touched"
/usr/bin/python3 - "$work/pusher" "$work/touched" "$commits" <<'EOF'
import os, re, subprocess, sys
root, listing, commits = sys.argv[1], sys.argv[2], int(sys.argv[3])
paths = open(listing).read().split()
per = max(1, (len(paths) + commits - 1) // commits)
for c in range(commits):
    batch = paths[c * per:(c + 1) * per]
    for p in batch:
        f = os.path.join(root, p)
        text = open(f, encoding="utf-8").read()
        text = re.sub(r"^title: (.*)$", lambda m: f"title: {m.group(1)}（修订{c}）", text, count=1, flags=re.M)
        open(f, "w", encoding="utf-8").write(text)
    subprocess.run(["git", "-C", root, "commit", "-qam", f"set {len(batch)} titles ({c})"], check=True)
EOF
git -C "$work/pusher" push -q origin main
echo "remote: $(git -C "$work/base/remote.git" rev-list --count main) commits, $(git -C "$work/pusher" diff --name-only HEAD~"$commits" HEAD | wc -l) records changed"

fresh() {
  fresh_copy "$work" "$1"
  echo "$work/run/clone"
}

# time_runs CLONE_TEMPLATE COMMAND...: RUNS timings (µs) on stdout, one a line.
time_runs() {
  local template=$1
  shift
  for ((i = 0; i < runs; i++)); do
    local dir t0 t1
    dir=$(fresh "$template")
    t0=$(now_us)
    (cd "$dir" && "$@" >/dev/null 2>"$work/stderr") || { echo "FAILED: $*" >&2; cat "$work/stderr" >&2; exit 1; }
    t1=$(now_us)
    echo $((t1 - t0))
    # Both tools must end where the remote is (with the clone's own commit on top).
    if ! git -C "$dir" merge-base --is-ancestor "$(git -C "$work/base/remote.git" rev-parse main)" HEAD; then
      echo "FAILED: $* did not bring the remote's commits in" >&2
      exit 1
    fi
  done
}

pull_push() { git pull -q --rebase && git push -q; }

use_hyperfine=0
command -v hyperfine >/dev/null && use_hyperfine=1
printf '\n%-44s %8s %8s %8s   (ms, %d runs)\n' "" median min max "$runs"
for case in clone clone-own; do
  label=$([ "$case" = clone ] && echo "fast-forward" || echo "one local commit")
  if [ $use_hyperfine = 1 ]; then
    cmds=("git pull -q --rebase")
    [ "$case" = clone-own ] && cmds+=("git pull -q --rebase && git push -q")
    [ $has_sync = 1 ] && cmds+=("$collab sync")
    echo "== $label"
    hyperfine --runs "$runs" --prepare "bash $(realpath "$0") --fresh $work $case" \
      "${cmds[@]/#/cd $work/run/clone && }"
    continue
  fi
  printf '%-44s %s\n' "git pull --rebase ($label)" "$(time_runs "$case" git pull -q --rebase | summary)"
  [ "$case" = clone-own ] &&
    printf '%-44s %s\n' "git pull --rebase && git push ($label)" "$(time_runs "$case" pull_push | summary)"
  if [ $has_sync = 1 ]; then
    printf '%-44s %s\n' "collab sync ($label)" "$(time_runs "$case" "$collab" sync | summary)"
  else
    printf '%-44s %s\n' "collab sync ($label)" "   (this build has no sync command)"
  fi
done
