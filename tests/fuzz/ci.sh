#!/bin/sh
# The `fuzz` ctest test: builds the harnesses with clang in BUILD_DIR (ctest --build-and-test)
# and runs each for SECONDS. Exits 77 (skipped) when clang++ or libFuzzer is missing.
# usage: ci.sh CTEST SOURCE_DIR BUILD_DIR GENERATOR SECONDS
set -u
ctest=$1 src=$2 bin=$3 gen=$4 secs=$5

cxx=$(command -v clang++) || { echo "clang++ not found: fuzz test skipped"; exit 77; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
printf '#include <cstddef>\n#include <cstdint>\nextern "C" int LLVMFuzzerTestOneInput(const uint8_t*, size_t) { return 0; }\n' \
  > "$tmp/probe.cpp"
if ! "$cxx" -fsanitize=fuzzer,address,undefined "$tmp/probe.cpp" -o "$tmp/probe" > "$tmp/log" 2>&1; then
  cat "$tmp/log"
  echo "clang++ cannot link libFuzzer (Debian: libclang-rt-14-dev): fuzz test skipped"
  exit 77
fi

# The same sanitizer settings as the sanitize test: a report is a failure, never "findings".
export ASAN_OPTIONS=exitcode=86:abort_on_error=0:detect_leaks=1
export UBSAN_OPTIONS=halt_on_error=1:exitcode=87:print_stacktrace=1
"$ctest" --build-and-test "$src" "$bin" \
  --build-generator "$gen" --build-noclean \
  --build-target fuzzers \
  --build-options -DCMAKE_CXX_COMPILER="$cxx" -DCOLLAB_FUZZ=ON -DCOLLAB_TESTS=OFF -DCOLLAB_SANITIZE_TEST=OFF \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCOLLAB_FUZZ_SECONDS="$secs" \
  --test-command "$ctest" --output-on-failure -j2 -L fuzz
status=$?
# 77 would read as "skipped": a failure must stay a failure.
[ "$status" -eq 77 ] && status=1
exit "$status"
