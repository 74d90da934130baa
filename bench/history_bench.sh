#!/usr/bin/env bash
# History at scale: `collab log ID` against `git log -- path` in one repository made by
# bench/gen_history.py (git fast-import), side by side. For each number of commits:
#   - git log -- path, without and with `git commit-graph write --reachable --changed-paths`
#   - collab log ID with the history index built (warm), building it from nothing (cold: its
#     folder only), and after 100 new commits (incremental update); `collab stale` building the
#     index of every folder cold, and widening a log's index to every folder
#   - peak memory (/usr/bin/time) of the cold build and a warm log, and the index file's size.
# Times are the median of RUNS runs (default 5), in milliseconds.
# usage: bench/history_bench.sh [BUILD_DIR] [COMMITS...]   (default: build 20000; RECORDS=10000,
#        MERGE_EVERY=0: a merge of a two-commit side branch every N commits)
set -euo pipefail
build=${1:-build}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(20000)
runs=${RUNS:-5}
records=${RECORDS:-10000}
merge_every=${MERGE_EVERY:-0}
collab=$(realpath "$build/collab")
gen=$(realpath "$(dirname "$0")/gen_history.py")
work=$(mktemp -d "${TMPDIR:-/tmp}/history_bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com

now_ns() { date +%s%N; }

# The median of the arguments.
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# Milliseconds of one run of a command line (eval'ed), output discarded.
time_once() {
  local t0 t1
  t0=$(now_ns)
  eval "$1" >/dev/null 2>&1
  t1=$(now_ns)
  echo $(((t1 - t0) / 1000000))
}

# The median of RUNS runs; `prepare` (eval'ed, untimed) runs before each.
time_median() { # command [prepare]
  local i out=()
  for ((i = 0; i < runs; i++)); do
    [ -z "${2:-}" ] || eval "$2" >/dev/null 2>&1
    out+=("$(time_once "$1")")
  done
  median "${out[@]}"
}

# Peak resident memory (MB) of a command line.
peak_mb() { /usr/bin/time -f %M sh -c "$1 >/dev/null 2>&1" 2>&1 >/dev/null | tail -1 | awk '{printf "%.0f", $1/1024}'; }

printf '%-8s %-26s %9s\n' commits measure value
for commits in "${sizes[@]}"; do
  dir="$work/repo-$commits"
  git init -q -b main "$dir"
  t0=$(now_ns)
  "$gen" --records "$records" --commits "$commits" --merge-every "$merge_every" | git -C "$dir" fast-import --quiet
  gen_ms=$((($(now_ns) - t0) / 1000000))
  git -C "$dir" reset -q --hard
  # The record whose number of commits is closest to 9 (as in issue 11's example).
  path=$(git -C "$dir" log --format= --name-only -- '*.yaml' | sort | uniq -c |
         awk '{d = $1 - 9; if (d < 0) d = -d; if (!seen || d < best) {best = d; p = $2; seen = 1}} END {print p}')
  id=$(basename "$path" .yaml)
  n_path=$(git -C "$dir" log --format=%H -- "$path" | wc -l)
  git_size=$(du -sm "$dir/.git" | cut -f1)
  printf '%-8s %-26s %9s\n' "$commits" "generate (fast-import)" "${gen_ms} ms"
  printf '%-8s %-26s %9s\n' "$commits" ".git size" "${git_size} MB"
  printf '%-8s %-26s %9s\n' "$commits" "record" "$id ($n_path commits)"

  log="'$collab' -C '$dir' log --all $id"
  # Same output first: the bench measures the same answer.
  [ "$(eval "$log --format json" | grep -o '"commit": "[0-9a-f]*"' | cut -d'"' -f4)" = "$(git -C "$dir" log --format=%H -- "$path")" ] ||
    { echo "collab log and git log differ for $path" >&2; exit 1; }

  printf '%-8s %-26s %9s\n' "$commits" "git log -- path" "$(time_median "git -C '$dir' log -- '$path'") ms"
  rm -f "$dir"/.git/collab/history-*
  printf '%-8s %-26s %9s\n' "$commits" "collab log (cold build)" "$(time_median "$log" "rm -f '$dir'/.git/collab/history-*") ms"
  printf '%-8s %-26s %9s\n' "$commits" "collab log (index built)" "$(time_median "$log") ms"
  # A record's log builds its own folder's history only; stale and report need every folder.
  printf '%-8s %-26s %9s\n' "$commits" "cold build, all folders" "$(time_median "'$collab' -C '$dir' stale" "rm -f '$dir'/.git/collab/history-*") ms"
  printf '%-8s %-26s %9s\n' "$commits" "widen log index to all" "$(time_median "'$collab' -C '$dir' stale" "rm -f '$dir'/.git/collab/history-*; $log") ms"
  printf '%-8s %-26s %9s\n' "$commits" "peak RSS cold build" "$(peak_mb "rm -f '$dir'/.git/collab/history-*; $log") MB"
  printf '%-8s %-26s %9s\n' "$commits" "peak RSS index built" "$(peak_mb "$log") MB"
  printf '%-8s %-26s %9s\n' "$commits" "index size" "$(du -k "$dir"/.git/collab/history-* | cut -f1 | head -1) KB"
  git -C "$dir" commit-graph write --reachable --changed-paths 2>/dev/null
  printf '%-8s %-26s %9s\n' "$commits" "git log -- path (Bloom)" "$(time_median "git -C '$dir' log -- '$path'") ms"

  # 100 new commits on top (fast-import moves main; the work tree is not needed), each time.
  made=$commits
  extend="'$gen' --records '$records' --extend 100 --first \$made | git -C '$dir' fast-import --quiet; made=\$((made + 100))"
  printf '%-8s %-26s %9s\n' "$commits" "collab log (+100 commits)" "$(time_median "$log" "$extend") ms"
  printf '%-8s %-26s %9s\n' "$commits" "git log (+100, Bloom)" "$(time_median "git -C '$dir' log -- '$path'") ms"
  rm -rf "$dir"
done
