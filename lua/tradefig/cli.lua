--- The `tradefig` command.
-- Exit status: 0 success, 1 bad input, 2 bad usage. Messages go to stderr
-- and name the file and the place.
-- @module tradefig.cli

local tradefig = require "tradefig"
local json = require "tradefig.json"

local io, string, table = io, string, table
local ipairs, tostring, tonumber, pcall, setmetatable = ipairs, tostring, tonumber, pcall, setmetatable
local format, concat = string.format, table.concat

local M = {}

local EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2

local usage_main = [[
usage: tradefig COMMAND [OPTIONS] [FILE|-]

commands:
  digest    the digest of an article: its figures, grouped and compared
  extract   the trade figures a text states, as JSON records
  amounts   list every amount, percentage, multiplier, quantity, date and
            number in a text, with its byte span and line:column
  convert   read trade-statistics files (UN Comtrade, IMF, Eurostat Comext,
            any CSV by a column map) into records, as JSON Lines or CSV
  aggregate sum statistics files grouped by keys, with the trade rules
            (World rows, sub-flows, levels, periods; turnover and balance)
  merge     combine partial states of 'aggregate --partial' into one result
  report    a recipe's report (profile, top, mirror, claims, consistency)
            in text, markdown, json, csv, svg or html

options common to all commands:
  --help          this text, or a command's own help after the command
  --version       print the version
  --lang L        de, en or ru (default: detected from the text)
  --format F      text (default) or json
  --output FILE   write there instead of standard output

Run 'tradefig COMMAND --help' for a command's options.
]]

