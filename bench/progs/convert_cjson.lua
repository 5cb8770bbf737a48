-- Convert peer: lua-cjson decodes the API+ envelope and encodes each record as a JSON line.
-- usage: lua5.4 convert_cjson.lua CJSON.so IN.json OUT.jsonl     (OUT may be /dev/null)
package.cpath = arg[1]
local cjson = require "cjson"
local f = assert(io.open(arg[2], "rb"))
local doc = cjson.decode(f:read("a"))
f:close()
local o = assert(io.open(arg[3], "wb"))
local encode = cjson.encode
for _, d in ipairs(doc.data) do o:write(encode(d), "\n") end
o:close()
