#!/bin/sh
# Make sure the Debian packages tradefig needs are present.
# As root, missing ones are installed with apt-get; otherwise the exact
# command is printed and the script fails.
#   tools/setup.sh [extra-package ...]
set -u

missing=""
need() {  # need PACKAGE TEST-COMMAND...
  pkg=$1; shift
  if ! "$@" >/dev/null 2>&1; then missing="$missing $pkg"; fi
}
have_cmd() { command -v "$1"; }
have_file() { test -e "$1"; }

need make         have_cmd make
need gcc          have_cmd gcc
need libc6-dev    have_file /usr/include/stdio.h
need pkg-config   have_cmd pkg-config
need lua5.4       have_cmd lua5.4
need liblua5.4-dev have_file /usr/include/lua5.4/lua.h
need libcjson-dev have_file /usr/include/cjson/cJSON.h
need zlib1g-dev  have_file /usr/include/zlib.h
need lua-busted   have_file /usr/share/lua/5.4/busted/runner.lua
need lua-busted   have_cmd busted
for extra in "$@"; do
  case "$extra" in
    valgrind)   need valgrind have_cmd valgrind ;;
    lua-check)  need lua-check have_cmd luacheck ;;
    luarocks)   need luarocks have_cmd luarocks ;;
    clang)      need clang have_cmd clang
                # libFuzzer's runtime (Debian 12: clang 14)
                if ! ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1; then
                  missing="$missing libclang-rt-14-dev"
                fi ;;
    *)          need "$extra" dpkg -s "$extra" ;;
  esac
done

# each package once
missing=$(printf '%s\n' $missing | sort -u | tr '\n' ' ' | sed 's/ *$//')
[ -z "$missing" ] && exit 0

cmd="apt-get install -y --no-install-recommends $missing"
if [ "$(id -u)" -ne 0 ]; then
  echo "tradefig needs these Debian packages: $missing" >&2
  echo "install them with:  sudo apt-get update && sudo $cmd" >&2
  exit 1
fi
echo "setup: installing $missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2 || { echo "setup: apt-get update failed" >&2; exit 1; }
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >&2 || {
  echo "setup: '$cmd' failed" >&2; exit 1; }
