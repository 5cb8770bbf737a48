--- Claims from articles checked against statistics (tradefig.agg's claims):
-- each figure an article states, the statistic for the same flow, parties,
-- period and currency (turnover and balance derived from exports and imports
-- where not published), the difference, and a verdict: matches (within the
-- tolerance, widened to the claim's own rounding; "over", "about", ... read
-- as written), deviates, or not checked (and why).
--
-- A pure function: figures and records in, a report table out; `view` makes
-- the document.
-- @module tradefig.recipes.claims

local report = require "tradefig.report"
local agg = require "tradefig.agg"

local ipairs, pairs = ipairs, pairs
local concat = table.concat

local M = {}

-- tradefig.agg's reasons, as words of the report language
local REASONS <const> = {
  ["no statistic for the claim"] = "r_no_statistic",
  ["statistics do not cover the claim's months"] = "r_not_covered",
  ["the claim states no value"] = "r_no_value",
  ["the claim has no reporter, period or currency"] = "r_no_parties",
}

local function sentence_of(f, text)
  if f.sentence and text then return text:sub(f.sentence[1], f.sentence[2]) end
  return nil
end

--- Build the check.
-- @tparam table figures figures from tradefig.extract, each with `source` (or opts.source)
-- @tparam table records statistics records
-- @tparam[opt] table opts {tolerance=, rounding_cap=, lang=, date=, source=, texts={[source]=text}}
-- @return {kind="claims", items={{verdict, flow, reporter, partner, period, claimed, qualifier,
-- statistic, difference, relative, span, sentence, claim_source, stat_sources, reason}},
-- counts={match=, deviation=, unmatched=}, sources}
function M.build(figures, records, opts)
  opts = opts or {}
  local claims = {}
  for i, f in ipairs(figures) do
    local c = {}
    for k, v in pairs(f) do c[k] = v end
    c.source = f.source or opts.source
    c._n = i
    claims[i] = c
  end
  local res = agg.claims(claims, records, { tolerance = opts.tolerance, rounding_cap = opts.rounding_cap })
  local rep = { kind = "claims", lang = opts.lang or "en", date = opts.date, items = {}, sources = {},
                counts = { match = #res.matches, deviation = #res.deviations, unmatched = #res.unmatched } }
  local seen = {}
  local function add_src(s)
    if s and not seen[s] then seen[s] = true; rep.sources[#rep.sources + 1] = s end
  end
  for verdict, list in pairs { match = res.matches, deviation = res.deviations, unmatched = res.unmatched } do
    for _, it in ipairs(list) do
      local c = it.claim
      local text = opts.texts and opts.texts[c.source]
      rep.items[#rep.items + 1] = {
        n = c._n, verdict = verdict, flow = c.flow, reporter = c.reporter, partner = c.partner, period = c.period,
        currency = c.currency, claimed = c.value, qualifier = c.qualifier, statistic = it.statistic,
        difference = it.difference, relative = it.relative and report.round(it.relative * 100, 1),
        derived = it.derived, span = c.span, sentence = sentence_of(c, text), claim_source = it.claim_source,
        stat_sources = it.stat_sources, reason = it.reason,
      }
      add_src(it.claim_source)
      for _, s in ipairs(it.stat_sources or {}) do add_src(s) end
    end
  end
  for _, it in ipairs(rep.items) do
    if it.relative == 0 then it.relative = 0.0 end    -- no "−0.0 %"
  end
  table.sort(rep.items, function(a, b) return a.n < b.n end)
  rep.source = concat(rep.sources, ", ")
  return rep
end

--- The document the renderers write.
function M.view(rep)
  local lang = rep.lang
  local W = report.words(lang)
  local function rw(k) return report.rword(lang, k) end
  local idx = {}
  for i, s in ipairs(rep.sources) do idx[s] = i end
  local rows, cats, cv, sv = {}, {}, {}, {}
  for _, it in ipairs(rep.items) do
    local refs = {}
    for _, s in ipairs(it.stat_sources or {}) do refs[#refs + 1] = "[" .. idx[s] .. "]" end
    local q = it.qualifier and W.qualifier[it.qualifier] or ""
    rows[#rows + 1] = {
      n = it.n, flow = W.flows[it.flow] or it.flow, parties = report.place_label(it.reporter, lang) .. " – "
        .. report.place_label(it.partner or "WLD", lang), period = it.period, currency = it.currency,
      span = it.span and ("„" .. it.span .. "“") or (q ~= "" and q or nil),
      claimed = it.claimed, statistic = it.statistic, relative = it.relative,
      verdict = rw(it.verdict) .. (it.reason and (": " .. rw(REASONS[it.reason] or it.reason)) or "")
        .. (it.derived and (" (" .. rw("derived") .. ")") or ""),
      source = (it.claim_source and ("[" .. idx[it.claim_source] .. "]") or "")
        .. (#refs > 0 and (" / " .. concat(refs, " ")) or ""),
    }
    if it.statistic then
      cats[#cats + 1] = "#" .. it.n .. " " .. (W.flows[it.flow] or it.flow) .. " "
        .. report.period_label(it.period, lang)
      cv[#cats], sv[#cats] = it.claimed, it.statistic
    end
  end
  local columns = {
    { key = "n", label = rw("rank"), type = "number" },
    { key = "flow", label = W.words.flow },
    { key = "parties", label = W.words.parties },
    { key = "period", label = rw("period"), type = "period" },
    { key = "claimed", label = rw("stated"), type = "money" },
    { key = "span", label = rw("claim") },
    { key = "statistic", label = rw("statistic"), type = "money" },
    { key = "relative", label = rw("difference"), type = "pct" },
    { key = "verdict", label = rw("verdict") },
    { key = "source", label = rw("source") },
  }
  local notes = { string.format("%s: %d · %s: %d · %s: %d", rw("match"), rep.counts.match, rw("deviation"),
    rep.counts.deviation, rw("unmatched"), rep.counts.unmatched) }
  for _, it in ipairs(rep.items) do
    if it.sentence then notes[#notes + 1] = "#" .. it.n .. " „" .. it.sentence .. "“" end
  end
  local srcs = {}
  for i, s in ipairs(rep.sources) do srcs[i] = "[" .. i .. "] " .. s end
  local cur = rep.items[1] and rep.items[1].currency
  return {
    kind = "claims", lang = lang, title = rw("claims"), meta = report.meta(rep), sources = srcs,
    sections = { {
      chart = #cats > 0 and { type = "bar", title = rw("claims"), currency = cur, categories = cats, series = {
        { name = rw("stated"), color = "#b5651d", values = cv },
        { name = rw("statistic"), color = "#2f6f9f", values = sv } } } or nil,
      tables = { { name = "claims", columns = columns, rows = rows } },
      notes = notes,
    } },
  }
end

return M
