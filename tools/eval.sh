#!/bin/sh
# Score the extractor on the labelled corpora of the workshop (../shared),
# per language and per field. Needs python3 and ../shared; not part of `make test`.
set -u
shared=${SHARED:-../shared}
if [ ! -f "$shared/tools/score.py" ]; then
  echo "eval: $shared/tools/score.py not found (set SHARED=path/to/shared)" >&2
  exit 1
fi
status=0
for c in "$shared"/corpus/dev-de.jsonl "$shared"/corpus/dev-en.jsonl "$shared"/corpus/dev-ru.jsonl "$shared"/corpus/seed.jsonl; do
  [ -f "$c" ] || continue
  pred=$(mktemp)
  ./bin/tradefig extract --jsonl "$c" >"$pred" || status=1
  echo "== $(basename "$c")"
  python3 "$shared/tools/score.py" "$c" --pred "$pred" ${SHOW:+--show-errors $SHOW} || status=1
  rm -f "$pred"
done
exit $status
