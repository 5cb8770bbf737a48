-- Group-by baseline in pure Lua 5.4: an RFC 4180 CSV splitter and a table of sums, under
-- tradefig aggregate's rules (as groupby_csv.py: breakdown rows skipped, only the coarsest
-- commodity level of each group summed, ISO codes, World as WLD, X/M as export/import).
-- usage: lua5.4 groupby_csv.lua IN.csv OUT.csv
local find, sub, byte, concat = string.find, string.sub, string.byte, table.concat

-- One field from `pos`: returns its value (a string when `keep`), the position after
-- its comma (nil at the end of the record), and the record, which grows when a quoted
-- field holds a line break (read through `more`). Quotes are RFC 4180: "a ""b"", c".
local function field(line, pos, keep, more)
  if byte(line, pos) == 34 then
    local i, parts = pos + 1, keep and {}
    while true do
      local qt = find(line, '"', i, true)
      while not qt do
        local nxt = more()
        if not nxt then error("unterminated quote") end
        line = line .. "\n" .. nxt
        qt = find(line, '"', i, true)
      end
      if parts then parts[#parts + 1] = sub(line, i, qt - 1) end
      if byte(line, qt + 1) ~= 34 then
        local v = parts and concat(parts, '"')
        if qt + 1 > #line then return v, nil, line end
        return v, qt + 2, line
      end
      i = qt + 2
    end
  end
  local c = find(line, ",", pos, true)
  if not c then return keep and sub(line, pos), nil, line end
  return keep and sub(line, pos, c - 1), c + 1, line
end

-- Fill out[n] for each wanted field index n (`want` is sorted); returns false when
-- the record is shorter than the last wanted field.
local function split(line, want, out, more)
  local pos, n = 1, 1
  for _, w in ipairs(want) do
    while n < w do                             -- skip to field w, making no strings
      local _
      _, pos, line = field(line, pos, false, more)
      if not pos then return false end
      n = n + 1
    end
    out[w], pos, line = field(line, pos, true, more)
    n = n + 1
    if not pos and w ~= want[#want] then return false end
  end
  return true
end

local src, dst = arg[1], arg[2]
local f = assert(io.open(src, "rb"))
local more = f:lines()
local head, pos, first = {}, 1, (assert(more()):gsub("\r$", ""))
while pos do head[#head + 1], pos = field(first, pos, true, more) end
local col = {}
for i, name in ipairs(head) do col[name] = i end
local r, p, fl, y, v, lv = col.reporterISO, col.partnerISO, col.flowCode, col.refYear, col.primaryValue, col.aggrLevel
local p2, mot, cus, mos = col.partner2Code, col.motCode, col.customsCode, col.mosCode
local sums, level, row = {}, {}, {}
local want = { r, p, fl, y, v, lv, p2, mot, cus, mos }
table.sort(want)
for line in more do
  if byte(line, -1) == 13 then line = sub(line, 1, -2) end
  if not split(line, want, row, more) then error("short record: " .. line) end
  local a, b, c, d = row[p2], row[mot], row[cus], row[mos]
  if (a == "0" or a == "") and (b == "0" or b == "") and (c == "C00" or c == "") and (d == "0" or d == "") then
    local k = row[r] .. "," .. row[p] .. "," .. row[fl] .. "," .. row[y]
    local l, have = tonumber(row[lv]), level[k]
    if not have or l < have then                -- a coarser level: it alone is the total
      level[k] = l; sums[k] = tonumber(row[v]) + 0.0
    elseif l == have then
      sums[k] = sums[k] + tonumber(row[v])
    end
  end
end
f:close()
local o = assert(io.open(dst, "wb"))
local FLOW = { X = "export", M = "import" }
for k, s in pairs(sums) do
  local a, b, c, d = k:match("^([^,]*),([^,]*),([^,]*),([^,]*)$")
  o:write(a, ",", b == "W00" and "WLD" or b, ",", FLOW[c] or c, ",", d, ",USD,", string.format("%.17g", s), "\n")
end
o:close()
