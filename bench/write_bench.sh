#!/usr/bin/env bash
# Times one `collab done` against `git commit -- path` on repos of N records, and prints figures.
# usage: bench/write_bench.sh [BUILD_DIR] [N...]   (default: build 1000 100000)
set -euo pipefail
build=${1:-build}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 100000)
collab=$(realpath "$build/collab")
gen=$(realpath "$build/gen_records")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

for n in "${sizes[@]}"; do
  dir="$work/r$n"
  "$gen" "$dir" "$n" >/dev/null
  (cd "$dir" && git init -q && git add -A && git commit -qm base)
  mapfile -t meetings < <(cd "$dir" && ls meetings | head -20 | sed 's/\.yaml$//')
  collab_times=()
  git_times=()
  for i in 0 1 2 3 4 5 6; do
    id=${meetings[$i]}
    t0=$(now_ms)
    "$collab" -C "$dir" -q --as-of 2024-06-01 done "$id#1" --evidence "bench run $i" >/dev/null
    t1=$(now_ms)
    collab_times+=($((t1 - t0)))
    # The same kind of change by hand: one line in one file, committed with the git CLI.
    f="$dir/meetings/${meetings[$((i + 10))]}.yaml"
    echo "notes: bench $i" >> "$f"
    t0=$(now_ms)
    git -C "$dir" commit -q -m "bench $i" -- "$f"
    t1=$(now_ms)
    git_times+=($((t1 - t0)))
  done
  c=$(printf '%s\n' "${collab_times[@]}" | median)
  g=$(printf '%s\n' "${git_times[@]}" | median)
  status=$(git -C "$dir" status --porcelain | wc -l)
  echo "$n records: collab done ${c} ms, git commit -- path ${g} ms (median of 7; git status lines after: $status)"
done
