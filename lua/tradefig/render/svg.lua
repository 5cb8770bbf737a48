--- SVG: a bar chart per pair of parties (one currency, reported values in
-- solid bars, a run-rate estimate as an outlined, labelled bar), with axis,
-- unit and source note. A standalone file, valid XML, that a browser shows.
-- @module tradefig.render.svg

local report = require "tradefig.report"

local concat, ipairs, floor, max, log, abs = table.concat, ipairs, math.floor, math.max, math.log, math.abs
local format, setmetatable = string.format, setmetatable

local M = {}

local WIDTH, CHART_H, TOP, LEFT, RIGHT, BOTTOM = 760, 300, 56, 84, 24, 64
local COLORS = { turnover = "#2f6f9f", export = "#3f8f4f", import = "#b5651d", balance = "#7a4f9f" }

local function esc(s)
  return (tostring(s):gsub("&", "&amp;"):gsub("<", "&lt;"):gsub(">", "&gt;"):gsub('"', "&quot;"))
end

--- A step of 1, 2 or 5 times a power of ten giving about n ticks up to top.
local function nice_step(top, n)
  local raw = top / n
  local p = 10 ^ floor(log(raw, 10))
  for _, m in ipairs { 1, 2, 5, 10 } do
    if m * p >= raw then return m * p end
  end
  return 10 * p
end

local function scale_of(v, lang)
  for _, sc in ipairs(report.words(lang).scales) do
    if v >= sc[1] then return sc[1], sc[2] end
  end
  return 1, ""
end

