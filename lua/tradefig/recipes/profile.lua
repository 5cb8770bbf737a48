--- The trade between a reporter and one or more partners over time, from any
-- mix of sources (statistics files, figures from text): exports, imports,
-- turnover and balance per period, growth on the same months a year earlier,
-- the compound annual growth over the complete years, and where every number
-- came from. A reporter's own statistics come first; where it has none, the
-- partner's mirror figure stands in (its imports are the reporter's exports),
-- labelled so. Turnover and balance are derived from exports and imports where
-- not stated. Different sources are never summed: each value is one source's,
-- the others are listed beside it.
--
-- A pure function: records in, a report table out; `view` makes the document
-- the renderers write.
-- @module tradefig.recipes.profile

local tradefig = require "tradefig"
local report = require "tradefig.report"
local agg = require "tradefig.agg"

local ipairs, pairs, type, tostring, tonumber = ipairs, pairs, type, tostring, tonumber
local sort, concat, abs = table.sort, table.concat, math.abs

local M = {}

local FLOWS <const> = { "export", "import", "turnover", "balance" }
local RANK <const> = { reported = 1, derived = 2, mirror = 3, mirror_derived = 4 }
local AGREE <const> = 0.02       -- sources within 2 % agree

local function source_of(r, default)
  return report.source_name(r) or default or "?"
end

local function pkey(p, cur) return p.from .. "|" .. p.to .. "|" .. (cur or "") end

-- The rows of one source for the pair (a, b), from a's side: {flow, period, value, kind}.
local function rows_of(list, a, b)
  local ag <close> = tradefig.aggregator { by = { "reporter", "partner", "flow", "year", "currency" } }
  for _, r in ipairs(list) do
    local ok, err, code = ag:add(r)
    if ok == nil then return nil, err, code end
  end
  local out = {}
  for _, r in ipairs(ag:rows()) do
    if r.period and r.value then
      local flow, value, kind
      if r.reporter == a and r.partner == b then
        flow, value, kind = r.flow, r.value, r.derived and "derived" or "reported"
      elseif r.reporter == b and r.partner == a then
        kind = r.derived and "mirror_derived" or "mirror"
        if r.flow == "export" then flow, value = "import", r.value
        elseif r.flow == "import" then flow, value = "export", r.value
        elseif r.flow == "turnover" then flow, value = "turnover", r.value
        elseif r.flow == "balance" then flow, value = "balance", -r.value end
      end
      if flow then
        out[#out + 1] = { flow = flow, value = value, kind = kind, period = r.period, currency = r.currency,
                          months = r.months, complete = r.complete }
      end
    end
  end
  return out
end

local function pct(a, b)
  if not a or not b or b == 0 then return nil end
  return report.round((a / b - 1) * 100, 1)
end

