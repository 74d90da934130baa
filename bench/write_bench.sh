#!/usr/bin/env bash
# Times `collab set` against the same kind of change committed with `git commit -- path`, in
# the same repository of N records, and prints them side by side. Five variants run in turn
# (collab with its flush to disk, the default; the same with COLLAB_STANDINS=0, libgit2 loaded
# with its ssh and Kerberos libraries as before the stand-ins; collab with COLLAB_FSYNC=0; git as configured
# by default, which flushes nothing; git with core.fsync=committed,index, which flushes what
# collab does), RUNS rounds of one each, so a machine whose load drifts slows all alike; each
# write is timed on its own and the median and the quartiles are printed.
# usage: bench/write_bench.sh [BUILD_DIR] [N...]   (default: build 1000; RUNS=50)
set -euo pipefail
build=${1:-build}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000)
runs=${RUNS:-50}
collab=$(realpath "$build/collab")
gen=$(realpath "$build/gen_records")
work=$(mktemp -d "${TMPDIR:-/tmp}/write_bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com

# bash 5: no process spawned to read the clock.
now_us() { local t=${EPOCHREALTIME/./}; echo $((10#$t)); }

# Prints "median q1 q3" in ms of the microsecond figures on stdin.
quartiles() {
  sort -n | awk '{ v[NR] = $1 } END { printf "%8.1f %8.1f %8.1f", v[int((NR + 1) / 2)] / 1000, v[int((NR + 3) / 4)] / 1000, v[int((3 * NR + 1) / 4)] / 1000 }'
}

for n in "${sizes[@]}"; do
  dir="$work/r$n"
  "$gen" "$dir" "$n" >/dev/null
  (cd "$dir" && git init -q && git add -A && git commit -qm base)
  mapfile -t meetings < <(cd "$dir" && ls meetings | head -2 | sed 's/\.yaml$//')
  file="$dir/meetings/${meetings[1]}.yaml"
  git -C "$dir" status --porcelain >/dev/null # git refreshes its index once, as a user's would be
  sync
  : >"$work/fsync" && : >"$work/full" && : >"$work/nofsync" && : >"$work/git" && : >"$work/gitfsync"
  for ((i = 0; i < runs; i++)); do
    # collab set on the first action of the first meeting, a new value each time.
    t0=$(now_us)
    "$collab" -C "$dir" -q --as-of 2024-06-01 set "${meetings[0]}#1" "deliverable=fsync $i" >/dev/null
    t1=$(now_us)
    COLLAB_STANDINS=0 "$collab" -C "$dir" -q --as-of 2024-06-01 set "${meetings[0]}#1" "deliverable=full $i" >/dev/null
    t1b=$(now_us)
    COLLAB_FSYNC=0 "$collab" -C "$dir" -q --as-of 2024-06-01 set "${meetings[0]}#1" "deliverable=nofsync $i" >/dev/null
    t2=$(now_us)
    # The same kind of change by hand: one line appended to another record, committed with git.
    echo "notes: bench $i" >>"$file"
    git -C "$dir" commit -q -m "bench $i" -- "$file"
    t3=$(now_us)
    echo "notes: bench fsync $i" >>"$file"
    git -C "$dir" -c core.fsync=committed,index commit -q -m "bench fsync $i" -- "$file"
    t4=$(now_us)
    echo $((t1 - t0)) >>"$work/fsync"
    echo $((t1b - t1)) >>"$work/full"
    echo $((t2 - t1b)) >>"$work/nofsync"
    echo $((t3 - t2)) >>"$work/git"
    echo $((t4 - t3)) >>"$work/gitfsync"
  done
  status=$(git -C "$dir" status --porcelain | wc -l)
  printf '%s records, %s writes each        median      q1       q3   (ms per write)\n' "$n" "$runs"
  printf '  collab set (flushed to disk) %s\n' "$(quartiles <"$work/fsync")"
  printf '    the same, COLLAB_STANDINS=0 %s\n' "$(quartiles <"$work/full")"
  printf '  collab set (COLLAB_FSYNC=0)  %s\n' "$(quartiles <"$work/nofsync")"
  printf '  edit + git commit -- path    %s\n' "$(quartiles <"$work/git")"
  printf '    the same, git flushing too  %s\n' "$(quartiles <"$work/gitfsync")"
  echo "  git status lines after: $status; git fsck: $(git -C "$dir" fsck --no-dangling >/dev/null 2>&1 && echo clean || echo ERRORS)"
done
