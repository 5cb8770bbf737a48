-- tradefig side of the text job: the Lua API on each article of a corpus
-- (articles are separated by "\n\n\n"). Prints "index money_count seconds" per
-- article, seconds being the CPU time of the call (os.clock; the work is one thread).
-- usage: lua5.4 text_tradefig.lua ROOT amounts|extract LANG IN.txt
local root, what, lang, src = arg[1], arg[2], arg[3], arg[4]
package.path = root .. "/lua/?.lua;" .. root .. "/lua/?/init.lua;" .. package.path
package.cpath = root .. "/build/?.so;" .. package.cpath
local tradefig = require "tradefig"
local f = assert(io.open(src, "rb"))
local text = f:read("a")
f:close()
local clock, out, i, pos = os.clock, {}, 0, 1
while pos <= #text do
  local a, b = text:find("\n\n\n", pos, true)
  local art = text:sub(pos, (a or #text + 1) - 1)
  pos = b and b + 1 or #text + 1
  if art:find("%S") then
    i = i + 1
    local t0, n = clock(), 0
    if what == "amounts" then
      for _, x in ipairs(assert(tradefig.scan_amounts(art, { lang = lang }))) do
        if x.kind == "money" then n = n + 1 end
      end
    else
      n = #assert(tradefig.extract(art, { lang = lang, date = "2024-12-05" }))
    end
    out[#out + 1] = string.format("%d %d %.6f", i, n, clock() - t0)
  end
end
io.write(table.concat(out, "\n"), "\n")
