--- The digest of one article: the figures it states, de-duplicated, grouped
-- by the parties that trade, ordered by period, with every comparison the
-- figures allow (like-for-like growth, a change checked against a level a
-- year earlier, shares of a total, balances and turnover derived from
-- exports and imports, and, only where periods differ, a run-rate clearly
-- labelled as an estimate).
--
-- A pure function: figures (from tradefig.extract) and the text in, a report
-- table out. No I/O; formatting is the renderers' job.
-- @module tradefig.recipes.digest

local report = require "tradefig.report"

local ipairs, pairs, table_sort, abs = ipairs, pairs, table.sort, math.abs

local M = {}

local TOLERANCE = 0.02     -- 2 %: stated and derived values agree within this

local function pkey(f)
  -- turnover is two-way: Minsk-China and China-Minsk are one pair
  local a, b = f.reporter or "?", f.partner or "?"
  if f.flow == "turnover" and b < a then a, b = b, a end
  return a .. "|" .. b
end

local function same_period(a, b)
  return a and b and a.from == b.from and a.to == b.to
end

local function comparable(a, b)
  return a.flow == b.flow and a.currency == b.currency and a.value ~= nil and b.value ~= nil
    and a.status == "actual" and b.status == "actual" and a.segment == b.segment
end

--- Build the digest.
-- @tparam table figures from tradefig.extract (with spans and sentence)
-- @tparam string text the article
-- @tparam[opt] table opts {lang=, date=, source=}
-- @treturn table {kind="digest", lang, date, source, figures={...}, groups={...}}
function M.build(figures, text, opts)
  opts = opts or {}
  local out = { kind = "digest", lang = opts.lang or "en", date = opts.date, source = opts.source,
                figures = {}, groups = {} }
  local groups, order = {}, {}
  for n, f in ipairs(figures) do
    local item = {
      id = n, flow = f.flow, reporter = f.reporter, partner = f.partner, value = f.value,
      currency = f.currency, qualifier = f.qualifier, period = f.period, change = f.change,
      status = f.status, segment = f.segment, scope = f.scope, span = f.span,
      places = #f.spans, spans = f.spans,
      sentence = f.sentence and text:sub(f.sentence[1], f.sentence[2]) or nil,
    }
    out.figures[n] = item
    local k = pkey(f)
    if not groups[k] then
      groups[k] = { reporter = f.reporter, partner = f.partner, figures = {}, comparisons = {} }
      order[#order + 1] = k
    end
    local g = groups[k]
    g.figures[#g.figures + 1] = item
  end
  for _, k in ipairs(order) do
    local g = groups[k]
    table_sort(g.figures, function(a, b)
      local pa, pb = a.period and a.period.from or "", b.period and b.period.from or ""
      if pa ~= pb then return pa < pb end
      local ta, tb = a.period and a.period.to or "", b.period and b.period.to or ""
      if ta ~= tb then return ta < tb end
      return a.id < b.id
    end)
    M.compare(g)
    out.groups[#out.groups + 1] = g
  end
  return out
end

--- Every comparison the figures of one group allow; appends to g.comparisons.
function M.compare(g)
  local figs, cmp = g.figures, g.comparisons
  local growth_of = {}
  -- like-for-like: the same months a year apart
  for _, b in ipairs(figs) do
    for _, a in ipairs(figs) do
      if a ~= b and b.period and a.period and comparable(a, b)
         and same_period(report.shift(a.period, 12), b.period) and a.value ~= 0 then
        local pct = (b.value / a.value - 1) * 100
        cmp[#cmp + 1] = { kind = "growth", from = a.id, to = b.id, flow = b.flow, currency = b.currency,
                          period = b.period, base = a.period, pct = report.round(pct, 1) }
        growth_of[b.id] = true
        -- a change the article states, checked against the two levels
        if b.change and b.change.pct then
          cmp[#cmp + 1] = { kind = "check", what = "change", of = b.id, stated = b.change.pct,
                            derived = report.round(pct, 1),
                            consistent = abs(pct - b.change.pct) <= 1.0 }
        end
      end
    end
  end
  -- run-rate: a part year after a full year, only where no like-for-like comparison exists
  for _, b in ipairs(figs) do
    local mb = report.months(b.period)
    if mb and mb < 12 and not growth_of[b.id] and b.period.from:sub(6, 7) == "01" then
      for _, a in ipairs(figs) do
        local ma = report.months(a.period)
        if a ~= b and comparable(a, b) and ma == 12 and a.period.from:sub(6, 7) == "01"
           and tonumber(a.period.from:sub(1, 4)) == tonumber(b.period.from:sub(1, 4)) - 1 and a.value ~= 0 then
          local annual = b.value * 12 / mb
          cmp[#cmp + 1] = { kind = "run_rate", from = a.id, to = b.id, flow = b.flow, currency = b.currency,
                            period = b.period, base = a.period, months = mb,
                            value = report.round(annual, 0), pct = report.round((annual / a.value - 1) * 100, 1),
                            estimate = true }
        end
      end
    end
  end
  -- exports, imports, turnover and balance of the same period
  local by = {}
  for _, f in ipairs(figs) do
    if f.value and f.status == "actual" and f.period and not f.segment then
      local k = f.period.from .. f.period.to .. (f.currency or "")
      by[k] = by[k] or {}
      by[k][f.flow] = by[k][f.flow] or f
    end
  end
  for _, set in pairs(by) do
    local ex, im, to, ba = set.export, set.import, set.turnover, set.balance
    if ex and to and to.value ~= 0 then
      cmp[#cmp + 1] = { kind = "share", of = ex.id, total = to.id, flow = "export", period = ex.period,
                        pct = report.round(ex.value / to.value * 100, 1) }
    end
    if im and to and to.value ~= 0 then
      cmp[#cmp + 1] = { kind = "share", of = im.id, total = to.id, flow = "import", period = im.period,
                        pct = report.round(im.value / to.value * 100, 1) }
    end
    if ex and im then
      local bal = ex.value - im.value
      if ba then
        cmp[#cmp + 1] = { kind = "check", what = "balance", of = ba.id, stated = ba.value, derived = bal,
                          consistent = abs(bal - ba.value) <= TOLERANCE * abs(ex.value) }
      else
        cmp[#cmp + 1] = { kind = "derived", flow = "balance", from = { ex.id, im.id }, period = ex.period,
                          currency = ex.currency, value = bal }
      end
      local tot = ex.value + im.value
      if to then
        cmp[#cmp + 1] = { kind = "check", what = "turnover", of = to.id, stated = to.value, derived = tot,
                          consistent = abs(tot - to.value) <= TOLERANCE * to.value }
      else
        cmp[#cmp + 1] = { kind = "derived", flow = "turnover", from = { ex.id, im.id }, period = ex.period,
                          currency = ex.currency, value = tot }
      end
    end
  end
  table_sort(cmp, function(a, b)
    local pa, pb = a.period and a.period.from or "", b.period and b.period.from or ""
    if pa ~= pb then return pa < pb end
    return a.kind < b.kind
  end)
end

return M