local usage_amounts = [[
usage: tradefig amounts [--lang de|en|ru] [--date YYYY-MM-DD] [--format text|json] [--output FILE] [FILE|-]

Reads FILE (or standard input) as UTF-8 text and prints one line per
amount found:

  START-END  LINE:COL  KIND  VALUE  CURRENCY/UNIT  QUALIFIER  DIRECTION  "TEXT"

With --date (the document's date) a date without a year ("5. Dezember") is
written in full, in the latest year not after that date; without --date it
is written "--12-05" (ISO 8601 month and day).
START-END are 1-based inclusive byte positions; KIND is money, number,
year, percent, points, multiplier, quantity or date. With --format json
the same items are printed as a JSON array, with 0-based byte offsets
[start, end) as in the figure schema.
]]

local function stderr(...)
  io.stderr:write("tradefig: ", concat({ ... }), "\n")
end

--- Parse arguments into options and positional arguments.
-- spec maps an option name to "flag" or "value".
local function parse_args(args, first, spec)
  local opts, pos = {}, {}
  local i = first
  while i <= #args do
    local a = args[i]
    if a == "--" then
      for k = i + 1, #args do pos[#pos + 1] = args[k] end
      break
    elseif a:sub(1, 2) == "--" and #a > 2 then
      local name, val = a:match("^%-%-([^=]+)=(.*)$")
      name = name or a:sub(3)
      local kind = spec[name]
      if not kind then return nil, "unknown option '--" .. name .. "'" end
      if kind == "flag" then
        if val then return nil, "option '--" .. name .. "' takes no value" end
        opts[name] = true
      else
        if not val then
          i = i + 1
          val = args[i]
          if val == nil then return nil, "option '--" .. name .. "' needs a value" end
        end
        opts[name] = val
      end
    else
      pos[#pos + 1] = a
    end
    i = i + 1
  end
  return opts, pos
end

local function read_input(path)
  if path == nil or path == "-" then
    local s = io.stdin:read("a")
    return s or "", "<stdin>"
  end
  local f, err = io.open(path, "rb")
  if not f then return nil, err end
  local s, rerr = f:read("a")
  f:close()
  if not s then return nil, path .. ": " .. tostring(rerr) end
  return s, path
end

--- 1-based line and column (in characters) of byte position pos.
local function line_col(text, pos, cache)
  -- cache: {pos=, line=, col_start=} lets increasing positions scan forward only
  local from, line, line_start = 1, 1, 1
  if cache.pos and cache.pos <= pos then
    from, line, line_start = cache.pos, cache.line, cache.line_start
  end
  for k = from, pos - 1 do
    if text:byte(k) == 10 then line = line + 1; line_start = k + 1 end
  end
  cache.pos, cache.line, cache.line_start = pos, line, line_start
  local col = (utf8.len(text, line_start, pos - 1, true) or (pos - line_start)) + 1
  return line, col
end

local function fmt_value(v)
  if v == nil then return "-" end
  if math.type(v) == "integer" then return tostring(v) end
  if v == math.huge then return "inf" end
  return json.number(v)
end

local function open_output(path)
  if not path or path == "-" then return io.stdout end
  local f, err = io.open(path, "wb")
  if not f then return nil, err end
  return f
end

local function close_output(out)
  if out == io.stdout then
    local ok, err = io.stdout:flush()
    if not ok then return nil, err end
    return true
  end
  return out:close()
end

--- Close the output; a failed write or close is reported with the file named, as bad input.
local function finish(out, opts, wrote, werr, status)
  local cok, cerr = close_output(out)
  if not wrote or not cok then
    stderr(opts.output or "<stdout>", ": write failed: ", tostring(werr or cerr))
    return EXIT_INPUT
  end
  return status or EXIT_OK
end

--- Usage errors shared by the commands; each returns true after saying what is wrong.
local function bad_lang(cmd, option, v)
  if v and not tradefig.lexicon(v) then
    stderr(cmd, ": --", option, " must be one of ", concat(tradefig.languages, ", "), ", not '", v, "'")
    return true
  end
end

local month_days = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 }

local function bad_date(cmd, v)
  local y, m, d = tostring(v or ""):match("^(%d%d%d%d)%-(%d%d)%-(%d%d)$")
  y, m, d = tonumber(y), tonumber(m), tonumber(d)
  local leap = y and (y % 4 == 0 and (y % 100 ~= 0 or y % 400 == 0))
  if v and (not m or m < 1 or m > 12 or d < 1 or d > month_days[m]
            or (m == 2 and d == 29 and not leap)) then
    stderr(cmd, ": --date must be YYYY-MM-DD, not '", v, "'")
    return true
  end
end

-- One text is at most this many tokens unless --max-tokens says otherwise (0: no limit): about
-- 30 MB of prose, far beyond an article, and within what the extractor holds in memory.
local DEFAULT_MAX_TOKENS = 5000000

local function bad_max_tokens(cmd, opts)
  local v = opts["max-tokens"]
  if v == nil then opts.max_tokens = DEFAULT_MAX_TOKENS; return false end
  local n = math.tointeger(tonumber(v))
  if not n or n < 0 then
    stderr(cmd, ": --max-tokens must be a whole number (0: no limit), not '", v, "'")
    return true
  end
  opts.max_tokens = n
  return false
end

local function cmd_amounts(args)
  local opts, pos = parse_args(args, 2, {
    help = "flag", lang = "value", format = "value", output = "value",
    ["max-amounts"] = "value", date = "value",
  })
  if not opts then stderr("amounts: ", pos); return EXIT_USAGE end
  if opts.help then io.stdout:write(usage_amounts); return EXIT_OK end
  if #pos > 1 then stderr("amounts: expected one FILE, got ", #pos); return EXIT_USAGE end
  local fmt = opts.format or "text"
  if fmt ~= "text" and fmt ~= "json" then
    stderr("amounts: --format must be text or json, not '", fmt, "'"); return EXIT_USAGE
  end
  if bad_lang("amounts", "lang", opts.lang) or bad_date("amounts", opts.date) then return EXIT_USAGE end
  local text, name = read_input(pos[1])
  if not text then stderr(name); return EXIT_INPUT end
  local max_amounts
  if opts["max-amounts"] then
    max_amounts = math.tointeger(tonumber(opts["max-amounts"]))
    if not max_amounts or max_amounts < 0 then
      stderr("amounts: --max-amounts must be a whole number"); return EXIT_USAGE
    end
  end
  local list, warn, code = tradefig.scan_amounts(text, { lang = opts.lang, max_amounts = max_amounts })
  if list and opts.date then
    -- "5. Dezember" in a text of 2024-12-05 is 2024-12-05; a later month is last year's
    local y, m, d = tonumber(opts.date:sub(1, 4)), tonumber(opts.date:sub(6, 7)), tonumber(opts.date:sub(9, 10))
    for _, a in ipairs(list) do
      if a.kind == "date" and a.month and not a.year then
        local later = a.month > m or (a.month == m and math.type(a.value) == "integer" and a.value > d)
        a.year = later and y - 1 or y
      end
    end
  end
  if not list then stderr(name, ": ", warn, " [", code, "]"); return EXIT_INPUT end
  if warn then stderr(name, ": warning: ", warn) end
  local out, oerr = open_output(opts.output)
  if not out then stderr("amounts: ", oerr); return EXIT_INPUT end
  local lines, cache = {}, {}
  if fmt == "json" then
    local items = setmetatable({}, json.array_mt)
    for _, a in ipairs(list) do
      local line, col = line_col(text, a.i, cache)
      items[#items + 1] = {
        kind = a.kind, value = a.value, number = a.number, scale = a.scale,
        qualifier = a.qualifier, currency = a.currency, unit = a.unit,
        direction = a.direction, month = a.month, year = a.year,
        text = a.text, offsets = { a.i - 1, a.j }, line = line, column = col,
      }
    end
    lines[1] = json.encode(items, "  ")
  else
    for _, a in ipairs(list) do
      local line, col = line_col(text, a.i, cache)
      lines[#lines + 1] = format("%d-%d\t%d:%d\t%s\t%s\t%s\t%s\t%s\t%s",
        a.i, a.j, line, col, a.kind,
        -- a date without its year is written as ISO 8601 does: "--12-05"
        (a.kind == "date" and a.year) and format("%04d-%02d-%02d", a.year, a.month, a.value)
          or (a.kind == "date" and a.month) and format("--%02d-%02d", a.month, a.value) or fmt_value(a.value),
        a.currency or a.unit or "-",
        a.qualifier, a.direction or "-", json.encode(a.text))
    end
  end
  return finish(out, opts, out:write(concat(lines, "\n"), #lines > 0 and "\n" or ""))
end

local usage_extract = [[
usage: tradefig extract [--lang de|en|ru] [--date YYYY-MM-DD] [--format json|csv|text] [--output FILE]
                        [--max-tokens N] [FILE|-]
       tradefig extract --jsonl CORPUS.jsonl [--output FILE] [--max-tokens N]

Prints the trade figures a text states, as a JSON array of records of the
figure schema (flow, reporter, partner, value, currency, qualifier, period,
change, status, segment, scope, span, offsets). --date is the document's
date, against which "last year" or "the first nine months" are resolved
(default: today). The language is detected when --lang is not given.

--format csv writes one row per figure (the schema's fields flattened:
period_from, period_to, change_pct, change_ratio, line, column, places);
--format text one aligned line per figure in the text's language ("2,5 Mrd.
USD"), with its line:column and the words that state it.

With --jsonl, reads documents {"id", "lang", "doc_date", "text"} one per
line and prints one line {"id", "figures": [...]} per document, in order.
Offsets are 0-based byte offsets [start, end) into the text. A text longer
than --max-tokens tokens (default 5000000, about 30 MB; 0 for no limit) is
refused with ELIMIT and the byte where the limit was reached.
]]

local null = json.null

--- A figure as the schema writes it: explicit nulls, 0-based offsets.
local function schema_figure(f)
  local offsets = setmetatable({}, json.array_mt)
  for k, sp in ipairs(f.spans) do offsets[k] = { sp[1] - 1, sp[2] } end
  return {
    flow = f.flow, reporter = f.reporter or null, partner = f.partner or null,
    value = f.value == nil and null or f.value, currency = f.currency or null,
    qualifier = f.qualifier or "exact", period = f.period or null, change = f.change or null,
    status = f.status or "actual", segment = f.segment or null, scope = f.scope or null,
    span = f.span, offsets = offsets,
  }
end

local function figures_json(list)
  local out = setmetatable({}, json.array_mt)
  for k, f in ipairs(list) do out[k] = schema_figure(f) end
  return out
end

local figure_columns = { "flow", "reporter", "partner", "value", "currency", "qualifier", "period_from",
  "period_to", "change_pct", "change_ratio", "status", "segment", "scope", "span", "start", "end", "line",
  "column", "places" }

-- One CSV cell: empty for nil, numbers as fmt_value writes them, quoted when needed.
local function csv_cell(v)
  if v == nil then return "" end
  if type(v) == "number" then return fmt_value(v) end
  v = tostring(v)
  if v:find('[,"\r\n]') then return '"' .. v:gsub('"', '""') .. '"' end
  return v
end

--- Figures as CSV, one row per figure; start/end are 0-based byte offsets of the first place.
local function figures_csv(figs, text)
  local out, cache = { concat(figure_columns, ",") }, {}
  for _, f in ipairs(figs) do
    local sp = f.spans[1]
    local line, col = line_col(text, sp[1], cache)
    local p, c = f.period or {}, f.change or {}
    local row = { f.flow, f.reporter, f.partner, f.value, f.currency, f.qualifier or "exact", p.from, p.to,
      c.pct, c.ratio, f.status or "actual", f.segment, f.scope, f.span, sp[1] - 1, sp[2], line, col, #f.spans }
    for k = 1, #figure_columns do row[k] = csv_cell(row[k]) end
    out[#out + 1] = concat(row, ",")
  end
  return concat(out, "\n") .. "\n"
end

--- Figures as aligned text in the language `lang`, one line each.
local function figures_text(figs, text, lang)
  local report = require "tradefig.report"
  local W = report.words(lang)
  local pad = report.pad
  local out, cache = {}, {}
  for _, f in ipairs(figs) do
    local line, col = line_col(text, f.spans[1][1], cache)
    local status = (f.status or "actual") ~= "actual" and (" [" .. (W.status[f.status] or f.status) .. "]") or ""
    local times = #f.spans > 1 and (" (" .. W.words.stated .. " " .. #f.spans .. " " .. W.words.times .. ")") or ""
    local parties = (f.reporter and report.place_label(f.reporter, lang) or "?") .. " – "
      .. (f.partner and report.place_label(f.partner, lang) or "?")
    out[#out + 1] = (pad(line .. ":" .. col, 9) .. pad(W.flows[f.flow] or f.flow, 16) .. pad(parties, 28)
      .. pad(f.period and report.period_label(f.period, lang) or "?", 18)
      .. pad(report.figure_value(f, lang), 22, true) .. "  " .. pad(report.change_text(f.change, lang), 9)
      .. "„" .. f.span .. "“" .. status .. times):gsub("%s+$", "")
  end
  if #out == 0 then out[1] = W.words.no_figures end
  return concat(out, "\n") .. "\n"
end

local function cmd_extract(args)
  local opts, pos = parse_args(args, 2, {
    help = "flag", lang = "value", date = "value", output = "value", jsonl = "value", format = "value",
    ["max-tokens"] = "value",
  })
  if not opts then stderr("extract: ", pos); return EXIT_USAGE end
  if opts.help then io.stdout:write(usage_extract); return EXIT_OK end
  local fmt = opts.format or "json"
  if fmt ~= "json" and fmt ~= "csv" and fmt ~= "text" then
    stderr("extract: --format must be json, csv or text, not '", fmt, "'"); return EXIT_USAGE
  end
  if opts.jsonl and fmt ~= "json" then
    stderr("extract: --jsonl writes JSON Lines; --format ", fmt, " is for one text"); return EXIT_USAGE
  end
  if bad_lang("extract", "lang", opts.lang) or bad_date("extract", opts.date)
     or bad_max_tokens("extract", opts) then
    return EXIT_USAGE
  end
  local out, oerr = open_output(opts.output)
  if not out then stderr("extract: ", oerr); return EXIT_INPUT end
  local status = EXIT_OK
  if opts.jsonl then
    if #pos > 0 then stderr("extract: --jsonl takes no other FILE"); return EXIT_USAGE end
    local f, ferr = io.open(opts.jsonl, "rb")
    if not f then stderr(ferr); return EXIT_INPUT end
    local lineno = 0
    for line in f:lines() do
      lineno = lineno + 1
      if line:match("%S") then
        local doc, derr = json.decode(line)
        if type(doc) ~= "table" or type(doc.text) ~= "string" then
          stderr(opts.jsonl, ":", lineno, ":", derr and derr:match("^%d+:(%d+)") or "1", ": ",
            derr and derr:gsub("^%d+:%d+: ", "") or "expected an object with a \"text\" string")
          status = EXIT_INPUT
          break
        end
        local figs, werr, code = tradefig.extract(doc.text, {
          max_tokens = opts.max_tokens,
          lang = type(doc.lang) == "string" and doc.lang or opts.lang,
          date = type(doc.doc_date) == "string" and doc.doc_date:match("^%d%d%d%d%-%d%d%-%d%d$")
            and doc.doc_date or opts.date,
        })
        if not figs then
          stderr(opts.jsonl, ":", lineno, ": ", werr, " [", code, "]")
          status = EXIT_INPUT
          figs = {}
        elseif werr then
          stderr(opts.jsonl, ":", lineno, ": warning: ", werr)
        end
        out:write(json.encode({ id = doc.id == nil and null or doc.id, figures = figures_json(figs) }), "\n")
      end
    end
    f:close()
  else
    if #pos > 1 then stderr("extract: expected one FILE, got ", #pos); return EXIT_USAGE end
    local text, name
    if fmt == "json" and pos[1] and pos[1] ~= "-" then
      -- JSON needs no line and column: the file is mapped, not copied into a Lua string
      local t, terr = tradefig.open_text(pos[1])
      if not t then stderr((terr:gsub("^EIO: ", ""))); return EXIT_INPUT end
      text, name = t, pos[1]
    else
      text, name = read_input(pos[1])
      if not text then stderr(name); return EXIT_INPUT end
    end
    local figs, werr, code = tradefig.extract(text, { lang = opts.lang, date = opts.date,
      max_tokens = opts.max_tokens })
    if not figs then stderr(name, ": ", werr, " [", code, "]"); return EXIT_INPUT end
    if werr then stderr(name, ": warning: ", werr) end
    if fmt == "csv" then out:write(figures_csv(figs, text))
    elseif fmt == "text" then out:write(figures_text(figs, text, opts.lang or tradefig.detect_lang(text)))
    else out:write(json.encode(figures_json(figs), "  "), "\n") end
  end
  return finish(out, opts, true, nil, status)
end

local usage_convert = [[
usage: tradefig convert FILE... [--layout L] [--map MAP.json] [--format jsonl|csv|text]
                        [--lenient] [--output FILE] [--lang de|en|ru] [--date YYYY-MM-DD]

Reads trade-statistics files (CSV/TSV or JSON, plain or gzip; '-' is
standard input) and writes one record per row: flow, reporter, partner,
period, value, currency, ... with the file, line and column it came from.

  --layout L    auto (default), comtrade, comtrade-bulk, comtradr,
                comtrade-legacy, imf, comext, or map
  --map FILE    a JSON column map for any other CSV (implies --layout map)
  --format F    jsonl (default: one JSON object per line), csv, or text
                (one aligned line per record, streamed: flow, reporter,
                partner, period, value, currency, status, file:line:column)
  --lang L      text only: numbers and notes in de, en or ru
                ("87.673.764.182" in German; default: en)
  --date D      the date the data is read as of (YYYY-MM-DD): a record for a
                period not over at D is marked "to date" in text, one that
                starts after D "after D"; in every format the count of
                records after D is reported on stderr (none is dropped)
  --lenient     report each bad row on stderr, go on, and end with a count
                (default: stop at the first bad row with exit status 1)

Exit status: 0 success, 1 bad input, 2 bad usage.
]]

local csv_columns = { "flow", "reporter", "partner", "partner2", "period_from", "period_to", "value",
  "currency", "status", "scope", "segment", "segment_level", "classification", "cif", "fob", "qty",
  "qty_unit", "net_weight", "mot", "customs", "breakdown", "source_file", "source_line",
  "source_column", "source_index" }

local function csv_line(rec)
  local src = rec.source
  local vals = {
    rec.flow, rec.reporter, rec.partner, rec.partner2, rec.period.from, rec.period.to, rec.value,
    rec.currency, rec.status, rec.scope, rec.segment, rec.segment_level, rec.classification,
    rec.cif, rec.fob, rec.qty, rec.qty_unit, rec.net_weight, rec.mot, rec.customs, rec.breakdown,
    src.file, src.line, src.column, src.index,
  }
  local out = {}
  for k = 1, #csv_columns do out[k] = csv_cell(vals[k]) end
  return concat(out, ",")
end

-- A record as one line of JSON, keys in sorted order as json.encode writes
-- them, built directly: json.encode's generic walk is the slow part of convert.
local record_keys = { "breakdown", "cif", "classification", "currency", "customs", "flow", "fob",
  "mot", "net_weight", "partner", "partner2", "period", "qty", "qty_unit", "reporter", "scope",
  "segment", "segment_level", "source", "status", "value" }
local source_keys = { "column", "field", "file", "index", "line" }

local function json_scalar(v)
  if type(v) == "number" then return json.number(v) end
  if not v:find('[%c"\\\128-\255]') then return '"' .. v .. '"' end
  return json.encode(v)
end

local function record_json(rec)
  local out = {}
  for _, k in ipairs(record_keys) do
    local v = rec[k]
    if v ~= nil then
      if k == "period" then
        v = '{"from":' .. json_scalar(v.from) .. ',"to":' .. json_scalar(v.to) .. '}'
      elseif k == "source" then
        local src, parts = v, {}
        for _, sk in ipairs(source_keys) do
          if src[sk] ~= nil then parts[#parts + 1] = '"' .. sk .. '":' .. json_scalar(src[sk]) end
        end
        v = "{" .. concat(parts, ",") .. "}"
      else
        v = json_scalar(v)
      end
      out[#out + 1] = '"' .. k .. '":' .. v
    end
  end
  return "{" .. concat(out, ",") .. "}"
end

-- "EPARSE: f.csv:3:7: msg" -> "f.csv:3:7: msg [EPARSE]"
local function place_first(msg, code)
  local rest = msg:match("^[A-Z0-9]+: (.*)$") or msg
  return rest .. " [" .. tostring(code) .. "]"
end

-- One record as a line of fixed-width columns, so that text output streams
-- (no second pass to measure widths). `asof` is "YYYY-MM" or nil.
local text_widths = { 7, 8, 8, 17, 22, 4, 11 }

-- Cells padded to text_widths; the value (5th) right-aligned.
local function text_cells(tx, cells)
  for i, c in ipairs(cells) do cells[i] = tx.report.pad(c, text_widths[i], i == 5) end
  return concat(cells, "  ")
end

--- The text format's context, built once: tx.report, tx.period_label, tx.words, tx.lang, tx.asof.
local function text_context(lang, date)
  local report = require "tradefig.report"
  return { report = report, period_label = require("tradefig.agg").period_label,
           words = report.words(lang).words or {}, lang = lang, asof = date and date:sub(1, 7) }
end

local function text_line(tx, rec)
  local p = rec.period or {}
  local v = rec.value
  local value = type(v) == "number"
    and tx.report.format_number(v, tx.lang, math.type(v) == "float" and v % 1 ~= 0 and 2 or 0) or ""
  local src = rec.source or {}
  local line = text_cells(tx, { rec.flow or "", rec.reporter or "", rec.partner or "", tx.period_label(p),
    value, rec.currency or "", rec.status or "" })
    .. "  " .. tostring(src.file or "") .. ":" .. tostring(src.line or "") .. ":" .. tostring(src.column or "")
  local asof = tx.asof
  if asof and p.from and p.to then
    if p.from > asof then
      line = line .. "  (" .. (tx.words.agg_after or "after") .. " " .. asof .. ")"
    elseif p.to > asof then
      line = line .. "  (" .. (tx.words.agg_to_date or "to date") .. ")"
    end
  end
  return line
end

local function text_header(tx)
  return text_cells(tx, { "flow", "reporter", "partner", "period", "value", "cur", "status" }) .. "  source"
end

local function cmd_convert(args)
  local opts, pos = parse_args(args, 2, {
    help = "flag", layout = "value", map = "value", format = "value", lenient = "flag",
    output = "value", lang = "value", date = "value",
  })
  if not opts then stderr("convert: ", pos); return EXIT_USAGE end
  if opts.help then io.stdout:write(usage_convert); return EXIT_OK end
  if #pos == 0 then
    stderr("convert: expected at least one FILE (try 'tradefig convert --help')")
    return EXIT_USAGE
  end
  local fmt = opts.format or "jsonl"
  if fmt ~= "jsonl" and fmt ~= "csv" and fmt ~= "text" then
    stderr("convert: --format must be jsonl, csv or text, not '", fmt, "'"); return EXIT_USAGE
  end
  if bad_lang("convert", "lang", opts.lang) or bad_date("convert", opts.date) then return EXIT_USAGE end
  local tx = fmt == "text" and text_context(opts.lang or "en", opts.date)
  local asof = opts.date and opts.date:sub(1, 7)
  local after = 0
  local layout = opts.layout
  if layout then
    local ok = false
    for _, l in ipairs(tradefig.layouts) do ok = ok or l == layout end
    if not ok then
      stderr("convert: --layout must be one of ", concat(tradefig.layouts, ", "), ", not '", layout, "'")
      return EXIT_USAGE
    end
    if layout == "map" and not opts.map then
      stderr("convert: --layout map needs --map FILE")
      return EXIT_USAGE
    end
  end
  local out, oerr = open_output(opts.output)
  if not out then stderr("convert: ", oerr); return EXIT_INPUT end
  local rejected, total, status = 0, 0, EXIT_OK
  local function report(msg, code) stderr(place_first(msg, code)) end
  if fmt == "csv" then out:write(concat(csv_columns, ","), "\n")
  elseif fmt == "text" then out:write(text_header(tx), "\n") end
  for _, path in ipairs(pos) do
    local r, err, code = tradefig.open(path, {
      layout = layout, map = opts.map, lenient = opts.lenient,
      on_reject = opts.lenient and report or nil,
    })
    if not r then report(err, code); status = EXIT_INPUT; break end
    while true do
      local rec, rerr, rcode = r:read()
      if rec then
        total = total + 1
        if asof and rec.period and rec.period.from and rec.period.from > asof then after = after + 1 end
        if fmt == "csv" then out:write(csv_line(rec), "\n")
        elseif fmt == "text" then out:write(text_line(tx, rec), "\n")
        else out:write(record_json(rec), "\n") end
      elseif rerr then
        report(rerr, rcode)
        status = EXIT_INPUT
        break
      else
        break
      end
    end
    local st = r:stats()
    rejected = rejected + st.rejected
    r:close()
    if status ~= EXIT_OK then break end
  end
  local cok, cerr = close_output(out)
  if not cok then stderr(opts.output or "<stdout>", ": write failed: ", tostring(cerr)); return EXIT_INPUT end
  if opts.lenient and rejected > 0 then
    stderr("convert: ", total, " records written, ", rejected, " rows rejected")
  end
  if after > 0 then
    stderr("convert: ", after, " of ", total, " records are for periods after ", opts.date)
  end
  return status
end

local usage_digest = [[
usage: tradefig digest [--lang de|en|ru] [--date YYYY-MM-DD] [--report-lang L]
                       [--format text|markdown|json|csv|svg|html] [--output FILE] [--out-dir DIR] [FILE|-]

The digest of one article: the trade figures it states, each once with the
places it is stated, grouped by the parties that trade, ordered by period,
with the comparisons the figures allow (growth on the same months a year
earlier, shares, derived balances, checks of stated changes, and, only
where the periods differ, a run-rate labelled as an estimate).
--report-lang writes the report in another language than the article's.
--out-dir DIR also writes DIR/digest.svg (a chart) and DIR/digest.html.
]]

local digest_formats = { text = true, markdown = true, json = true, csv = true, svg = true, html = true }

local function write_file(path, s)
  local f, err = io.open(path, "wb")
  if not f then return nil, err end
  local ok, werr = f:write(s)
  local cok, cerr = f:close()
  if not ok or not cok then return nil, path .. ": " .. tostring(werr or cerr) end
  return true
end

local function cmd_digest(args)
  local opts, pos = parse_args(args, 2, {
    help = "flag", lang = "value", date = "value", output = "value", format = "value",
    ["out-dir"] = "value", ["report-lang"] = "value", ["max-tokens"] = "value",
  })
  if not opts then stderr("digest: ", pos); return EXIT_USAGE end
  if opts.help then io.stdout:write(usage_digest); return EXIT_OK end
  if #pos > 1 then stderr("digest: expected one FILE, got ", #pos); return EXIT_USAGE end
  local fmt = opts.format or "text"
  if not digest_formats[fmt] then
    stderr("digest: --format must be text, markdown, json, csv, svg or html, not '", fmt, "'")
    return EXIT_USAGE
  end
  if bad_lang("digest", "lang", opts.lang) or bad_lang("digest", "report-lang", opts["report-lang"])
     or bad_date("digest", opts.date) or bad_max_tokens("digest", opts) then
    return EXIT_USAGE
  end
  local text, name = read_input(pos[1])
  if not text then stderr(name); return EXIT_INPUT end
  local lang = opts.lang or tradefig.detect_lang(text)
  local figs, werr, code = tradefig.extract(text, { lang = lang, date = opts.date, max_tokens = opts.max_tokens })
  if not figs then stderr(name, ": ", werr, " [", code, "]"); return EXIT_INPUT end
  if werr then stderr(name, ": warning: ", werr) end
  local rep = require("tradefig.recipes.digest").build(figs, text, {
    lang = opts["report-lang"] or lang, date = opts.date, source = pos[1] or "<stdin>" })
  if opts["out-dir"] then
    local dir = opts["out-dir"]
    os.execute("mkdir -p '" .. dir:gsub("'", "'\\''") .. "'")
    for _, f in ipairs { "svg", "html" } do
      local path = dir .. "/digest." .. f
      local ok, err = write_file(path, require("tradefig.render." .. f).render(rep))
      if not ok then stderr("digest: ", err); return EXIT_INPUT end
      io.stderr:write("tradefig: wrote ", path, "\n")
    end
  end
  local out, oerr = open_output(opts.output)
  if not out then stderr("digest: ", oerr); return EXIT_INPUT end
  return finish(out, opts, out:write(require("tradefig.render." .. fmt).render(rep)))
end

local usage_aggregate = [[
usage: tradefig aggregate FILE... --by KEYS [--where EXPR] [--format csv|json|text] [--partial]
                          [--layout L] [--map MAP.json] [--lenient] [--rates RATES.json]
                          [--currency CUR] [--sort key|desc|asc] [--limit N]
                          [--max-groups N] [--growth] [--run-rate] [--output FILE]
                          [--lang de|en|ru] [--date YYYY-MM-DD]

Sums the values of trade-statistics files (the formats 'convert' reads)
grouped by KEYS, a comma-separated list of: reporter, partner, flow, year,
half, quarter, month, period, currency, segment, status, source. Flows and
currencies never add up, so flow and currency are keys even when not asked
for. The trade rules: World rows are never added to partner rows (without
a partner key the World row is the total, the partner sum beside it);
sub-flows (RX, RM, ...) stay apart; commodity levels are never mixed (the
coarsest level present is the total); breakdown rows (second partner,
transport mode, customs procedure) are skipped; months roll up into a
quarter, half or year only as far as they go (label "Jan-Sep 2024", complete
false); turnover and balance are derived where exports and imports exist.

  --by KEYS         the keys (required)
  --lang L          text format: numbers and notes in German, English or Russian
  --date D          text format: a year still running at D is labelled "to date",
                    not "only" (the data is as of D)
  --where EXPR      keep records where all conditions hold: "flow=export|import,
                    year>=2010 and partner!=WLD" (= != < <= > >=)
  --format F        csv (default: the keys, value (the sum), count, then min,
                    max, mean, the months covered, complete, label, level,
                    world, partners_sum, alternatives, derived), json or text
  --partial         write the mergeable partial state (JSON) instead; combine
                    partial states with 'tradefig merge'
  --rates FILE      exchange rates, JSON [{"currency":"EUR","period":"2023",
                    "rate":1.08}, ...]: 1 EUR = 1.08 of --currency (default USD);
                    the rates used are listed in json output
  --sort S          key (default), desc or asc (by value); --limit N keeps N rows
  --max-groups N    stop with an error past N groups (default 10000000)
  --growth          text and json: growth on the same months a year earlier
  --run-rate        with --growth: annualise incomplete years (an estimate)

Exit status: 0 success, 1 bad input, 2 bad usage.
]]

local usage_merge = [[
usage: tradefig merge PARTIAL... [--format csv|json|text] [--partial] [--sort key|desc|asc]
                      [--limit N] [--growth] [--run-rate] [--output FILE]
                      [--lang de|en|ru] [--date YYYY-MM-DD]  (as for 'aggregate')

Combines partial states written by 'tradefig aggregate --partial' (the same
--by keys) into the result of one pass over all their inputs; --partial
writes the combined state again.

Exit status: 0 success, 1 bad input, 2 bad usage.
]]

local agg_formats = { csv = true, json = true, text = true }

-- Write the result of an aggregator in the format asked for; returns the exit status.
local function write_agg(agg, opts, cmd)
  local aggm = require "tradefig.agg"
  local out, oerr = open_output(opts.output)
  if not out then stderr(cmd, ": ", oerr); return EXIT_INPUT end
  local text
  if opts.partial then
    local d, derr, dcode = agg:dump()
    if not d then stderr(cmd, ": ", derr, " [", dcode, "]"); return EXIT_INPUT end
    text = d
  elseif (opts.format or "csv") == "csv" and not opts.growth then
    local csv, cerr, ccode = agg:csv { sort = opts.sort or "key", limit = opts.limit }
    if not csv then stderr(cmd, ": ", cerr, " [", ccode, "]"); return EXIT_INPUT end
    text = csv
  else
    local rows, rerr, rcode = agg:rows { sort = opts.sort or "key", limit = opts.limit }
    if not rows then stderr(cmd, ": ", rerr, " [", rcode, "]"); return EXIT_INPUT end
    local keys = agg:keys()
    local growth = opts.growth and aggm.growth(rows, keys, { run_rate = opts["run-rate"],
      monthly = opts.monthly_agg and opts.monthly_agg:rows() }) or nil
    local fmt = opts.format or "csv"
    if fmt == "csv" then
      text = aggm.to_csv(rows, keys)
    elseif fmt == "text" then
      text = aggm.to_text(rows, keys, { lang = opts.lang, date = opts.date })
      if growth and #growth > 0 then
        local lines = { "", "growth:" }
        for _, g in ipairs(growth) do
          local who = {}
          for _, k in ipairs(keys) do
            if k ~= "year" then who[#who + 1] = tostring(g.row[k]) end
          end
          lines[#lines + 1] = format("  %s  %s: %+.1f %%%s", concat(who, " "), g.label, g.growth * 100,
            g.estimate and " (estimate)" or "")
        end
        text = text .. concat(lines, "\n") .. "\n"
      end
    else
      local res = aggm.to_result(agg)
      res.rows = rows
      for _, r in ipairs(rows) do r.label = aggm.row_label(r) end
      setmetatable(rows, json.array_mt)
      if growth then
        local g = setmetatable({}, json.array_mt)
        for _, x in ipairs(growth) do
          local item = { label = x.label, growth = x.growth, kind = x.kind, estimate = x.estimate,
            value = x.row.value, base = x.base.value, annualised = x.value }
          for _, k in ipairs(keys) do item[k] = x.row[k] end
          g[#g + 1] = item
        end
        res.growth = g
      end
      text = json.encode(res, "  ") .. "\n"
    end
  end
  return finish(out, opts, out:write(text))
end

-- Check the options aggregate and merge share; returns true or writes the complaint.
local function check_agg_opts(opts, cmd)
  if opts.format and not agg_formats[opts.format] then
    stderr(cmd, ": --format must be csv, json or text, not '", opts.format, "'"); return false
  end
  if opts.sort and opts.sort ~= "key" and opts.sort ~= "desc" and opts.sort ~= "asc" then
    stderr(cmd, ": --sort must be key, desc or asc, not '", opts.sort, "'"); return false
  end
  for _, k in ipairs { "limit", "max-groups" } do
    if opts[k] then
      local n = math.tointeger(tonumber(opts[k]))
      if not n or n < 0 then stderr(cmd, ": --", k, " must be a whole number"); return false end
      opts[k] = n
    end
  end
  return true
end

local function cmd_aggregate(args)
  local opts, pos = parse_args(args, 2, {
    help = "flag", by = "value", where = "value", format = "value", partial = "flag", layout = "value",
    map = "value", lenient = "flag", rates = "value", currency = "value", sort = "value", limit = "value",
    ["max-groups"] = "value", growth = "flag", ["run-rate"] = "flag", output = "value",
    lang = "value", date = "value",
  })
  if not opts then stderr("aggregate: ", pos); return EXIT_USAGE end
  if opts.help then io.stdout:write(usage_aggregate); return EXIT_OK end
  if #pos == 0 then
    stderr("aggregate: expected at least one FILE (try 'tradefig aggregate --help')"); return EXIT_USAGE
  end
  if not opts.by then
    stderr("aggregate: --by KEYS is required (e.g. --by reporter,partner,flow,year)"); return EXIT_USAGE
  end
  if not check_agg_opts(opts, "aggregate") then return EXIT_USAGE end
  if bad_lang("aggregate", "lang", opts.lang) or bad_date("aggregate", opts.date) then return EXIT_USAGE end
  if opts.currency and not opts.currency:match("^%u%u%u$") then
    stderr("aggregate: --currency must be an ISO 4217 code such as USD"); return EXIT_USAGE
  end
  if opts.currency and not opts.rates then stderr("aggregate: --currency needs --rates FILE"); return EXIT_USAGE end
  local ok, agg, aerr, acode = pcall(tradefig.aggregator, {
    by = opts.by, where = opts.where, rates = opts.rates, currency = opts.currency,
    max_groups = opts["max-groups"],
  })
  if not ok then
    stderr("aggregate: ", (tostring(agg):gsub("^.-bad argument #1 to 'aggregator' %((.*)%)$", "%1")))
    return EXIT_USAGE
  end
  if not agg then stderr("aggregate: ", opts.rates or "", ": ", aerr, " [", acode, "]"); return EXIT_INPUT end
  local rejected, status = 0, EXIT_OK
  local function report(msg, code) stderr(place_first(msg, code)) end
  local by_month
  if opts.growth and not opts.partial then
    -- like-for-like growth needs the months of the year before: the same keys by month
    local list, has_year = {}, false
    for k in opts.by:gmatch("[^,%s]+") do
      if k == "year" then has_year = true; k = "month" end
      list[#list + 1] = k
    end
    if has_year then
      opts.monthly_agg = tradefig.aggregator { by = list, where = opts.where, rates = opts.rates,
        currency = opts.currency, max_groups = opts["max-groups"] }
      by_month = opts.monthly_agg
    end
  end
  for _, path in ipairs(pos) do
    if by_month then
      local r2 = tradefig.open(path, { layout = opts.layout, map = opts.map, lenient = true })
      if r2 then by_month:add_reader(r2); r2:close() end
    end
    local r, err, code = tradefig.open(path, {
      layout = opts.layout, map = opts.map, lenient = opts.lenient, on_reject = opts.lenient and report or nil,
    })
    if not r then report(err, code); status = EXIT_INPUT; break end
    local n, rerr, rcode = agg:add_reader(r)
    rejected = rejected + r:stats().rejected
    r:close()
    if not n then report(rerr, rcode); status = EXIT_INPUT; break end
  end
  if status ~= EXIT_OK then agg:close(); return status end
  if opts.lenient and rejected > 0 then stderr("aggregate: ", rejected, " rows rejected") end
  status = write_agg(agg, opts, "aggregate")
  agg:close()
  if by_month then by_month:close() end
  return status
end

local function cmd_merge(args)
  local opts, pos = parse_args(args, 2, {
    help = "flag", format = "value", partial = "flag", sort = "value", limit = "value", output = "value",
    growth = "flag", ["run-rate"] = "flag", lang = "value", date = "value",
  })
  if not opts then stderr("merge: ", pos); return EXIT_USAGE end
  if opts.help then io.stdout:write(usage_merge); return EXIT_OK end
  if #pos == 0 then
    stderr("merge: expected at least one PARTIAL file (try 'tradefig merge --help')"); return EXIT_USAGE
  end
  if not check_agg_opts(opts, "merge") then return EXIT_USAGE end
  if bad_lang("merge", "lang", opts.lang) or bad_date("merge", opts.date) then return EXIT_USAGE end
  local dumps = {}
  for i, path in ipairs(pos) do
    local text, name = read_input(path)
    if not text then stderr("merge: ", name); return EXIT_INPUT end
    dumps[i] = text
  end
  local agg, err, code = tradefig.merge(dumps, pos)
  if not agg then stderr("merge: ", err, " [", code, "]"); return EXIT_INPUT end
  local status = write_agg(agg, opts, "merge")
  agg:close()
  return status
end

local usage_report = [[
usage: tradefig report RECIPE [FILE...] [--format text|markdown|json|csv|svg|html]
                       [--output FILE] [--lang de|en|ru] [--date YYYY-MM-DD]
                       [--text-lang de|en|ru] [options]

Recipes:
  profile      trade between a reporter and partners over time: exports,
               imports, turnover, balance per period, growth, CAGR, sources
               (--reporter, --partner A,B,C)
  top          top-N partners or products of a reporter for a period and flow,
               with shares and concentration (HHI) (--reporter, --flow,
               --period, --top N, --by partner|product, --level N)
  mirror       one party's exports against the other's imports from it
               (--reporter, --partner to narrow)
  claims       figures stated in articles checked against statistics
               (articles as FILE, --stats FILE[,FILE...])
  consistency  internal checks of a document or data set: turnover = exports +
               imports, parts not above totals, stated changes against last
               year's level, each finding with its evidence (--all lists the
               checks that hold too)
  digest       the digest of one article (as 'tradefig digest')

FILE is an article when it ends in .txt, .md or .text (or is '-'), else a
statistics file of any layout 'convert' reads (--layout, --map as there).
Articles are read in --text-lang (default: detected per article) with --date
as the document date; the report is written in --lang (default en).

Exit status: 0 success, 1 bad input, 2 bad usage.
]]

local report_formats = digest_formats
local recipes = { profile = true, top = true, mirror = true, claims = true, consistency = true, digest = true }

local function is_article(path)
  return path == "-" or path:match("%.txt$") or path:match("%.md$") or path:match("%.text$")
end

-- A progress line on stderr while a long file is read, only when stderr is a
-- terminal: os.execute runs a shell that inherits this process's fd 2.
local function progress_for(path)
  if os.execute("test -t 2") ~= true then return nil end
  local size = 0
  local f = io.open(path, "rb")
  if f then size = f:seek("end") or 0; f:close() end
  local t0, last = os.clock(), os.clock()
  return function(rows, final)
    local now = os.clock()
    if not final and now - last < 0.2 then return end
    last = now
    local dt = now - t0
    io.stderr:write(format("\r%s: %d rows, %.1f MB, %d rows/s%s", path, rows, size / 1e6,
      dt > 0 and math.floor(rows / dt) or 0, final and "\n" or ""))
  end
end

local function read_stats(path, opts, into)
  local r, err, code = tradefig.open(path, { layout = opts.layout, map = opts.map })
  if not r then return nil, place_first(err, code) end
  local bar = progress_for(path)
  local n = 0
  while true do
    local rec, rerr, rcode = r:read()
    if rec then
      n = n + 1
      into[#into + 1] = rec
      if bar and n % 4096 == 0 then bar(n) end
    elseif rerr then
      r:close()
      return nil, place_first(rerr, rcode)
    else
      break
    end
  end
  r:close()
  if bar and n >= 4096 then bar(n, true) end
  return n
end

local function cmd_report(args)
  local opts, pos = parse_args(args, 2, {
    help = "flag", format = "value", output = "value", lang = "value", date = "value", reporter = "value",
    partner = "value", flow = "value", period = "value", top = "value", by = "value", level = "value",
    stats = "value", layout = "value", map = "value", all = "flag", tolerance = "value",
    ["text-lang"] = "value",
  })
  if not opts then stderr("report: ", pos); return EXIT_USAGE end
  local recipe = table.remove(pos, 1)
  if opts.help or recipe == "help" then io.stdout:write(usage_report); return EXIT_OK end
  if not recipe then stderr("report: expected a RECIPE (try 'tradefig report --help')"); return EXIT_USAGE end
  if not recipes[recipe] then
    stderr("report: unknown recipe '", recipe, "' (profile, top, mirror, claims, consistency, digest)")
    return EXIT_USAGE
  end
  local fmt = opts.format or "text"
  if not report_formats[fmt] then
    stderr("report: --format must be text, markdown, json, csv, svg or html, not '", fmt, "'"); return EXIT_USAGE
  end
  if bad_lang("report", "lang", opts.lang) or bad_lang("report", "text-lang", opts["text-lang"])
     or bad_date("report", opts.date) then
    return EXIT_USAGE
  end
  for _, k in ipairs { "top", "level" } do
    if opts[k] then
      local n = math.tointeger(tonumber(opts[k]))
      if not n or n < 1 then stderr("report: --", k, " must be a whole number of at least 1"); return EXIT_USAGE end
      opts[k] = n
    end
  end
  if opts.flow and not ({ export = true, import = true, turnover = true, balance = true })[opts.flow] then
    stderr("report: --flow must be export, import, turnover or balance, not '", opts.flow, "'"); return EXIT_USAGE
  end
  if (recipe == "profile" or recipe == "top") and not opts.reporter then
    stderr("report ", recipe, ": --reporter CODE is required (e.g. --reporter CHN)"); return EXIT_USAGE
  end
  if recipe == "profile" and not opts.partner then
    stderr("report profile: --partner CODE[,CODE...] is required"); return EXIT_USAGE
  end
  if recipe == "claims" and not opts.stats then
    stderr("report claims: --stats FILE is required (the statistics to check against)"); return EXIT_USAGE
  end
  if #pos == 0 then stderr("report ", recipe, ": expected at least one FILE"); return EXIT_USAGE end
  if recipe == "digest" and #pos > 1 then stderr("report digest: expected one FILE"); return EXIT_USAGE end
  local lang = opts.lang or "en"
  -- inputs: articles become figures (with their file as source), statistics files records
  local figures, records, texts = {}, {}, {}
  local first_text
  for _, path in ipairs(pos) do
    if is_article(path) then
      local text, name = read_input(path)
      if not text then stderr(name); return EXIT_INPUT end
      first_text = first_text or text
      texts[name] = text
      local figs, werr, code = tradefig.extract(text, { lang = opts["text-lang"] or tradefig.detect_lang(text),
        date = opts.date })
      if not figs then stderr(name, ": ", werr, " [", code, "]"); return EXIT_INPUT end
      if werr then stderr(name, ": warning: ", werr) end
      for _, f in ipairs(figs) do
        f.source = name
        figures[#figures + 1] = f
      end
    else
      local n, err = read_stats(path, opts, records)
      if not n then stderr(err); return EXIT_INPUT end
    end
  end
  local stats = {}
  if opts.stats then
    for path in opts.stats:gmatch("[^,]+") do
      local n, err = read_stats(path, opts, stats)
      if not n then stderr(err); return EXIT_INPUT end
    end
  end
  local all = {}
  for _, f in ipairs(records) do all[#all + 1] = f end
  for _, f in ipairs(figures) do all[#all + 1] = f end
  local mod = require("tradefig.recipes." .. recipe)
  local rep, err
  if recipe == "digest" then
    rep = mod.build(figures, first_text or "", { lang = lang, date = opts.date, source = pos[1] })
  elseif recipe == "profile" then
    rep, err = mod.build(all, { reporter = opts.reporter, partner = opts.partner, lang = lang, date = opts.date })
  elseif recipe == "top" then
    rep, err = mod.build(all, { reporter = opts.reporter, partner = opts.partner, flow = opts.flow,
      period = opts.period, by = opts.by, n = opts.top, level = opts.level, lang = lang, date = opts.date })
  elseif recipe == "mirror" then
    rep, err = mod.build(all, { reporter = opts.reporter, partner = opts.partner, lang = lang, date = opts.date })
  elseif recipe == "claims" then
    if #figures == 0 and #records > 0 then
      stderr("report claims: FILE must be articles (.txt, .md); statistics go to --stats"); return EXIT_USAGE
    end
    local tol = opts.tolerance and tonumber(opts.tolerance)
    if opts.tolerance and (not tol or tol < 0) then
      stderr("report claims: --tolerance must be a number such as 0.005"); return EXIT_USAGE
    end
    rep, err = mod.build(figures, stats, { lang = lang, date = opts.date, texts = texts, tolerance = tol })
  else
    rep, err = mod.build(all, { lang = lang, date = opts.date, texts = texts, all = opts.all,
      source = concat(pos, ", ") })
  end
  if not rep then stderr(concat(pos, ", "), ": ", tostring(err)); return EXIT_INPUT end
  local out, oerr = open_output(opts.output)
  if not out then stderr("report: ", oerr); return EXIT_INPUT end
  return finish(out, opts, out:write(require("tradefig.render." .. fmt).render(rep)))
end

local commands = { digest = cmd_digest, amounts = cmd_amounts, extract = cmd_extract, convert = cmd_convert,
  aggregate = cmd_aggregate, merge = cmd_merge, report = cmd_report }

--- Run the command with an argument vector (as `arg`); returns the exit status.
function M.main(args)
  local cmd = args[1]
  if cmd == nil or cmd == "--help" or cmd == "-h" or cmd == "help" then
    io.stdout:write(usage_main)
    return cmd == nil and EXIT_USAGE or EXIT_OK
  end
  if cmd == "--version" then
    io.stdout:write("tradefig ", tradefig._VERSION, "\n")
    return EXIT_OK
  end
  local fn = commands[cmd]
  if not fn then
    stderr("unknown command '", cmd, "' (try 'tradefig --help')")
    return EXIT_USAGE
  end
  local ok, status = pcall(fn, args)
  if not ok then
    stderr(cmd, ": internal error: ", tostring(status))
    return EXIT_INPUT
  end
  return status
end

return M
