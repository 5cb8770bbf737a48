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

--- A document table as a Markdown pipe table.
function M.table(t, lang)
  t = { columns = report.visible(t.columns), rows = t.rows }
  local out = {}
  local head, rule = {}, {}
  for i, c in ipairs(t.columns) do
    head[i] = cell(c.label or c.key)
    rule[i] = report.numeric[c.type or "text"] and "---:" or "---"
  end
  out[1] = "| " .. concat(head, " | ") .. " |"
  out[2] = "|" .. concat(rule, "|") .. "|"
  for _, row in ipairs(t.rows) do
    local l = {}
    for i, c in ipairs(t.columns) do l[i] = cell(report.cell_text(row[c.key], c, row, lang)) end
    out[#out + 1] = "| " .. concat(l, " | ") .. " |"
  end
  return out
end

--- A report document (every recipe but the digest) as Markdown.
function M.doc(doc)
  local lang = doc.lang
  local out = { "# " .. cell(doc.title) }
  if doc.meta and doc.meta ~= "" then out[2] = ""; out[3] = cell(doc.meta) end
  for _, sec in ipairs(doc.sections) do
    if sec.heading then
      out[#out + 1] = ""
      out[#out + 1] = "## " .. cell(sec.heading)
    end
    for _, t in ipairs(sec.tables or {}) do
      out[#out + 1] = ""
      if t.title then out[#out + 1] = "**" .. cell(t.title) .. "**"; out[#out + 1] = "" end
      for _, line in ipairs(M.table(t, lang)) do out[#out + 1] = line end
    end
    if sec.notes and #sec.notes > 0 then
      out[#out + 1] = ""
      for _, n in ipairs(sec.notes) do out[#out + 1] = "- " .. cell(n) end
    end
  end
  if doc.sources and #doc.sources > 0 then
    out[#out + 1] = ""
    out[#out + 1] = "**" .. report.rword(lang, "sources") .. "**"
    out[#out + 1] = ""
    for _, s in ipairs(doc.sources) do out[#out + 1] = "- " .. cell(s) end
  end
  return concat(out, "\n") .. "\n"
end

function M.render(rep)
  if rep.kind == "digest" then return M.digest(rep) end
  return M.doc(report.view(rep))
end
return M
