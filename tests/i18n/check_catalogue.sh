#!/usr/bin/env bash
# Every message the source marks with tr()/trf()/trn()/trnf() has a translation in each
# po/LANG.po, and no catalogue keeps messages the source no longer has.
# usage: check_catalogue.sh SOURCE_DIR
set -uo pipefail
src=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$src" || exit 1
find src include -name '*.cpp' -o -name '*.h' | sort >"$tmp/files"
xgettext --language=C++ --from-code=UTF-8 --keyword=tr --keyword=tr_noop --keyword=trf --keyword=trn:1,2 --keyword=trnf:1,2 \
         --no-location --files-from="$tmp/files" -o "$tmp/collab.pot" || exit 1
[ -s "$tmp/collab.pot" ] || { echo "no message is marked with tr() or trf()"; exit 1; }
status=0
for po in po/*.po; do
  if ! msgcmp "$po" "$tmp/collab.pot" >"$tmp/out" 2>&1; then
    grep -v "not used" "$tmp/out"
    echo "FAIL: $po lacks the messages above, or leaves them untranslated: add them"
    status=1
  fi
  if ! msgcmp --use-untranslated "$tmp/collab.pot" "$po" >"$tmp/out" 2>&1; then
    grep "$po" "$tmp/out" | grep -v "not used"
    echo "FAIL: $po keeps the messages above, which the source no longer has: remove them"
    status=1
  fi
done
[ $status = 0 ] && echo "every marked message is translated in: $(ls po/*.po | tr '\n' ' ')"
exit $status
