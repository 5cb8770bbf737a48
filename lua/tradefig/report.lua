--- Shared pieces of the recipes and renderers: the words of each report
-- language (data/report/<lang>.json), place labels from the gazetteer,
-- and numbers, amounts and periods written the way a reader of that
-- language expects ("2,5 Mrd. USD", "USD 2.5 bn", "2,5 млрд долл.").
-- @module tradefig.report

local json = require "tradefig.json"

local floor, abs, huge = math.floor, math.abs, math.huge
local format, rep = string.format, string.rep
local tonumber, tostring, type, ipairs = tonumber, tostring, type, ipairs
local io_open = io.open

local M = {}

local function data_dir()
  return require("tradefig").data_dir
end

local words_cache = {}

--- The words of a report language; falls back to English.
function M.words(lang)
  lang = lang or "en"
  if words_cache[lang] then return words_cache[lang] end
  local f = io_open(data_dir() .. "/report/" .. lang .. ".json", "rb")
  if not f then
    if lang ~= "en" then return M.words("en") end
    error("tradefig.report: no report words for 'en' in " .. data_dir(), 0)
  end
  local s = f:read("a")
  f:close()
  local w, err = json.decode(s)
  if not w then error("tradefig.report: " .. lang .. ".json:" .. err, 0) end
  words_cache[lang] = w
  return w
end

local label_cache = {}

--- A place's name in a language: "Minsk Region", "Китай"; the code when unknown.
function M.place_label(code, lang)
  if code == nil then return "?" end
  lang = lang or "en"
  local key = code .. "|" .. lang
  if label_cache[key] then return label_cache[key] end
  local label
  if code == "WLD" then label = M.words(lang).words.world end
  local dir = data_dir() .. "/gazetteer/"
  if not label and code:find("%-") then
    -- subdivisions: the hand-kept alias reads better than the ISO name ("Gebiet Minsk", not "Woblast Minsk")
    local f = io_open(dir .. "aliases.json", "rb")
    if f then
      local all = json.decode(f:read("a"))
      f:close()
      for _, a in ipairs(all and all.aliases or {}) do
        if a.code == code and a.names and a.names[lang] then
          for _, n in ipairs(a.names[lang]) do
            if not n:find("%*") then label = n; break end
          end
        end
        if label then break end
      end
    end
  end
  if not label then
    local f = io_open(dir .. "places.json", "rb")
    if f then
      local needle = '"code":"' .. code .. '"'
      for line in f:lines() do
        if line:find(needle, 1, true) then
          local rec = json.decode((line:gsub(",%s*$", "")))
          if rec and rec.label then label = rec.label[lang] or rec.label.en end
          break
        end
      end
      f:close()
    end
  end
  if not label then
    local f = io_open(dir .. "aliases.json", "rb")
    if f then
      local all = json.decode(f:read("a"))
      f:close()
      for _, g in ipairs(all and all.groups or {}) do
        if g.code == code and g.names and g.names[lang] then label = g.names[lang][1]:gsub("%*", "") end
      end
    end
  end
  label = label or code
  label_cache[key] = label
  return label
end

