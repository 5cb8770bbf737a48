--- tradefig: trade figures from text and tables.
-- A thin facade over the C core (`tradefig.core`): it finds the language
-- data, caches lexicons and checks arguments.
-- @module tradefig

local core = require "tradefig.core"

local assert, error, type, pairs, ipairs, tostring = assert, error, type, pairs, ipairs, tostring
local io_open = io.open
local getinfo = debug.getinfo

local M = {
  _NAME = "tradefig",
  _VERSION = core._VERSION,
  core = core,
}

--- Languages that ship a lexicon.
M.languages = { "de", "en", "ru" }

local known_lang = {}
for _, l in ipairs(M.languages) do known_lang[l] = true end

--- Directory holding the data files (lexicons, gazetteer).
-- Found next to this file, so it works in the source tree and installed;
-- `TRADEFIG_DATA` in the environment overrides it.
local function default_data_dir()
  local env = os.getenv("TRADEFIG_DATA")
  if env and env ~= "" then return env end
  local src = getinfo(1, "S").source
  local dir = src:match("^@(.*)[/\\][^/\\]*$") or "."
  return dir .. "/data"
end

M.data_dir = default_data_dir()

local function read_file(path)
  local f, err = io_open(path, "rb")
  if not f then return nil, err end
  local s, rerr = f:read("a")
  f:close()
  if not s then return nil, rerr end
  return s
end

--- Load a lexicon from a JSON file.
-- @tparam string path
-- @return a `tradefig.Lexicon`, or nil, message, code
function M.load_lexicon(path)
  if type(path) ~= "string" then
    error("bad argument #1 to 'load_lexicon' (string expected, got " .. type(path) .. ")", 2)
  end
  local json, err = read_file(path)
  if not json then return nil, "EIO: " .. tostring(err), "EIO" end
  return core.lexicon(json, path)
end

local cache = {}

--- The lexicon of a language ("de", "en", "ru"), loaded once.
-- @return the lexicon, or nil, message, code
function M.lexicon(lang)
  if type(lang) ~= "string" then
    error("bad argument #1 to 'lexicon' (string expected, got " .. type(lang) .. ")", 2)
  end
  local lx = cache[lang]
  if lx then return lx end
  if not known_lang[lang] then
    return nil, "EINVAL: no lexicon for language '" .. lang .. "'", "EINVAL"
  end
  local err, code
  lx, err, code = M.load_lexicon(M.data_dir .. "/lexicon/" .. lang .. ".json")
  if not lx then return nil, err, code end
  cache[lang] = lx
  return lx
end

local function check_text(fname, s)
  if type(s) == "string" then return end
  local is_text, open = core.is_text(s)
  if not is_text then
    error("bad argument #1 to '" .. fname .. "' (string or tradefig.Text expected, got " .. type(s) .. ")", 3)
  elseif not open then
    error("bad argument #1 to '" .. fname .. "' (the text is closed)", 3)
  end
end

--- A whole file as a text for `extract`, `scan_amounts`, `annotate` and `detect_lang`,
-- without copying it into a Lua string: a regular file is memory-mapped, anything
-- else is read. `#t` is its length in bytes, `t:sub(i [, j])` a part as a string,
-- `t:close()` (or garbage collection) unmaps it.
-- @return a `tradefig.Text`, or nil, message, code
function M.open_text(path)
  if type(path) ~= "string" then
    error("bad argument #1 to 'open_text' (string expected, got " .. type(path) .. ")", 2)
  end
  return core.open_text(path)
end

local function check_opts(fname, opts, allowed)
  if opts == nil then return {} end
  if type(opts) ~= "table" then
    error("bad argument #2 to '" .. fname .. "' (table expected, got " .. type(opts) .. ")", 3)
  end
  for k in pairs(opts) do
    if not allowed[k] then
      error("bad argument #2 to '" .. fname .. "' (unknown option '" .. tostring(k) .. "')", 3)
    end
  end
  if opts.lang ~= nil and type(opts.lang) ~= "string" then
    error("bad argument #2 to '" .. fname .. "' (option 'lang' must be a string)", 3)
  end
  for _, k in ipairs({ "max_amounts", "max_tokens", "max_record", "max_depth" }) do
    local v = opts[k]
    if v ~= nil and (math.type(v) ~= "integer" or v < 0) then
      error("bad argument #2 to '" .. fname .. "' (option '" .. k .. "' must be a non-negative integer)", 3)
    end
  end
  return opts
end

-- The language of a text is told by its beginning: this many bytes are enough and keep
-- a 100 MB file from being tokenized three times over.
local DETECT_BYTES = 65536

