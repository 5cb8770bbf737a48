-- bench/gen.lua: deterministic UN Comtrade-shaped data and a news-text corpus
-- for the benchmark. Same arguments, same bytes, on any machine with Lua 5.4
-- (its own xorshift generator; no math.random, no clock, no locale).
--
--   lua5.4 bench/gen.lua csv  ROWS OUT.csv        API+ CSV, the 47 camelCase columns
--   lua5.4 bench/gen.lua json ROWS OUT.json       API+ JSON {"elapsedTime","count","data","error"}
--   lua5.4 bench/gen.lua tsv  ROWS OUT.tsv        bulk "final" layout (34 columns, tab); gzip -n it
--   lua5.4 bench/gen.lua text-de MB OUT.txt       the seed article repeated to MB megabytes
--   lua5.4 bench/gen.lua text-en MB OUT.txt       English news-like sentences, MB megabytes
--
-- Row i is the same record in all three table formats, so the sums agree across them.
-- Countries come from the repository's own code table (lua/tradefig/data/codes/areas.json,
-- UN Comtrade codes) and gazetteer (ISO names); commodity descriptions are synthetic.

local kind, size, out = arg[1], tonumber(arg[2]), arg[3]
if not (kind and size and out) then
  io.stderr:write("usage: lua5.4 bench/gen.lua csv|json|tsv|text-de|text-en SIZE OUT\n")
  os.exit(2)
end
local root = (arg[0]:match("^(.*)/bench/[^/]*$") or ".")

local fmt, concat, floor = string.format, table.concat, math.floor

-- xorshift64 (13, 7, 17); Lua 5.4 integers wrap and >> is a logical shift.
local seed = 0x2545F4914F6CDD1D
local function rnd(n)            -- uniform integer in [0, n)
  local x = seed
  x = x ~ (x << 13); x = x ~ (x >> 7); x = x ~ (x << 17)
  seed = x
  return (x >> 11) % n
end
local function skew(n)           -- skewed towards small indices (big traders)
  local a, b = rnd(n), rnd(n)
  return (a < b and a or b) + 1
end

