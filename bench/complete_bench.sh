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

# median RUNS CMD...: the median wall time in ms (two decimals) of RUNS runs of CMD.
median() {
  local runs=$1 t0 t1
  shift
  for _ in $(seq "$runs"); do
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    t1=$(date +%s%N)
    echo $(( t1 - t0 ))
  done | sort -n | awk '{ a[NR] = $1 } END { printf "%.2f", a[int((NR + 1) / 2)] / 1e6 }'
}

first=$(ls "$dir/meetings" | head -1)
id=${first%.yaml}
prefix=${id:0:${#id}-2}
ids=$("$collab" __complete -- -C "$dir" show "$prefix" | wc -l)
refs=$("$collab" __complete -- -C "$dir" done "$id#" | wc -l)
files=$(bash -c 'compgen -f "$1"' _ "$dir/meetings/$prefix" | wc -l)

echo "collab __complete on $n records ($(nproc) cores), median of $runs runs, ms:"
printf '%-44s %8s %8s\n' "what" "collab" "compgen"
printf '%-44s %8s %8s\n' "id prefix $prefix ($ids ids, $files files)" \
  "$(median "$runs" "$collab" __complete -- -C "$dir" show "$prefix")" \
  "$(median "$runs" bash -c 'compgen -f "$1"' _ "$dir/meetings/$prefix")"
printf '%-44s %8s %8s\n' "ref $id# ($refs items)" \
  "$(median "$runs" "$collab" __complete -- -C "$dir" done "$id#")" \
  "$(median "$runs" bash -c 'compgen -f "$1"' _ "$dir/meetings/$id")"
printf '%-44s %8s %8s\n' "every id (show, empty word)" \
  "$(median "$runs" "$collab" __complete -- -C "$dir" show "")" \
  "$(median "$runs" bash -c 'compgen -f "$1/"' _ "$dir/meetings")"
"$collab" -C "$dir" list >/dev/null 2>&1 || true # writes the item cache people come from
printf '%-44s %8s %8s\n' "people after --owner (item cache)" \
  "$(median "$runs" "$collab" __complete -- -C "$dir" list --owner "")" "-"
