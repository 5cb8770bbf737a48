--- The top N partners (or products) of a reporter for one period and flow,
-- with each one's share, the cumulative share, the rest as "others", and
-- the concentration of the whole list (Herfindahl-Hirschman index).
-- Shares are of the World total when the data have a World row, else of the
-- sum of the partners in the data (said so). Groups (EU, EAEU, ...) and the
-- World are never ranked with countries; products are ranked at one
-- commodity level (the coarsest below TOTAL unless `level` is given).
--
-- A pure function: records in, a report table out; `view` makes the document.
-- @module tradefig.recipes.top

local tradefig = require "tradefig"
local report = require "tradefig.report"
local agg = require "tradefig.agg"

local ipairs, pairs, type, tostring, tonumber, math_tointeger = ipairs, pairs, type, tostring, tonumber, math.tointeger
local sort, concat = table.sort, table.concat

local M = {}

--- Build the ranking.
-- @tparam table records statistics records
-- @tparam table opts {reporter=, flow= (default "export"), period= ("2022", "2023-Q1", {from=,to=};
-- default the latest complete year), by= "partner" or "product", n= (default 10), level=, partner= (for
-- products: default the World), lang=, date=}
-- @return {kind="top", reporter, flow, period, by, items={{code, value, share, cumulative}},
-- others, total, total_kind="world"|"partners", hhi, concentration, complete}, or nil, message
function M.build(records, opts)
  opts = opts or {}
  if type(opts.reporter) ~= "string" then return nil, "top: a reporter is needed (reporter=)" end
  local flow = opts.flow or "export"
  local by = opts.by or "partner"
  if by ~= "partner" and by ~= "product" then return nil, "top: by must be partner or product" end
  local n = math_tointeger(tonumber(opts.n or 10))
  if not n or n < 1 then return nil, "top: n must be a whole number of at least 1" end
  local from, to
  if opts.period then
    from, to = agg.parse_period(opts.period)
    if not from then return nil, "top: period '" .. tostring(opts.period) .. "' is not YYYY, YYYY-MM, YYYY-Qn, "
      .. "YYYY-Hn or FROM..TO" end
  else
    -- the latest complete year of the reporter's flow
    local ag <close> = tradefig.aggregator { by = { "reporter", "flow", "year" } }
    for _, r in ipairs(records) do
      if r.reporter == opts.reporter and r.flow == flow then ag:add(r) end
    end
    for _, r in ipairs(ag:rows()) do
      if r.complete and r.months == 12 and (not from or r.period.from > from) then
        from, to = r.period.from, r.period.to
      end
    end
    if not from then return nil, "top: no complete year of " .. flow .. " for " .. opts.reporter end
  end
  local want = report.months { from = from, to = to }
  local keys = by == "partner" and { "reporter", "partner", "flow", "currency" }
                               or { "reporter", "segment", "flow", "currency" }
  local ag <close> = tradefig.aggregator { by = keys }
  local sources, seen = {}, {}
  for _, r in ipairs(records) do
    if r.reporter == opts.reporter and r.flow == flow and r.period and r.value
       and r.period.from >= from and r.period.to <= to
       and (by == "partner" or (r.partner or "WLD") == (opts.partner or r.partner or "WLD")) then
      local ok, err, code = ag:add(r)
      if ok == nil then return nil, err, code end
      local s = report.source_name(r)
      if ok and s and not seen[s] then seen[s] = true; sources[#sources + 1] = s end
    end
  end
  local rows = ag:rows()
  for _, r in ipairs(rows) do
    if r.segment == "" then r.segment = nil end     -- the TOTAL row
  end
  -- the main currency, the candidates and the total
  local count = {}
  for _, r in ipairs(rows) do count[r.currency] = (count[r.currency] or 0) + 1 end
  local currency, best = nil, 0
  for c, k in pairs(count) do if k > best or (k == best and c < currency) then currency, best = c, k end end
  local world, cands, level = nil, {}, opts.level
  if by == "product" and not level then
    for _, r in ipairs(rows) do
      if r.segment and r.currency == currency and (r.level or 0) > 0 and (not level or r.level < level) then
        level = r.level
      end
    end
  end
  local complete = true
  for _, r in ipairs(rows) do
    if r.currency == currency then
      if r.months and r.months < want then complete = false end
      if by == "partner" then
        if r.partner == "WLD" then world = r.value
        elseif r.partner and not report.is_group(r.partner) then
          cands[#cands + 1] = { code = r.partner, value = r.value }
        end
      else
        if not r.segment then world = r.value
        elseif (r.level or 0) == level then cands[#cands + 1] = { code = r.segment, value = r.value } end
      end
    end
  end
  sort(cands, function(a, b)
    if a.value ~= b.value then return a.value > b.value end
    return a.code < b.code
  end)
  local sum = 0
  for _, c in ipairs(cands) do sum = sum + c.value end
  local total = world or sum
  local rep = { kind = "top", lang = opts.lang or "en", date = opts.date, reporter = opts.reporter, flow = flow,
                by = by, n = n, period = { from = from, to = to }, currency = currency, items = {},
                total = total, total_kind = world and "world" or "partners", partners_sum = sum,
                count = #cands, complete = complete, level = level, partner = opts.partner, sources = sources,
                source = concat(sources, ", ") }
  local hhi, cum = 0, 0
  for i, c in ipairs(cands) do
    if sum > 0 then hhi = hhi + (c.value / sum * 100) ^ 2 end
    if i <= n then
      local share = total ~= 0 and c.value / total * 100 or nil
      cum = cum + (share or 0)
      rep.items[#rep.items + 1] = { rank = i, code = c.code, value = c.value,
        share = share and report.round(share, 2), cumulative = report.round(cum, 2) }
    end
  end
  if #cands > n then
    local top = 0
    for i = 1, n do top = top + cands[i].value end
    rep.others = { count = #cands - n, value = sum - top,
                   share = total ~= 0 and report.round((sum - top) / total * 100, 2) or nil }
  end
  if world and world > sum then rep.unallocated = world - sum end
  rep.hhi = report.round(hhi, 0)
  rep.concentration = hhi > 2500 and "high" or (hhi >= 1500 and "moderate" or "unconcentrated")
  return rep
end

--- The document the renderers write.
function M.view(rep)
  local lang = rep.lang
  local W = report.words(lang)
  local function rw(k) return report.rword(lang, k) end
  local what = rep.by == "partner" and rw("partner") or rw("product")
  local title = rw(rep.by == "partner" and "top" or "top_products") .. ": "
    .. report.place_label(rep.reporter, lang) .. ", " .. (W.flows[rep.flow] or rep.flow) .. " "
    .. report.period_label(rep.period, lang)
  local rows = {}
  for _, it in ipairs(rep.items) do
    rows[#rows + 1] = { rank = it.rank, code = it.code, name = it.code, value = it.value, share = it.share,
                        cumulative = it.cumulative, currency = rep.currency }
  end
  if rep.others then
    rows[#rows + 1] = { name = rw("others") .. " (" .. rep.others.count .. ")", value = rep.others.value,
                        share = rep.others.share, currency = rep.currency }
  end
  rows[#rows + 1] = { name = rw("total"), value = rep.total, share = rep.total ~= 0 and 100 or nil,
                      currency = rep.currency }
  local columns = {
    { key = "rank", label = rw("rank"), type = "number" },
    { key = "name", label = what },
    { key = "value", label = rw("value"), type = "money" },
    { key = "share", label = rw("share"), type = "share" },
    { key = "cumulative", label = rw("cumulative"), type = "share" },
  }
  if rep.by == "partner" then
    -- names to read, codes beside them; "others" and "total" are words already
    for _, r in ipairs(rows) do if r.rank then r.name = report.place_label(r.code, lang) end end
    table.insert(columns, 3, { key = "code", label = "ISO" })
  end
  local notes = {
    rw(rep.total_kind == "world" and "of_world" or "of_partners"),
    string.format("%s %s: %s (%s)", rw("hhi"), rw("concentration"), report.format_number(rep.hhi, lang, 0),
      rw(rep.concentration)),
    rw("hhi_note"),
  }
  if not rep.complete then notes[#notes + 1] = rw("incomplete") .. ": " .. report.period_label(rep.period, lang) end
  local cats, values = {}, {}
  for i, it in ipairs(rep.items) do
    cats[i] = rep.by == "partner" and report.place_label(it.code, lang) or it.code
    values[i] = it.value
  end
  local srcs = {}
  for i, s in ipairs(rep.sources) do srcs[i] = "[" .. i .. "] " .. s end
  return {
    kind = "top", lang = lang, title = title, meta = report.meta(rep), sources = srcs,
    sections = { {
      chart = #rep.items > 0 and { type = "bar", title = title, currency = rep.currency, categories = cats,
                                   series = { { name = W.flows[rep.flow] or rep.flow, flow = rep.flow,
                                                values = values } } } or nil,
      tables = { { name = "top", columns = columns, rows = rows } },
      notes = #rep.items > 0 and notes or { rw("no_data") },
    } },
  }
end

return M
