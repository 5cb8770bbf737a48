# tradefig: build, test and install.
# Every variable can be overridden on the command line or by LuaRocks.

LUA          ?= lua5.4
LUA_VERSION  ?= 5.4
LUA_INCDIR   ?= /usr/include/lua$(LUA_VERSION)
PKG_CONFIG   ?= pkg-config
BUSTED       ?= busted
LUACHECK     ?= luacheck
VALGRIND     ?= valgrind
CC           ?= cc
CFLAGS       ?= -O2 -g
LDFLAGS      ?=
LIBFLAG      ?= -shared
CJSON_CFLAGS ?= $(shell $(PKG_CONFIG) --cflags libcjson 2>/dev/null)
CJSON_LIBS   ?= $(shell $(PKG_CONFIG) --libs libcjson 2>/dev/null || echo -lcjson)
ZLIB_LIBS    ?= $(shell $(PKG_CONFIG) --libs zlib 2>/dev/null || echo -lz)
WERROR       ?=

# Install locations (LuaRocks passes INST_*; PREFIX serves `make install`).
PREFIX       ?= /usr/local
INST_LIBDIR  ?= $(PREFIX)/lib/lua/$(LUA_VERSION)
INST_LUADIR  ?= $(PREFIX)/share/lua/$(LUA_VERSION)
INST_BINDIR  ?= $(PREFIX)/bin

WARN     = -Wall -Wextra -Wconversion -Wshadow -Wpedantic -Wstrict-prototypes \
           -Wmissing-prototypes -Wundef -Wcast-qual -Wwrite-strings $(WERROR)
TF_FLAGS = -std=c11 -fPIC -fvisibility=hidden -D_POSIX_C_SOURCE=200809L $(WARN) \
           -I$(LUA_INCDIR) $(CJSON_CFLAGS)
SAN      = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
SAN_FLAGS = -O1 -g $(SAN)

