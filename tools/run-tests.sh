#!/bin/sh
# Run every test suite and end with one line "N passed, N failed".
#   tools/run-tests.sh C-TEST-BINARY...
# The C tests and the busted specs run against the sanitized core
# (build/asan); the busted process gets libasan preloaded.
set -u
CC=${CC:-cc}
LUA=${LUA:-lua5.4}
BUSTED=${BUSTED:-busted}
passed=0
failed=0
status=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

for t in "$@"; do
  ./"$t" >"$log" 2>&1
  rc=$?
  cat "$log"
  line=$(grep -E '^[a-z_]+: [0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
  if [ -z "$line" ]; then
    echo "$t: crashed or printed no summary (exit $rc)"
    failed=$((failed + 1)); status=1; continue
  fi
  p=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed.*/\1/')
  f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed$/\1/')
  passed=$((passed + p)); failed=$((failed + f))
  [ "$rc" -ne 0 ] && status=1
done

asan=$($CC -print-file-name=libasan.so 2>/dev/null)
if [ -z "$asan" ] || [ ! -e "$asan" ]; then
  echo "run-tests: cannot find libasan.so for $CC" >&2; exit 1
fi
# Leaks of the core are checked by the C tests (LeakSanitizer) and by
# `make memcheck`; the interpreter running busted is not ours to check.
LD_PRELOAD=$asan ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  $BUSTED --lua="$LUA" --cpath="./build/asan/?.so" -o utfTerminal >"$log" 2>&1
rc=$?
cat "$log"
line=$(grep -E '[0-9]+ success(es)? / [0-9]+ failures? / [0-9]+ errors?' "$log" | tail -n 1)
if [ -z "$line" ]; then
  echo "busted: crashed or printed no summary (exit $rc)"
  failed=$((failed + 1)); status=1
else
  s=$(echo "$line" | grep -oE '[0-9]+ success' | grep -oE '[0-9]+')
  f=$(echo "$line" | grep -oE '[0-9]+ failure' | grep -oE '[0-9]+')
  e=$(echo "$line" | grep -oE '[0-9]+ error' | grep -oE '[0-9]+')
  echo "busted: $s passed, $((f + e)) failed"
  passed=$((passed + s)); failed=$((failed + f + e))
  [ "$rc" -ne 0 ] && status=1
fi

# The fuzz smoke run (FUZZ_SMOKE is the command, set by `make check`):
# a few seconds of each libFuzzer target and its kept crash inputs.
if [ -n "${FUZZ_SMOKE:-}" ]; then
  if command -v "${FUZZ_CC:-clang}" >/dev/null 2>&1; then
    $FUZZ_SMOKE >"$log" 2>&1
    rc=$?
    grep -vE "^${FUZZ_CC:-clang} |^  -D|^ *\\$" "$log"
    line=$(grep -E '^fuzz_smoke: [0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
    if [ -z "$line" ]; then
      echo "fuzz_smoke: did not build or crashed (exit $rc)"
      failed=$((failed + 1)); status=1
    else
      p=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed.*/\1/')
      f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed$/\1/')
      passed=$((passed + p)); failed=$((failed + f))
      [ "$rc" -ne 0 ] && status=1
    fi
  else
    echo "fuzz_smoke: skipped: ${FUZZ_CC:-clang} not found (apt-get install clang)"
  fi
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] || status=1
exit $status
