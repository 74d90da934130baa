#!/bin/sh
# man/collab.1 formats without a single groff warning (-ww turns all of them on) on the devices
# man(1) uses: utf8 (a UTF-8 terminal) and ascii. Chinese text must be written as \[uXXXX]:
# raw UTF-8 in the source is an "invalid input character" to groff without preconv.
# usage: check_manual.sh SOURCE_DIR. Skipped (77) without groff (Debian: groff-base).
set -u
page="$1/man/collab.1"
if ! command -v groff >/dev/null 2>&1; then
  echo "groff is not installed (Debian: groff-base): skipped"
  exit 77
fi
status=0
for device in utf8 ascii; do
  warnings=$(LC_ALL=C.UTF-8 groff -ww -z -man -T"$device" "$page" 2>&1)
  if [ -n "$warnings" ]; then
    echo "groff -ww -man -T$device $page:"
    echo "$warnings"
    status=1
  fi
done
[ $status -eq 0 ] && echo "man/collab.1: no groff warnings (utf8, ascii)"
exit $status
