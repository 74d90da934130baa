#!/usr/bin/env bash
# Times `collab __complete` (what a Tab runs) on a generated root of N records: an id prefix
# (file names only) and a ref (the one record read), beside bash's own `compgen -f` on the
# same folder (the peer: a Tab that completes file names). Median of RUNS runs, in ms, each a
# fresh process (as a Tab starts one).
# usage: bench/complete_bench.sh [BUILD_DIR] [N] [RUNS]   (default: build 10000 21)
set -euo pipefail
build=${1:-build}
n=${2:-10000}
runs=${3:-21}
collab=$(realpath "$build/collab")
gen=$(realpath "$build/gen_records")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dir="$work/r$n"
"$gen" "$dir" "$n" >/dev/null
(cd "$dir" && git init -q && git add -A && git -c user.name=b -c user.email=b@x commit -qm base)
sync

# median RUNS CMD...: the median wall time and, in parentheses, the median CPU time (user +
# system: what a loaded machine does not inflate) of RUNS runs of CMD, in ms.
median() {
  local runs=$1 TIMEFORMAT='%3R %3U %3S' times
  shift
  times=$(for _ in $(seq "$runs"); do { time "$@" >/dev/null 2>&1; } 2>&1; done)
  middle() { sort -n | awk '{ v[NR] = $1 } END { printf "%.1f", v[int((NR + 1) / 2)] * 1000 }'; }
  printf '%s (%s)' "$(awk '{ print $1 }' <<<"$times" | middle)" "$(awk '{ print $2 + $3 }' <<<"$times" | middle)"
}

meetings=("$dir"/meetings/*.yaml)
first=$(basename "${meetings[0]}")
id=${first%.yaml}
prefix=${id:0:${#id}-2}
ids=$("$collab" __complete -- -C "$dir" show "$prefix" | wc -l)
refs=$("$collab" __complete -- -C "$dir" done "$id#" | wc -l)
files=$(bash -c 'compgen -f "$1"' _ "$dir/meetings/$prefix" | wc -l)

echo "collab __complete on $n records ($(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)), median of $runs runs,"
echo "wall ms (CPU ms), each a fresh process:"
printf '%-44s %16s %16s\n' "what" "collab" "bash compgen -f"
printf '%-44s %16s %16s\n' "id prefix $prefix ($ids ids, $files files)" \
  "$(median "$runs" "$collab" __complete -- -C "$dir" show "$prefix")" \
  "$(median "$runs" bash -c 'compgen -f "$1"' _ "$dir/meetings/$prefix")"
printf '%-44s %16s %16s\n' "ref $id# ($refs items)" \
  "$(median "$runs" "$collab" __complete -- -C "$dir" done "$id#")" \
  "$(median "$runs" bash -c 'compgen -f "$1"' _ "$dir/meetings/$id")"
printf '%-44s %16s %16s\n' "every id (show, empty word)" \
  "$(median "$runs" "$collab" __complete -- -C "$dir" show "")" \
  "$(median "$runs" bash -c 'compgen -f "$1/"' _ "$dir/meetings")"
printf '%-44s %16s %16s\n' "baseline: collab --version, bash -c true" \
  "$(median "$runs" "$collab" --version)" "$(median "$runs" bash -c true)"
"$collab" -C "$dir" list >/dev/null 2>&1 || true # writes the item cache people come from
printf '%-44s %16s %16s\n' "people after --owner (item cache)" \
  "$(median "$runs" "$collab" __complete -- -C "$dir" list --owner "")" "-"