--- The bars of a group: its figures with a value in the group's main currency, and its estimates.
local function bars_of(g)
  local count = {}
  for _, f in ipairs(g.figures) do
    if f.value and f.currency then count[f.currency] = (count[f.currency] or 0) + 1 end
  end
  local cur, best = nil, 0
  for c, n in pairs(count) do
    if n > best or (n == best and c < cur) then cur, best = c, n end
  end
  local bars = {}
  for _, f in ipairs(g.figures) do
    if f.value and f.currency == cur and f.value > 0 then
      bars[#bars + 1] = { value = f.value, period = f.period, flow = f.flow, status = f.status }
    end
  end
  for _, c in ipairs(g.comparisons) do
    if c.kind == "run_rate" and c.currency == cur then
      bars[#bars + 1] = { value = c.value, period = c.period, flow = c.flow, estimate = true, months = c.months }
    end
  end
  return bars, cur
end

local function chart(out, g, y0, rep)
  local lang = rep.lang
  local W = report.words(lang)
  local bars, cur = bars_of(g)
  local title = report.place_label(g.reporter, lang) .. " – " .. report.place_label(g.partner, lang)
  out[#out + 1] = format('<text x="%d" y="%d" class="title">%s</text>', LEFT, y0 + 28, esc(title))
  if #bars == 0 then
    out[#out + 1] = format('<text x="%d" y="%d" class="note">%s</text>', LEFT, y0 + 60, esc(W.words.no_figures))
    return
  end
  local top = 0
  for _, b in ipairs(bars) do top = max(top, b.value) end
  local div, unit = scale_of(top, lang)
  local step = nice_step(top / div * 1.1, 5)
  local ymax = step * (floor(top / div * 1.1 / step) + 1)
  local x0, plot_w, plot_h = LEFT, WIDTH - LEFT - RIGHT, CHART_H - TOP - BOTTOM
  local base = y0 + TOP + plot_h
  -- axis and grid
  local t = 0
  while t <= ymax + step / 1000 do
    local y = base - t / ymax * plot_h
    out[#out + 1] = format('<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" class="grid"/>', x0, y, x0 + plot_w, y)
    out[#out + 1] = format('<text x="%d" y="%.1f" class="tick" text-anchor="end">%s</text>', x0 - 8, y + 4,
      esc(report.format_number(t, lang, step < 1 and 1 or 0)))
    t = t + step
  end
  out[#out + 1] = format('<line x1="%d" y1="%d" x2="%d" y2="%d" class="axis"/>', x0, base, x0 + plot_w, base)
  out[#out + 1] = format('<text x="%d" y="%d" class="unit">%s</text>', 12, y0 + TOP - 12,
    esc((unit ~= "" and unit .. " " or "") .. (cur or "")))
  -- bars
  local slot = plot_w / #bars
  local bw = math.min(120, slot * 0.6)
  for k, b in ipairs(bars) do
    local h = b.value / div / ymax * plot_h
    local x = x0 + (k - 0.5) * slot - bw / 2
    local color = COLORS[b.flow] or "#555"
    if b.estimate then
      out[#out + 1] = format('<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="none" stroke="%s" '
        .. 'stroke-width="2" stroke-dasharray="6 4"/>', x, base - h, bw, h, color)
    else
      out[#out + 1] = format('<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>', x, base - h, bw, h,
        color)
    end
    local label = report.format_money(b.value, cur, lang)
    out[#out + 1] = format('<text x="%.1f" y="%.1f" class="value" text-anchor="middle">%s</text>', x + bw / 2,
      base - h - 8, esc(label))
    local plabel = report.period_label(b.period, lang)
    if b.estimate then plabel = plabel .. " ×12/" .. b.months end
    out[#out + 1] = format('<text x="%.1f" y="%d" class="tick" text-anchor="middle">%s</text>', x + bw / 2,
      base + 18, esc(plabel))
    local sub = W.flows[b.flow] or b.flow
    if b.estimate then sub = W.words.run_rate .. " (" .. W.words.estimate .. ")"
    elseif b.status and b.status ~= "actual" then sub = sub .. " (" .. W.status[b.status] .. ")" end
    out[#out + 1] = format('<text x="%.1f" y="%d" class="sub" text-anchor="middle">%s</text>', x + bw / 2,
      base + 34, esc(sub))
  end
end

function M.digest(rep)
  local lang = rep.lang
  local W = report.words(lang)
  local n = math.max(1, #rep.groups)
  local height = n * CHART_H + 40
  local out = {}
  out[#out + 1] = '<?xml version="1.0" encoding="UTF-8"?>'
  out[#out + 1] = format('<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" '
    .. 'role="img" aria-label="%s">', WIDTH, height, WIDTH, height, esc(W.words.chart_title))
  out[#out + 1] = '<style>text{font-family:DejaVu Sans,Arial,sans-serif;fill:#222}'
    .. '.title{font-size:18px;font-weight:bold}.tick{font-size:12px}.sub{font-size:11px;fill:#666}'
    .. '.value{font-size:13px;font-weight:bold}.unit{font-size:12px;fill:#444}.note{font-size:11px;fill:#666}'
    .. '.grid{stroke:#ddd;stroke-width:1}.axis{stroke:#444;stroke-width:1.5}</style>'
  out[#out + 1] = format('<rect width="%d" height="%d" fill="#fff"/>', WIDTH, height)
  if #rep.groups == 0 then
    out[#out + 1] = format('<text x="%d" y="%d" class="title">%s</text>', LEFT, 40, esc(W.words.no_figures))
  end
  for k, g in ipairs(rep.groups) do chart(out, g, (k - 1) * CHART_H, rep) end
  local note = W.words.source .. ": " .. (rep.source or "") .. (rep.date and (", " .. rep.date) or "")
    .. " · tradefig"
  out[#out + 1] = format('<text x="%d" y="%d" class="note">%s</text>', 12, height - 14, esc(note))
  out[#out + 1] = "</svg>"
  return concat(out, "\n") .. "\n"
end

-- Documents: one chart per section that has one ------------------------------

local PALETTE = { "#2f6f9f", "#b5651d", "#3f8f4f", "#7a4f9f", "#9f2f4f", "#4f8f9f", "#8f7f2f", "#555555" }
local DOC_CHART_H, DOC_TOP, DOC_BOTTOM, DOC_HEAD = 340, 78, 78, 56

--- The value axis of a chart: lowest and highest tick, step, divisor and scale word.
local function value_axis(lo, hi, lang)
  local big = max(abs(lo), abs(hi))
  local div, unit = scale_of(big, lang)
  if big == 0 then return 0, 1, 1, div, unit end
  local step = nice_step((hi - lo) / div * 1.1, 5)
  local top = step * math.ceil(hi / div * 1.05 / step)
  local bottom = lo < 0 and -step * math.ceil(-lo / div * 1.05 / step) or 0
  if top == bottom then top = bottom + step end
  return bottom, top, step, div, unit
end

local function doc_chart(out, c, y0, lang)
  local x0, plot_w = LEFT, WIDTH - LEFT - RIGHT
  local plot_h = DOC_CHART_H - DOC_TOP - DOC_BOTTOM
  out[#out + 1] = format('<text x="%d" y="%d" class="title">%s</text>', LEFT, y0 + 26, esc(c.title or ""))
  -- legend
  local lx = LEFT
  for k, s in ipairs(c.series) do
    local color = s.color or COLORS[s.flow] or PALETTE[(k - 1) % #PALETTE + 1]
    s.color = color
    out[#out + 1] = format('<rect x="%d" y="%d" width="12" height="12" fill="%s"/>', lx, y0 + 40, color)
    out[#out + 1] = format('<text x="%d" y="%d" class="tick">%s</text>', lx + 16, y0 + 50, esc(s.name))
    lx = lx + 28 + 7 * (utf8.len(s.name) or #s.name)
  end
  local lo, hi = 0, 0
  for _, s in ipairs(c.series) do
    for i = 1, #c.categories do
      local v = s.values[i]
      if v then lo, hi = math.min(lo, v), max(hi, v) end
    end
  end
  local bottom, top, step, div, unit = value_axis(lo, hi, lang)
  local base = y0 + DOC_TOP + plot_h
  local function ypos(v) return base - (v / div - bottom) / (top - bottom) * plot_h end
  local t = bottom
  while t <= top + step / 1000 do
    local y = ypos(t * div)
    out[#out + 1] = format('<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" class="%s"/>', x0, y, x0 + plot_w, y,
      abs(t) < step / 1000 and "axis" or "grid")
    out[#out + 1] = format('<text x="%d" y="%.1f" class="tick" text-anchor="end">%s</text>', x0 - 8, y + 4,
      esc(report.format_number(abs(t) < step / 1000 and 0 or t, lang, step < 1 and 1 or 0)))
    t = t + step
  end
  out[#out + 1] = format('<line x1="%d" y1="%d" x2="%d" y2="%d" class="axis"/>', x0, y0 + DOC_TOP, x0, base)
  out[#out + 1] = format('<text x="%d" y="%d" class="unit">%s</text>', 12, y0 + DOC_TOP - 10,
    esc((unit ~= "" and unit .. " " or "") .. (c.currency or "")))
  local n = #c.categories
  local slot = plot_w / max(n, 1)
  -- category labels, turned when they do not fit
  local longest = 0
  for _, l in ipairs(c.categories) do longest = max(longest, utf8.len(l) or #l) end
  local turn = longest * 7 > slot - 4
  local every = 1
  if turn then while slot * every < 16 do every = every + 1 end end
  for i, l in ipairs(c.categories) do
    local x = x0 + (i - 0.5) * slot
    if (i - 1) % every == 0 then
      if turn then
        out[#out + 1] = format('<text x="%.1f" y="%d" class="tick" text-anchor="end" '
          .. 'transform="rotate(-35 %.1f %d)">%s</text>', x, base + 16, x, base + 16, esc(l))
      else
        out[#out + 1] = format('<text x="%.1f" y="%d" class="tick" text-anchor="middle">%s</text>', x, base + 18,
          esc(l))
      end
    end
  end
  if c.type == "bar" then
    local ns = #c.series
    local bw = math.min(48, slot * 0.8 / ns)
    local zero = ypos(0)
    local labels = n * ns <= 16
    for k, s in ipairs(c.series) do
      for i = 1, n do
        local v = s.values[i]
        if v then
          local x = x0 + (i - 0.5) * slot - bw * ns / 2 + (k - 1) * bw
          local y = ypos(v)
          local yt, h = math.min(y, zero), abs(zero - y)
          if s.estimate and s.estimate[i] then
            out[#out + 1] = format('<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="none" stroke="%s" '
              .. 'stroke-width="2" stroke-dasharray="6 4"/>', x + 1, yt, bw - 2, h, s.color)
          else
            out[#out + 1] = format('<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>', x + 1, yt,
              bw - 2, h, s.color)
          end
          if labels then
            out[#out + 1] = format('<text x="%.1f" y="%.1f" class="value" text-anchor="middle">%s</text>',
              x + bw / 2, v >= 0 and yt - 5 or yt + h + 13, esc(report.format_number(v / div, lang, 1)))
          end
        end
      end
    end
  else
    for _, s in ipairs(c.series) do
      local pts = {}
      local function flush()
        if #pts > 1 then
          out[#out + 1] = format('<polyline points="%s" fill="none" stroke="%s" stroke-width="2.5"/>',
            concat(pts, " "), s.color)
        end
        pts = {}
      end
      local last
      for i = 1, n do
        local v = s.values[i]
        if v then
          pts[#pts + 1] = format("%.1f,%.1f", x0 + (i - 0.5) * slot, ypos(v))
          last = i
        else
          flush()
        end
      end
      flush()
      for i = 1, n do
        local v = s.values[i]
        if v then
          local est = s.estimate and s.estimate[i]
          out[#out + 1] = format('<circle cx="%.1f" cy="%.1f" r="3.5" fill="%s" stroke="%s" stroke-width="1.5"/>',
            x0 + (i - 0.5) * slot, ypos(v), est and "#fff" or s.color, s.color)
        end
      end
      if last then
        out[#out + 1] = format('<text x="%.1f" y="%.1f" class="value" text-anchor="end">%s</text>',
          x0 + (last - 0.5) * slot - 6, ypos(s.values[last]) - 8, esc(report.format_number(s.values[last] / div,
            lang, 1)))
      end
    end
  end
end

--- A report document (every recipe but the digest) as a standalone SVG: the
-- title, a chart per section that has one, and the source note. With
-- opts.embedded (the HTML page, which has the title already) no title.
function M.doc(doc, opts)
  local lang = doc.lang
  local head = (opts and opts.embedded) and 8 or DOC_HEAD
  local charts = {}
  for _, sec in ipairs(doc.sections) do
    if sec.chart and #sec.chart.categories > 0 and #sec.chart.series > 0 then charts[#charts + 1] = sec.chart end
  end
  local sources = doc.sources or {}
  local height = head + max(1, #charts) * DOC_CHART_H + 24 + 16 * max(1, #sources)
  local out = {}
  out[#out + 1] = '<?xml version="1.0" encoding="UTF-8"?>'
  out[#out + 1] = format('<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" '
    .. 'role="img" aria-label="%s">', WIDTH, height, WIDTH, height, esc(doc.title))
  out[#out + 1] = '<style>text{font-family:DejaVu Sans,Arial,sans-serif;fill:#222}'
    .. '.head{font-size:20px;font-weight:bold}.title{font-size:16px;font-weight:bold}.tick{font-size:12px}'
    .. '.value{font-size:11px;fill:#333}.unit{font-size:12px;fill:#444}.note{font-size:11px;fill:#666}'
    .. '.grid{stroke:#ddd;stroke-width:1}.axis{stroke:#444;stroke-width:1.5}</style>'
  out[#out + 1] = format('<rect width="%d" height="%d" fill="#fff"/>', WIDTH, height)
  if head == DOC_HEAD then
    out[#out + 1] = format('<text x="12" y="28" class="head">%s</text>', esc(doc.title))
    out[#out + 1] = format('<text x="12" y="46" class="note">%s</text>', esc(doc.meta or ""))
  end
  if #charts == 0 then
    out[#out + 1] = format('<text x="%d" y="%d" class="title">%s</text>', LEFT, head + 40,
      esc(report.rword(lang, "no_data")))
  end
  for k, c in ipairs(charts) do
    if c.title == doc.title then c = setmetatable({ title = "" }, { __index = c }) end
    doc_chart(out, c, head + (k - 1) * DOC_CHART_H, lang)
  end
  local y = head + max(1, #charts) * DOC_CHART_H + 8
  local label = report.words(lang).words.source .. ": "
  if #sources == 0 then sources = { "tradefig" } end
  for i, s in ipairs(sources) do
    out[#out + 1] = format('<text x="12" y="%d" class="note">%s</text>', y + (i - 1) * 16,
      esc((i == 1 and label or "") .. s .. (i == #sources and " · tradefig" or "")))
  end
  out[#out + 1] = "</svg>"
  return concat(out, "\n") .. "\n"
end

function M.render(rep)
  if rep.kind == "digest" then return M.digest(rep) end
  return M.doc(report.view(rep))
end
return M