--- Guess the language of a text from the stop words of its first 64 KiB.
-- @treturn string "de", "en" or "ru" (English when nothing tells)
function M.detect_lang(text)
  check_text("detect_lang", text)
  local best, best_score = "en", 0
  for _, lang in ipairs(M.languages) do
    local lx = M.lexicon(lang)
    if lx then
      local score = lx:score(text, DETECT_BYTES)
      if score > best_score then best, best_score = lang, score end
    end
  end
  return best
end

local function lexicon_for(text, opts)
  return M.lexicon(opts.lang or M.detect_lang(text))
end

local scan_options = { lang = true, max_amounts = true, max_tokens = true }

--- Every amount, percentage, multiplier, quantity, date and plain number in a text.
-- Each item: {kind=, value=, number=, scale=, qualifier=, currency=, unit=,
-- direction=, month=, year=, i=, j=, text=} with 1-based inclusive byte spans,
-- so `text:sub(a.i, a.j) == a.text`.
-- @tparam string text
-- @tparam[opt] table opts {lang=, max_amounts=, max_tokens=}
-- @return array of amounts and, when the text held invalid UTF-8 or NUL
-- bytes, a warning naming the first; or nil, message, code
function M.scan_amounts(text, opts)
  check_text("scan_amounts", text)
  opts = check_opts("scan_amounts", opts, scan_options)
  local lx, err, code = lexicon_for(text, opts)
  if not lx then return nil, err, code end
  return lx:scan(text, { max_amounts = opts.max_amounts, max_tokens = opts.max_tokens })
end

local parse_options = { lang = true }

--- Parse the first amount in a string ("über $800 Mio." -> 800000000 USD, over).
-- @tparam string s
-- @tparam[opt] table opts {lang=}
-- @return {value=, currency=, qualifier=, scale=, i=, j=, text=, kind=, ...}
-- or nil, message, code
function M.parse_amount(s, opts)
  check_text("parse_amount", s)
  opts = check_opts("parse_amount", opts, parse_options)
  local lx, err, code = lexicon_for(s, opts)
  if not lx then return nil, err, code end
  local list, serr, scode = lx:scan(s)
  if not list then return nil, serr, scode end
  local a = list[1]
  if not a then return nil, "EPARSE: no amount found", "EPARSE" end
  if a.overflow then
    return nil, "ERANGE: number beyond the range of a double at byte " .. a.i, "ERANGE"
  end
  return a
end

--- Is s valid UTF-8 without NUL bytes? Returns true, or false and the 1-based byte position.
M.utf8_check = core.utf8_check

local gz_cache = {}

--- The place lexicon of a language, built from the gazetteer files once.
-- @return a `tradefig.Lexicon`, or nil, message, code
function M.gazetteer(lang)
  if type(lang) ~= "string" then
    error("bad argument #1 to 'gazetteer' (string expected, got " .. type(lang) .. ")", 2)
  end
  local gz = gz_cache[lang]
  if gz then return gz end
  local dir = M.data_dir .. "/gazetteer/"
  local places, perr = read_file(dir .. "places.json")
  if not places then return nil, "EIO: " .. tostring(perr), "EIO" end
  local aliases, aerr = read_file(dir .. "aliases.json")
  if not aliases then return nil, "EIO: " .. tostring(aerr), "EIO" end
  local lx, err, code = M.lexicon(lang)
  if not lx then return nil, err, code end
  gz, err, code = core.gazetteer(places, aliases, lang, lx)
  if not gz then return nil, err, code end
  gz_cache[lang] = gz
  return gz
end

