#!/usr/bin/env bash
# Every command but sync loads libgit2 with the stand-ins for libssh2 and libgssapi_krb5
# (src/store/standins/, store/repo.cpp load_standins): this checks that
#   1. each stand-in defines every symbol libgit2 takes from the library it stands in for, with
#      the same version node (a missing function would end the process at its first call);
#   2. `collab set` loads neither libssh2, OpenSSL's libcrypto nor Kerberos, and still commits;
#      with COLLAB_STANDINS=0 it loads them all (the switch bench/write_bench.sh uses);
#   3. `collab sync` loads the real libraries, and reaches an ssh remote through them (the error
#      is a connection one, not the stand-in's).
# The dynamic loader reports what it loads under LD_DEBUG=files.
# Usage: check_standins.sh COLLAB_BINARY
set -euo pipefail
# No reader in a pipeline stops early here (awk's exit, grep -q, head): under pipefail the
# writer's SIGPIPE then fails the script at random (ldconfig -p | awk '... exit': 1 run in 300).
collab=$(realpath "$1")
fail() { echo "FAIL: $*" >&2; exit 1; }
libgit2=$(ldconfig -p | awk '/libgit2\.so\.[0-9]/ && !found {print $NF; found = 1}')
[ -n "$libgit2" ] || fail "libgit2 is not in ldconfig's cache"
standins=$(dirname "$collab")/standins
[ -f "$standins/libssh2.so" ] && [ -f "$standins/gssapi.so" ] || fail "no stand-ins in $standins"

# 1. Symbols: what libgit2 needs (name@version) against what each real library and stand-in define.
# objdump -T rows end in "[VERSION] NAME": a hidden version is in parentheses, none is "Base" or
# absent (the size column then comes before the name).
needed() { objdump -T "$1" | awk '/\*UND\*/ { v = $(NF-1); gsub(/[()]/, "", v); if (v ~ /^[0-9a-f]+$/) v = ""; print $NF "@" v }' | sort -u; }
defined() { objdump -T "$1" | awk '/^[0-9a-f]+ / && !/\*UND\*/ { v = $(NF-1); gsub(/[()]/, "", v); if (v ~ /^[0-9a-f]+$/) v = ""; print $NF "@" v }' | sort -u; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
needed "$libgit2" >"$tmp/needed"
for pair in libssh2.so:libssh2.so.1 gssapi.so:libgssapi_krb5.so.2; do
  standin=$standins/${pair%%:*}
  real=$(ldconfig -p | awk -v l="${pair#*:}" '$1 == l && !found {print $NF; found = 1}')
  [ -n "$real" ] || fail "${pair#*:} is not installed"
  # Unversioned references show as Base (or no version): compare names then.
  defined "$real" | sed 's/@Base$/@/' >"$tmp"/real
  defined "$standin" | sed 's/@Base$/@/' >"$tmp"/standin
  sed 's/@Base$/@/' "$tmp"/needed >"$tmp"/n
  wanted=$(comm -12 "$tmp"/n "$tmp"/real)
  [ -n "$wanted" ] || fail "libgit2 takes nothing from $real: is it still a dependency?"
  missing=$(comm -23 <(echo "$wanted") "$tmp"/standin)
  [ -z "$missing" ] || fail "$standin lacks what libgit2 takes from $real: $missing"
  readelf -d "$standin" | grep "soname: \[${pair#*:}\]" >/dev/null || fail "$standin's soname is not ${pair#*:}"
  echo "ok: $standin defines the $(echo "$wanted" | wc -l) symbols libgit2 takes from $real"
done

# 2. and 3. What a write and a sync load.
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
git init -q -b main "$tmp/remote.git" --bare
git init -q -b main "$tmp/r"
cd "$tmp/r"
"$collab" -q init >/dev/null
"$collab" -q --as-of 2024-06-01 new task --title "Ship the report" --owner Li --dept ops --deadline 2024-06-10 --deliverable "The report" >/dev/null
git remote add origin "$tmp/remote.git"
git push -q -u origin main
loads() { grep -oE 'file=lib(git2|ssh2|crypto|krb5|gssapi_krb5)\.so[.0-9]* ' "$1" | sort -u | tr '\n' ' '; }
id=$(ls tasks | sed -n '1s/\.yaml$//p')
LD_DEBUG=files "$collab" -q --as-of 2024-06-01 set "$id" "title=Ship the weekly report" 2>"$tmp/set.log" >/dev/null ||
  { cat "$tmp/set.log" | grep -v '^ *[0-9]*:' >&2; fail "collab set failed"; }
echo "collab set loads: $(loads "$tmp/set.log")"
grep -q 'file=libgit2' "$tmp/set.log" || fail "collab set did not load libgit2"
if grep -qE 'file=lib(ssh2|crypto|krb5|gssapi_krb5)\.so' "$tmp/set.log"; then
  fail "collab set loaded ssh, OpenSSL or Kerberos: $(loads "$tmp/set.log")"
fi
git log -1 --format=%s | grep "set $id" >/dev/null || fail "the write was not committed: $(git log -1 --format=%s)"
[ -z "$(git status --porcelain)" ] || fail "git status is not clean after the write"
git fsck --no-dangling >/dev/null 2>&1 || fail "git fsck after the write"

COLLAB_STANDINS=0 LD_DEBUG=files "$collab" -q --as-of 2024-06-01 set "$id" "title=Ship the monthly report" 2>"$tmp/full.log" >/dev/null
grep -q 'file=libssh2' "$tmp/full.log" && grep -q 'file=libcrypto' "$tmp/full.log" ||
  fail "COLLAB_STANDINS=0 collab set did not load libssh2 and libcrypto: $(loads "$tmp/full.log")"

LD_DEBUG=files "$collab" -q sync 2>"$tmp/sync.log" >/dev/null || { grep -v '^ *[0-9]*:' "$tmp/sync.log" >&2; fail "collab sync failed"; }
echo "collab sync loads: $(loads "$tmp/sync.log")"
grep -q 'file=libssh2' "$tmp/sync.log" && grep -q 'file=libkrb5' "$tmp/sync.log" ||
  fail "collab sync did not load the real libssh2 and Kerberos: $(loads "$tmp/sync.log")"
[ "$(git rev-parse HEAD)" = "$(git --git-dir="$tmp/remote.git" rev-parse main)" ] || fail "sync did not push"

# An ssh remote nobody listens on: sync tries it with the real libssh2.
git remote set-url origin ssh://git@127.0.0.1:1/records.git
"$collab" -q --as-of 2024-06-01 set "$id" "title=Ship it" >/dev/null
set +e
"$collab" sync >"$tmp/ssh.out" 2>&1
status=$?
set -e
cat "$tmp/ssh.out"
[ $status -ne 0 ] || fail "sync to a closed ssh port succeeded"
if grep -q 'stand-in\|without ssh' "$tmp/ssh.out"; then fail "sync used the stand-ins"; fi
echo "OK: the stand-ins are complete, writes load no ssh, OpenSSL or Kerberos, sync does"
