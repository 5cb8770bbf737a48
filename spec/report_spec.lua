-- The recipes profile, top, mirror, claims and consistency, on real data (the
-- UN Comtrade and tradestatistics cuts in spec/fixtures/stats and examples/data,
-- a real article of the corpus) and on small hand-made figures.
local tradefig = require "tradefig"
local json = require "tradefig.json"
local profile = require "tradefig.recipes.profile"
local top = require "tradefig.recipes.top"
local mirror = require "tradefig.recipes.mirror"
local claims = require "tradefig.recipes.claims"
local consistency = require "tradefig.recipes.consistency"

local CHN = "examples/data/comtradr_chn_x_kor_mex_usa_2012-2022.csv"
local CHL = "spec/fixtures/stats/tradestatistics_chl_2002.csv"
local CHL_MAP = "spec/fixtures/stats/tradestatistics_chl_2002_map.json"

local function fig(flow, value, from, to, extra)
  local f = { flow = flow, reporter = "BLR", partner = "CHN", value = value, currency = "USD",
              qualifier = "exact", period = { from = from, to = to }, status = "actual", source = "doc" }
  for k, v in pairs(extra or {}) do f[k] = v end
  return f
end

local function corpus_doc(file, id)
  for line in io.lines(file) do
    local d = json.decode(line)
    if d.id == id then return d end
  end
end

