--- Mirror statistics: what one party reports exporting to another against
-- what the other reports importing from it, per period, from any mix of
-- sources (tradefig.agg's mirror). Each pair and period has both values,
-- the gap (imports minus exports, in money and as a share of the exports),
-- the ratio and the sources of each side. Imports are usually valued CIF
-- and exports FOB, so a gap of a few per cent is expected; the note says so.
--
-- A pure function: records in, a report table out; `view` makes the document.
-- @module tradefig.recipes.mirror

local report = require "tradefig.report"
local agg = require "tradefig.agg"

local ipairs, type = ipairs, type
local sort, concat, abs = table.sort, table.concat, math.abs

local M = {}

--- Build the mirror comparison.
-- @tparam table records statistics records of both sides
-- @tparam[opt] table opts {reporter=, partner= (keep pairs with these parties, either side), lang=, date=}
-- @return {kind="mirror", rows={{exporter, importer, period, currency, exports, imports, gap, gap_pct,
-- ratio, export_sources, import_sources}}, sources}, or nil, message, code
function M.build(records, opts)
  opts = opts or {}
  local list, err, code = agg.mirror(records)
  if not list then return nil, err, code end
  local a, b = opts.reporter, opts.partner
  local rep = { kind = "mirror", lang = opts.lang or "en", date = opts.date, reporter = a, partner = b,
                rows = {}, sources = {} }
  local seen = {}
  for _, m in ipairs(list) do
    local keep = true
    if a and m.exporter ~= a and m.importer ~= a then keep = false end
    if b and m.exporter ~= b and m.importer ~= b then keep = false end
    if keep then
      m.gap_pct = m.exports ~= 0 and report.round(m.gap / m.exports * 100, 1) or nil
      m.note = nil
      rep.rows[#rep.rows + 1] = m
      for _, l in ipairs { m.export_sources, m.import_sources } do
        for _, s in ipairs(l) do
          if not seen[s] then seen[s] = true; rep.sources[#rep.sources + 1] = s end
        end
      end
    end
  end
  sort(rep.rows, function(x, y)
    if x.exporter ~= y.exporter then return x.exporter < y.exporter end
    if x.importer ~= y.importer then return x.importer < y.importer end
    return x.period.from < y.period.from
  end)
  -- the largest gaps in money, for the summary
  local total_x, total_m = 0, 0
  for _, m in ipairs(rep.rows) do total_x, total_m = total_x + m.exports, total_m + m.imports end
  rep.exports, rep.imports = total_x, total_m
  rep.source = concat(rep.sources, ", ")
  return rep
end

--- The document the renderers write.
function M.view(rep)
  local lang = rep.lang
  local function rw(k) return report.rword(lang, k) end
  local parties = {}
  if rep.reporter then parties[#parties + 1] = report.place_label(rep.reporter, lang) end
  if rep.partner then parties[#parties + 1] = report.place_label(rep.partner, lang) end
  local title = rw("mirror") .. (#parties > 0 and (": " .. concat(parties, " – ")) or "")
  local idx = {}
  for i, s in ipairs(rep.sources) do idx[s] = i end
  local function refs(l)
    local out = {}
    for _, s in ipairs(l or {}) do out[#out + 1] = "[" .. idx[s] .. "]" end
    return concat(out, " ")
  end
  local rows, cats, xs, ms = {}, {}, {}, {}
  for i, m in ipairs(rep.rows) do
    rows[i] = { exporter = m.exporter, importer = m.importer, period = m.period, currency = m.currency,
                exports = m.exports, imports = m.imports, gap = m.gap, gap_pct = m.gap_pct, ratio = m.ratio,
                export_sources = refs(m.export_sources), import_sources = refs(m.import_sources) }
    cats[i] = m.exporter .. "→" .. m.importer .. (#rep.rows > 1 and rep.rows[1].period.from ~= m.period.from
      and (" " .. report.period_label(m.period, lang)) or "")
    xs[i], ms[i] = m.exports, m.imports
  end
  local columns = {
    { key = "exporter", label = rw("exporter"), type = "place" },
    { key = "importer", label = rw("importer"), type = "place" },
    { key = "period", label = rw("period"), type = "period" },
    { key = "exports", label = rw("exports_reported"), type = "money" },
    { key = "imports", label = rw("imports_reported"), type = "money" },
    { key = "gap", label = rw("gap"), type = "money" },
    { key = "gap_pct", label = rw("gap_pct"), type = "pct" },
    { key = "ratio", label = rw("ratio"), type = "ratio" },
    { key = "export_sources", label = rw("source") .. " X" },
    { key = "import_sources", label = rw("source") .. " M" },
  }
  local notes = { rw("cif_fob") }
  if #rows == 0 then notes = { rw("no_data") } end
  -- the widest relative gaps first in the notes
  local wide = {}
  for _, m in ipairs(rep.rows) do if m.gap_pct and abs(m.gap_pct) > 25 then wide[#wide + 1] = m end end
  sort(wide, function(x, y) return abs(x.gap_pct) > abs(y.gap_pct) end)
  for k = 1, math.min(5, #wide) do
    local m = wide[k]
    notes[#notes + 1] = string.format("%s → %s %s: %s / %s (%s)", report.place_label(m.exporter, lang),
      report.place_label(m.importer, lang), report.period_label(m.period, lang),
      report.format_money(m.exports, m.currency, lang), report.format_money(m.imports, m.currency, lang),
      report.format_pct(m.gap_pct, lang))
  end
  local srcs = {}
  for i, s in ipairs(rep.sources) do srcs[i] = "[" .. i .. "] " .. s end
  local cur = rep.rows[1] and rep.rows[1].currency
  if #cats > 16 then
    -- the chart keeps the 16 largest flows, in table order
    local order = {}
    for i = 1, #cats do order[i] = i end
    sort(order, function(x, y) return math.max(xs[x], ms[x]) > math.max(xs[y], ms[y]) end)
    local keep = {}
    for k = 1, 16 do keep[order[k]] = true end
    local c2, x2, m2 = {}, {}, {}
    for i = 1, #cats do
      if keep[i] then
        local k = #c2 + 1
        c2[k], x2[k], m2[k] = cats[i], xs[i], ms[i]
      end
    end
    cats, xs, ms = c2, x2, m2
  end
  return {
    kind = "mirror", lang = lang, title = title, meta = report.meta(rep), sources = srcs,
    sections = { {
      chart = #rows > 0 and { type = "bar", title = title, currency = cur, categories = cats, series = {
        { name = rw("exports_reported"), flow = "export", values = xs },
        { name = rw("imports_reported"), flow = "import", values = ms } } } or nil,
      tables = { { name = "mirror", columns = columns, rows = rows } },
      notes = notes,
    } },
  }
end

local _ = type
return M