--- A number with the language's separators: 2500000 -> "2.500.000" (de), "2,500,000" (en).
function M.format_number(v, lang, decimals)
  local w = M.words(lang)
  if v ~= v or v == huge or v == -huge then return tostring(v) end
  decimals = decimals or 0
  local neg = v < 0
  local s = format("%." .. decimals .. "f", abs(v))
  local int, frac = s:match("^(%d+)%.?(%d*)$")
  int = int:reverse():gsub("(%d%d%d)", "%1" .. w.group:reverse()):reverse()
  if int:sub(1, #w.group) == w.group then int = int:sub(#w.group + 1) end
  local out = int
  if frac ~= "" then out = out .. w.decimal .. frac end
  return (neg and "-" or "") .. out
end

--- An amount in words of the language: "2,5 Mrd. USD", "USD 2.5 bn", "2,5 млрд долл.".
function M.format_money(value, currency, lang, digits)
  local w = M.words(lang)
  if value == nil then return "-" end
  local scale_name, scaled = "", value
  for _, sc in ipairs(w.scales) do
    if abs(value) >= sc[1] then
      scale_name, scaled = sc[2], value / sc[1]
      break
    end
  end
  digits = digits or 2
  -- trailing zeros go: 2.50 -> 2.5, 2.00 -> 2
  local d = digits
  while d > 0 do
    local a = format("%." .. d .. "f", scaled)
    local b = format("%." .. (d - 1) .. "f", scaled)
    if tonumber(a) ~= tonumber(b) then break end
    d = d - 1
  end
  local number = M.format_number(abs(scaled), lang, d)
  if scaled < 0 then number = "−" .. number end   -- a typographic minus: "−10,44 Mio. USD"
  local cur = currency and ((w.currencies and w.currencies[currency]) or currency) or ""
  local s = w.money:gsub("{number}", number):gsub("{scale}", scale_name):gsub("{currency}", cur)
  return (s:gsub("%s+", " "):gsub("^%s+", ""):gsub("%s+$", ""))
end

--- A figure's amount with its qualifier: "über 2,5 Mrd. USD", "about USD 2.5 bn"; "–" without one.
-- With status, a plan or forecast is said so: "5 Mrd. USD (Ziel)".
function M.figure_value(f, lang, with_status)
  local w = M.words(lang)
  if f.value == nil then return "–" end
  local q = w.qualifier[f.qualifier or "exact"] or ""
  local s = (q ~= "" and (q .. " ") or "") .. M.format_money(f.value, f.currency, lang)
  if with_status and f.status and f.status ~= "actual" then s = s .. " (" .. w.status[f.status] .. ")" end
  return s
end

--- A change as words: "+6,7 %", "×1,40"; "" without one.
function M.change_text(c, lang)
  if not c then return "" end
  if c.pct then return M.format_pct(c.pct, lang) end
  if c.ratio then return "×" .. M.format_number(c.ratio, lang, 2) end
  return ""
end

--- A percentage with sign: "+6,7 %" (de), "+6.7%" (en).
function M.format_pct(p, lang)
  local s = M.format_number(abs(p), lang, 1)
  local sign = p > 0 and "+" or (p < 0 and "−" or "±")
  if lang == "de" or lang == "ru" then return sign .. s .. " %" end
  return sign .. s .. "%"
end

local function ym(s)
  local y, m = tostring(s):match("^(%d%d%d%d)%-(%d%d)$")
  return tonumber(y), tonumber(m)
end

--- Number of months in a period {from=, to=}.
function M.months(p)
  if not p then return nil end
  local y1, m1 = ym(p.from)
  local y2, m2 = ym(p.to)
  if not y1 or not y2 then return nil end
  return (y2 - y1) * 12 + (m2 - m1) + 1
end

--- A period {from=, to=} shifted by n months.
function M.shift(p, n)
  local function sh(s)
    local y, m = ym(s)
    local k = y * 12 + (m - 1) + n
    return format("%04d-%02d", k // 12, k % 12 + 1)
  end
  return { from = sh(p.from), to = sh(p.to) }
end

--- A period as words: "2023", "Jan.–Sept. 2024", "Apr 2023–Mar 2024", "май 2024".
function M.period_label(p, lang)
  if not p then return "?" end
  local w = M.words(lang)
  local y1, m1 = ym(p.from)
  local y2, m2 = ym(p.to)
  if not y1 then return "?" end
  if m1 == 1 and m2 == 12 and y1 == y2 then return tostring(y1) end
  local mo = w.months
  if y1 == y2 then
    if m1 == m2 then return mo[m1] .. " " .. y1 end
    return mo[m1] .. "–" .. mo[m2] .. " " .. y1
  end
  return mo[m1] .. " " .. y1 .. "–" .. mo[m2] .. " " .. y2
end

--- Pad s with spaces to n characters (UTF-8 aware), for aligned text tables.
function M.pad(s, n, right)
  s = tostring(s)
  local len = utf8.len(s) or #s
  if len >= n then return s end
  if right then return rep(" ", n - len) .. s end
  return s .. rep(" ", n - len)
end

--- The width in characters of each column of `lines` (arrays of cells), for pad.
function M.widths(lines)
  local width = {}
  for _, l in ipairs(lines) do
    for i, cell in ipairs(l) do
      local n = utf8.len(cell) or #cell
      if not width[i] or n > width[i] then width[i] = n end
    end
  end
  return width
end

--- Round to n decimals.
function M.round(v, n)
  local m = 10 ^ (n or 0)
  return floor(v * m + 0.5) / m
end

-- Report documents -----------------------------------------------------------
-- The recipes other than the digest describe their output as a document that
-- one generic renderer per format writes: {kind=, lang=, title=, meta=,
-- sections={{heading=, chart=, tables={...}, notes={...}}}, source_note=}.
-- A table is {name=, columns={{key=, label=, type=}...}, rows={...}} with raw
-- values in the rows; a column's type says how a value is written: text,
-- money (with the row's `currency`), pct (a signed change), share (a
-- percentage), number, ratio, period ({from=, to=}) or place (a code); a row's
-- `KEY_type` field overrides its column's type for that cell.
-- A chart is {type="line"|"bar", title=, currency=, categories={...},
-- series={{name=, flow=, values={...}, estimate={[i]=true}}...}}.

--- A recipe word of a report language: words.recipe[key], else English's, else the key.
function M.rword(lang, key)
  local r = M.words(lang).recipe
  if r and r[key] then return r[key] end
  r = M.words("en").recipe
  return r and r[key] or key
end

local group_codes

--- True for a group of countries (EU, EAEU, ASEAN, ...) or the World: never ranked with countries.
function M.is_group(code)
  if code == "WLD" then return true end
  if not group_codes then
    group_codes = {}
    local f = io_open(data_dir() .. "/gazetteer/aliases.json", "rb")
    if f then
      local all = json.decode(f:read("a"))
      f:close()
      for _, g in ipairs(all and all.groups or {}) do group_codes[g.code] = true end
    end
  end
  return group_codes[code] == true
end

--- A short name for where a record came from: its file, document or id.
function M.source_name(r)
  local s = r and r.source
  if type(s) == "table" then return s.file or s.doc or s.id end
  return s
end

--- A period as a machine-readable cell: "2023", or "2024-01..2024-09".
function M.period_code(p)
  if not p or not p.from then return nil end
  if p.from:sub(6, 7) == "01" and p.to:sub(6, 7) == "12" and p.from:sub(1, 4) == p.to:sub(1, 4) then
    return p.from:sub(1, 4)
  end
  if p.from == p.to then return p.from end
  return p.from .. ".." .. p.to
end

--- A cell of a document table as the reader sees it.
function M.cell_text(v, col, row, lang)
  if v == nil or v == "" then return "" end
  local t = row[(col.key or "") .. "_type"] or col.type or "text"
  if t == "money" then return M.format_money(v, row[col.currency or "currency"], lang)
  elseif t == "pct" then return M.format_pct(v, lang)
  elseif t == "share" then
    return M.format_number(v, lang, col.decimals or 1) .. ((lang == "en") and "%" or " %")
  elseif t == "number" then return M.format_number(v, lang, col.decimals or 0)
  elseif t == "ratio" then return M.format_number(v, lang, col.decimals or 3)
  elseif t == "period" then return M.period_label(v, lang)
  elseif t == "place" then return M.place_label(v, lang)
  elseif t == "bool" then return v and "✓" or "✗"
  end
  return tostring(v)
end

--- A cell of a document table for machines (CSV): raw numbers, period codes, place codes.
function M.cell_raw(v, col)
  if v == nil then return nil end
  if col.type == "period" then return M.period_code(v) end
  if col.type == "bool" then return v and "true" or "false" end
  return v
end

--- The columns a reader sees: all but those marked `csv_only` (kept for machines, e.g. the parties
-- of every row of a per-pair table).
function M.visible(columns)
  local out = {}
  for _, c in ipairs(columns) do
    if not c.csv_only then out[#out + 1] = c end
  end
  return out
end

--- Right-aligned column types.
M.numeric = { money = true, pct = true, share = true, number = true, ratio = true }

--- The line under a document's title: date and language.
function M.meta(r)
  -- the date the report is read as of and how many sources it draws on: "2024-12-05 · Sources: 2"
  local parts = {}
  if r.date then parts[#parts + 1] = r.date end
  local n = type(r.sources) == "table" and #r.sources or (r.source and 1 or 0)
  if n > 0 then parts[#parts + 1] = M.rword(r.lang, "sources") .. ": " .. n end
  return table.concat(parts, " · ")
end

--- The document of a report: the recipe's own view.
function M.view(r)
  return require("tradefig.recipes." .. r.kind).view(r)
end

return M
