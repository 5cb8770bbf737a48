-- The renderers on the reports of the recipes other than the digest: one
-- generic document renderer per format (text, markdown, json, csv, svg, html).
local tradefig = require "tradefig"
local json = require "tradefig.json"

local CHN = "examples/data/comtradr_chn_x_kor_mex_usa_2012-2022.csv"
local CHL = "spec/fixtures/stats/tradestatistics_chl_2002.csv"
local CHL_MAP = "spec/fixtures/stats/tradestatistics_chl_2002_map.json"

local function render(fmt, rep) return require("tradefig.render." .. fmt).render(rep) end

local function reports(lang)
  local chn = assert(tradefig.read(CHN))
  local chl = assert(tradefig.read(CHL, { map = CHL_MAP }))
  local f = assert(io.open("examples/chn-exports-2022.en.txt", "rb"))
  local text = f:read("a")
  f:close()
  local figs = assert(tradefig.extract(text, { lang = "en", date = "2023-01-20" }))
  return {
    profile = assert(require("tradefig.recipes.profile").build(chn, { reporter = "CHN", partner = "KOR,MEX,USA",
      lang = lang })),
    top = assert(require("tradefig.recipes.top").build(chl, { reporter = "CHL", n = 5, lang = lang })),
    mirror = assert(require("tradefig.recipes.mirror").build(chl, { reporter = "CHL", partner = "ARG", lang = lang })),
    claims = require("tradefig.recipes.claims").build(figs, chn, { lang = lang, source = "a.txt" }),
    consistency = require("tradefig.recipes.consistency").build(figs, { lang = lang, source = "a.txt" }),
  }
end

-- a small XML well-formedness check: tags balance, attributes quoted, entities known
local function well_formed(s)
  local body = s:gsub("^<%?xml[^>]*%?>%s*", "")
  local stack = {}
  for slash, name, rest in body:gmatch("<(/?)([%w:%-]+)([^>]*)>") do
    if slash == "/" then
      if stack[#stack] ~= name then return false, "unbalanced </" .. name .. ">" end
      stack[#stack] = nil
    elseif not rest:match("/%s*$") then
      stack[#stack + 1] = name
    end
  end
  if #stack > 0 then return false, "unclosed <" .. stack[#stack] .. ">" end
  for ent in body:gmatch("&([^;%s]*);") do
    if not ({ amp = 1, lt = 1, gt = 1, quot = 1, apos = 1 })[ent] then return false, "entity &" .. ent .. ";" end
  end
  if body:find("&[^%w#]") then return false, "bare &" end
  return true
end

describe("renderers on the recipes", function()
  local en = reports("en")
  local de = reports("de")

  for _, kind in ipairs { "profile", "top", "mirror", "claims", "consistency" } do
    it(kind .. ": text, markdown, json, csv, svg and html", function()
      local txt = render("text", en[kind])
      assert.is_true(#txt > 50)
      assert.is_nil(txt:find("[ \t]\n"), "no trailing blanks")
      local md = render("markdown", en[kind])
      assert.matches("^# ", md)
      assert.matches("\n|[^\n]*|\n|%-%-%-", md)
      local doc = assert(json.decode(render("json", en[kind])))
      assert.equal(kind, doc.kind)
      local csv = render("csv", en[kind])
      assert.matches("\r\n$", csv)
      local svg = render("svg", en[kind])
      assert.matches('^<%?xml version="1.0" encoding="UTF%-8"%?>\n<svg xmlns="http://www.w3.org/2000/svg"', svg)
      assert.is_true(well_formed(svg))
      assert.matches("tradefig", svg)
      local html = render("html", en[kind])
      assert.matches("^<!DOCTYPE html>", html)
      assert.matches("<svg ", html)
      assert.matches("<table>", html)
      assert.is_nil(html:find("<%?xml"))
    end)
  end

  it("writes numbers in the report's language", function()
    assert.matches("USD 582.76 bn", render("text", en.profile))
    assert.matches("582,76 Mrd%. USD", render("text", de.profile))
    assert.matches("Wichtigste Partner: Chile, Export 2002", render("text", de.top))
    assert.matches("41,8 %%", render("text", de.top))
    assert.matches("HHI", render("markdown", de.top))
  end)

  it("profile: a CSV row per pair and period with raw values and the parties", function()
    local csv = render("csv", en.profile)
    assert.matches("^reporter,partner,period,export,currency,growth,source\r\n", csv)
    assert.matches("\r\nCHN,USA,2019,419322648638,USD,%-12%.5,%[1%]\r\n", csv)
    local n = select(2, csv:gsub("\r\n", ""))
    assert.equal(1 + 33, n)
  end)

  it("svg: a line per partner, axis ticks, the unit and the source note", function()
    local svg = render("svg", en.profile)
    assert.equal(6, select(2, svg:gsub("<polyline", "")))    -- overview: 3 lines, then one per pair
    assert.matches(">bn USD<", svg)
    assert.matches(">2012<", svg)
    assert.matches("Source: %[1%] examples/data/", svg)
  end)

  it("claims: CSV with raw values and the verdicts", function()
    local csv = render("csv", en.claims)
    assert.matches("n,flow,parties,period,claimed,currency,span,statistic,relative,verdict,source", csv)
    assert.matches(",77534943659,10%.8,deviates,", csv)
  end)

  it("consistency with no figures to check says so in every format", function()
    local rep = require("tradefig.recipes.consistency").build({}, { lang = "ru" })
    assert.matches("Проверки согласованности", render("text", rep))
    assert.is_true(well_formed(render("svg", rep)))
    assert.matches("Нет данных", render("svg", rep))
  end)

  it("the digest still renders through the same entry points", function()
    local f = assert(io.open("examples/belta-minsk-china-2024-12-05.digest.svg", "rb"))
    local committed = f:read("a")
    f:close()
    local g = assert(io.open("examples/belta-minsk-china-2024-12-05.de.txt", "rb"))
    local text = g:read("a")
    g:close()
    local rep = require("tradefig.recipes.digest").build(assert(tradefig.extract(text, { lang = "de",
      date = "2024-12-05" })), text, { lang = "de", date = "2024-12-05",
      source = "examples/belta-minsk-china-2024-12-05.de.txt" })
    assert.equal(committed, render("svg", rep))
  end)
end)