--- The subdivision -> country table with the regions that are capitals and the countries'
-- fiscal years (aliases.json "capitals", "fiscal_year_start"), loaded once. The countries come
-- from a gazetteer already loaded (any language's: they are the same), else from places.json.
-- @tparam[opt] tradefig.Lexicon gz a gazetteer
-- @return a `tradefig.Parents`, or nil, message, code
function M.parents(gz)
  if M._parents then return M._parents end
  local src, name = gz, nil
  if not src then
    name = M.data_dir .. "/gazetteer/places.json"
    local json, err = read_file(name)
    if not json then return nil, "EIO: " .. tostring(err), "EIO" end
    src = json
  end
  local apath = M.data_dir .. "/gazetteer/aliases.json"
  local aliases, aerr = read_file(apath)
  if not aliases then return nil, "EIO: " .. tostring(aerr), "EIO" end
  local p, perr, code = core.parents(src, name, aliases, apath)
  if not p then return nil, perr, code end
  M._parents = p
  return p
end

local extract_options = { lang = true, date = true, max_amounts = true, max_tokens = true }

--- The trade figures a text states, as records of the figure schema.
-- Each record: {flow=, reporter=, partner=, value=, currency=, qualifier=,
-- period={from=, to=}, change=, status=, segment=, scope=, span=, spans=, sentence=}
-- where spans lists every place the figure is stated as {i, j} (1-based,
-- inclusive), span is the text of the first and sentence the {i, j} of the
-- sentence that states it. The work is done in C (csrc/tf_extract.c).
-- @tparam string text
-- @tparam[opt] table opts {lang=, date="YYYY-MM-DD" (resolves "last year"), max_amounts=, max_tokens=}
-- @return array of figures (and a warning about invalid UTF-8), or nil, message, code
function M.extract(text, opts)
  check_text("extract", text)
  opts = check_opts("extract", opts, extract_options)
  if opts.date ~= nil and (type(opts.date) ~= "string" or not opts.date:match("^%d%d%d%d%-%d%d%-%d%d$")) then
    error("bad argument #2 to 'extract' (option 'date' must be a string YYYY-MM-DD)", 2)
  end
  local lang = opts.lang or M.detect_lang(text)
  local lx, err, code = M.lexicon(lang)
  if not lx then return nil, err, code end
  local gz
  gz, err, code = M.gazetteer(lang)
  if not gz then return nil, err, code end
  local parents
  parents, err, code = M.parents(gz)
  if not parents then return nil, err, code end
  return lx:extract(text, gz, parents, { date = opts.date, max_amounts = opts.max_amounts,
    max_tokens = opts.max_tokens })
end

-- Statistics files ----------------------------------------------------------

--- The area code tables (Comtrade, M49, ISO alpha-2/3, quantity units), loaded once.
-- @return a `tradefig.Codes`, or nil, message, code
function M.codes()
  if M._codes then return M._codes end
  local path = M.data_dir .. "/codes/areas.json"
  local json, err = read_file(path)
  if not json then return nil, "EIO: " .. tostring(err), "EIO" end
  local c, cerr, code = core.codes(json, path)
  if not c then return nil, cerr, code end
  M._codes = c
  return c
end

--- Layouts of statistics files that `open` reads.
M.layouts = { "auto", "comtrade", "comtrade-bulk", "comtradr", "comtrade-legacy", "imf", "comext", "map" }
local layout_alias = { ["comtrade-bulk"] = "comtrade" }
local known_layout = {}
for _, l in ipairs(M.layouts) do known_layout[l] = true end

local open_options = { layout = true, map = true, lenient = true, on_reject = true,
  max_record = true, max_depth = true }

local function map_json(fname, map)
  if type(map) == "string" then
    local json, err = read_file(map)
    if not json then return nil, "EIO: " .. tostring(err), "EIO" end
    return json
  elseif type(map) == "table" then
    return require("tradefig.json").encode(map)
  end
  error("bad argument #2 to '" .. fname .. "' (option 'map' must be a file name or a table)", 3)
end

local function open_reader(fname, path, opts)
  if type(path) ~= "string" then
    error("bad argument #1 to '" .. fname .. "' (string expected, got " .. type(path) .. ")", 3)
  end
  opts = check_opts(fname, opts, open_options)
  local layout = opts.layout or (opts.map and "map") or "auto"
  if type(layout) ~= "string" or not known_layout[layout] then
    error("bad argument #2 to '" .. fname .. "' (option 'layout' must be one of "
      .. table.concat(M.layouts, ", ") .. ")", 3)
  end
  if layout == "map" and opts.map == nil then
    error("bad argument #2 to '" .. fname .. "' (layout 'map' needs option 'map')", 3)
  end
  if opts.on_reject ~= nil and type(opts.on_reject) ~= "function" then
    error("bad argument #2 to '" .. fname .. "' (option 'on_reject' must be a function)", 3)
  end
  local map, err, code
  if opts.map ~= nil then
    map, err, code = map_json(fname, opts.map)
    if not map then return nil, err, code end
  end
  local codes
  codes, err, code = M.codes()
  if not codes then return nil, err, code end
  return core.open(path, {
    layout = layout_alias[layout] or layout, map = map, codes = codes, lenient = opts.lenient and true,
    on_reject = opts.on_reject, max_record = opts.max_record, max_depth = opts.max_depth,
  })
end

--- Open a statistics file (CSV/TSV or JSON, plain or gzip) as a stream of records.
-- The reader has `:records()` (an iterator that raises on a data error, as
-- io.lines does), `:read()` (record; nil at the end; nil, msg, code on an
-- error; false, msg, code for a rejected row when strict), `:stats()`,
-- `:close()`, and works with `<close>`.
-- @tparam string path a file name, or "-" for standard input
-- @tparam[opt] table opts {layout=, map= (JSON file name or table), lenient=,
-- on_reject=function(msg, code), max_record=, max_depth=}
-- @return a `tradefig.Reader`, or nil, "ECODE: file:line:column: message", "ECODE"
function M.open(path, opts)
  return open_reader("open", path, opts)
end

--- Read a whole (small) statistics file into an array of records.
-- Strict by default: the first rejected row is an error. With `lenient`,
-- rejected rows are skipped; the second result is the reader's stats.
-- @return records, stats; or nil, message, code
function M.read(path, opts)
  local r, err, code = open_reader("read", path, opts)
  if not r then return nil, err, code end
  local out = {}
  while true do
    local rec, rerr, rcode = r:read()
    if rec then
      out[#out + 1] = rec
    elseif rerr then
      r:close()
      return nil, rerr, rcode
    else
      break
    end
  end
  local st = r:stats()
  r:close()
  return out, st
end

-- Aggregation ---------------------------------------------------------------

local agg_options = { by = true, max_groups = true, where = true, rates = true, currency = true }

local function agg_spec(fname, opts)
  local aggm = require "tradefig.agg"
  if type(opts) ~= "table" then
    error("bad argument #1 to '" .. fname .. "' (table expected, got " .. type(opts) .. ")", 3)
  end
  for k in pairs(opts) do
    if not agg_options[k] then
      error("bad argument #1 to '" .. fname .. "' (unknown option '" .. tostring(k) .. "')", 3)
    end
  end
  local by = opts.by
  if type(by) == "string" then
    local list = {}
    for k in by:gmatch("[^,%s]+") do list[#list + 1] = k end
    by = list
  end
  if type(by) ~= "table" then
    error("bad argument #1 to '" .. fname .. "' (option 'by' must be a table or a string of key names)", 3)
  end
  local known = {}
  for _, k in ipairs(aggm.keys) do known[k] = true end
  for _, k in ipairs(by) do
    if not known[k] then
      error("bad argument #1 to '" .. fname .. "' (unknown key '" .. tostring(k) .. "'; keys: "
        .. table.concat(aggm.keys, ", ") .. ")", 3)
    end
  end
  local where = opts.where
  if type(where) == "string" then
    local w, werr = aggm.parse_where(where)
    if not w then error("bad argument #1 to '" .. fname .. "' (option 'where': " .. werr .. ")", 3) end
    where = w
  end
  local rates, target = opts.rates, opts.currency
  if rates ~= nil then
    if type(rates) == "string" and not rates:match("^%s*[%[{]") then
      local text, rerr = read_file(rates)
      if not text then return nil, "EIO: " .. tostring(rerr), "EIO" end
      rates = text
    end
    local list, t = aggm.parse_rates(rates)
    if not list then return nil, "EPARSE: " .. t, "EPARSE" end
    rates, target = list, target or t or "USD"
  end
  if target ~= nil and (type(target) ~= "string" or not target:match("^%u%u%u$")) then
    error("bad argument #1 to '" .. fname .. "' (option 'currency' must be an ISO 4217 code)", 3)
  end
  return { by = by, max_groups = opts.max_groups, where = where, rates = rates, target = target }
end

--- A group-by aggregator with the trade rules (README "Aggregating").
-- `agg:add(record)`, `agg:add_reader(reader)` (the fast path: the reader is
-- read in C), `agg:rows{sort=, limit=}`, `agg:keys()`, `agg:stats()`,
-- `agg:dump()` (mergeable partial state), `agg:close()`, `<close>`.
-- @tparam table opts {by={keys...} or "k1,k2", max_groups=, where="flow=export, year>=2010"
-- or {{key, op, value}...}, rates=file, JSON text or {{currency=, period=, rate=}...}, currency="USD"}
-- @return a `tradefig.Agg`, or nil, message, code (an unreadable or malformed rates file)
function M.aggregator(opts)
  local spec, err, code = agg_spec("aggregator", opts)
  if not spec then return nil, err, code end
  return core.aggregator(spec)
end

--- Merge partial states (`agg:dump()` texts) into one aggregator: the result
-- is that of one pass over all the inputs.
-- @tparam table dumps array of JSON texts
-- @tparam[opt] table names array of names for messages (file names)
-- @return a `tradefig.Agg`, or nil, message, code
function M.merge(dumps, names)
  if type(dumps) ~= "table" then
    error("bad argument #1 to 'merge' (table expected, got " .. type(dumps) .. ")", 2)
  end
  if #dumps == 0 then error("bad argument #1 to 'merge' (no partial states)", 2) end
  names = names or {}
  local keys, target, code0 = core.dump_keys(dumps[1], names[1])
  if not keys then return nil, target, code0 end
  local by = {}
  for _, k in ipairs(keys) do by[#by + 1] = k end
  local agg = core.aggregator { by = by, target = target ~= "" and target or nil }
  for i, d in ipairs(dumps) do
    if type(d) ~= "string" then
      agg:close()
      error("bad argument #1 to 'merge' (item " .. i .. " is not a string)", 2)
    end
    local ok, err, code = agg:load(d, names[i])
    if not ok then
      agg:close()
      return nil, err, code
    end
  end
  return agg
end

assert(M.data_dir)
return M
