--- Markdown: a heading per pair of parties, a table of figures, the comparisons as a list.
-- @module tradefig.render.markdown

local report = require "tradefig.report"
local text = require "tradefig.render.text"

local concat, ipairs = table.concat, ipairs

local M = {}

local function cell(s)
  return (tostring(s or ""):gsub("|", "\\|"):gsub("\n", " "))
end

function M.digest(rep)
  local lang = rep.lang
  local W = report.words(lang)
  local w = W.words
  local out = {}
  out[#out + 1] = "# " .. W.words.chart_title .. ": " .. cell(rep.source or "")
  out[#out + 1] = ""
  out[#out + 1] = string.format("%s · %s · %d %s", rep.date or "", lang, #rep.figures, w.figures)
  if #rep.figures == 0 then
    out[#out + 1] = ""
    out[#out + 1] = w.no_figures
  end
  for _, g in ipairs(rep.groups) do
    out[#out + 1] = ""
    out[#out + 1] = "## " .. cell(report.place_label(g.reporter, lang) .. " – " .. report.place_label(g.partner, lang))
    out[#out + 1] = ""
    out[#out + 1] = string.format("| %s | %s | %s | %s | %s |", w.flow, w.period, w.value, w.change, w.sentence)
    out[#out + 1] = "|---|---|---:|---:|---|"
    for _, f in ipairs(g.figures) do
      local v = report.figure_value(f, lang, true)
      local ch = report.change_text(f.change, lang)
      out[#out + 1] = string.format("| %s | %s | %s | %s | %s |", cell(W.flows[f.flow]),
        cell(report.period_label(f.period, lang)), cell(v), cell(ch), cell(f.sentence))
    end
    if #g.comparisons > 0 then
      out[#out + 1] = ""
      out[#out + 1] = "**" .. w.comparisons .. "**"
      out[#out + 1] = ""
      for _, c in ipairs(g.comparisons) do
        local line = text.comparison(c, rep.figures, lang)
        if c.estimate then line = "*" .. line .. "*" end
        out[#out + 1] = "- " .. line
      end
    end
  end
  return concat(out, "\n") .. "\n"
end

M.render = M.digest
return M
