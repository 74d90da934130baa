#!/usr/bin/env bash
# Times 50 `collab set` against 50 edits committed with `git commit -- path`, in the same
# repository of N records, and prints both side by side. `collab set` runs twice: with
# libgit2's fsync of the git dir (the default) and with COLLAB_FSYNC=0.
# usage: bench/write_bench.sh [BUILD_DIR] [N...]   (default: build 1000)
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

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# collab set on the first action of the first meeting, a new value each time.
time_collab() { # dir id label
  local t0 t1 i
  t0=$(now_ms)
  for ((i = 0; i < runs; i++)); do
    "$collab" -C "$1" -q --as-of 2024-06-01 set "$2#1" "deliverable=$3 $i" >/dev/null
  done
  t1=$(now_ms)
  echo $((t1 - t0))
}

# The same kind of change by hand: one line appended to one record, committed with git.
time_git() { # dir file
  local t0 t1 i
  t0=$(now_ms)
  for ((i = 0; i < runs; i++)); do
    echo "notes: bench $i" >>"$2"
    git -C "$1" commit -q -m "bench $i" -- "$2"
  done
  t1=$(now_ms)
  echo $((t1 - t0))
}

for n in "${sizes[@]}"; do
  dir="$work/r$n"
  "$gen" "$dir" "$n" >/dev/null
  (cd "$dir" && git init -q && git add -A && git commit -qm base)
  mapfile -t meetings < <(cd "$dir" && ls meetings | head -2 | sed 's/\.yaml$//')
  sync
  c_fsync=$(time_collab "$dir" "${meetings[0]}" fsync)
  c_nofsync=$(COLLAB_FSYNC=0 time_collab "$dir" "${meetings[0]}" nofsync)
  g=$(time_git "$dir" "$dir/meetings/${meetings[1]}.yaml")
  status=$(git -C "$dir" status --porcelain | wc -l)
  printf '%s records, %s writes each   total ms   ms/write\n' "$n" "$runs"
  printf '  collab set (fsync)        %8d   %8.1f\n' "$c_fsync" "$(echo "$c_fsync / $runs" | bc -l)"
  printf '  collab set (COLLAB_FSYNC=0) %6d   %8.1f\n' "$c_nofsync" "$(echo "$c_nofsync / $runs" | bc -l)"
  printf '  edit + git commit -- path %8d   %8.1f\n' "$g" "$(echo "$g / $runs" | bc -l)"
  echo "  git status lines after: $status; git fsck: $(git -C "$dir" fsck --no-dangling >/dev/null 2>&1 && echo clean || echo ERRORS)"
done
