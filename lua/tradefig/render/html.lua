--- HTML: one standalone page with the SVG chart embedded and the tables of
-- the digest (figures with their sentences, and comparisons).
-- @module tradefig.render.html

local report = require "tradefig.report"
local svg = require "tradefig.render.svg"
local text = require "tradefig.render.text"

local concat, ipairs, format = table.concat, ipairs, string.format

local M = {}

local function esc(s)
  return (tostring(s or ""):gsub("&", "&amp;"):gsub("<", "&lt;"):gsub(">", "&gt;"):gsub('"', "&quot;"))
end

function M.digest(rep)
  local lang = rep.lang
  local W = report.words(lang)
  local w = W.words
  local out = {}
  out[#out + 1] = "<!DOCTYPE html>"
  out[#out + 1] = format('<html lang="%s"><head><meta charset="utf-8"><title>%s</title>', esc(lang),
    esc(w.chart_title .. ": " .. (rep.source or "")))
  out[#out + 1] = "<style>body{font-family:DejaVu Sans,Arial,sans-serif;margin:2em;max-width:60em;color:#222}"
    .. "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .6em;"
    .. "vertical-align:top}th{background:#f3f3f3}td.n{text-align:right;white-space:nowrap}"
    .. ".est{font-style:italic;color:#555}.sent{color:#444;font-size:.9em}</style></head><body>"
  out[#out + 1] = format("<h1>%s</h1><p>%s · %s · %d %s</p>", esc(w.chart_title), esc(rep.source or ""),
    esc(rep.date or ""), #rep.figures, esc(w.figures))
  -- the chart, inline (without its XML declaration)
  out[#out + 1] = (svg.digest(rep):gsub("^<%?xml[^>]*>\n", ""))
  if #rep.figures == 0 then out[#out + 1] = "<p>" .. esc(w.no_figures) .. "</p>" end
  for _, g in ipairs(rep.groups) do
    out[#out + 1] = format("<h2>%s – %s</h2>", esc(report.place_label(g.reporter, lang)),
      esc(report.place_label(g.partner, lang)))
    out[#out + 1] = format("<table><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>",
      esc(w.flow), esc(w.period), esc(w.value), esc(w.change), esc(w.sentence))
    for _, f in ipairs(g.figures) do
      local v = report.figure_value(f, lang, true)
      local ch = report.change_text(f.change, lang)
      local times = f.places > 1 and format(" <small>(%s %d %s)</small>", esc(w.stated), f.places, esc(w.times)) or ""
      out[#out + 1] = format('<tr><td>%s</td><td>%s</td><td class="n">%s</td><td class="n">%s</td>'
        .. '<td class="sent">%s%s</td></tr>', esc(W.flows[f.flow]), esc(report.period_label(f.period, lang)),
        esc(v), esc(ch), esc(f.sentence), times)
    end
    out[#out + 1] = "</table>"
    if #g.comparisons > 0 then
      out[#out + 1] = format("<h3>%s</h3><ul>", esc(w.comparisons))
      for _, c in ipairs(g.comparisons) do
        out[#out + 1] = format('<li%s>%s</li>', c.estimate and ' class="est"' or "",
          esc(text.comparison(c, rep.figures, lang)))
      end
      out[#out + 1] = "</ul>"
    end
  end
  out[#out + 1] = "</body></html>"
  return concat(out, "\n") .. "\n"
end

--- A report document (every recipe but the digest) as one HTML page: the
-- SVG charts inline, then each section's tables and notes.
function M.doc(doc)
  local lang = doc.lang
  local out = {}
  out[#out + 1] = "<!DOCTYPE html>"
  out[#out + 1] = format('<html lang="%s"><head><meta charset="utf-8"><title>%s</title>', esc(lang), esc(doc.title))
  out[#out + 1] = "<style>body{font-family:DejaVu Sans,Arial,sans-serif;margin:2em;max-width:60em;color:#222}"
    .. "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .6em;"
    .. "vertical-align:top}th{background:#f3f3f3;text-align:left}td.n{text-align:right;white-space:nowrap}"
    .. "svg{max-width:100%;height:auto}.meta,.src{color:#555}</style></head><body>"
  out[#out + 1] = format('<h1>%s</h1><p class="meta">%s</p>', esc(doc.title), esc(doc.meta or ""))
  out[#out + 1] = (svg.doc(doc, { embedded = true }):gsub("^<%?xml[^>]*>\n", ""))
  for _, sec in ipairs(doc.sections) do
    if sec.heading then out[#out + 1] = format("<h2>%s</h2>", esc(sec.heading)) end
    for _, t in ipairs(sec.tables or {}) do
      if t.title then out[#out + 1] = format("<h3>%s</h3>", esc(t.title)) end
      local cols = report.visible(t.columns)
      local head = {}
      for _, c in ipairs(cols) do head[#head + 1] = "<th>" .. esc(c.label or c.key) .. "</th>" end
      out[#out + 1] = "<table><tr>" .. concat(head) .. "</tr>"
      for _, row in ipairs(t.rows) do
        local cells = {}
        for _, c in ipairs(cols) do
          cells[#cells + 1] = format("<td%s>%s</td>", report.numeric[c.type or "text"] and ' class="n"' or "",
            esc(report.cell_text(row[c.key], c, row, lang)))
        end
        out[#out + 1] = "<tr>" .. concat(cells) .. "</tr>"
      end
      out[#out + 1] = "</table>"
    end
    if sec.notes and #sec.notes > 0 then
      out[#out + 1] = "<ul>"
      for _, n in ipairs(sec.notes) do out[#out + 1] = "<li>" .. esc(n) .. "</li>" end
      out[#out + 1] = "</ul>"
    end
  end
  if doc.sources and #doc.sources > 0 then
    out[#out + 1] = format('<h2>%s</h2><ul class="src">', esc(report.rword(lang, "sources")))
    for _, s in ipairs(doc.sources) do out[#out + 1] = "<li>" .. esc(s) .. "</li>" end
    out[#out + 1] = "</ul>"
  end
  out[#out + 1] = "</body></html>"
  return concat(out, "\n") .. "\n"
end

function M.render(rep)
  if rep.kind == "digest" then return M.digest(rep) end
  return M.doc(report.view(rep))
end
return M
