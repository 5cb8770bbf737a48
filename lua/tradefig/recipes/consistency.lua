--- Internal checks of one document (figures from text) or one data set
-- (statistics records), each finding with its evidence:
--
-- * turnover = exports + imports, and balance = exports - imports, where all
--   three are stated for the same parties, period and currency;
-- * components not above their totals: exports or imports above turnover, a
--   partner above the World, a product above the total, a part of a period
--   above the whole period, the partners together above the World;
-- * growth and levels against last year's level when it is known: a stated
--   change against the change the two levels give (and the level a year
--   earlier that the change implies).
--
-- Sums and differences agree within the rounding of the figures stated
-- (tradefig.agg's rounding: "2,5 Mrd." is good to 2 %), at least 0.5 %.
-- Checks that hold are counted; by default only the findings of the
-- stated-triple and growth checks are listed when they hold, every problem is.
--
-- A pure function: figures or records in, a report table out; `view` makes
-- the document.
-- @module tradefig.recipes.consistency

local report = require "tradefig.report"
local agg = require "tradefig.agg"

local ipairs, pairs, type, tostring = ipairs, pairs, type, tostring
local abs, max, min = math.abs, math.max, math.min
local concat, sort = table.concat, table.sort

local M = {}

local MIN_TOL <const> = 0.005
local MAX_TOL <const> = 0.05
local GROWTH_TOL <const> = 1.0       -- percentage points between a stated and a derived change

local function tol_of(...)
  local t = MIN_TOL
  for _, f in ipairs { ... } do t = max(t, min(MAX_TOL, agg.rounding(f.value))) end
  return t
end

local function key(f, flowless)
  local p = f.period
  return concat({ f.reporter or "?", f.partner or "WLD", p.from, p.to, f.currency or "", f.segment or "",
    flowless and "" or f.flow }, "|")
end

-- What a finding shows of a figure: its value, and where it was stated.
local function evidence(f, role, text)
  local e = { role = role, flow = f.flow, value = f.value, currency = f.currency, period = f.period,
              reporter = f.reporter, partner = f.partner, segment = f.segment, span = f.span }
  if type(f.source) == "table" then
    e.source = f.source.file and (f.source.file .. ":" .. tostring(f.source.line or "?")) or f.source.doc
  else
    e.source = f.source
  end
  if f.spans and f.spans[1] then e.at = f.spans[1][1] end
  if type(text) == "table" then text = text[f.source] end
  if f.sentence and type(text) == "string" then e.sentence = text:sub(f.sentence[1], f.sentence[2]) end
  return e
end

--- Run the checks.
-- @tparam table figures figures (tradefig.extract) or records (tradefig.read)
-- @tparam[opt] table opts {lang=, date=, source=, text= (the document, for sentences) or texts=
-- ({[source]=text} for figures of several documents), all= (list
-- the component checks that hold too)}
-- @return {kind="consistency", findings={{check, ok, stated, derived, relative, difference, evidence}},
-- counts={checks=, ok=, problems=}, figures=}
function M.build(figures, opts)
  opts = opts or {}
  local text = opts.texts or opts.text
  local rep = { kind = "consistency", lang = opts.lang or "en", date = opts.date, source = opts.source,
                findings = {}, counts = { checks = 0, ok = 0, problems = 0 }, figures = 0 }
  local by, list = {}, {}
  for _, f in ipairs(figures) do
    if f.value and f.period and f.period.from and (f.status or "actual") == "actual" and not f.breakdown then
      list[#list + 1] = f
      local k = key(f)
      by[k] = by[k] or f
    end
  end
  rep.figures = #list
  local function add(check, ok, fields, ev, always)
    rep.counts.checks = rep.counts.checks + 1
    if ok then rep.counts.ok = rep.counts.ok + 1 else rep.counts.problems = rep.counts.problems + 1 end
    if ok and not always and not opts.all then return end
    fields.check, fields.ok = check, ok
    fields.evidence = {}
    for _, e in ipairs(ev) do fields.evidence[#fields.evidence + 1] = evidence(e[1], e[2], text) end
    rep.findings[#rep.findings + 1] = fields
  end
  local function base(f)
    return { reporter = f.reporter, partner = f.partner, period = f.period, currency = f.currency, segment = f.segment }
  end
  -- stated triples
  local done = {}
  for _, f in ipairs(list) do
    local k0 = key(f, true)
    if not done[k0] then
      done[k0] = true
      local function get(flow)
        local g = { reporter = f.reporter, partner = f.partner, period = f.period, currency = f.currency,
                    segment = f.segment, flow = flow }
        return by[key(g)]
      end
      local ex, im, to, ba = get("export"), get("import"), get("turnover"), get("balance")
      if ex and im and to then
        local d = ex.value + im.value
        local t = tol_of(ex, im, to)
        local fl = base(to)
        fl.flow, fl.stated, fl.derived, fl.difference = "turnover", to.value, d, to.value - d
        fl.relative = to.value ~= 0 and report.round((to.value - d) / abs(to.value) * 100, 2) or nil
        add("turnover", abs(to.value - d) <= t * abs(to.value), fl,
            { { to, "turnover" }, { ex, "export" }, { im, "import" } }, true)
      end
      if ex and im and ba then
        local d = ex.value - im.value
        local t = tol_of(ex, im, ba)
        local fl = base(ba)
        fl.flow, fl.stated, fl.derived, fl.difference = "balance", ba.value, d, ba.value - d
        fl.relative = ba.value ~= 0 and report.round((ba.value - d) / abs(ba.value) * 100, 2) or nil
        add("balance", abs(ba.value - d) <= t * max(abs(ex.value), abs(im.value)), fl,
            { { ba, "balance" }, { ex, "export" }, { im, "import" } }, true)
      end
      for _, part in ipairs { ex, im } do
        if part and to and part.value >= 0 then
          local fl = base(to)
          fl.flow, fl.stated, fl.derived = part.flow, part.value, to.value
          fl.what = "flow"
          add("component", part.value <= to.value * (1 + tol_of(part, to)), fl,
              { { part, part.flow }, { to, "turnover" } })
        end
      end
    end
  end
  -- partners against the World; products against the total; parts of a period against the period
  local worlds, totals, sums = {}, {}, {}
  for _, f in ipairs(list) do
    if f.flow ~= "balance" and f.value >= 0 then
      if f.partner == "WLD" and not f.segment then
        worlds[concat({ f.reporter or "?", f.flow, f.period.from, f.period.to, f.currency or "" }, "|")] = f
      end
      if not f.segment then totals[key(f)] = f end
    end
  end
  for _, f in ipairs(list) do
    if f.flow ~= "balance" and f.value >= 0 then
      if f.partner and f.partner ~= "WLD" and not f.segment then
        local wk = concat({ f.reporter or "?", f.flow, f.period.from, f.period.to, f.currency or "" }, "|")
        local w = worlds[wk]
        if w then
          local fl = base(f)
          fl.flow, fl.stated, fl.derived, fl.what = f.flow, f.value, w.value, "partner"
          add("component", f.value <= w.value * (1 + tol_of(f, w)), fl, { { f, "partner" }, { w, "world" } })
          if not report.is_group(f.partner) then
            local s = sums[wk] or { value = 0, n = 0, world = w }
            sums[wk] = s
            s.value, s.n = s.value + f.value, s.n + 1
          end
        end
      end
      if f.segment then
        local g = {}
        for k2, v in pairs(f) do g[k2] = v end
        g.segment = nil
        local t = totals[key(g)]
        if t then
          local fl = base(f)
          fl.flow, fl.stated, fl.derived, fl.what = f.flow, f.value, t.value, "product"
          add("component", f.value <= t.value * (1 + tol_of(f, t)), fl, { { f, "product" }, { t, "total" } })
        end
      end
    end
  end
  local wks = {}
  for wk in pairs(sums) do wks[#wks + 1] = wk end
  sort(wks)
  for _, wk in ipairs(wks) do
    local s = sums[wk]
    local w = s.world
    local fl = base(w)
    fl.flow, fl.stated, fl.derived, fl.what, fl.parts = w.flow, s.value, w.value, "partners", s.n
    add("parts", s.value <= w.value * (1 + MIN_TOL), fl, { { w, "world" } })
  end
  -- a part of a period above the whole (Jan-Sep above the year), same flow and parties
  local wholes = {}
  for _, f in ipairs(list) do
    if f.flow ~= "balance" and f.value >= 0 then
      local id = concat({ f.reporter or "?", f.partner or "WLD", f.flow, f.currency or "", f.segment or "" }, "|")
      wholes[id] = wholes[id] or {}
      local l = wholes[id]
      l[#l + 1] = f
    end
  end
  for _, l in pairs(wholes) do
    if #l <= 200 then
      for _, a in ipairs(l) do
        for _, b in ipairs(l) do
          if a ~= b and a.period.from >= b.period.from and a.period.to <= b.period.to
             and (a.period.from ~= b.period.from or a.period.to ~= b.period.to) then
            local fl = base(a)
            fl.flow, fl.stated, fl.derived, fl.what, fl.whole = a.flow, a.value, b.value, "period", b.period
            add("component", a.value <= b.value * (1 + tol_of(a, b)), fl, { { a, "part" }, { b, "whole" } })
          end
        end
      end
    end
  end
  -- a stated change against last year's level
  for _, f in ipairs(list) do
    local c = f.change
    if c and (c.pct or c.ratio) then
      local g = {}
      for k2, v in pairs(f) do g[k2] = v end
      g.period = report.shift(f.period, -12)
      local prev = by[key(g)]
      if prev and prev.value ~= 0 then
        local derived = (f.value / prev.value - 1) * 100
        local stated = c.pct or (c.ratio - 1) * 100
        local fl = base(f)
        fl.flow, fl.stated, fl.derived = f.flow, report.round(stated, 1), report.round(derived, 1)
        fl.difference = report.round(stated - derived, 1)
        fl.implied = report.round(f.value / (1 + stated / 100), 0)
        fl.base_value, fl.base = prev.value, prev.period
        add("growth", abs(stated - derived) <= GROWTH_TOL, fl, { { f, "level" }, { prev, "last_year" } }, true)
      end
    end
  end
  sort(rep.findings, function(a, b)
    if a.ok ~= b.ok then return not a.ok end
    if a.period.from ~= b.period.from then return a.period.from < b.period.from end
    return a.check < b.check
  end)
  return rep
end

--- The document the renderers write.
function M.view(rep)
  local lang = rep.lang
  local W = report.words(lang)
  local function rw(k) return report.rword(lang, k) end
  local rows, notes = {}, {}
  local cats, sv, dv, cur = {}, {}, {}, nil
  for i, f in ipairs(rep.findings) do
    local money = f.check ~= "growth"
    rows[i] = {
      n = i, check = rw("check_" .. f.check), flow = W.flows[f.flow] or f.flow,
      parties = report.place_label(f.reporter, lang) .. " – " .. report.place_label(f.partner or "WLD", lang)
        .. (f.segment and (" " .. f.segment) or ""),
      period = f.period, currency = f.currency,
      stated = f.stated, derived = f.derived, stated_type = not money and "pct" or nil,
      derived_type = not money and "pct" or nil,
      result = f.ok and rw("ok") or rw("problem"),
    }
    if money and (f.check == "turnover" or f.check == "balance") then
      cats[#cats + 1] = "#" .. i .. " " .. (W.flows[f.flow] or f.flow)
      sv[#cats], dv[#cats] = f.stated, f.derived
      cur = cur or f.currency
    end
    for _, e in ipairs(f.evidence) do
      notes[#notes + 1] = string.format("#%d %s: %s %s %s%s%s", i, W.flows[e.flow] or e.flow,
        report.period_label(e.period, lang), report.format_money(e.value, e.currency, lang),
        e.span and ("„" .. e.span .. "“ ") or "", e.source and ("(" .. e.source .. (e.at and (", " .. e.at) or "")
          .. ")") or (e.at and ("(" .. e.at .. ")") or ""), e.sentence and (" – „" .. e.sentence .. "“") or "")
    end
    if f.check == "growth" then
      notes[#notes + 1] = string.format("#%d %s %s: %s", i, rw("check_growth"), report.period_label(f.base, lang),
        report.format_money(f.implied, f.currency, lang))
    end
  end
  local columns = {
    { key = "n", label = rw("rank"), type = "number" },
    { key = "check", label = rw("check") },
    { key = "flow", label = W.words.flow },
    { key = "parties", label = W.words.parties },
    { key = "period", label = rw("period"), type = "period" },
    { key = "stated", label = rw("stated"), type = "money" },
    { key = "derived", label = rw("derived"), type = "money" },
    { key = "result", label = rw("result") },
  }
  table.insert(notes, 1, string.format("%s: %d · %s: %d · %s: %d", rw("checks_run"), rep.counts.checks, rw("ok"),
    rep.counts.ok, rw("problem"), rep.counts.problems))
  return {
    kind = "consistency", lang = lang, title = rw("consistency") .. (rep.source and (": " .. rep.source) or ""),
    meta = report.meta(rep), sources = rep.source and { "[1] " .. rep.source } or {},
    sections = { {
      chart = #cats > 0 and { type = "bar", title = rw("consistency"), currency = cur, categories = cats, series = {
        { name = rw("stated"), color = "#b5651d", values = sv },
        { name = rw("derived"), color = "#2f6f9f", values = dv } } } or nil,
      tables = { { name = "findings", columns = columns, rows = rows } },
      notes = notes,
    } },
  }
end

return M
