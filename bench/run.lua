-- bench/run.lua: tradefig against its peers on the same generated data, as ratios
-- measured in one run. `make bench-quick` runs `lua5.4 bench/run.lua quick`,
-- `make bench` runs `lua5.4 bench/run.lua full`. See bench/README.md.
--
-- Method: per job, the raw limit (nlcount) reads the file once through the page
-- cache, every program runs once on a small prefix of the data (warm-up), then the
-- programs run interleaved (A B C A B C ...) RUNS times. Jobs that write to
-- /dev/null get one more interleaved round first, writing to files, whose outputs
-- are checked; the other jobs check the outputs of their first timed round. A job
-- whose outputs disagree prints the disagreement and no ratio. Wall time and peak
-- RSS come from bench/c/runone.c (CLOCK_MONOTONIC, wait4's ru_maxrss).

local MODE = arg[1] or "quick"
local SIZES = {
  quick = { groupby_csv = 1000000, json = 20000, convert = 20000, text_mb = 1, recog_mb = 1 / 32 },
  full = { groupby_csv = 10000000, json = 1000000, convert = 1000000, text_mb = 100, recog_mb = 1 / 4 },
}
local SZ = assert(SIZES[MODE], "usage: lua5.4 bench/run.lua quick|full [WORD of the job names]")
local RUNS = tonumber(os.getenv("BENCH_RUNS") or "") or 3
local WARM_ROWS = 10000

local B = (arg[0]:match("^(.*)/[^/]*$") or ".")           -- bench/
local ROOT = B .. "/.."
local DATA, PEERS, OUT = B .. "/data", B .. "/peers", B .. "/data/out"
local fmt, concat = string.format, table.concat
local T0 = os.time()
local function loadavg() local f = io.open("/proc/loadavg"); if not f then return "?" end
  local s = f:read("l"); f:close(); return s:match("^(%S+ %S+ %S+)") end
local LOAD0 = loadavg()

local function sh(cmd)                                     -- run, return stdout, ok
  local p = assert(io.popen(cmd, "r"))
  local s = p:read("a")
  local ok = p:close()
  return s, ok
end
local function q(s) s = tostring(s); return "'" .. s:gsub("'", "'\\''") .. "'" end
local function exists(path) local f = io.open(path, "rb"); if f then f:close() end; return f ~= nil end
local function filesize(path) local f = assert(io.open(path, "rb")); local n = f:seek("end"); f:close(); return n end
local function slurp(path) local f = io.open(path, "rb"); if not f then return nil end
  local s = f:read("a"); f:close(); return s end
local function log(...) io.stderr:write(fmt(...), "\n") end

-- {==================== peers and data ===============================

local function have(cmd) return select(2, sh("command -v " .. cmd .. " >/dev/null 2>&1")) end
local NODE = have("node") and exists(PEERS .. "/node/node_modules/@duckdb/node-api/package.json")
local RECOG = NODE and exists(PEERS .. "/node/node_modules/@microsoft/recognizers-text-number-with-unit/package.json")
local PY = have("python3")
local CJSON = (sh("find " .. q(PEERS .. "/lua-cjson") .. " -path '*lua/5.4/cjson.so' 2>/dev/null")):match("[^\n]+")
local NODE_ENV = "NODE_PATH=" .. q(PEERS .. "/node/node_modules")
local BIN = PEERS .. "/bin/"

-- generate (once) bench/data/NAME with gen.lua; a file of N rows is the prefix of any bigger one
local function gen(kind, size, name)
  local path = DATA .. "/" .. name
  if exists(path) then return path end
  os.execute("mkdir -p " .. q(DATA))
  local t = os.time()
  local tmp = path .. ".tmp"
  local cmd = fmt("lua5.4 %s %s %s %s", q(B .. "/gen.lua"), kind, tostring(size), q(kind == "tsv" and tmp .. ".tsv" or tmp))
  assert(os.execute(cmd), "gen.lua failed: " .. cmd)
  if kind == "tsv" then assert(os.execute(fmt("gzip -n -c %s > %s && rm -f %s", q(tmp .. ".tsv"), q(tmp), q(tmp .. ".tsv")))) end
  assert(os.rename(tmp, path))
  log("generated %s (%.0f MB) in %d s", name, filesize(path) / 1048576, os.time() - t)
  return path
end

-- {==================== measuring ====================================

local function argv(list) local t = {} for i, a in ipairs(list) do t[i] = q(a) end return concat(t, " ") end

-- one run: returns seconds, peak RSS KiB, exit status
local function run1(prog, input, out)
  local cmd = prog.cmd(input, out)
  local res = sh(fmt("%s %s -o %s -- %s 2>>%s", prog.env or "", q(BIN .. "runone"),
    q(prog.stdout and out or "/dev/null"), argv(cmd), q(OUT .. "/stderr.log")))
  local s, kb, st, cpu = res:match("([%d.]+) (%d+) (%d+) ([%d.]+)")
  return tonumber(s), tonumber(kb), tonumber(st), tonumber(cpu)
end

local function median(t)
  local s = {} for i, v in ipairs(t) do s[i] = v end
  table.sort(s)
  local n = #s
  return n % 2 == 1 and s[(n + 1) // 2] or (s[n // 2] + s[n // 2 + 1]) / 2
end

-- {==================== checks =======================================

local function read_groups(path)
  local t, n = {}, 0
  for line in io.lines(path) do
    local k, v = line:match("^(.*),([^,]*)$")
    if k then t[k] = tonumber(v); n = n + 1 end
  end
  return t, n
end

local function close(a, b) return a == b or math.abs(a - b) <= 1e-9 * math.max(math.abs(a), math.abs(b), 1) end

-- tradefig aggregate's CSV as the peers write theirs: "reporter,partner,flow,year,currency,sum"
-- per reported group (to PATH.norm). Its derived turnover and balance rows are kept apart in
-- a list and checked against the reference's exports and imports (check_groups).
local function tf_norm(path)
  local lines = io.lines(path)
  local head, col = lines(), {}
  local i = 0
  for name in (head or ""):gmatch("[^,]+") do i = i + 1; col[name] = i end
  if not (col.reporter and col.partner and col.flow and col.year and col.currency and col.value and col.derived) then
    return nil, "tradefig aggregate: unexpected header " .. tostring(head)
  end
  local o = assert(io.open(path .. ".norm", "wb"))
  local derived = {}
  for line in lines do
    local f = {}
    for x in (line .. ","):gmatch("([^,]*),") do f[#f + 1] = x end   -- no quoted fields in these columns
    if f[col.derived] ~= "" then
      derived[#derived + 1] = { key = concat({ f[col.reporter], f[col.partner], "%s", f[col.year], f[col.currency] }, ","),
        flow = f[col.flow], value = tonumber(f[col.value]) }
    else
      o:write(concat({ f[col.reporter], f[col.partner], f[col.flow], f[col.year], f[col.currency], f[col.value] }, ","), "\n")
    end
  end
  o:close()
  return path .. ".norm", derived
end

-- group-by: same groups, same sums (relative 1e-9: the programs add floats in different orders).
-- A program with `norm` (tradefig) has its output rewritten first; its derived rows must equal
-- exports + imports (turnover) and exports - imports (balance) of the reference, within 1e-9 of
-- the larger of the two.
local function check_groups(outs, progs)
  local ref, refname, nref
  local names, derived = {}, {}
  for _, p in ipairs(progs) do
    local path = outs[p.name]
    if p.norm then
      local np, d = p.norm(path)
      if not np then return false, d end
      outs[p.name], derived[p.name] = np, d
    end
    table.insert(names, p.norm and #names + 1 or 1, p.name)    -- a peer is the reference
  end
  for _, name in ipairs(names) do
    local t, n = read_groups(outs[name])
    if not ref then ref, refname, nref = t, name, n
    else
      local bad, shown = 0, {}
      if n ~= nref then shown[#shown + 1] = fmt("%s has %d groups, %s %d", name, n, refname, nref) end
      for k, v in pairs(ref) do
        if not (t[k] and close(v, t[k])) then
          bad = bad + 1
          if #shown < 3 then shown[#shown + 1] = fmt("%s: %s %s, %s %s", k, refname, tostring(v), name, tostring(t[k])) end
        end
      end
      if bad > 0 or n ~= nref then return false, concat(shown, "; ") .. fmt(" (%d groups differ)", bad) end
    end
  end
  local extra = ""
  for name, list in pairs(derived) do
    local bad, shown = 0, {}
    for _, d in ipairs(list) do
      local x, m = ref[fmt(d.key, "export")], ref[fmt(d.key, "import")]
      local want = x and m and (d.flow == "turnover" and x + m or d.flow == "balance" and x - m) or nil
      if not (want and math.abs(want - d.value) <= 1e-9 * math.max(math.abs(x), math.abs(m), 1)) then
        bad = bad + 1
        if #shown < 3 then shown[#shown + 1] = fmt("%s: %s %s, from %s's exports and imports %s", fmt(d.key, d.flow),
          name, tostring(d.value), refname, tostring(want)) end
      end
    end
    if bad > 0 then return false, concat(shown, "; ") .. fmt(" (%d derived rows differ)", bad) end
    extra = fmt("; %s's %d derived rows match: turnover = export + import, balance = export - import", name, #list)
  end
  return true, fmt("%d groups, same sums in all programs%s", nref or 0, extra)
end

-- convert: same number of records, same total of the value field
local function check_convert(outs, progs)
  local ref, refname
  for _, p in ipairs(progs) do
    local path = outs[p.name]
    if path then
      local s = sh(fmt("%s %s < %s", q(BIN .. "jsonl_sum"), p.key, q(path)))
      local n, nv, sum = s:match("(%d+) records, (%d+) values, sum ([%d.-]+)")
      n, nv, sum = tonumber(n), tonumber(nv), tonumber(sum)
      os.remove(path)
      if not n then return false, p.name .. ": unreadable output" end
      if not ref then ref, refname = { n = n, sum = sum }, p.name
      elseif n ~= ref.n or not close(sum, ref.sum) then
        return false, fmt("%s: %d records, value total %.3f; %s: %d records, total %.3f", refname, ref.n, ref.sum, p.name, n, sum)
      end
    end
  end
  return true, fmt("%d records, value total %.0f in all programs", ref and ref.n or 0, ref and ref.sum or 0)
end

-- text: money amounts per article; two extractors differ by design, so the rate is reported, never refused
local function read_articles(path)
  local t = {}
  for line in io.lines(path) do
    local i, n, s = line:match("^(%d+) (%d+) ([%d.e-]+)")
    if i then t[tonumber(i)] = { n = tonumber(n), s = tonumber(s) } end
  end
  return t
end
local function check_text(outs, progs)
  local money = {}
  for _, p in ipairs(progs) do if p.money then money[#money + 1] = p end end
  progs = money
  local a, b = read_articles(outs[progs[1].name]), progs[2] and outs[progs[2].name] and read_articles(outs[progs[2].name])
  local na, nb, diff, big = 0, 0, 0, 0
  for i, x in pairs(a) do
    na = na + x.n
    if b then
      local y = b[i] and b[i].n or 0
      nb = nb + y; diff = diff + math.abs(x.n - y); big = big + math.max(x.n, y)
    end
  end
  if not b then return true, fmt("%d found in %d articles", na, #a) end
  return true, fmt("money amounts: %s %d, %s %d; disagreement %.1f%% (sum of per-article count differences / "
    .. "sum of the larger counts; reported, not refused: two extractors legitimately differ)",
    progs[1].name, na, progs[2].name, nb, big > 0 and 100 * diff / big or 0)
end

-- {==================== jobs =========================================

local TF = ROOT .. "/bin/tradefig"
local function py(script) return function(i, o) return { "python3", B .. "/progs/" .. script, i, o } end end
local function duck(job, th) return function(i, o) return { "node", B .. "/progs/duckdb.cjs", job, th, i, o } end end
local function cj(script) return function(i, o) return { "lua5.4", B .. "/progs/" .. script, CJSON, i, o } end end
local function avail(list)
  local t = {}
  for _, p in ipairs(list) do
    if p.skip then log("skipped %s: %s", p.name, p.skip) else t[#t + 1] = p end
  end
  return t
end
local NONODE = not NODE and "node or bench/peers/node missing (bench/setup-peers.sh)" or nil
local NOPY = not PY and "python3 not found" or nil
local NOCJ = not CJSON and "lua-cjson not unpacked in bench/peers (bench/setup-peers.sh)" or nil

local rows_csv = SZ.groupby_csv
-- the group-by as tradefig does it: its trade rules, which the peers' programs follow (progs/)
local function tf_aggregate(i, o)
  return { TF, "aggregate", i, "--by", "reporter,partner,flow,year", "--format", "csv", "--output", o }
end
local jobs = {
  {
    name = "CSV group-by", desc = "sum(primaryValue) by reporter, partner, flow, year, trade rules",
    file = function() return gen("csv", rows_csv, "comtrade_" .. rows_csv .. ".csv") end,
    warm = function() return gen("csv", WARM_ROWS, "comtrade_" .. WARM_ROWS .. ".csv") end,
    rows = rows_csv, check = check_groups,
    progs = {
      { name = "tradefig aggregate", tradefig = true, cmd = tf_aggregate, norm = tf_norm },
      { name = "DuckDB 1 thread", cmd = duck("groupby-csv", 1), env = NODE_ENV, skip = NONODE },
      { name = "DuckDB 2 threads", cmd = duck("groupby-csv", 2), env = NODE_ENV, skip = NONODE },
      { name = "Python csv", cmd = py("groupby_csv.py"), skip = NOPY },
      { name = "pure Lua 5.4", cmd = function(i, o) return { "lua5.4", B .. "/progs/groupby_csv.lua", i, o } end },
    },
  },
  {
    name = "JSON group-by", desc = "API+ JSON, same sums",
    file = function() return gen("json", SZ.json, "comtrade_" .. SZ.json .. ".json") end,
    warm = function() return gen("json", WARM_ROWS, "comtrade_" .. WARM_ROWS .. ".json") end,
    rows = SZ.json, check = check_groups,
    progs = {
      { name = "tradefig aggregate", tradefig = true, cmd = tf_aggregate, norm = tf_norm },
      { name = "DuckDB 1 thread", cmd = duck("groupby-json", 1), env = NODE_ENV, skip = NONODE },
      { name = "DuckDB 2 threads", cmd = duck("groupby-json", 2), env = NODE_ENV, skip = NONODE },
      { name = "Python json", cmd = py("groupby_json.py"), skip = NOPY },
      { name = "lua-cjson", cmd = cj("groupby_cjson.lua"), skip = NOCJ },
    },
  },
  {
    name = "convert CSV", desc = "to JSON Lines on /dev/null", devnull = true,
    file = function() return gen("csv", SZ.convert, "comtrade_" .. SZ.convert .. ".csv") end,
    warm = function() return gen("csv", WARM_ROWS, "comtrade_" .. WARM_ROWS .. ".csv") end,
    rows = SZ.convert, check = check_convert,
    progs = {
      { name = "tradefig convert", tradefig = true, key = "value",
        cmd = function(i, o) return { TF, "convert", i, "--output", o } end },
      { name = "Python csv+json", cmd = py("convert_csv.py"), key = "primaryValue", skip = NOPY },
      { name = "DuckDB 1 thread", cmd = duck("convert-csv", 1), env = NODE_ENV, key = "primaryValue", skip = NONODE },
      { name = "DuckDB 2 threads", cmd = duck("convert-csv", 2), env = NODE_ENV, key = "primaryValue", skip = NONODE },
    },
  },
  {
    name = "convert bulk TSV.gz", desc = "gzipped bulk layout to JSON Lines on /dev/null", devnull = true,
    file = function() return gen("tsv", SZ.convert, "comtrade_bulk_" .. SZ.convert .. ".tsv.gz") end,
    warm = function() return gen("tsv", WARM_ROWS, "comtrade_bulk_" .. WARM_ROWS .. ".tsv.gz") end,
    rows = SZ.convert, check = check_convert, limit = "zcat",
    progs = {
      { name = "tradefig convert", tradefig = true, key = "value",
        cmd = function(i, o) return { TF, "convert", i, "--output", o } end },
      { name = "Python gzip+csv+json", cmd = py("convert_csv.py"), key = "primaryValue", skip = NOPY },
      { name = "DuckDB 1 thread", cmd = duck("convert-csv", 1), env = NODE_ENV, key = "primaryValue", skip = NONODE },
    },
  },
  {
    name = "convert JSON", desc = "API+ JSON to JSON Lines on /dev/null", devnull = true,
    file = function() return gen("json", SZ.json, "comtrade_" .. SZ.json .. ".json") end,
    warm = function() return gen("json", WARM_ROWS, "comtrade_" .. WARM_ROWS .. ".json") end,
    rows = SZ.json, check = check_convert,
    progs = {
      { name = "tradefig convert", tradefig = true, key = "value",
        cmd = function(i, o) return { TF, "convert", i, "--output", o } end },
      { name = "Python json", cmd = py("convert_json.py"), key = "primaryValue", skip = NOPY },
      { name = "lua-cjson", cmd = cj("convert_cjson.lua"), key = "primaryValue", skip = NOCJ },
    },
  },
  {
    name = "money in English text", desc = "8 KB articles, in process", per_article = true,
    file = function() return gen("text-en", SZ.recog_mb, fmt("news_en_%gMB.txt", SZ.recog_mb)) end,
    warm = function() return gen("text-en", 1 / 64, "news_en_0.015625MB.txt") end,
    check = check_text,
    progs = {
      { name = "tradefig scan_amounts", tradefig = true, stdout = true, money = true,
        cmd = function(i) return { "lua5.4", B .. "/progs/text_tradefig.lua", ROOT, "amounts", "en", i } end },
      { name = "Recognizers-Text currency", stdout = true, env = NODE_ENV, money = true,
        skip = not RECOG and "Recognizers-Text not installed (bench/setup-peers.sh)" or nil,
        cmd = function(i) return { "node", B .. "/progs/recognizers.cjs", i } end },
      -- the whole extraction on the same articles: its latency beside the peer's
      { name = "tradefig extract (Lua API)", tradefig = true, stdout = true,
        cmd = function(i) return { "lua5.4", B .. "/progs/text_tradefig.lua", ROOT, "extract", "en", i } end },
    },
  },
  {
    name = "text, tradefig alone", desc = "no peer extracts trade figures; MB/s and the raw limit",
    file = function() return gen("text-de", SZ.text_mb, fmt("news_de_%gMB.txt", SZ.text_mb)) end,
    warm = function() return gen("text-de", 1 / 64, "news_de_0.015625MB.txt") end,
    per_article = true, solo = true,
    progs = {
      { name = "amounts --lang de (CLI)", cmd = function(i) return { TF, "amounts", "--lang", "de", i } end },
      { name = "extract --lang de (CLI)", cmd = function(i) return { TF, "extract", "--lang", "de", "--date", "2024-12-05", "--max-tokens", "0", i } end },
      { name = "extract (Lua API)", stdout = true,
        cmd = function(i) return { "lua5.4", B .. "/progs/text_tradefig.lua", ROOT, "extract", "de", i } end },
      -- the C core alone per article, one pass (build/bench/extract, made by make bench)
      { name = "tf_extract (C core)",
        cmd = function(i) return { ROOT .. "/build/bench/extract", "de", i, "0", ROOT .. "/lua/tradefig/data" } end },
    },
  },
}
-- the English corpus of the same size, for `amounts --lang en` through the command
table.insert(jobs[7].progs, 2, { name = "amounts --lang en (CLI)", other = function()
  return gen("text-en", SZ.text_mb, fmt("news_en_%gMB.txt", SZ.text_mb)) end,
  cmd = function(i) return { TF, "amounts", "--lang", "en", i } end })

-- {==================== running ======================================

local function machine()
  local cpu = (slurp("/proc/cpuinfo") or ""):match("model name%s*:%s*([^\n]+)") or "?"
  local mem = (slurp("/proc/meminfo") or ""):match("MemTotal:%s*(%d+)")
  local ver = function(c) return (sh(c .. " 2>&1")):match("[^\n]*") end
  return fmt("%s, %s cores (nproc), %.0f GB RAM, %s", cpu, (sh("nproc")):gsub("%s", ""),
    (tonumber(mem) or 0) / 1048576, ver("uname -sr")),
    fmt("lua %s; %s; node %s; DuckDB %s; Recognizers-Text %s; lua-cjson %s",
      ver("lua5.4 -v"):match("Lua (%S+)") or "?", PY and ver("python3 --version") or "no python3",
      NODE and ver("node --version") or "-",
      NODE and (slurp(PEERS .. "/node/node_modules/@duckdb/node-api/package.json") or ""):match('"version":%s*"([^"]+)"') or "-",
      RECOG and (slurp(PEERS .. "/node/node_modules/@microsoft/recognizers-text-number-with-unit/package.json") or "")
        :match('"version":%s*"([^"]+)"') or "-",
      CJSON and "2.1.0 (Debian, Lua 5.4 module)" or "-")
end

local rows = {}          -- the table
local notes = {}
local function row(t) rows[#rows + 1] = t end

local function run_job(job)
  local progs = avail(job.progs)
  local file = job.file()
  local size = filesize(file)
  local warm = job.warm and job.warm()
  os.execute("mkdir -p " .. q(OUT))
  log("== %s (%s, %.0f MB)", job.name, file:match("[^/]+$"), size / 1048576)
  -- the raw limit, which also loads the file into the page cache
  local lim = { name = job.limit == "zcat" and "raw limit: zcat | nlcount" or "raw limit: memchr newline count",
    cmd = job.limit == "zcat" and function(i) return { "sh", "-c", "zcat " .. q(i) .. " | " .. q(BIN .. "nlcount") .. " /dev/stdin" } end
      or function(i) return { BIN .. "nlcount", i } end }
  table.insert(progs, 1, lim)
  for _, p in ipairs(progs) do p.file = p.other and p.other() or file end
  run1(lim, file, "/dev/null")
  -- warm-up on a prefix
  for _, p in ipairs(progs) do if warm and not p.other then run1(p, warm, OUT .. "/warm.out") end end
  local times, rss, cpus, outs, ok, msg, failed = {}, {}, {}, {}, true, nil, false
  for _, p in ipairs(progs) do times[p] = {}; rss[p] = {}; cpus[p] = {} end
  local rounds = RUNS + (job.devnull and 1 or 0)
  for r = 1, rounds do
    local checking = (r == 1)
    for _, p in ipairs(progs) do
      local out = "/dev/null"
      if p ~= lim and (p.stdout or not job.devnull or checking) then
        out = fmt("%s/%s.%d.out", OUT, p.name:gsub("[^%w]+", "_"), r)
      end
      local s, kb, st, cpu = run1(p, p.file, out)
      if st ~= 0 then
        ok, msg, failed = false, fmt("%s exited with status %s (see bench/data/out/stderr.log)", p.name, tostring(st)), true
      end
      if checking and p ~= lim then outs[p.name] = out end
      if not (job.devnull and checking) then
        times[p][#times[p] + 1] = s; rss[p][#rss[p] + 1] = kb; cpus[p][#cpus[p] + 1] = cpu
        if p.stdout and job.per_article then
          local lat = {}
          for _, a in pairs(read_articles(out)) do lat[#lat + 1] = a.s end
          p.lat = p.lat or {}
          if #lat > 0 then p.lat[#p.lat + 1] = median(lat) end
        end
      end
      log("  round %d/%d %-28s %8.3f s %7.0f MB%s", r, rounds, p.name, s or -1, (kb or 0) / 1024,
        (job.devnull and checking) and "  (check round, output to a file)" or "")
    end
    if checking and ok and job.check then
      local pl = {}
      for _, p in ipairs(progs) do if p ~= lim then pl[#pl + 1] = p end end
      ok, msg = job.check(outs, pl)
    end
    if not ok then break end
  end
  local head = fmt("%s: %s, %s", job.name, job.desc, job.rows and fmt("%d rows, %.0f MB", job.rows, size / 1048576)
    or fmt("%.3g MB", size / 1048576))
  row({ job = head, msg = msg, ok = ok })
  if not ok then
    row({ text = (failed and "  FAILED: " or "  DISAGREEMENT: ") .. tostring(msg) .. "; no times reported for this job" })
    return
  end
  local tf
  for _, p in ipairs(progs) do if p.tradefig and not tf then tf = median(times[p]) end end
  local limt = median(times[lim])
  for _, p in ipairs(progs) do
    local t = median(times[p])
    local mn, mx = math.huge, 0
    for _, v in ipairs(times[p]) do mn = math.min(mn, v); mx = math.max(mx, v) end
    local bytes = p.other and filesize(p.file) or size
    local cpu = median(cpus[p])
    row({ prog = p.name, t = t, spread = (mx - mn) / t * 100, mbs = bytes / 1048576 / t, rss = median(rss[p]) / 1024,
      cpu = cpu, best = bytes / 1048576 / mn,
      xlim = (p ~= lim and not p.other) and t / limt or nil,
      vs = (tf and p ~= lim and not p.tradefig) and t / tf or nil,
      lat = p.lat and median(p.lat) * 1000 or nil, tf = p.tradefig })
  end
end

local t_start = os.time()
-- an optional second argument picks jobs by a word of their names ("text", "JSON", "CSV")
local ONLY = arg[2]
for _, job in ipairs(jobs) do
  if not ONLY or job.name:find(ONLY, 1, true) then run_job(job) end
end

-- {==================== the table ====================================

local m1, m2 = machine()
local out = {}
local function w(...) out[#out + 1] = fmt(...) end
w("tradefig bench (%s), %s, %d interleaved runs each after a warm-up; medians", MODE, os.date("!%Y-%m-%d %H:%M UTC", T0), RUNS)
w("machine: %s", m1)
w("peers: %s", m2)
w("load average (1, 5, 15 min) at start %s, at end %s: other work on the machine slows every program", LOAD0, loadavg())
w("")
w("%-34s %9s %6s %9s %9s %8s %8s %8s %10s %9s", "program", "wall s", "+-%", "MB/s", "best MB/s", "CPU s",
  "RSS MB", "x limit", "peer/tf", "ms/8KB")
for _, r in ipairs(rows) do
  if r.job then w(""); w("%s", r.job); if r.ok and r.msg then w("  check: %s", r.msg) end
  elseif r.text then w("%s", r.text)
  else
    w("  %-32s %9.3f %6.0f %9s %9s %8.3f %8.1f %8s %10s %9s", r.prog, r.t, r.spread,
      fmt(r.mbs < 10 and "%.3f" or "%.1f", r.mbs), fmt(r.best < 10 and "%.3f" or "%.1f", r.best), r.cpu or 0, r.rss,
      r.xlim and fmt("%.1f", r.xlim) or "", r.vs and fmt("%.2f", r.vs) or (r.tf and "1.00" or ""),
      r.lat and fmt("%.2f", r.lat) or "")
  end
end
w("")
w("wall s: median wall time; +-%%: (max-min)/median; MB/s: input size / median wall; best MB/s: / the fastest")
w("round (the least disturbed by other work); CPU s: median user + system time of the process; x limit: wall /")
w("the raw limit's wall on the same file;")
w("peer/tf: peer wall / tradefig wall (above 1: tradefig is faster); ms/8KB: median per-article time in process")
w("(CPU time for tradefig's Lua API, wall for Node). Total bench time %d s.", os.time() - t_start)
io.write(concat(out, "\n"), "\n")
local f = io.open(DATA .. "/bench-" .. MODE .. ".txt", "wb")
if f then f:write(concat(out, "\n"), "\n"); f:close() end
