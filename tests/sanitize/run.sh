#!/bin/sh
# The unit and e2e tests of the sanitizer build, each binary run once (not once per test case,
# as ctest does): under ASan a process takes about half a second to start, which over 600 test
# cases was most of the label's time. The e2e cases are split in two halves run side by side.
# Run from the sanitizer build tree by the `sanitize` test; exit status non-zero on any failure.
set -u
count=$(tests/test_e2e --count 2>/dev/null | sed -n 's/.*passing the current filters: \([0-9]*\).*/\1/p')
[ -n "$count" ] || { echo "cannot count the e2e test cases"; exit 1; }
half=$((count / 2))
# The identity test reads git's global configuration, which libgit2 caches for the process:
# it needs a process of its own (ctest gives it one in the plain build).
tests/test_unit --no-version -tce='repo: the identity comes from*' >unit.log 2>&1 &
unit=$!
tests/test_e2e --no-version --order-by=name --first=1 --last=$half >e2e-1.log 2>&1 &
e2e1=$!
tests/test_e2e --no-version --order-by=name --first=$((half + 1)) --last=$count >e2e-2.log 2>&1 &
e2e2=$!
status=0
for job in "$unit:unit.log" "$e2e1:e2e-1.log" "$e2e2:e2e-2.log"; do
  pid=${job%%:*}
  log=${job#*:}
  if wait "$pid"; then
    tail -n 3 "$log"
  else
    echo "=== $log (failed)"
    cat "$log"
    status=1
  fi
done
exit $status
