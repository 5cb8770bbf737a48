#!/bin/sh
# The rockspec lists every C source and every Lua module and data file by
# name; fail when one is missing, so the Makefile and LuaRocks builds stay in step.
set -u
spec=rockspec/tradefig-dev-1.rockspec
status=0
for f in csrc/*.c lua/tradefig/*.lua lua/tradefig/*/*.lua lua/tradefig/data/*/*.json; do
  [ -e "$f" ] || continue
  if ! grep -q "\"$f\"" "$spec"; then
    echo "check-rockspec: $f is not listed in $spec" >&2
    status=1
  fi
done
exit $status