describe("recipes.profile", function()
  it("profiles China's exports to three partners from a real Comtrade cut, with growth and CAGR", function()
    local recs = assert(tradefig.read(CHN))
    local rep = assert(profile.build(recs, { reporter = "CHN", partner = "KOR,MEX,USA" }))
    assert.equal(3, #rep.pairs)
    local usa = rep.pairs[3]
    assert.equal("USA", usa.partner)
    assert.equal(11, #usa.periods)
    assert.equal(352438221016, usa.periods[1].export.value)
    assert.equal("reported", usa.periods[1].export.kind)
    assert.equal(CHN, usa.periods[1].export.source)
    assert.equal(-12.5, usa.periods[8].growth.export)         -- 2019 on 2018
    assert.equal(5.2, usa.cagr.export.pct)
    assert.equal(10, usa.cagr.export.years)
    assert.is_nil(usa.periods[1].import)                      -- the file has no imports
  end)

  it("takes the partner's mirror where the reporter has none, derives turnover, and never sums two sources", function()
    local recs = {
      fig("export", 100, "2023-01", "2023-12", { source = "a.csv" }),
      fig("export", 103, "2023-01", "2023-12", { source = "b.txt" }),
      fig("export", 60, "2023-01", "2023-12", { reporter = "CHN", partner = "BLR", source = "c.csv" }),
      fig("export", 120, "2024-01", "2024-12", { source = "a.csv" }),
      fig("import", 50, "2024-01", "2024-12", { reporter = "CHN", partner = "BLR", flow = "import", source = "c.csv" }),
    }
    local rep = assert(profile.build(recs, { reporter = "BLR", partner = "CHN" }))
    local p = rep.pairs[1].periods
    assert.equal(2, #p)
    assert.equal(100, p[1].export.value)                      -- a.csv first, never 203
    assert.equal(103, p[1].export.others[1].value)
    assert.equal(3.0, p[1].export.others[1].relative)
    assert.equal(60, p[1].import.value)                       -- CHN's exports to BLR = BLR's imports
    assert.equal("mirror", p[1].import.kind)
    assert.equal(160, p[1].turnover.value)
    assert.equal("derived", p[1].turnover.kind)
    assert.equal(40, p[1].balance.value)
    assert.equal(20.0, p[2].growth.export)
    assert.equal(120, p[2].export.value)                      -- CHN's imports from BLR: a fallback only
    assert.equal("mirror", p[2].export.others[1].kind)
  end)

  it("returns nil and a message without a reporter or a partner", function()
    assert.is_nil((profile.build({}, { partner = "CHN" })))
    local r, err = profile.build({}, { reporter = "BLR" })
    assert.is_nil(r)
    assert.matches("partner", err)
  end)
end)

describe("recipes.top", function()
  it("ranks Chile's export partners of 2002 (real tradestatistics data) with shares and HHI", function()
    local recs = assert(tradefig.read(CHL, { map = CHL_MAP }))
    local rep = assert(top.build(recs, { reporter = "CHL", n = 3 }))
    assert.equal("2002-01", rep.period.from)                  -- the latest complete year
    assert.equal("USA", rep.items[1].code)
    assert.equal(2592659966, rep.items[1].value)
    assert.equal("partners", rep.total_kind)                  -- no World row in the data
    assert.equal(41.75, rep.items[1].share)
    assert.equal(3, #rep.items)
    assert.equal(63, rep.others.count)
    assert.near(100, rep.items[3].cumulative + rep.others.share, 0.02)
    assert.equal(2090, rep.hhi)
    assert.equal("moderate", rep.concentration)
  end)

  it("uses the World row as the total when there is one (real Comtrade bulk cut)", function()
    local recs = assert(tradefig.read("spec/fixtures/stats/comtradr_bulk_arg_x_2000.csv"))
    local rep = assert(top.build(recs, { reporter = "ARG", n = 3, period = "2000" }))
    assert.equal("world", rep.total_kind)
    assert.equal(26341029193, rep.total)
    assert.equal("BGD", rep.items[1].code)
    assert.is_true(rep.unallocated > 0)
  end)

  it("ranks products at one commodity level against the TOTAL row", function()
    local recs = {
      fig("export", 1000, "2023-01", "2023-12", { partner = "WLD" }),
      fig("export", 600, "2023-01", "2023-12", { partner = "WLD", segment = "84", segment_level = 2 }),
      fig("export", 300, "2023-01", "2023-12", { partner = "WLD", segment = "85", segment_level = 2 }),
      fig("export", 500, "2023-01", "2023-12", { partner = "WLD", segment = "8401", segment_level = 4 }),
    }
    local rep = assert(top.build(recs, { reporter = "BLR", by = "product", period = "2023" }))
    assert.equal(2, #rep.items)
    assert.equal("84", rep.items[1].code)
    assert.equal(60.0, rep.items[1].share)
    assert.equal("world", rep.total_kind)
  end)

  it("says what is wrong with a bad period or no data", function()
    local r, err = top.build({}, { reporter = "CHL", period = "last year" })
    assert.is_nil(r)
    assert.matches("period", err)
    r, err = top.build({}, { reporter = "CHL" })
    assert.is_nil(r)
    assert.matches("no complete year", err)
  end)
end)

describe("recipes.mirror", function()
  it("sets Chile's reports against its partners' (real tradestatistics data)", function()
    local recs = assert(tradefig.read(CHL, { map = CHL_MAP }))
    local rep = assert(mirror.build(recs, { reporter = "CHL", partner = "USA" }))
    assert.equal(2, #rep.rows)
    local x = rep.rows[1]                                      -- CHL's exports to the USA
    assert.equal("CHL", x.exporter)
    assert.equal(2592659966, x.exports)
    assert.equal(2582218461, x.imports)
    assert.equal(-0.4, x.gap_pct)
    assert.equal("USA", rep.rows[2].exporter)
    assert.equal(1403122172, rep.rows[2].exports)
    assert.equal(1718277875, rep.rows[2].imports)
  end)
end)

describe("recipes.claims", function()
  it("checks the example article against the Comtrade cut: two match, one deviates, one unchecked", function()
    local f = assert(io.open("examples/chn-exports-2022.en.txt", "rb"))
    local text = f:read("a")
    f:close()
    local figs = assert(tradefig.extract(text, { lang = "en", date = "2023-01-20" }))
    local rep = claims.build(figs, assert(tradefig.read(CHN)), { source = "article", texts = { article = text } })
    assert.same({ match = 2, deviation = 1, unmatched = 1 }, rep.counts)
    local mex
    for _, it in ipairs(rep.items) do if it.partner == "MEX" then mex = it end end
    assert.equal("deviation", mex.verdict)
    assert.equal(77534943659, mex.statistic)
    assert.equal(10.8, mex.relative)
    assert.matches("Mexico", mex.sentence)
    assert.equal("article", mex.claim_source)
  end)
end)

describe("recipes.consistency", function()
  it("finds turnover = exports + imports and the balance in a real article (ru-d-019)", function()
    local d = corpus_doc("spec/fixtures/corpus/dev-ru.jsonl", "ru-d-019")
    local figs = assert(tradefig.extract(d.text, { lang = "ru", date = d.doc_date }))
    local rep = consistency.build(figs, { text = d.text, source = d.id })
    assert.equal(0, rep.counts.problems)
    local checks = {}
    for _, f in ipairs(rep.findings) do checks[#checks + 1] = f.check .. ":" .. f.partner end
    table.sort(checks)
    assert.same({ "balance:USA", "turnover:RUS", "turnover:USA" }, checks)
    local ev = rep.findings[1].evidence
    assert.equal(3, #ev)
    assert.is_string(ev[1].sentence)
  end)

  it("flags a turnover that is not exports + imports, a part above the whole, and a wrong stated change", function()
    local figs = {
      fig("turnover", 1000, "2024-01", "2024-12"),
      fig("export", 700, "2024-01", "2024-12", { change = { pct = 40.0 } }),
      fig("import", 200, "2024-01", "2024-12"),
      fig("export", 600, "2023-01", "2023-12"),
      fig("export", 800, "2024-01", "2024-09"),
    }
    local rep = consistency.build(figs)
    local bad = {}
    for _, f in ipairs(rep.findings) do
      if not f.ok then bad[#bad + 1] = f.check .. (f.what and ("/" .. f.what) or "") end
    end
    table.sort(bad)
    assert.same({ "component/period", "growth", "turnover" }, bad)
    for _, f in ipairs(rep.findings) do
      if f.check == "growth" then
        assert.equal(40.0, f.stated)
        assert.equal(16.7, f.derived)
        assert.equal(500, f.implied)
      end
    end
  end)

  it("checks a data set: partners against the World row (real Comtrade bulk cut)", function()
    local recs = assert(tradefig.read("spec/fixtures/stats/comtradr_bulk_arg_x_2000.csv"))
    local rep = consistency.build(recs, { all = true })
    assert.equal(10, rep.counts.checks)
    assert.equal(0, rep.counts.problems)
    assert.equal(10, #rep.findings)
  end)

  it("allows the rounding of stated figures ('2,5 Mrd.' is good to 2 %)", function()
    local rep = consistency.build({ fig("turnover", 2500000000, "2023-01", "2023-12"),
      fig("export", 1040000000, "2023-01", "2023-12"), fig("import", 1500000000, "2023-01", "2023-12") })
    assert.equal(0, rep.counts.problems)
  end)
end)
