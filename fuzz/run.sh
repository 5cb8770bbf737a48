#!/bin/sh
# Run the libFuzzer targets.
#   fuzz/run.sh [--smoke] SECONDS BINARY...
# Each build/fuzz/fuzz_NAME first re-runs its kept crash inputs
# (fuzz/regress/NAME/), then fuzzes for SECONDS from the seeds
# (fuzz/corpus/NAME/) with its dictionary (fuzz/NAME.dict). New inputs go
# to build/fuzz/work/NAME (kept between runs; a temporary directory for
# --smoke), crashes to build/fuzz/crashes/NAME/, logs to build/fuzz/logs/.
# Prints one line per target (seconds, executions, result) and, with
# --smoke, a summary "fuzz_smoke: N passed, N failed" for tools/run-tests.sh.
set -u
smoke=0
if [ "${1:-}" = "--smoke" ]; then smoke=1; shift; fi
if [ $# -lt 2 ]; then echo "usage: fuzz/run.sh [--smoke] SECONDS BINARY..." >&2; exit 2; fi
secs=$1; shift
MAXLEN=${FUZZ_MAXLEN:-4096}
passed=0
failed=0
tmp=
if [ "$smoke" -eq 1 ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
fi
mkdir -p build/fuzz/logs

for bin in "$@"; do
  name=$(basename "$bin"); name=${name#fuzz_}
  if [ "$smoke" -eq 1 ]; then work=$tmp/$name; else work=build/fuzz/work/$name; fi
  crashes=build/fuzz/crashes/$name
  log=build/fuzz/logs/$name.log
  mkdir -p "$work" "$crashes"
  ok=1
  nreg=0
  if [ -d fuzz/regress/$name ] && [ -n "$(ls fuzz/regress/$name)" ]; then
    nreg=$(ls fuzz/regress/$name | wc -l)
    if ! ./"$bin" fuzz/regress/$name/* >"$log.regress" 2>&1; then
      echo "fuzz $name: a kept crash input fails again (see $log.regress)"
      ok=0
    fi
  fi
  dict=
  [ -f fuzz/$name.dict ] && dict=-dict=fuzz/$name.dict
  ./"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len="$MAXLEN" \
    -print_final_stats=1 -artifact_prefix="$crashes/" $dict "$work" fuzz/corpus/$name \
    >"$log" 2>&1
  rc=$?
  execs=$(grep -E '^stat::number_of_executed_units' "$log" | grep -oE '[0-9]+$' | tail -n 1)
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -n 1 | grep -oE '[0-9]+')
  if [ "$rc" -ne 0 ]; then
    ok=0
    echo "fuzz $name: FOUND A BUG (exit $rc); input kept in $crashes/, log $log"
    grep -E 'ERROR|SUMMARY|runtime error' "$log" | head -n 5
  fi
  if [ "$ok" -eq 1 ]; then
    passed=$((passed + 1)); res=ok
  else
    failed=$((failed + 1)); res=FAILED
  fi
  printf 'fuzz %-9s %5ss %10s execs  cov %5s  regress %3s  %s\n' "$name" "$secs" "${execs:-?}" \
    "${cov:-?}" "$nreg" "$res"
done

if [ "$smoke" -eq 1 ]; then echo "fuzz_smoke: $passed passed, $failed failed"; fi
[ "$failed" -eq 0 ]