-- One pair: periods with the chosen value of each flow, growth and CAGR.
local function build_pair(records, a, b, opts)
  local by_source, order = {}, {}
  for _, r in ipairs(records) do
    if ((r.reporter == a and r.partner == b) or (r.reporter == b and r.partner == a))
       and r.value and r.period and (r.status or "actual") == "actual" and not r.segment and not r.breakdown then
      local s = source_of(r, opts.source)
      if not by_source[s] then by_source[s] = {}; order[#order + 1] = s end
      local l = by_source[s]
      l[#l + 1] = r
    end
  end
  local periods, cells = {}, {}
  for si, s in ipairs(order) do
    local rows, err, code = rows_of(by_source[s], a, b)
    if not rows then return nil, err, code end
    for _, r in ipairs(rows) do
      local k = pkey(r.period, r.currency)
      if not periods[k] then
        periods[k] = { period = r.period, currency = r.currency, months = r.months,
                       complete = r.complete ~= false and report.months(r.period) == r.months }
        cells[k] = {}
      end
      cells[k][r.flow] = cells[k][r.flow] or {}
      local list = cells[k][r.flow]
      list[#list + 1] = { value = r.value, kind = r.kind, source = s, source_index = si }
    end
  end
  local list = {}
  for k, p in pairs(periods) do
    for flow, cands in pairs(cells[k]) do
      sort(cands, function(x, y)
        if RANK[x.kind] ~= RANK[y.kind] then return RANK[x.kind] < RANK[y.kind] end
        return x.source_index < y.source_index
      end)
      local best = cands[1]
      local others = {}
      for i = 2, #cands do
        local o = cands[i]
        o.relative = best.value ~= 0 and report.round((o.value - best.value) / abs(best.value) * 100, 1) or nil
        o.agrees = best.value ~= 0 and abs(o.value - best.value) <= AGREE * abs(best.value)
        others[#others + 1] = o
      end
      if #others > 0 then best.others = others end
      p[flow] = best
    end
    -- turnover and balance from exports and imports of different sources
    local ex, im = p.export, p.import
    if ex and im then
      local via = { source = ex.source == im.source and ex.source or (ex.source .. " + " .. im.source),
                    kind = "derived", from_sources = true }
      if not p.turnover then p.turnover = { value = ex.value + im.value, kind = via.kind, source = via.source } end
      if not p.balance then p.balance = { value = ex.value - im.value, kind = via.kind, source = via.source } end
    end
    list[#list + 1] = p
  end
  sort(list, function(x, y)
    if x.period.from ~= y.period.from then return x.period.from < y.period.from end
    if x.period.to ~= y.period.to then return x.period.to < y.period.to end
    return (x.currency or "") < (y.currency or "")
  end)
  -- growth on the same months a year earlier
  local index = {}
  for _, p in ipairs(list) do index[pkey(p.period, p.currency)] = p end
  for _, p in ipairs(list) do
    local prev = index[pkey(report.shift(p.period, -12), p.currency)]
    if prev then
      p.growth = {}
      for _, f in ipairs(FLOWS) do
        if f ~= "balance" and p[f] and prev[f] then p.growth[f] = pct(p[f].value, prev[f].value) end
      end
      p.base = prev.period
    end
  end
  -- CAGR over the complete years of each flow
  local cagr = {}
  for _, f in ipairs(FLOWS) do
    local first, last
    for _, p in ipairs(list) do
      if p[f] and p.complete and report.months(p.period) == 12 and p[f].value > 0 then
        first = first or p
        last = p
      end
    end
    if first and last ~= first then
      local y0, y1 = tonumber(first.period.from:sub(1, 4)), tonumber(last.period.from:sub(1, 4))
      local c = agg.cagr(first[f].value, last[f].value, y1 - y0)
      if c then
        cagr[f] = { from = first.period, to = last.period, years = y1 - y0, pct = report.round(c * 100, 1),
                    first = first[f].value, last = last[f].value, currency = first.currency }
      end
    end
  end
  return { reporter = a, partner = b, periods = list, cagr = cagr, sources = order }
end

--- Build the profile.
-- @tparam table records statistics records and/or figures from text (with `source`)
-- @tparam table opts {reporter=, partner= (a code or a list), lang=, date=, source= (the
-- name of records without one)}
-- @treturn table {kind="profile", reporter, pairs={{partner, periods={...}, cagr, sources}}, sources},
-- or nil, message
function M.build(records, opts)
  opts = opts or {}
  if type(opts.reporter) ~= "string" then return nil, "profile: a reporter is needed (reporter=)" end
  local partners = opts.partner
  if type(partners) == "string" then
    local l = {}
    for p in partners:gmatch("[^,%s]+") do l[#l + 1] = p end
    partners = l
  end
  if type(partners) ~= "table" or #partners == 0 then
    return nil, "profile: at least one partner is needed (partner=)"
  end
  local rep = { kind = "profile", lang = opts.lang or "en", date = opts.date, reporter = opts.reporter,
                pairs = {}, sources = {} }
  local seen = {}
  for _, b in ipairs(partners) do
    local pair, err, code = build_pair(records, opts.reporter, b, opts)
    if not pair then return nil, err, code end
    rep.pairs[#rep.pairs + 1] = pair
    for _, s in ipairs(pair.sources) do
      if not seen[s] then seen[s] = true; rep.sources[#rep.sources + 1] = s end
    end
  end
  rep.source = concat(rep.sources, ", ")
  return rep
end

-- View ------------------------------------------------------------------------

local function main_flow(pair)
  local n = {}
  for _, p in ipairs(pair.periods) do
    for _, f in ipairs(FLOWS) do
      if p[f] then n[f] = (n[f] or 0) + 1 end
    end
  end
  local best, bn = nil, 0
  for _, f in ipairs { "turnover", "export", "import", "balance" } do
    if (n[f] or 0) > bn then best, bn = f, n[f] end
  end
  return best
end

local function pair_label(a, b, lang)
  return report.place_label(a, lang) .. " – " .. report.place_label(b, lang)
end

--- The document the renderers write.
function M.view(rep)
  local lang = rep.lang
  local W = report.words(lang)
  local function rw(k) return report.rword(lang, k) end
  local names = {}
  for _, p in ipairs(rep.pairs) do names[#names + 1] = report.place_label(p.partner, lang) end
  local doc = { kind = "profile", lang = lang, sections = {},
                title = rw("profile") .. ": " .. report.place_label(rep.reporter, lang) .. " – " .. concat(names, ", "),
                meta = report.meta(rep) }
  local src_index = {}
  for i, s in ipairs(rep.sources) do src_index[s] = i end
  local function src_ref(c)
    if not c then return "" end
    local parts = {}
    for s in tostring(c.source):gmatch("[^+]+") do
      s = s:match("^%s*(.-)%s*$")
      parts[#parts + 1] = "[" .. (src_index[s] or "?") .. "]"
    end
    local ref = concat(parts, "+")
    if c.kind ~= "reported" then ref = ref .. " " .. rw(c.kind:match("^mirror") and "mirror_of" or "derived") end
    return ref
  end
  -- several partners: one chart of the main flow of each, and a summary table
  if #rep.pairs > 1 then
    local flow = main_flow(rep.pairs[1]) or "export"
    local cats, cat_index = {}, {}
    for _, pair in ipairs(rep.pairs) do
      for _, p in ipairs(pair.periods) do
        local l = report.period_label(p.period, lang)
        if not cat_index[l] then cats[#cats + 1] = { label = l, from = p.period.from, to = p.period.to } end
        cat_index[l] = true
      end
    end
    sort(cats, function(x, y) return x.from < y.from or (x.from == y.from and x.to < y.to) end)
    for i, c in ipairs(cats) do cat_index[c.label] = i; cats[i] = c.label end
    local series, currency = {}, nil
    local rows = {}
    for _, pair in ipairs(rep.pairs) do
      local values = {}
      for _, p in ipairs(pair.periods) do
        if p[flow] then
          values[cat_index[report.period_label(p.period, lang)]] = p[flow].value
          currency = currency or p.currency
        end
      end
      series[#series + 1] = { name = report.place_label(pair.partner, lang), values = values }
      local c = pair.cagr[flow]
      local last = pair.periods[#pair.periods]
      rows[#rows + 1] = { partner = pair.partner, first = c and c.first, from = c and c.from, last = c and c.last,
                          to = c and c.to, cagr = c and c.pct, currency = last and last.currency,
                          periods = #pair.periods }
    end
    doc.sections[#doc.sections + 1] = {
      heading = report.place_label(rep.reporter, lang) .. ": " .. (W.flows[flow] or flow),
      chart = { type = "line", title = (W.flows[flow] or flow), currency = currency, categories = cats,
                series = series },
      tables = { { name = "summary", columns = {
        { key = "partner", label = rw("partner"), type = "place" },
        { key = "from", label = rw("period"), type = "period" },
        { key = "first", label = rw("value"), type = "money" },
        { key = "to", label = rw("period"), type = "period" },
        { key = "last", label = rw("value"), type = "money" },
        { key = "cagr", label = rw("cagr"), type = "pct" } }, rows = rows, csv = false } },
    }
  end
  for _, pair in ipairs(rep.pairs) do
    local flow = main_flow(pair)
    local present = {}
    for _, p in ipairs(pair.periods) do
      for _, f in ipairs(FLOWS) do if p[f] then present[f] = true end end
    end
    local columns = { { key = "reporter", csv_only = true }, { key = "partner", csv_only = true },
                      { key = "period", label = rw("period"), type = "period" } }
    for _, f in ipairs(FLOWS) do
      if present[f] then columns[#columns + 1] = { key = f, label = W.flows[f] or f, type = "money" } end
    end
    if flow then
      columns[#columns + 1] = { key = "growth", label = rw("growth") .. " (" .. (W.flows[flow] or flow) .. ")",
                                type = "pct" }
    end
    columns[#columns + 1] = { key = "source", label = rw("source") }
    local rows, cats, series = {}, {}, {}
    for _, f in ipairs(FLOWS) do
      if present[f] then series[#series + 1] = { name = W.flows[f] or f, flow = f, values = {} } end
    end
    local currency
    for i, p in ipairs(pair.periods) do
      local row = { period = p.period, currency = p.currency, growth = p.growth and p.growth[flow],
                    reporter = pair.reporter, partner = pair.partner }
      local srcs = {}
      for _, f in ipairs(FLOWS) do
        if p[f] then
          row[f] = p[f].value
          srcs[#srcs + 1] = src_ref(p[f])
        end
      end
      local uniq, seen = {}, {}
      for _, s in ipairs(srcs) do if not seen[s] then seen[s] = true; uniq[#uniq + 1] = s end end
      row.source = concat(uniq, ", ")
      rows[#rows + 1] = row
      cats[i] = report.period_label(p.period, lang)
      currency = currency or p.currency
      for _, s in ipairs(series) do
        s.values[i] = p[s.flow] and p[s.flow].value or nil
        if not p.complete then s.estimate = s.estimate or {}; s.estimate[i] = true end
      end
    end
    local notes = {}
    for _, f in ipairs(FLOWS) do
      local c = pair.cagr[f]
      if c then
        notes[#notes + 1] = string.format("%s %s %s–%s: %s (%s → %s)", rw("cagr"), W.flows[f] or f,
          report.period_label(c.from, lang), report.period_label(c.to, lang), report.format_pct(c.pct, lang),
          report.format_money(c.first, c.currency, lang), report.format_money(c.last, c.currency, lang))
      end
    end
    for _, p in ipairs(pair.periods) do
      for _, f in ipairs(FLOWS) do
        for _, o in ipairs(p[f] and p[f].others or {}) do
          notes[#notes + 1] = string.format("%s %s: %s %s [%d] (%s%s)", W.flows[f] or f,
            report.period_label(p.period, lang), rw("alternatives"), report.format_money(o.value, p.currency, lang),
            o.source_index, o.relative and report.format_pct(o.relative, lang) or "",
            o.kind ~= "reported" and (", " .. rw(o.kind:match("^mirror") and "mirror_of" or "derived")) or "")
        end
      end
    end
    local section = {
      heading = pair_label(pair.reporter, pair.partner, lang),
      tables = { { name = "periods", columns = columns, rows = rows } },
      notes = notes,
    }
    if #rows == 0 then section.notes = { rw("no_data") } end
    if #rows > 0 and #series > 0 then
      section.chart = { type = #rows >= 4 and "line" or "bar", title = pair_label(pair.reporter, pair.partner, lang),
                        currency = currency, categories = cats, series = series }
    end
    doc.sections[#doc.sections + 1] = section
  end
  local srcs = {}
  for i, s in ipairs(rep.sources) do srcs[#srcs + 1] = "[" .. i .. "] " .. s end
  doc.sources = srcs
  return doc
end

return M
