#!/usr/bin/env bash
# The team lead's week and month (issue 13), side by side with the peers the issue names:
#   - report and stale (warm: item cache and history index built) against `collab overdue` warm
#     and against `git log --since=<stale_after> --name-only`; cold (no history index) against
#     `git log --name-only` over the whole history;
#   - remind and export ics warm;
#   - site DIR: first run, a second run with nothing changed, a run after one record changed;
#   - stats warm at STATS_RECORDS records against `collab overdue` warm on the same repository.
# The repository: bench/gen_records' RECORDS records committed one by one, then edited, in
# COMMITS commits through bench/gen_history.py --from-dir (git fast-import), the last one on
# the day of --as-of. Times are the median of RUNS runs, in milliseconds.
# usage: bench/followup_bench.sh [BUILD_DIR]   (default build; RECORDS=10000 COMMITS=20000
#        STATS_RECORDS=100000 RUNS=5)
set -euo pipefail
build=${1:-build}
runs=${RUNS:-5}
records=${RECORDS:-10000}
commits=${COMMITS:-20000}
stats_records=${STATS_RECORDS:-100000}
collab=$(realpath "$build/collab")
gen_records=$(realpath "$build/gen_records")
gen_history=$(realpath "$(dirname "$0")/gen_history.py")
work=$(mktemp -d "${TMPDIR:-/tmp}/followup_bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
as_of=2024-06-01
end_epoch=1717203600 # 2024-06-01 09:00 +0800
since=2024-05-25     # as_of - stale_after (7 days)

now_ns() { date +%s%N; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# Milliseconds of one run of a command line (eval'ed), output discarded; "failed" when it fails
# with a status other than 0 or 1 (1: findings, as overdue --fail).
time_once() {
  local t0 t1 rc=0
  t0=$(now_ns)
  eval "$1" >/dev/null 2>&1 || rc=$?
  t1=$(now_ns)
  [ "$rc" -le 1 ] || { echo failed; return; }
  echo $(((t1 - t0) / 1000000))
}
# The median of RUNS runs; `prepare` (eval'ed, untimed) runs before each.
time_median() { # command [prepare]
  local i out=() t
  for ((i = 0; i < runs; i++)); do
    [ -z "${2:-}" ] || eval "$2" >/dev/null 2>&1
    t=$(time_once "$1")
    [ "$t" != failed ] || { echo failed; return; }
    out+=("$t")
  done
  echo "$(median "${out[@]}") ms"
}
row() { printf '%-44s %12s\n' "$1" "$2"; }

echo "$(nproc) cores, $(git --version), RUNS=$runs"
dir="$work/repo"
"$gen_records" "$work/recs" "$records" --today "$as_of" >/dev/null
git init -q -b main "$dir"
t0=$(now_ns)
"$gen_history" --from-dir "$work/recs" --commits "$commits" --end "$end_epoch" | git -C "$dir" fast-import --quiet
git -C "$dir" reset -q --hard
row "repository: $records records, $commits commits" "$((($(now_ns) - t0) / 1000000)) ms to make"
sync
c="'$collab' -C '$dir' --as-of $as_of"
# Warm: both caches built by a first run.
eval "$c overdue --format tsv; $c report --format json; $c stale --format tsv" >/dev/null 2>&1 || true
row "collab overdue (warm)" "$(time_median "$c overdue --format tsv")"
row "collab report (warm)" "$(time_median "$c report --format json")"
row "collab stale (warm)" "$(time_median "$c stale --format tsv")"
row "git log --since=$since --name-only" "$(time_median "git -C '$dir' log --since=$since --name-only")"
row "collab stale (cold: no history index)" "$(time_median "$c stale --format tsv" "rm -f '$dir'/.git/collab/history-*")"
row "collab report (cold: no history index)" "$(time_median "$c report --format json" "rm -f '$dir'/.git/collab/history-*")"
row "git log --name-only (whole history)" "$(time_median "git -C '$dir' log --name-only")"
eval "$c stale" >/dev/null 2>&1 || true
row "collab remind (warm)" "$(time_median "$c remind")"
row "collab remind --eml DIR (warm)" "$(time_median "$c remind --eml '$work/eml'" "rm -rf '$work/eml'")"
row "collab export ics (warm)" "$(time_median "$c export ics -o '$work/cal.ics'")"

site="$work/site"
row "collab site (first run)" "$(time_median "$c site '$site'" "rm -rf '$site'")"
row "collab site (nothing changed)" "$(time_median "$c site '$site'")"
one=$(cd "$dir" && ls meetings | awk 'NR == 1')
i=0
touch_one="i=\$((i + 1)); echo \"# bench \$i\" >> '$dir/meetings/$one'; git -C '$dir' commit -qam 'bench edit'"
row "collab site (one record changed, committed)" "$(time_median "$c site '$site'" "$touch_one")"
[ ! -d "$site" ] || row "site: files written" "$(find "$site" -type f | wc -l)"

big="$work/big"
"$gen_records" "$big" "$stats_records" --today "$as_of" >/dev/null
(cd "$big" && git init -q -b main && git add -A && git commit -qm base)
sync
b="'$collab' -C '$big' --as-of $as_of"
eval "$b overdue --format tsv; $b stats --month 2024-05 --format json" >/dev/null 2>&1 || true
row "collab overdue (warm, $stats_records records)" "$(time_median "$b overdue --format tsv")"
row "collab stats --month 2024-05 (warm, $stats_records)" "$(time_median "$b stats --month 2024-05 --format json")"
