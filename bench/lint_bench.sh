#!/usr/bin/env bash
# Times `collab lint` on generated records and on hostile input; prints figures.
# usage: bench/lint_bench.sh [BUILD_DIR] [N...]   (default: build 10000 100000)
set -euo pipefail
build=${1:-build}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000)
collab=$(realpath "$build/collab")
gen=$(realpath "$build/gen_records")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

ms() { echo $(( ($2 - $1) / 1000000 )); }

# Best of `runs` wall-clock times of a command, in ms.
best_of() {
  local runs=$1; shift
  local best=999999999
  for _ in $(seq "$runs"); do
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    t1=$(date +%s%N)
    local d; d=$(ms "$t0" "$t1")
    [ "$d" -lt "$best" ] && best=$d
  done
  echo "$best"
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB"
for n in "${sizes[@]}"; do
  dir="$work/r$n"
  "$gen" "$dir" "$n" >/dev/null
  bytes=$(du -sb "$dir" | cut -f1)
  findings=$("$collab" -C "$dir" lint --format json 2>/dev/null | grep -c '"rule"' || true)
  t=$(best_of 3 "$collab" -C "$dir" lint -q)
  rss="?"
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f '%M' -o "$work/rss" "$collab" -C "$dir" lint -q >/dev/null 2>&1 || true
    rss=$(tail -1 "$work/rss")
  fi
  echo "lint $n records ($((bytes / 1024 / 1024)) MiB, $findings findings): best of 3 = ${t} ms, max RSS ${rss} KiB"
done

hostile="$work/hostile"
mkdir -p "$hostile"
touch "$hostile/.collab.yaml"
{ printf 'id: big\nkind: meeting\nnotes: "'; head -c $((15 * 1024 * 1024)) /dev/zero | tr '\0' x; printf '"\n'; } > "$hostile/big.yaml"
t=$(best_of 3 "$collab" -C "$hostile" lint -q big.yaml); echo "15 MB file: ${t} ms"
{ head -c 20000 /dev/zero | tr '\0' '['; head -c 20000 /dev/zero | tr '\0' ']'; echo; } > "$hostile/deep.yaml"
t=$(best_of 3 "$collab" -C "$hostile" lint -q deep.yaml); echo "20,000-deep nesting: ${t} ms"
{
  echo 'a: &a [x, x, x, x, x, x, x, x, x, x]'
  prev=a
  for c in b c d e f g h i j k l m n o p q r s t u v w x y z; do
    printf '%s: &%s [*%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s]\n' $c $c $prev $prev $prev $prev $prev $prev $prev $prev $prev $prev
    prev=$c
  done
} > "$hostile/bomb.yaml"
t=$(best_of 3 "$collab" -C "$hostile" lint -q bomb.yaml); echo "alias bomb (10^26 expanded nodes): ${t} ms"
