#!/usr/bin/env bash
# `collab lint --format junit` (with and without --strict) on examples/bad, which breaks every
# rule, and on records whose names and messages hold XML's special characters, validated with
# xmllint against the JUnit schema of ../shared/corpora/formats (Jenkins' xunit plugin, which
# GitLab and Jenkins accept). Exit 77 (skipped) without the schema or xmllint.
# usage: check_junit.sh COLLAB SOURCE_DIR SHARED_DIR
set -euo pipefail
collab=$1
examples=$2/examples/bad
schema=$3/corpora/formats/junit-10.xsd
[ -f "$schema" ] || { echo "skipped: $schema is absent"; exit 77; }
command -v xmllint >/dev/null || { echo "skipped: no xmllint (apt-get install libxml2-utils)"; exit 77; }
unset GITHUB_ACTIONS GITHUB_STEP_SUMMARY
export COLLAB_TODAY=2024-01-01
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/x/tasks"
: >"$tmp/x/.collab.yaml"
printf 'id: "a&b<c>"\nkind: task\ntitle: "]]> & <x>"\n"k<&>\\"": 1\n' >"$tmp/x/tasks/a&b<c>.yaml"
# Raw control characters in a value: XML 1.0 cannot hold them, even as character references.
printf 'id: ok\nkind: task\ntitle: bell\a and \033[31m\n' >"$tmp/x/tasks/ok.yaml"
fail=0
check() { # check NAME DIR ARGS...: lint DIR in junit, expect findings, validate
  local name=$1 dir=$2 status=0
  shift 2
  (cd "$dir" && "$collab" lint --format junit "$@") >"$tmp/$name.xml" || status=$?
  if [ $status -ne 1 ]; then
    echo "FAIL: $name: lint exited $status, expected 1"; fail=1; return
  fi
  if xmllint --noout --schema "$schema" "$tmp/$name.xml"; then
    echo "ok: $name ($(grep -c '<testcase' "$tmp/$name.xml") test cases)"
  else
    echo "FAIL: $name does not pass $schema"; fail=1
  fi
}
check bad "$examples"
check bad-strict "$examples" --strict
check special "$tmp/x"
exit $fail
