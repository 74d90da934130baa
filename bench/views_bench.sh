#!/usr/bin/env bash
# Times `collab overdue` (cold: no cache; warm: cache under .git) against Taskwarrior 2.6's
# `task overdue` on the same items, for generated repos of N records; prints ratios.
# usage: bench/views_bench.sh [BUILD_DIR] [N...]   (default: build 10000 100000)
# Needs Debian's taskwarrior (apt-get install taskwarrior).
set -euo pipefail
build=${1:-build}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000)
command -v task >/dev/null || { echo "taskwarrior is missing: apt-get install taskwarrior" >&2; exit 2; }
collab=$(realpath "$build/collab")
gen=$(realpath "$build/gen_records")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Taskwarrior cannot be told another today, so the data is generated around the real one.
today=$(date +%F)

ms() { echo $(( ($2 - $1) / 1000000 )); }
best_of() { # runs, then a command; prints the best wall time in ms
  local runs=$1; shift; local best=999999999
  for _ in $(seq "$runs"); do
    local t0 t1 d; t0=$(date +%s%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s%N); d=$(ms "$t0" "$t1")
    [ "$d" -lt "$best" ] && best=$d
  done
  echo "$best"
}
rss_kib() { /usr/bin/time -f '%M' -o "$work/rss" "$@" >/dev/null 2>&1 || true; tail -1 "$work/rss"; }

echo "task $(task --version), $(nproc) cores"
for n in "${sizes[@]}"; do
  dir="$work/r$n-$RANDOM"
  "$gen" "$dir" "$n" --today "$today" >/dev/null
  (cd "$dir" && git init -q && git add -A && git -c user.name=b -c user.email=b@x commit -qm base)
  sync # time reading, not the kernel writing back what the set-up just wrote
  cache_dir="$dir/.git/collab"
  cold() { rm -rf "$cache_dir"; "$collab" -C "$dir" --as-of "$today" overdue --format tsv; }
  warm() { "$collab" -C "$dir" --as-of "$today" overdue --format tsv; }
  c_cold=$(best_of 3 cold)
  warm >/dev/null
  # Let the kernel write back what the set-up and the cold runs wrote: on 2 cores its flusher
  # threads otherwise compete with the runs (warm runs measured 91 ms right after, 46 ms 1 s later).
  sync; sleep 3
  c_warm=$(best_of 5 warm)
  c_rss=$(rss_kib "$collab" -C "$dir" --as-of "$today" overdue --format tsv)
  overdue_collab=$(warm | tail -n +2 | wc -l)

  # The same items for Taskwarrior: pending, completed or deleted, with their due dates.
  tw="$dir-tw"
  mkdir -p "$tw/data"
  printf 'data.location=%s\nconfirmation=off\nverbose=nothing\ncolor=off\nhooks=off\ndetection=off\n' "$tw/data" > "$tw/taskrc"
  export TASKRC="$tw/taskrc"
  "$collab" -C "$dir" --as-of "$today" list --all --format json | awk -F'"' '
    /"ref":/ {
      t=""; d=""; s=""; r="";
      for (i = 1; i < NF; i++) {
        if ($i == "ref") r = $(i + 2);
        if ($i == "title") t = $(i + 2);
        if ($i == "deadline" && $(i + 1) == ": ") d = $(i + 2);
        if ($i == "status") s = $(i + 2);
      }
      st = (s == "done") ? "completed" : (s == "cancelled") ? "deleted" : "pending";
      gsub(/-/, "", d);
      line = "{\"description\":\"" t "\",\"project\":\"" r "\",\"status\":\"" st "\"";
      if (d != "") line = line ",\"due\":\"" d "T000000Z\"";
      if (st != "pending") line = line ",\"end\":\"" (d != "" ? d : "20240101") "T000000Z\"";
      print line "}";
    }' > "$tw/import.json"
  items=$(wc -l < "$tw/import.json")
  t0=$(date +%s%N); task import "$tw/import.json" >/dev/null 2>&1; t1=$(date +%s%N)
  sync
  task rc.gc=on overdue >/dev/null 2>&1 || true # the first run reorganises the data files
  sync; sleep 3 # as for collab
  tw_real=$(best_of 3 task rc.gc=off overdue)
  overdue_tw=$(task rc.gc=off overdue 2>/dev/null | grep -c '^ *[0-9]' || true)
  echo "$n records, $items items (import $(ms "$t0" "$t1") ms):"
  echo "  collab overdue: cold ${c_cold} ms, warm ${c_warm} ms, max RSS ${c_rss} KiB ($overdue_collab overdue as of $today)"
  echo "  task overdue:   ${tw_real} ms ($overdue_tw overdue)"
  awk -v tw="$tw_real" -v c="$c_cold" -v w="$c_warm" 'BEGIN { printf "  ratio task/collab: cold %.1fx, warm %.1fx\n", tw / c, tw / w }'
  unset TASKRC
done