local function slurp(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("a"); f:close(); return s
end

-- {==================== places =======================================

local function places()
  local names = {}
  local gaz = slurp(root .. "/lua/tradefig/data/gazetteer/places.json")
  for code, name in gaz:gmatch('"code":"(%u%u%u)","iso_name":"([^"]*)","kind":"country"') do
    names[code] = name
  end
  local areas = slurp(root .. "/lua/tradefig/data/codes/areas.json")
  local block = assert(areas:match('"comtrade":%s*(%b{})'))
  local list, seen = {}, {}
  for code, iso in block:gmatch('"(%d+)":%s*"([^"]*)"') do
    code = tonumber(code)
    if names[iso] and code > 0 then list[#list + 1] = { code = code, iso = iso, name = names[iso] } end
  end
  table.sort(list, function(a, b) return a.code > b.code end)   -- keep Comtrade's 842, 251, 757...
  local uniq = {}
  for _, p in ipairs(list) do
    if not seen[p.iso] then seen[p.iso] = true; uniq[#uniq + 1] = p end
  end
  table.sort(uniq, function(a, b) return a.code < b.code end)
  -- a fixed shuffle so that the big traders are spread over the code range
  for i = #uniq, 2, -1 do local j = rnd(i) + 1; uniq[i], uniq[j] = uniq[j], uniq[i] end
  local reporters, partners = {}, {}
  for i = 1, 200 do reporters[i] = uniq[i] end
  partners[1] = { code = 0, iso = "W00", name = "World" }
  for i = 1, 226 do partners[#partners + 1] = uniq[i] end
  partners[#partners + 1] = { code = 490, iso = "S19", name = "Other Asia, nes" }
  partners[#partners + 1] = { code = 899, iso = "_X", name = "Areas, nes" }
  partners[#partners + 1] = { code = 837, iso = "X1", name = "Bunkers" }
  assert(#uniq >= 226, "too few countries in the gazetteer")
  return reporters, partners
end

-- {==================== commodities ==================================

local NOUNS = { "live animals", "meat", "fish", "crustaceans", "dairy produce", "vegetables", "fruit",
  "coffee", "cereals", "seeds", "fats", "sugar", "cocoa", "beverages", "ores", "mineral fuels",
  "chemicals", "fertilisers", "plastics", "rubber", "hides", "wood", "paper", "silk", "cotton",
  "yarn", "fabrics", "garments", "footwear", "glass", "pearls", "iron", "steel", "copper", "nickel",
  "aluminium", "tools", "machinery", "boilers", "electrical machinery", "vehicles", "aircraft",
  "ships", "instruments", "clocks", "furniture", "toys", "works of art" }
local ADJ = { "fresh", "chilled", "frozen", "dried", "salted", "smoked", "crude", "refined",
  "unwrought", "semi-finished", "knitted", "woven", "coated", "plated", "parts thereof",
  "not elsewhere specified" }

local function commodities()
  local cmds = { { code = "TOTAL", desc = "All Commodities", level = 0 } }
  for ch = 1, 97 do
    if ch ~= 77 then
      local n = 6 + (ch * 7) % 15                  -- 6..20 headings per chapter, ~1,200 in all
      for k = 1, n do
        local a, b, c = NOUNS[rnd(#NOUNS) + 1], ADJ[rnd(#ADJ) + 1], ADJ[rnd(#ADJ) + 1]
        local d = fmt("%s%s, %s or %s; %s of heading %02d%02d, whether or not %s",
          a:sub(1, 1):upper(), a:sub(2), b, c, NOUNS[rnd(#NOUNS) + 1], ch, k > 1 and k - 1 or 1,
          ADJ[rnd(#ADJ) + 1])
        if rnd(40) == 0 then d = d .. ' (so-called "' .. NOUNS[rnd(#NOUNS) + 1] .. '")' end
        cmds[#cmds + 1] = { code = fmt("%02d%02d", ch, k), desc = d, level = 4 }
      end
    end
  end
  return cmds
end

local function csvq(s)
  if s:find('[,"\n]') then return '"' .. s:gsub('"', '""') .. '"' end
  return s
end
local function jsq(s) return '"' .. s:gsub('["\\]', "\\%0") .. '"' end

-- {==================== rows =========================================

local POW = { 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000, 10000000000 }
local FLOWS = { { "X", "Export" }, { "M", "Import" }, { "RX", "Re-export" }, { "RM", "Re-import" } }

local function table_rows(nrows, emit)
  local reporters, partners = places()
  local cmds = commodities()
  for i = 1, nrows do
    local r = reporters[skew(#reporters)]
    local f = rnd(100); f = FLOWS[f < 44 and 1 or f < 88 and 2 or f < 94 and 3 or 4]
    local p = rnd(100) < 3 and partners[1] or partners[skew(#partners - 1) + 1]
    local year, month = 2014 + rnd(10), 1 + rnd(12)
    local c = rnd(100) < 4 and cmds[1] or cmds[skew(#cmds - 1) + 1]
    local whole = rnd(POW[rnd(8) + 1])
    local frac = rnd(2) == 0 and rnd(1000) or -1
    local qty = (c.level > 0 and rnd(10) > 0) and (whole // (1 + rnd(20)) + 1) or nil
    local row = {
      r = r, f = f, p = p, year = year, month = month, c = c, whole = whole, frac = frac, qty = qty,
      est = rnd(20) == 0, flag = rnd(10) == 0 and 4 or 0, reported = rnd(10) > 0, i = i,
      cls = year < 2017 and "H4" or year < 2022 and "H5" or "H6",
    }
    emit(row)
  end
end

local function value_text(row, dotzero)
  if row.frac >= 0 then return fmt("%d.%03d", row.whole, row.frac) end
  return dotzero and (row.whole .. ".0") or tostring(row.whole)
end

local function run_table(nrows, which)
  local f = assert(io.open(out, "wb"))
  local buf, nb = {}, 0
  local function put(s)
    nb = nb + 1; buf[nb] = s
    if nb == 4096 then f:write(concat(buf, "", 1, nb)); nb = 0 end
  end
  local B = { [true] = "TRUE", [false] = "FALSE" }
  local J = { [true] = "true", [false] = "false" }
  if which == "csv" then
    put("typeCode,freqCode,refPeriodId,refYear,refMonth,period,reporterCode,reporterISO,reporterDesc,"
      .. "flowCode,flowDesc,partnerCode,partnerISO,partnerDesc,partner2Code,partner2ISO,partner2Desc,"
      .. "classificationCode,classificationSearchCode,isOriginalClassification,cmdCode,cmdDesc,aggrLevel,"
      .. "isLeaf,customsCode,customsDesc,mosCode,motCode,motDesc,qtyUnitCode,qtyUnitAbbr,qty,"
      .. "isQtyEstimated,altQtyUnitCode,altQtyUnitAbbr,altQty,isAltQtyEstimated,netWgt,isNetWgtEstimated,"
      .. "grossWgt,isGrossWgtEstimated,cifvalue,fobvalue,primaryValue,legacyEstimationFlag,isReported,"
      .. "isAggregate\n")
    local rq, pq, cq = {}, {}, {}
    table_rows(nrows, function(w)
      local r, p, c = w.r, w.p, w.c
      rq[r] = rq[r] or (r.code .. "," .. r.iso .. "," .. csvq(r.name))
      pq[p] = pq[p] or (p.code .. "," .. p.iso .. "," .. csvq(p.name))
      cq[c] = cq[c] or (c.code .. "," .. csvq(c.desc) .. "," .. c.level)
      local v = value_text(w, false)
      local exp = w.f[1] == "X" or w.f[1] == "RX"
      local q = w.qty and tostring(w.qty) or ""
      put(concat({ "C,M,", w.year, fmt("%02d01,", w.month), w.year, ",", w.month, ",",
        w.year, fmt("%02d,", w.month), rq[r], ",", w.f[1], ",", w.f[2], ",", pq[p],
        ",0,W00,World,", w.cls, ",HS,TRUE,", cq[c], ",FALSE,C00,TOTAL CPC,0,0,TOTAL MOT,",
        c.level > 0 and "8,kg," or "-1,N/A,", q, ",", B[w.est], ",-1,N/A,,FALSE,", q, ",", B[w.est],
        ",,FALSE,", exp and "" or v, ",", exp and v or "", ",", v, ",", w.flag, ",",
        B[w.reported], ",", B[not w.reported], "\n" }))
    end)
  elseif which == "json" then
    put(fmt('{"elapsedTime":"%.2f secs","count":%d,"data":[', nrows / 250000, nrows))
    local rq, pq, cq = {}, {}, {}
    table_rows(nrows, function(w)
      local r, p, c = w.r, w.p, w.c
      rq[r] = rq[r] or fmt('"reporterCode":%d,"reporterISO":%s,"reporterDesc":%s', r.code, jsq(r.iso), jsq(r.name))
      pq[p] = pq[p] or fmt('"partnerCode":%d,"partnerISO":%s,"partnerDesc":%s', p.code, jsq(p.iso), jsq(p.name))
      cq[c] = cq[c] or fmt('"cmdCode":%s,"cmdDesc":%s,"aggrLevel":%d', jsq(c.code), jsq(c.desc), c.level)
      local v = value_text(w, true)
      local exp = w.f[1] == "X" or w.f[1] == "RX"
      local q = w.qty and (w.qty .. ".0") or "null"
      put(concat({ w.i > 1 and ",\n" or "\n",
        '{"typeCode":"C","freqCode":"M","refPeriodId":', w.year, fmt("%02d01", w.month),
        ',"refYear":', w.year, ',"refMonth":', w.month, ',"period":"', w.year, fmt('%02d",', w.month),
        rq[r], ',"flowCode":"', w.f[1], '","flowDesc":"', w.f[2], '",', pq[p],
        ',"partner2Code":0,"partner2ISO":"W00","partner2Desc":"World","classificationCode":"', w.cls,
        '","classificationSearchCode":"HS","isOriginalClassification":true,', cq[c],
        ',"isLeaf":false,"customsCode":"C00","customsDesc":"TOTAL CPC","mosCode":"0","motCode":0,',
        '"motDesc":"TOTAL MOT",', c.level > 0 and '"qtyUnitCode":8,"qtyUnitAbbr":"kg",'
          or '"qtyUnitCode":-1,"qtyUnitAbbr":"N/A",',
        '"qty":', q, ',"isQtyEstimated":', J[w.est], ',"altQtyUnitCode":-1,"altQtyUnitAbbr":"N/A",',
        '"altQty":null,"isAltQtyEstimated":false,"netWgt":', q, ',"isNetWgtEstimated":', J[w.est],
        ',"grossWgt":null,"isGrossWgtEstimated":false,"cifvalue":', exp and "null" or v,
        ',"fobvalue":', exp and v or "null", ',"primaryValue":', v, ',"legacyEstimationFlag":', w.flag,
        ',"isReported":', J[w.reported], ',"isAggregate":', J[not w.reported], "}" }))
    end)
    put('\n],"error":""}\n')
  else -- tsv, the bulk "final" layout
    put("datasetCode\ttypeCode\tfreqCode\trefPeriodId\trefYear\trefMonth\tperiod\treporterCode\tflowCode\t"
      .. "partnerCode\tpartner2Code\tclassificationSearchCode\tclassificationCode\tisOriginalClassification\t"
      .. "cmdCode\tcustomsCode\tmosCode\tmotCode\tqtyUnitCode\tqty\tisQtyEstimated\taltQtyUnitCode\taltQty\t"
      .. "isAltQtyEstimated\tnetWgt\tisNetWgtEstimated\tgrossWgt\tisGrossWgtEstimated\tcifvalue\tfobvalue\t"
      .. "primaryValue\tlegacyEstimationFlag\tisReported\tisAggregate\n")
    table_rows(nrows, function(w)
      local v = value_text(w, true)
      local exp = w.f[1] == "X" or w.f[1] == "RX"
      local q = w.qty and (w.qty .. ".0") or ""
      local e = w.est and "1" or "0"
      put(concat({ fmt("2%03d%d%02d0000%s", w.r.code, w.year, w.month, w.cls:sub(2)), "\tC\tM\t", w.year,
        fmt("%02d01\t", w.month), w.year, "\t", w.month, "\t", w.year, fmt("%02d\t", w.month), w.r.code,
        "\t", w.f[1], "\t", w.p.code, "\t0\tHS\t", w.cls, "\t1\t", w.c.code, "\tC00\t0\t0\t",
        w.c.level > 0 and "8\t" or "-1\t", q, "\t", e, "\t-1\t\t0\t", q, "\t", e, "\t\t0\t",
        exp and "" or v, "\t", exp and v or "", "\t", v, "\t", w.flag, "\t", w.reported and "1" or "0",
        "\t", w.reported and "0" or "1", "\n" }))
    end)
  end
  f:write(concat(buf, "", 1, nb)); f:close()
end

-- {==================== text =========================================

local EN_PLACES = { "China", "Belarus", "Germany", "the United States", "Russia", "India", "Brazil",
  "Kazakhstan", "the European Union", "Japan", "Vietnam", "Turkey", "the Minsk region", "Poland" }
local EN_AMOUNTS = { "$%d.%d billion", "$%d million", "USD %d.%d million", "%d.%d billion US dollars",
  "about $%d,%03d million", "more than $%d billion", "EUR %d.%d billion", "€%d million",
  "%d.%d bn dollars", "$%d,%03d,%03d" }
local EN_VERBS = { "rose to", "fell to", "grew to", "reached", "amounted to", "totalled",
  "increased to", "dropped to" }
local EN_CHANGE = { "rose", "fell", "grew", "increased", "dropped" }
local EN_SENT = {
  "Trade between %s and %s %s %s in the first nine months of %d, the ministry said.",
  "Exports from %s to %s %s by %d.%d%% year on year to %s.",
  "Imports of machinery from %s %s %s in %d, compared with %s a year earlier.",
  "Officials of %s said at a meeting in %s that more than %d companies had signed contracts.",
  "The turnover of goods between %s and %s %s %s, and the target for %d is %s.",
  "According to the customs service of %s, the trade surplus with %s %s %s.",
  "Delegations from %d countries discussed logistics, investment and tourism in %s.",
}

local function amount()
  local t = EN_AMOUNTS[rnd(#EN_AMOUNTS) + 1]
  return (t:gsub("%%(0?%d*)d", function(spec) return fmt("%" .. spec .. "d", 1 + rnd(999)) end))
end

local function en_sentence()
  local k = rnd(#EN_SENT) + 1
  local pl = function() return EN_PLACES[rnd(#EN_PLACES) + 1] end
  local vb = function() return EN_VERBS[rnd(#EN_VERBS) + 1] end
  local yr = function() return 2015 + rnd(10) end
  if k == 1 then return fmt(EN_SENT[k], pl(), pl(), vb(), amount(), yr())
  elseif k == 2 then return fmt(EN_SENT[k], pl(), pl(), EN_CHANGE[rnd(#EN_CHANGE) + 1], 1 + rnd(40), rnd(10), amount())
  elseif k == 3 then return fmt(EN_SENT[k], pl(), vb(), amount(), yr(), amount())
  elseif k == 4 then return fmt(EN_SENT[k], pl(), pl(), 10 + rnd(500))
  elseif k == 5 then return fmt(EN_SENT[k], pl(), pl(), vb(), amount(), yr(), amount())
  elseif k == 6 then return fmt(EN_SENT[k], pl(), pl(), vb(), amount())
  else return fmt(EN_SENT[k], 2 + rnd(40), pl()) end
end

local ARTICLE = 8192    -- articles end with a blank line more ("\n\n\n")

local function run_text(mb, lang)
  local want = floor(mb * 1048576)
  local f = assert(io.open(out, "wb"))
  local n = 0
  if lang == "de" then
    local art = slurp(root .. "/examples/belta-minsk-china-2024-12-05.de.txt")
    art = art:gsub("\n*$", "") .. "\n\n\n"
    while n + #art <= want do f:write(art); n = n + #art end
  else
    local art = 0                           -- paragraphs of 2-5 sentences, articles of ~8 KB
    while true do
      local par = {}
      for i = 1, 2 + rnd(4) do par[i] = en_sentence() end
      local s = concat(par, " ") .. "\n\n"
      art = art + #s
      if art >= ARTICLE then s = s .. "\n"; art = 0 end
      if n + #s > want then break end
      f:write(s); n = n + #s
    end
  end
  f:close()
end

if kind == "csv" or kind == "json" or kind == "tsv" then run_table(floor(size), kind)
elseif kind == "text-de" then run_text(size, "de")
elseif kind == "text-en" then run_text(size, "en")
else io.stderr:write("gen.lua: unknown kind " .. kind .. "\n"); os.exit(2) end
