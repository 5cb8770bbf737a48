-- Group-by peer: lua-cjson (Debian lua-cjson, loaded from bench/peers) on the API+ envelope.
-- usage: lua5.4 groupby_cjson.lua CJSON.so IN.json OUT.csv
package.cpath = arg[1]
local cjson = require "cjson"
local f = assert(io.open(arg[2], "rb"))
local doc = cjson.decode(f:read("a"))
f:close()
local sums = {}
for _, d in ipairs(doc.data) do
  local k = string.format("%d,%d,%s,%d", d.reporterCode, d.partnerCode, d.flowCode, d.refYear)
  sums[k] = (sums[k] or 0.0) + d.primaryValue
end
local o = assert(io.open(arg[3], "wb"))
for k, s in pairs(sums) do o:write(k, ",", string.format("%.17g", s), "\n") end
o:close()
