--- Aggregating trade figures: the rules that are not hot paths.
-- The C aggregator (`tradefig.aggregator`) groups and sums; this module
-- parses filters and rates, labels periods, and compares: growth (like for
-- like, year on year, CAGR, a run-rate only on request and labelled an
-- estimate), monthly values from year-to-date series, mirror statistics,
-- claims from text against statistics, and de-duplication of figures
-- reported by several documents. Functions take record or row tables and
-- return tables; formatting is separate (`to_csv`, `to_text`).
-- @module tradefig.agg

local json = require "tradefig.json"

local type, ipairs, pairs, tostring, tonumber, setmetatable = type, ipairs, pairs, tostring, tonumber, setmetatable
local math_type, abs, floor, huge = math.type, math.abs, math.floor, math.huge
local concat, sort = table.concat, table.sort
local format = string.format

local M = {}

--- Keys an aggregator groups by.
M.keys = { "reporter", "partner", "flow", "year", "half", "quarter", "month", "period", "currency",
  "segment", "status", "source" }
local known_key = {}
for _, k in ipairs(M.keys) do known_key[k] = true end

-- Filters ---------------------------------------------------------------------

local ops = { "<=", ">=", "!=", "=", "<", ">" }

--- Parse a filter: conditions joined by "," or " and "; each KEY OP VALUE with
-- OP one of = != < <= > >=; "flow=export|import" accepts either value.
-- Years compare as YYYY, months as YYYY-MM, quarters as YYYY-Q1.
-- @treturn table `{{key, op, value}...}` for `aggregator{where=}`, or nil, message
function M.parse_where(expr)
  if type(expr) ~= "string" then return nil, "a filter must be a string" end
  local out = {}
  local s = expr:gsub("%s+[aA][nN][dD]%s+", ",")
  for cond in s:gmatch("[^,]+") do
    cond = cond:match("^%s*(.-)%s*$")
    if cond ~= "" then
      local key, op, val
      for _, o in ipairs(ops) do
        local i, j = cond:find(o, 1, true)
        if i then
          key, op, val = cond:sub(1, i - 1):match("^%s*(.-)%s*$"), o, cond:sub(j + 1):match("^%s*(.-)%s*$")
          break
        end
      end
      if not key then return nil, "condition '" .. cond .. "': expected KEY OP VALUE (OP one of = != < <= > >=)" end
      if not known_key[key] then
        return nil, "condition '" .. cond .. "': unknown key '" .. key .. "' (keys: " .. concat(M.keys, ", ") .. ")"
      end
      val = val:gsub("^[\"'](.*)[\"']$", "%1")
      if val == "" then return nil, "condition '" .. cond .. "': no value" end
      if op == "=" or op == "!=" then
        for v in val:gmatch("[^|]+") do out[#out + 1] = { key, op, v } end
      else
        out[#out + 1] = { key, op, val }
      end
    end
  end
  if #out == 0 then return nil, "empty filter" end
  return out
end

-- Periods ---------------------------------------------------------------------

--- A period "2023", "2023-09", "2023-Q3", "2023-H1", "2023-01..2023-09" or
-- {from=, to=} as from, to ("YYYY-MM"); nil when it is none of them.
function M.parse_period(p)
  if type(p) == "table" then
    if type(p.from) == "string" and type(p.to) == "string" then return M.parse_period(p.from .. ".." .. p.to) end
    return nil
  end
  if math_type(p) == "integer" then p = tostring(p) end
  if type(p) ~= "string" then return nil end
  local y = p:match("^(%d%d%d%d)$")
  if y then return y .. "-01", y .. "-12" end
  local ym = p:match("^(%d%d%d%d%-%d%d)$")
  if ym then return ym, ym end
  local qy, q = p:match("^(%d%d%d%d)%-Q([1-4])$")
  if qy then
    q = tonumber(q)
    return format("%s-%02d", qy, q * 3 - 2), format("%s-%02d", qy, q * 3)
  end
  local hy, h = p:match("^(%d%d%d%d)%-H([12])$")
  if hy then
    h = tonumber(h)
    return format("%s-%02d", hy, h * 6 - 5), format("%s-%02d", hy, h * 6)
  end
  local f, t = p:match("^(%d%d%d%d%-%d%d)%s*%.%.%s*(%d%d%d%d%-%d%d)$")
  if f and f <= t then return f, t end
  return nil
end

local function ym(s)
  local y, m = s:match("^(%d+)%-(%d+)$")
  return tonumber(y), tonumber(m)
end

local function months_between(from, to)
  local fy, fm = ym(from)
  local ty, tm = ym(to)
  return (ty * 12 + tm) - (fy * 12 + fm) + 1
end

local month_abbr = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" }

--- A period in words: "2023", "Jan-Sep 2024", "Q3 2023", "Sep 2023", "Jul 2023-Jun 2024".
-- A year built from nine months is "Jan-Sep 2024", never "2024".
function M.period_label(from, to)
  if type(from) == "table" then from, to = from.from, from.to end
  if not from or not to then return "" end
  local fy, fm = ym(from)
  local ty, tm = ym(to)
  if fy == ty then
    if fm == 1 and tm == 12 then return tostring(fy) end
    if fm == tm then return month_abbr[fm] .. " " .. fy end
    if tm == fm + 2 and fm % 3 == 1 then return "Q" .. (fm + 2) // 3 .. " " .. fy end
    return month_abbr[fm] .. "-" .. month_abbr[tm] .. " " .. fy
  end
  if fm == 1 and tm == 12 then return fy .. "-" .. ty end
  return month_abbr[fm] .. " " .. fy .. "-" .. month_abbr[tm] .. " " .. ty
end

--- The label of an aggregated row: its key period, or the months it covers when incomplete.
function M.row_label(row)
  if row.period and row.complete == false then
    local l = M.period_label(row.period)
    if row.months and row.months < months_between(row.period.from, row.period.to) then
      l = l .. " (" .. row.months .. " months)"
    end
    return l
  end
  if row.year then return tostring(row.year) end
  if row.quarter or row.half or row.month then return row.quarter or row.half or row.month end
  if row.period then return M.period_label(row.period) end
  return ""
end

-- Rates -----------------------------------------------------------------------

--- Rates from JSON text or a table: an array of {currency=, period=, rate=}
-- (1 unit of currency = rate units of the target; period as parse_period
-- reads it), or {target=, rates=[...]}.
-- @return rates `{{currency=, from=, to=, rate=}...}` and the target (or nil), or nil, message
function M.parse_rates(src)
  local doc = src
  if type(src) == "string" then
    local err
    doc, err = json.decode(src)
    if doc == nil then return nil, "rates: " .. tostring(err) end
  end
  if type(doc) ~= "table" then return nil, "rates: expected an array of {currency, period, rate}" end
  local target
  if doc.rates ~= nil then
    target = doc.target
    doc = doc.rates
    if type(doc) ~= "table" then return nil, "rates: \"rates\" must be an array" end
    if target ~= nil and (type(target) ~= "string" or not target:match("^%u%u%u$")) then
      return nil, "rates: \"target\" must be a currency code"
    end
  end
  local out = {}
  for i, r in ipairs(doc) do
    if type(r) ~= "table" or type(r.currency) ~= "string" or not r.currency:match("^%u%u%u$") then
      return nil, format("rates[%d]: expected a currency code in \"currency\"", i)
    end
    local from, to = M.parse_period(r.period)
    if not from then
      return nil, format("rates[%d]: \"period\" must be YYYY, YYYY-MM, YYYY-Qn, YYYY-Hn or FROM..TO", i)
    end
    if type(r.rate) ~= "number" or r.rate ~= r.rate or r.rate <= 0 or r.rate == huge then
      return nil, format("rates[%d]: \"rate\" must be a positive number", i)
    end
    out[#out + 1] = { currency = r.currency, from = from, to = to, rate = r.rate }
  end
  return out, target
end

-- Growth ----------------------------------------------------------------------

local function same_keys(a, b, keys, skip)
  for _, k in ipairs(keys) do
    if k ~= skip and a[k] ~= b[k] then return false end
  end
  return true
end

local function shift_year(s, n)
  local y, m = ym(s)
  return format("%04d-%02d", y + n, m)
end

--- Growth of each row on the same months a year earlier (rows of an aggregator with a year key).
-- Like for like: Jan-Sep 2024 against Jan-Sep 2023, year on year when both are complete.
-- With opts.run_rate, an incomplete year with no like period is annualised
-- (value * 12 / months) against the previous full year and labelled an estimate.
-- opts.monthly: rows of the same keys by month instead of year, from which the
-- like months of a year whose row is complete are summed.
-- @param rows rows of `agg:rows()`
-- @param keys the effective keys (`agg:keys()`)
-- @return array of {row=, base=, growth=, kind="yoy"|"like_for_like"|"run_rate", estimate=, label=}
function M.growth(rows, keys, opts)
  opts = opts or {}
  local out = {}
  for _, r in ipairs(rows) do
    if r.year and r.period and r.value then
      local found
      for _, b in ipairs(rows) do
        if b.year == r.year - 1 and same_keys(r, b, keys, "year") and b.period and b.value and b.value ~= 0
          and b.period.from == shift_year(r.period.from, -1) and b.period.to == shift_year(r.period.to, -1)
          and b.months == r.months then
          found = b
          break
        end
      end
      if not found and r.complete == false and opts.monthly then
        -- the same months a year earlier, from monthly rows (keys with month instead of year)
        local fy, fm = ym(r.period.from)
        local _, tm = ym(r.period.to)
        local want, sum, n = {}, 0, 0
        for m = fm, tm do want[format("%04d-%02d", fy - 1, m)] = true end
        for _, mr in ipairs(opts.monthly) do
          if mr.month and want[mr.month] and not mr.derived and same_keys(r, mr, keys, "year") then
            sum, n = sum + mr.value, n + 1
            want[mr.month] = nil
          end
        end
        if n == tm - fm + 1 and n == r.months and sum ~= 0 then
          found = { year = r.year - 1, value = sum, months = n, complete = false,
            period = { from = format("%04d-%02d", fy - 1, fm), to = format("%04d-%02d", fy - 1, tm) } }
        end
      end
      if found then
        local kind = (r.complete and found.complete) and "yoy" or "like_for_like"
        out[#out + 1] = { row = r, base = found, growth = r.value / found.value - 1, kind = kind,
          label = M.period_label(r.period) .. " on " .. M.period_label(found.period) }
      elseif opts.run_rate and r.complete == false and r.months and r.months > 0 then
        for _, b in ipairs(rows) do
          if b.year == r.year - 1 and same_keys(r, b, keys, "year") and b.complete and b.value ~= 0 then
            local rr = M.run_rate(r)
            out[#out + 1] = { row = r, base = b, value = rr.value, growth = rr.value / b.value - 1,
              kind = "run_rate", estimate = true, label = rr.label .. " on " .. b.year }
            break
          end
        end
      end
    end
  end
  return out
end

--- A run-rate: the value of `months` months scaled to twelve. Always an estimate.
-- @param fig a row or figure with value and period (and months)
-- @return {value=, estimate=true, months=, label=} or nil, message
function M.run_rate(fig)
  if not fig.value or not fig.period then return nil, "a run-rate needs a value and a period" end
  local n = fig.months or months_between(fig.period.from, fig.period.to)
  if n <= 0 or n >= 12 then return nil, "a run-rate needs a period shorter than a year" end
  return { value = fig.value * 12 / n, estimate = true, months = n,
    label = "estimate: " .. M.period_label(fig.period) .. " annualised (" .. n .. " months x 12/" .. n .. ")" }
end

--- Compound annual growth rate from v0 to v1 over `years` years.
-- @return the rate (0.05 for 5 %), or nil, message
function M.cagr(v0, v1, years)
  if type(v0) ~= "number" or type(v1) ~= "number" or type(years) ~= "number" then
    return nil, "cagr needs two values and a number of years"
  end
  if v0 <= 0 or v1 <= 0 or years <= 0 then return nil, "cagr needs positive values and years" end
  return (v1 / v0) ^ (1 / years) - 1
end

--- CAGR of each series of complete-year rows (same keys but year): first and last complete year.
-- @return array of {first=, last=, years=, cagr=}
function M.cagr_rows(rows, keys)
  local series, order = {}, {}
  for _, r in ipairs(rows) do
    if r.year and r.complete and not r.derived_estimate and r.value then
      local id = {}
      for _, k in ipairs(keys) do
        if k ~= "year" then id[#id + 1] = tostring(r[k]) end
      end
      id = concat(id, "\0")
      if not series[id] then series[id] = {}; order[#order + 1] = id end
      local s = series[id]
      s[#s + 1] = r
    end
  end
  local out = {}
  for _, id in ipairs(order) do
    local s = series[id]
    sort(s, function(a, b) return a.year < b.year end)
    local first, last = s[1], s[#s]
    if #s >= 2 then
      local c = M.cagr(first.value, last.value, last.year - first.year)
      if c then out[#out + 1] = { first = first, last = last, years = last.year - first.year, cagr = c } end
    end
  end
  return out
end

-- Year-to-date series ----------------------------------------------------------

local function party_key(f)
  return concat({ f.flow or "", f.reporter or "", f.partner or "WLD", f.currency or "", f.segment or "",
    f.status or "actual" }, "\0")
end

--- Monthly values from year-to-date cumulative figures (each from January to
-- month m): month m = YTD(m) - YTD(m-1), January = YTD(Jan). A month whose
-- previous YTD figure is missing is not derived.
-- @return array of records with period {m, m} and derived = "ytd"
function M.monthly_from_ytd(records)
  local groups, order = {}, {}
  for _, r in ipairs(records) do
    if r.value and r.period and r.period.from and r.period.from:match("%-01$") then
      local y = r.period.from:sub(1, 4)
      if r.period.to:sub(1, 4) == y then
        local id = party_key(r) .. "\0" .. y
        if not groups[id] then groups[id] = {}; order[#order + 1] = id end
        local _, m = ym(r.period.to)
        groups[id][m] = r
      end
    end
  end
  local out = {}
  for _, id in ipairs(order) do
    local g = groups[id]
    for m = 1, 12 do
      local cur = g[m]
      if cur then
        local prev = m > 1 and g[m - 1] or nil
        if m == 1 or prev then
          local v = m == 1 and cur.value or cur.value - prev.value
          local rec = {}
          for k, x in pairs(cur) do rec[k] = x end
          local y = cur.period.from:sub(1, 4)
          rec.period = { from = format("%s-%02d", y, m), to = format("%s-%02d", y, m) }
          rec.value = v
          rec.derived = "ytd"
          rec.ytd = { cur.period, prev and prev.period or nil }
          out[#out + 1] = rec
        end
      end
    end
  end
  return out
end

-- Mirror statistics -----------------------------------------------------------

local function src_name(r)
  local s = r.source
  if type(s) == "table" then return s.file or s.doc or s.id end
  return s
end

local function add_source(list, seen, r)
  local s = src_name(r)
  if s and not seen[s] then seen[s] = true; list[#list + 1] = s end
end

--- Mirror statistics: A's exports to B against B's imports from A, same
-- period and currency, from any mix of sources. Imports are usually valued
-- CIF and exports FOB, so imports exceed the mirror exports by freight and
-- insurance (often 5-10 %); the note says so.
-- @param records records (tradefig.read, tradefig.open, extract) with reporter, partner, flow, period, value
-- @param[opt] aggopts extra aggregator options (max_groups, rates, target)
-- @return array of {exporter=, importer=, period=, currency=, exports=, imports=, gap=, ratio=,
-- export_sources=, import_sources=, note=}, ordered by exporter, importer, period
function M.mirror(records, aggopts)
  local tradefig = require "tradefig"
  local opts = { by = { "reporter", "partner", "flow", "period", "currency" } }
  for k, v in pairs(aggopts or {}) do opts[k] = v end
  local agg <close> = tradefig.aggregator(opts)
  local sources = {}
  for _, r in ipairs(records) do
    if (r.flow == "export" or r.flow == "import") and r.partner and r.partner ~= "WLD" then
      local ok, err, code = agg:add(r)
      if ok == nil then return nil, err, code end
      if ok and r.period then
        local id = concat({ r.reporter, r.partner, r.flow, r.period.from, r.period.to }, "\0")
        local s = sources[id] or { list = {}, seen = {} }
        sources[id] = s
        add_source(s.list, s.seen, r)
      end
    end
  end
  local index = {}
  local rows = agg:rows()
  for _, r in ipairs(rows) do
    if r.flow == "import" then
      index[concat({ r.reporter, r.partner, r.period.from, r.period.to, r.currency }, "\0")] = r
    end
  end
  local out = {}
  for _, x in ipairs(rows) do
    if x.flow == "export" then
      local m = index[concat({ x.partner, x.reporter, x.period.from, x.period.to, x.currency }, "\0")]
      if m then
        local sx = sources[concat({ x.reporter, x.partner, "export", x.period.from, x.period.to }, "\0")]
        local sm = sources[concat({ m.reporter, m.partner, "import", m.period.from, m.period.to }, "\0")]
        out[#out + 1] = {
          exporter = x.reporter, importer = x.partner, period = x.period, currency = x.currency,
          exports = x.value, imports = m.value, gap = m.value - x.value,
          ratio = x.value ~= 0 and m.value / x.value or nil,
          export_sources = sx and sx.list or {}, import_sources = sm and sm.list or {},
          note = "imports CIF, exports FOB: imports usually exceed the mirror exports by freight and insurance",
        }
      end
    end
  end
  return out
end

-- Claims against statistics ---------------------------------------------------

--- The relative precision a stated figure was rounded to: half a unit of its
-- last significant digit, over its value ("2,5 Mrd." 0.02; "2 688 360 900" ~0).
function M.rounding(v)
  if type(v) ~= "number" or v == 0 then return 0 end
  local a = abs(v)
  if math_type(v) ~= "integer" and a ~= floor(a) then return 0 end
  local unit = 1
  while a % (unit * 10) == 0 and unit < 1e15 do unit = unit * 10 end
  return unit / 2 / a
end

local function within(claim, stat, opts)
  local c, s = claim.value, stat
  local tol = opts.tolerance or 0.005
  local eff = tol
  local r = M.rounding(c)
  if r > eff then eff = r > (opts.rounding_cap or 0.05) and (opts.rounding_cap or 0.05) or r end
  local q = claim.qualifier or "exact"
  local rel = c ~= 0 and (s - c) / abs(c) or (s == 0 and 0 or huge)
  if q == "over" then return s >= c * (1 - tol), rel end
  if q == "under" then return s <= c * (1 + tol), rel end
  if q == "about" then
    local wide = eff > 0.05 and eff or 0.05
    return abs(rel) <= wide, rel
  end
  if q == "nearly" then return rel <= tol and rel >= -(eff > 0.05 and eff or 0.05), rel end
  return abs(rel) <= eff, rel
end

--- Check figures from text against statistics: same flow, parties and
-- period (the statistics' months must cover the claim's exactly; turnover
-- and balance are derived from exports and imports where not published).
-- A claim matches within a tolerance (opts.tolerance, default 0.005, widened
-- to the claim's own rounding up to opts.rounding_cap, default 0.05; "over",
-- "under", "about" and "nearly" are read as written).
-- @param claims figures (tradefig.extract) with a source each (string or {doc=})
-- @param stats records of statistics files
-- @return {matches={...}, deviations={...}, unmatched={...}}, each item
-- {claim=, statistic=, difference=, relative=, claim_source=, stat_sources=, reason=}
function M.claims(claims, stats, opts)
  opts = opts or {}
  local tradefig = require "tradefig"
  local res = { matches = {}, deviations = {}, unmatched = {} }
  -- statistics indexed by parties
  local by_parties = {}
  for _, s in ipairs(stats) do
    if s.value and s.period and s.reporter then
      local id = (s.reporter or "") .. "\0" .. (s.partner or "WLD") .. "\0" .. (s.currency or "")
      local l = by_parties[id] or {}
      by_parties[id] = l
      l[#l + 1] = s
    end
  end
  for _, c in ipairs(claims) do
    local item = { claim = c, claim_source = src_name(c) }
    if not c.value then
      item.reason = "the claim states no value"
      res.unmatched[#res.unmatched + 1] = item
    elseif not (c.reporter and c.period and c.period.from and c.currency) then
      item.reason = "the claim has no reporter, period or currency"
      res.unmatched[#res.unmatched + 1] = item
    else
      local cand = by_parties[c.reporter .. "\0" .. (c.partner or "WLD") .. "\0" .. c.currency] or {}
      local want = { [c.flow] = true }
      if c.flow == "turnover" or c.flow == "balance" then want.export, want.import = true, true end
      local agg <close> = tradefig.aggregator { by = { "reporter", "partner", "flow", "currency" } }
      local seen, srcs = {}, {}
      for _, s in ipairs(cand) do
        if want[s.flow] and s.period.from >= c.period.from and s.period.to <= c.period.to then
          if agg:add(s) then add_source(srcs, seen, s) end
        end
      end
      local stat
      for _, r in ipairs(agg:rows()) do
        if r.flow == c.flow and r.period and r.period.from == c.period.from and r.period.to == c.period.to
          and r.months == months_between(c.period.from, c.period.to) then
          stat = r
        end
      end
      if not stat then
        item.reason = #srcs > 0 and "statistics do not cover the claim's months" or "no statistic for the claim"
        res.unmatched[#res.unmatched + 1] = item
      else
        local ok, rel = within(c, stat.value, opts)
        item.statistic = stat.value
        item.difference = stat.value - c.value
        item.relative = rel
        item.stat_sources = srcs
        item.derived = stat.derived
        if ok then res.matches[#res.matches + 1] = item else res.deviations[#res.deviations + 1] = item end
      end
    end
  end
  return res
end

-- De-duplication ----------------------------------------------------------------

local function figure_key(f)
  local p = f.period or {}
  return concat({ f.flow or "", f.reporter or "", f.partner or "WLD", p.from or "", p.to or "",
    f.currency or "", f.status or "actual", f.segment or "", f.scope or "" }, "\0")
end

--- One figure per statement across documents: the same flow, parties, period,
-- currency, status, segment and scope with the same value (within
-- opts.tolerance, default 0.005) is one figure with every source in
-- `sources`; different values for the same key are all kept, each with
-- `conflict = true` and the other values in `conflicts`, never averaged.
-- @param figures figures, each with `source` (a string or {doc=}) or opts.source(f)
-- @return array of figures (copies) in first-seen order
function M.dedupe(figures, opts)
  opts = opts or {}
  local tol = opts.tolerance or 0.005
  local groups, order = {}, {}
  for _, f in ipairs(figures) do
    local id = figure_key(f)
    local g = groups[id]
    if not g then g = {}; groups[id] = g; order[#order + 1] = id end
    local src = opts.source and opts.source(f) or src_name(f)
    local hit
    for _, u in ipairs(g) do
      local a, b = u.value, f.value
      if (a == nil and b == nil) or (a and b and (a == b or (a ~= 0 and abs(b - a) / abs(a) <= tol))) then
        hit = u
        break
      end
    end
    if hit then
      if src and not hit._seen[src] then hit._seen[src] = true; hit.sources[#hit.sources + 1] = src end
    else
      local u = {}
      for k, v in pairs(f) do u[k] = v end
      u.sources, u._seen = {}, {}
      if src then u._seen[src] = true; u.sources[1] = src end
      g[#g + 1] = u
    end
  end
  local out = {}
  for _, id in ipairs(order) do
    local g = groups[id]
    for _, u in ipairs(g) do
      u._seen = nil
      if #g > 1 then
        u.conflict = true
        u.conflicts = {}
        for _, o in ipairs(g) do
          if o ~= u then u.conflicts[#u.conflicts + 1] = { value = o.value, sources = o.sources } end
        end
      end
      out[#out + 1] = u
    end
  end
  return out
end

-- Output ------------------------------------------------------------------------

--- Columns after the keys in CSV output.
M.value_columns = { "value", "count", "min", "max", "mean", "period_from", "period_to", "months",
  "complete", "label", "level", "world", "partners_sum", "alternatives", "derived" }

local function cell(v)
  local t = type(v)
  if t == "nil" then return "" end
  if t == "number" then
    if math_type(v) == "integer" then return tostring(v) end
    local s = format("%.15g", v)
    if tonumber(s) ~= v then s = format("%.17g", v) end
    return s
  end
  if t == "boolean" then return v and "true" or "false" end
  v = tostring(v)
  if v:find('[,"\r\n]') then return '"' .. v:gsub('"', '""') .. '"' end
  return v
end

local function row_cells(row, keys)
  local vals = {}
  for _, k in ipairs(keys) do vals[#vals + 1] = cell(row[k]) end
  local p = row.period or {}
  local extra = { row.value, row.count, row.min, row.max, row.mean, p.from, p.to, row.months, row.complete,
    M.row_label(row), row.level, row.world, row.partners_sum, row.alternatives, row.derived }
  for i = 1, #M.value_columns do vals[#vals + 1] = cell(extra[i]) end
  return vals
end

--- Rows as CSV: a header (the keys, value, count, then min, max, mean, the
-- months covered, complete, label, level, world, partners_sum, alternatives,
-- derived), one line per row.
function M.to_csv(rows, keys)
  local out = {}
  local head = {}
  for _, k in ipairs(keys) do head[#head + 1] = k end
  for _, k in ipairs(M.value_columns) do head[#head + 1] = k end
  out[1] = concat(head, ",")
  for _, r in ipairs(rows) do out[#out + 1] = concat(row_cells(r, keys), ",") end
  return concat(out, "\n") .. "\n"
end

local function thousands(v)
  if type(v) ~= "number" then return "" end
  local s = math_type(v) == "integer" and tostring(v) or format("%.2f", v)
  local int, frac = s:match("^(-?%d+)(.*)$")
  if not int then return s end
  local neg = int:sub(1, 1) == "-"
  if neg then int = int:sub(2) end
  int = int:reverse():gsub("(%d%d%d)", "%1,"):reverse():gsub("^,", "")
  return (neg and "-" or "") .. int .. frac
end

--- Rows as an aligned text table, with notes for incomplete periods and checks.
function M.to_text(rows, keys, opts)
  -- opts.lang writes numbers and notes in that language ("2.500.000" in German);
  -- opts.date marks a year still running at that date as "to date" rather than "only"
  opts = opts or {}
  local R = require "tradefig.report"
  local report = opts.lang and R
  local W = report and report.words(opts.lang).words
  local function word(k, en) return W and W[k] or en end
  local function num(v)
    if report and type(v) == "number" then return report.format_number(v, opts.lang, 0) end
    return thousands(v)
  end
  local as_of = opts.date and tonumber(opts.date:sub(1, 4))
  local head = {}
  for _, k in ipairs(keys) do head[#head + 1] = k end
  head[#head + 1] = "value"
  head[#head + 1] = "count"
  head[#head + 1] = "note"
  local lines = { head }
  for _, r in ipairs(rows) do
    local l = {}
    for _, k in ipairs(keys) do l[#l + 1] = tostring(r[k] or "") end
    l[#l + 1] = num(r.value)
    l[#l + 1] = tostring(r.count)
    local notes = {}
    if r.complete == false then
      local running = as_of and r.period and tonumber(r.period.to:sub(1, 4)) == as_of
      notes[#notes + 1] = running and (M.row_label(r) .. " (" .. word("agg_to_date", "to date") .. ")")
        or (word("agg_only", "only") .. " " .. M.row_label(r))
    end
    if r.derived then notes[#notes + 1] = word("agg_derived", "derived") end
    if r.world then
      notes[#notes + 1] = word("agg_world_row", "World row")
        .. (r.partners_sum and ("; " .. word("agg_partners_sum", "partners sum") .. " " .. num(r.partners_sum)) or "")
    end
    if r.level and r.level > 0 then notes[#notes + 1] = word("agg_level", "commodity level") .. " " .. r.level end
    if r.alternatives then
      notes[#notes + 1] = r.alternatives .. " " .. word("agg_alternatives", "other totals not summed")
    end
    l[#l + 1] = concat(notes, "; ")
    lines[#lines + 1] = l
  end
  local width = R.widths(lines)
  local out = {}
  for _, l in ipairs(lines) do
    local cells = {}
    for i, c in ipairs(l) do
      cells[i] = i == #l and c or R.pad(c, width[i], head[i] == "value" or head[i] == "count")
    end
    out[#out + 1] = (concat(cells, "  "):gsub("%s+$", ""))
  end
  return concat(out, "\n") .. "\n"
end

--- The result as one JSON-ready table: keys, rows, stats (with the rates used).
function M.to_result(agg)
  local rows = agg:rows()
  for _, r in ipairs(rows) do r.label = M.row_label(r) end
  local st = agg:stats()
  local used = {}
  for _, r in ipairs(st.rates) do
    if r.used > 0 then used[#used + 1] = r end
  end
  st.rates = setmetatable(used, json.array_mt)
  return { keys = agg:keys(), rows = setmetatable(rows, json.array_mt), stats = st }
end

return M