CORE_SRC = $(filter-out csrc/lua_tradefig.c,$(wildcard csrc/*.c))
ALL_SRC  = $(CORE_SRC) csrc/lua_tradefig.c
CTESTS   = $(basename $(notdir $(wildcard spec/c/test_*.c)))

OBJ      = $(ALL_SRC:csrc/%.c=build/obj/%.o)
SAN_OBJ  = $(ALL_SRC:csrc/%.c=build/asan/obj/%.o)
SAN_CORE = $(CORE_SRC:csrc/%.c=build/asan/obj/%.o)
MODULE   = build/tradefig/core.so
SAN_MOD  = build/asan/tradefig/core.so
SAN_TESTS = $(CTESTS:%=build/asan/%)
VG_OBJ   = $(ALL_SRC:csrc/%.c=build/vg/obj/%.o)
VG_MOD   = build/vg/tradefig/core.so
VG_FLAGS = -O1 -g -gdwarf-4

# libFuzzer targets (fuzz/fuzz_*.c) need clang; see fuzz/run.sh.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_SMOKE_SECONDS ?= 3
FUZZ_SAN     = -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_OBJ     = $(CORE_SRC:csrc/%.c=build/fuzz/obj/%.o)
# the extractor reads texts over 1 MiB piece by piece; fuzz inputs are small, so make pieces small
FUZZ_DEFS    = -DTF_EXTRACT_PIECE=512
FUZZ_BIN     = $(patsubst fuzz/%.c,build/fuzz/%,$(wildcard fuzz/fuzz_*.c))

SEED     = examples/belta-minsk-china-2024-12-05.de.txt

.PHONY: all demo test check setup clean install uninstall lint memcheck ctest spec eval examples

all: $(MODULE)

build/obj/%.o: csrc/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(TF_FLAGS) -MMD -MP -c $< -o $@

$(MODULE): $(OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(LIBFLAG) $(LDFLAGS) -o $@ $(OBJ) $(CJSON_LIBS) $(ZLIB_LIBS)

build/asan/obj/%.o: csrc/%.c
	@mkdir -p $(dir $@)
	$(CC) $(SAN_FLAGS) $(TF_FLAGS) -MMD -MP -c $< -o $@

$(SAN_MOD): $(SAN_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(LIBFLAG) $(SAN) -o $@ $(SAN_OBJ) $(CJSON_LIBS) $(ZLIB_LIBS)

build/asan/test_%: spec/c/test_%.c $(SAN_CORE) spec/c/check.h
	@mkdir -p $(dir $@)
	$(CC) $(SAN_FLAGS) $(TF_FLAGS) -Icsrc -o $@ $< $(SAN_CORE) $(CJSON_LIBS) $(ZLIB_LIBS) -lm

# A plain build with DWARF 4 for valgrind (its reader predates some DWARF 5 forms).
build/vg/obj/%.o: csrc/%.c
	@mkdir -p $(dir $@)
	$(CC) $(VG_FLAGS) $(TF_FLAGS) -MMD -MP -c $< -o $@

$(VG_MOD): $(VG_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(LIBFLAG) -o $@ $(VG_OBJ) $(CJSON_LIBS) $(ZLIB_LIBS)

build/fuzz/obj/%.o: csrc/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer-no-link $(TF_FLAGS) $(FUZZ_DEFS) -MMD -MP -c $< -o $@

$(FUZZ_BIN): $(FUZZ_OBJ)
build/fuzz/fuzz_%: fuzz/fuzz_%.c fuzz/fuzz_util.h $(FUZZ_OBJ)
	$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer $(TF_FLAGS) -Icsrc \
	  -DTF_DATA='"$(CURDIR)/lua/tradefig/data"' -o $@ $< $(FUZZ_OBJ) $(CJSON_LIBS) $(ZLIB_LIBS)

# examples/embed.c: a C program hosting Lua 5.4 with the core linked in (make examples)
LUA_LIBS ?= $(shell $(PKG_CONFIG) --libs lua$(LUA_VERSION) 2>/dev/null || echo -llua$(LUA_VERSION))
EXAMPLES  = build/examples/embed

build/examples/embed: examples/embed.c $(OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -std=c11 $(WARN) -I$(LUA_INCDIR) -o $@ $< $(OBJ) $(LUA_LIBS) $(CJSON_LIBS) $(ZLIB_LIBS) -lm

examples: $(EXAMPLES)

-include $(OBJ:.o=.d) $(SAN_OBJ:.o=.d) $(VG_OBJ:.o=.d)
-include $(FUZZ_OBJ:.o=.d)

# ---- the README's two commands ------------------------------------------

setup:
	@sh tools/setup.sh

demo: setup
	@$(MAKE) --no-print-directory all
	@echo "== every amount and number in the seed article, told apart (tradefig amounts)"
	./bin/tradefig amounts --lang de --date 2024-12-05 $(SEED)
	@echo "== the digest of the seed article (tradefig digest)"
	./bin/tradefig digest --lang de --date 2024-12-05 --out-dir out $(SEED)

# CI's build: warnings are errors (WERROR=-Werror unless given).
# the fuzz smoke run needs clang and its libFuzzer runtime as well
test:
	@sh tools/setup.sh clang
	@$(MAKE) --no-print-directory check WERROR=$(or $(WERROR),-Werror)

# Everything under the sanitizers: the C unit tests, then the busted specs
# with the sanitized module; one summary line at the end.
check: $(SAN_MOD) $(SAN_TESTS) $(MODULE) $(EXAMPLES)
	@CC="$(CC)" LUA="$(LUA)" BUSTED="$(BUSTED)" FUZZ_CC="$(FUZZ_CC)" \
	  FUZZ_SMOKE="$(MAKE) --no-print-directory fuzz-smoke" sh tools/run-tests.sh $(SAN_TESTS)

ctest: $(SAN_TESTS)
	@for t in $(SAN_TESTS); do ./$$t || exit 1; done

spec: $(MODULE)
	$(BUSTED) --lua=$(LUA)

# ---- other targets --------------------------------------------------------

lint:
	@sh tools/setup.sh lua-check
	$(LUACHECK) --no-color $$(find lua spec examples -name "*.lua" | sort) bin/tradefig rockspec/*.rockspec
	@if grep -l -E '#include *[<"](lua|lauxlib|lualib)\.h' $(CORE_SRC) csrc/*.h; then \
	  echo "lint: only csrc/lua_tradefig.c may include Lua headers" >&2; exit 1; fi
	@sh tools/check-rockspec.sh
	@echo "lint: clean"

memcheck: setup
	@sh tools/setup.sh valgrind
	@$(MAKE) --no-print-directory $(VG_MOD) all
	$(VALGRIND) --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite \
	  --trace-children=no --quiet $(LUA) $$(command -v $(BUSTED)) --ignore-lua \
	  --cpath="./build/vg/?.so" -o utfTerminal
	@echo "memcheck: clean"

# Score the extractor on ../shared/corpus (the workshop; not in a user's clone).
eval: all
	@sh tools/eval.sh

# Every fuzz target for FUZZ_SECONDS each; fuzz-smoke for a few seconds each.
.PHONY: fuzz fuzz-smoke
fuzz: $(FUZZ_BIN)
	@sh fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_BIN)

fuzz-smoke: $(FUZZ_BIN)
	@sh fuzz/run.sh --smoke $(FUZZ_SMOKE_SECONDS) $(FUZZ_BIN)

install: all
	install -d $(DESTDIR)$(INST_LIBDIR)/tradefig $(DESTDIR)$(INST_LUADIR)/tradefig \
	  $(DESTDIR)$(INST_LUADIR)/tradefig/data/lexicon $(DESTDIR)$(INST_BINDIR)
	install -m 755 $(MODULE) $(DESTDIR)$(INST_LIBDIR)/tradefig/core.so
	cd lua && find tradefig -type d -exec install -d "$(DESTDIR)$(INST_LUADIR)/{}" \;
	cd lua && find tradefig -type f \( -name '*.lua' -o -name '*.json' \) \
	  -exec install -m 644 {} "$(DESTDIR)$(INST_LUADIR)/{}" \;
	install -m 755 bin/tradefig $(DESTDIR)$(INST_BINDIR)/tradefig

uninstall:
	rm -rf $(DESTDIR)$(INST_LIBDIR)/tradefig $(DESTDIR)$(INST_LUADIR)/tradefig
	rm -f $(DESTDIR)$(INST_BINDIR)/tradefig

# ---- benchmark: tradefig against its peers (not in test or CI; bench/README.md) ----

.PHONY: bench bench-quick bench-annotate

# tf_annotate alone, and tf_extract (annotation and assembly) without Lua, in MB/s of CPU
# time: build/bench/annotate LANG FILE [ROUNDS], build/bench/extract LANG FILE [ROUNDS]
CORE_OBJ = $(CORE_SRC:csrc/%.c=build/obj/%.o)
build/bench/annotate build/bench/extract: build/bench/%: bench/c/%.c bench/c/core_bench.h $(CORE_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) $(CJSON_CFLAGS) -Icsrc -o $@ $< \
	  $(CORE_OBJ) $(CJSON_LIBS) $(ZLIB_LIBS) -lm

bench-annotate: build/bench/annotate
	./build/bench/annotate de $(SEED)

bench: all build/bench/extract
	@sh bench/setup-peers.sh
	@$(LUA) bench/run.lua full $(BENCH_JOBS)

bench-quick: all build/bench/extract
	@sh bench/setup-peers.sh
	@$(LUA) bench/run.lua quick $(BENCH_JOBS)

clean:
	rm -rf build out csrc/*.o tradefig
