#!/bin/sh
# Installs the benchmark's peers into bench/peers/ (git-ignored) and builds the
# C helpers. Idempotent: a peer already installed is kept. Needs no root.
#   node + npm  -> DuckDB (@duckdb/node-api) and Recognizers-Text (npm registry)
#   apt-get     -> lua-cjson, downloaded and unpacked (dpkg -x), not installed
#   python3     -> used as found (its csv and json modules)
# A missing tool is reported and its rows are skipped; nothing else is fetched.
set -u
cd "$(dirname "$0")"
P=peers
mkdir -p "$P/bin"
CC=${CC:-cc}

for t in nlcount runone jsonl_sum; do
  if [ ! -x "$P/bin/$t" ] || [ "c/$t.c" -nt "$P/bin/$t" ]; then
    $CC -O2 -Wall -Wextra -o "$P/bin/$t" "c/$t.c" || { echo "setup-peers: cannot build c/$t.c" >&2; exit 1; }
  fi
done

DUCKDB_VERSION=1.5.6-r.1
RECOGNIZERS_VERSION=1.3.1
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  if [ ! -f "$P/node/.installed-$DUCKDB_VERSION-$RECOGNIZERS_VERSION" ]; then
    echo "setup-peers: npm install @duckdb/node-api@$DUCKDB_VERSION @microsoft/recognizers-text-number-with-unit@$RECOGNIZERS_VERSION"
    mkdir -p "$P/node"
    [ -f "$P/node/package.json" ] || echo '{ "private": true }' > "$P/node/package.json"
    if (cd "$P/node" && npm install --no-audit --no-fund --loglevel=error \
          "@duckdb/node-api@$DUCKDB_VERSION" \
          "@microsoft/recognizers-text-suite@$RECOGNIZERS_VERSION" \
          "@microsoft/recognizers-text-number-with-unit@$RECOGNIZERS_VERSION" >/dev/null); then
      touch "$P/node/.installed-$DUCKDB_VERSION-$RECOGNIZERS_VERSION"
    else
      echo "setup-peers: npm install failed; DuckDB and Recognizers-Text rows will be skipped" >&2
    fi
  fi
else
  echo "setup-peers: node/npm not found; DuckDB and Recognizers-Text rows will be skipped" \
       "(apt-get install nodejs npm)" >&2
fi

# lua-cjson 2.1.0 (Debian) ships modules for Lua 5.1 to 5.4; the 5.4 one is used.
if [ ! -f "$P/lua-cjson/usr/lib/x86_64-linux-gnu/lua/5.4/cjson.so" ] && \
   [ -z "$(find "$P/lua-cjson" -path '*lua/5.4/cjson.so' 2>/dev/null)" ]; then
  if command -v apt-get >/dev/null 2>&1 && command -v dpkg >/dev/null 2>&1; then
    rm -rf "$P/lua-cjson" "$P/deb" && mkdir -p "$P/deb"
    if (cd "$P/deb" && apt-get download lua-cjson >/dev/null 2>&1) && \
       dpkg -x "$P"/deb/lua-cjson_*.deb "$P/lua-cjson"; then
      echo "setup-peers: lua-cjson $(dpkg-deb -f "$P"/deb/lua-cjson_*.deb Version) unpacked"
    else
      echo "setup-peers: apt-get download lua-cjson failed (run apt-get update?); lua-cjson rows will be skipped" >&2
    fi
  else
    echo "setup-peers: no apt-get; lua-cjson rows will be skipped" >&2
  fi
fi

command -v python3 >/dev/null 2>&1 || echo "setup-peers: python3 not found; Python rows will be skipped" >&2
exit 0
