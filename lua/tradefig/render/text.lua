--- Plain text: aligned tables, numbers in the reader's language.
-- @module tradefig.render.text

local report = require "tradefig.report"

local concat, ipairs = table.concat, ipairs

local M = {}

local function pair_label(g, lang)
  return report.place_label(g.reporter, lang) .. " – " .. report.place_label(g.partner, lang)
end

--- One line per comparison, in words.
function M.comparison(c, figs, lang)
  local w = report.words(lang).words
  local function per(p) return report.period_label(p, lang) end
  if c.kind == "growth" then
    return string.format("%s %s %s %s: %s", report.words(lang).flows[c.flow], per(c.period), w.versus,
      per(c.base), report.format_pct(c.pct, lang))
  elseif c.kind == "run_rate" then
    return string.format("%s %s %s: %s, %s %s %s (%s: %s)", report.words(lang).flows[c.flow], per(c.period),
      w.run_rate, report.format_money(c.value, c.currency, lang), report.format_pct(c.pct, lang), w.versus,
      per(c.base), w.estimate, w.run_rate_note)
  elseif c.kind == "share" then
    return string.format("%s %s %s: %s", w.share, report.words(lang).flows[c.flow], per(c.period),
      report.format_number(c.pct, lang, 1) .. " %")
  elseif c.kind == "derived" then
    return string.format("%s %s: %s", c.flow == "balance" and w.derived_balance or w.derived_turnover,
      per(c.period), report.format_money(c.value, c.currency, lang))
  elseif c.kind == "check" then
    local f = figs[c.of]
    local stated, derived
    if c.what == "change" then
      stated, derived = report.format_pct(c.stated, lang), report.format_pct(c.derived, lang)
    else
      stated = report.format_money(c.stated, f and f.currency, lang)
      derived = report.format_money(c.derived, f and f.currency, lang)
    end
    return string.format("%s %s: %s / %s – %s", w.check, c.what, stated, derived,
      c.consistent and w.consistent or w.inconsistent)
  end
  return c.kind
end

--- The digest as text.
function M.digest(rep)
  local lang = rep.lang
  local W = report.words(lang)
  local w = W.words
  local out = {}
  out[#out + 1] = string.format("%s%s%s", rep.source or "", rep.date and (" · " .. rep.date) or "",
    " · " .. lang)
  out[#out + 1] = string.format("%d %s, %d %s", #rep.figures, #rep.figures == 1 and w.figure or w.figures,
    #rep.groups, #rep.groups == 1 and w.pair or w.pairs)
  if #rep.figures == 0 then
    out[#out + 1] = ""
    out[#out + 1] = w.no_figures
    return concat(out, "\n") .. "\n"
  end
  for _, g in ipairs(rep.groups) do
    out[#out + 1] = ""
    out[#out + 1] = pair_label(g, lang)
    for _, f in ipairs(g.figures) do
      local status = f.status ~= "actual" and (" [" .. W.status[f.status] .. "]") or ""
      local times = f.places > 1 and string.format(" (%s %d %s)", w.stated, f.places, w.times) or ""
      out[#out + 1] = "  " .. report.pad(W.flows[f.flow] or f.flow, 14)
        .. report.pad(report.period_label(f.period, lang), 20)
        .. report.pad(report.figure_value(f, lang), 22, true) .. "  "
        .. report.pad(report.change_text(f.change, lang), 8) .. status .. times
      if f.sentence then out[#out + 1] = "      „" .. f.sentence .. "“" end
    end
    if #g.comparisons > 0 then
      out[#out + 1] = "  " .. w.comparisons .. ":"
      for _, c in ipairs(g.comparisons) do
        out[#out + 1] = "    - " .. M.comparison(c, rep.figures, lang)
      end
    end
  end
  for k, line in ipairs(out) do out[k] = line:gsub("%s+$", "") end
  return concat(out, "\n") .. "\n"
end

--- A document table as aligned text: a header, a rule, one line per row.
function M.table(t, lang, indent)
  indent = indent or "  "
  t = { columns = report.visible(t.columns), rows = t.rows }
  local lines = { {} }
  for i, c in ipairs(t.columns) do lines[1][i] = c.label or c.key end
  for _, row in ipairs(t.rows) do
    local l = {}
    for i, c in ipairs(t.columns) do l[i] = report.cell_text(row[c.key], c, row, lang) end
    lines[#lines + 1] = l
  end
  local width = report.widths(lines)
  local out = {}
  for k, l in ipairs(lines) do
    local cells = {}
    for i, cell in ipairs(l) do
      cells[i] = report.pad(cell, width[i], k > 1 and report.numeric[t.columns[i].type or "text"])
    end
    out[#out + 1] = (indent .. concat(cells, "  ")):gsub("%s+$", "")
    if k == 1 then
      local rule = {}
      for i = 1, #l do rule[i] = string.rep("-", width[i]) end
      out[#out + 1] = indent .. concat(rule, "  ")
    end
  end
  return out
end

--- A report document (every recipe but the digest) as text.
function M.doc(doc)
  local lang = doc.lang
  local out = { doc.title }
  if doc.meta and doc.meta ~= "" then out[2] = doc.meta end
  for _, sec in ipairs(doc.sections) do
    out[#out + 1] = ""
    if sec.heading then out[#out + 1] = sec.heading end
    for _, t in ipairs(sec.tables or {}) do
      if t.title then out[#out + 1] = "  " .. t.title end
      for _, line in ipairs(M.table(t, lang)) do out[#out + 1] = line end
    end
    for _, n in ipairs(sec.notes or {}) do out[#out + 1] = "  - " .. n end
  end
  if doc.sources and #doc.sources > 0 then
    out[#out + 1] = ""
    out[#out + 1] = report.rword(lang, "sources") .. ":"
    for _, s in ipairs(doc.sources) do out[#out + 1] = "  " .. s end
  end
  return concat(out, "\n") .. "\n"
end

function M.render(rep)
  if rep.kind == "digest" then return M.digest(rep) end
  return M.doc(report.view(rep))
end

return M
