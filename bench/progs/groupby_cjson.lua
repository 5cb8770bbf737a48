-- Group-by peer: lua-cjson (Debian lua-cjson, loaded from bench/peers) on the API+ envelope,
-- under tradefig aggregate's rules (as groupby_csv.py: breakdown rows skipped, only the
-- coarsest commodity level of each group summed, ISO codes, World as WLD, X/M as export/import).
-- usage: lua5.4 groupby_cjson.lua CJSON.so IN.json OUT.csv
package.cpath = arg[1]
local cjson = require "cjson"
local null = cjson.null
local f = assert(io.open(arg[2], "rb"))
local doc = cjson.decode(f:read("a"))
f:close()
-- the total, not a breakdown: absent, empty, the total's code or (for numeric codes) 0
local function total(x, code) return x == nil or x == null or x == "" or x == code or (code == "0" and x == 0) end
local sums, level = {}, {}
for _, d in ipairs(doc.data) do
  if total(d.partner2Code, "0") and total(d.motCode, "0") and total(d.customsCode, "C00") and total(d.mosCode, "0") then
    local k = string.format("%s,%s,%s,%d", d.reporterISO, d.partnerISO, d.flowCode, d.refYear)
    local l, have = d.aggrLevel, level[k]
    if not have or l < have then                -- a coarser level: it alone is the total
      level[k] = l; sums[k] = d.primaryValue + 0.0
    elseif l == have then
      sums[k] = sums[k] + d.primaryValue
    end
  end
end
local FLOW = { X = "export", M = "import" }
local o = assert(io.open(arg[3], "wb"))
for k, s in pairs(sums) do
  local a, b, c, y = k:match("^([^,]*),([^,]*),([^,]*),([^,]*)$")
  o:write(a, ",", b == "W00" and "WLD" or b, ",", FLOW[c] or c, ",", y, ",USD,", string.format("%.17g", s), "\n")
end
o:close()
