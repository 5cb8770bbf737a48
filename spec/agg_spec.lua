-- tradefig.aggregator, tradefig.merge and tradefig.agg: the trade rules on
-- the real fixtures (spec/fixtures/stats) and on small synthetic inputs.

local tradefig = require "tradefig"
local aggm = require "tradefig.agg"

local F = "spec/fixtures/stats/"
local A = "spec/fixtures/agg/"

local function rec(flow, rep, par, from, to, value, extra)
  local r = { flow = flow, reporter = rep, partner = par, period = { from = from, to = to or from },
    value = value, currency = "USD", status = "actual" }
  for k, v in pairs(extra or {}) do r[k] = v end
  return r
end

local function find(rows, t)
  for _, r in ipairs(rows) do
    local ok = true
    for k, v in pairs(t) do
      if r[k] ~= v then ok = false; break end
    end
    if ok then return r end
  end
end

local function run(path, by, opts)
  local o = { by = by }
  for k, v in pairs(opts or {}) do o[k] = v end
  local agg <close> = assert(tradefig.aggregator(o))
  local r <close> = assert(tradefig.open(path, o.open))
  assert.is_truthy(agg:add_reader(r))
  return agg:rows(), agg:keys(), agg:stats()
end

describe("tradefig.aggregator on real statistics files", function()
  it("takes the World row as the total and reports the partner sum beside it (Comtrade bulk, ARG 2000)", function()
    local rows = run(F .. "comtradr_bulk_arg_x_2000.csv", { "reporter", "year" })
    assert.equal(1, #rows)
    local r = rows[1]
    assert.same({ "ARG", 2000, "export", "USD" }, { r.reporter, r.year, r.flow, r.currency })
    assert.equal(26341029193, r.value)
    assert.equal("integer", math.type(r.value))
    assert.is_true(r.world)
    assert.equal(313228065, r.partners_sum)
    assert.equal(9, r.partners_count)
  end)

  it("keeps the World row apart from partner rows when grouping by partner", function()
    local rows = run(F .. "comtradr_bulk_arg_x_2000.csv", { "partner" })
    assert.equal(10, #rows)
    assert.equal(26341029193, find(rows, { partner = "WLD" }).value)
    assert.equal(69888036, find(rows, { partner = "DZA" }).value)
  end)

  it("sums by reporter, partner, flow, year and derives turnover and balance (Comtrade API+, CHN 2010)", function()
    local rows = run(F .. "comtrade_apiplus_chn_2010.json", { "reporter", "partner", "flow", "year" })
    assert.equal(6115764185, find(rows, { partner = "ARG", flow = "export" }).value)
    assert.equal(6804128143, find(rows, { partner = "ARG", flow = "import" }).value)
    local bal = find(rows, { partner = "ARG", flow = "balance" })
    assert.equal(6115764185 - 6804128143, bal.value)
    assert.is_true(bal.derived)
    assert.equal(68047133397 + 74251272075, find(rows, { partner = "DEU", flow = "turnover" }).value)
  end)

  it("never sums re-imports into imports (comtradr Thailand shrimp)", function()
    local rows = run(F .. "comtradr_tha_shrimp.csv", { "reporter", "flow", "year" })
    assert.equal(694103 + 349502 + 454027, find(rows, { flow = "RM", year = 2007 }).value)
    assert.equal(2482223 + 21093 + 1849606 + 2651727, find(rows, { flow = "import", year = 2007 }).value)
    assert.equal(36120291 + 11888 + 124668 + 16061545, find(rows, { flow = "export", year = 2007 }).value)
  end)

  it("prefers a published quarter to a month of it (IMF DOTS balance rows)", function()
    local rows = run(F .. "imf_dots_chn_2010.csv", { "reporter", "quarter" }, { where = "flow=balance" })
    local q3 = find(rows, { quarter = "2010-Q3", flow = "balance" })
    assert.equal(-1500000, q3.value)
    assert.is_true(q3.complete)
    assert.equal(1, q3.alternatives)
  end)

  it("reads the same China 2010 figures from IMF, legacy and API+ files", function()
    for _, f in ipairs { "imf_dots_chn_2010.csv", "comtrade_legacy_chn_2010.json", "comtrade_apiplus_chn_2010.json" } do
      local rows = run(F .. f, { "reporter", "year" }, { where = "year=2010" })
      assert.equal(6115764185 + 68047133397, find(rows, { flow = "export" }).value)
    end
  end)

  it("never sums currencies, and converts with the rates given, recording the rates used (Comext)", function()
    local rows = run(F .. "comext_full_202309.csv", { "reporter" })
    local eur = find(rows, { reporter = "DEU", flow = "export" })
    assert.equal("EUR", eur.currency)
    local conv, _, st = run(F .. "comext_full_202309.csv", { "reporter" },
      { rates = A .. "rates.json", currency = "USD" })
    local usd = find(conv, { reporter = "DEU", flow = "export" })
    assert.equal("USD", usd.currency)
    assert.near(2500 * 1.0684, usd.value, 1e-6)     -- the monthly rate, narrower than the year's
    assert.near(98765.5 * 1.0813, find(conv, { reporter = "GRC" }).value, 1e-6)
    local used = {}
    for _, r in ipairs(st.rates) do used[r.from .. ".." .. r.to] = r.used end
    assert.equal(3, used["2023-09..2023-09"])
    assert.equal(1, used["2023-01..2023-12"])
    assert.equal(4, st.converted)
  end)

  it("skips breakdown rows and counts them", function()
    local agg <close> = tradefig.aggregator { by = { "reporter" } }
    assert.is_false(agg:add(rec("export", "CHN", "WLD", "2010-01", "2010-12", 5, { breakdown = "mot" })))
    assert.is_true(agg:add(rec("export", "CHN", "WLD", "2010-01", "2010-12", 7)))
    assert.equal(1, agg:stats().skipped.breakdown)
    assert.equal(7, agg:rows()[1].value)
  end)

  it("reads a reader to its end in C with add_reader, and stops at a rejected row when strict", function()
    local agg <close> = tradefig.aggregator { by = { "reporter" } }
    local r <close> = assert(tradefig.open(F .. "bad_types.json"))
    local n, msg, code = agg:add_reader(r)
    assert.is_nil(n)
    assert.equal("EPARSE", code)
    assert.matches("bad_types.json:54:3", msg)
  end)
end)

describe("tradefig.aggregator rules on synthetic figures", function()
  it("labels a year built from nine months Jan-Sep, never a year", function()
    local agg <close> = tradefig.aggregator { by = "reporter,year" }
    for m = 1, 9 do agg:add(rec("turnover", "BY-MI", "CHN", string.format("2024-%02d", m), nil, 100)) end
    local r = agg:rows()[1]
    assert.is_false(r.complete)
    assert.equal(9, r.months)
    assert.equal("Jan-Sep 2024", aggm.row_label(r))
    assert.same({ from = "2024-01", to = "2024-09" }, r.period)
  end)

  it("rolls quarters up into a half only when complete", function()
    local agg <close> = tradefig.aggregator { by = "reporter,half" }
    agg:add(rec("export", "DEU", "FRA", "2023-01", "2023-03", 10))
    agg:add(rec("export", "DEU", "FRA", "2023-04", "2023-06", 20))
    agg:add(rec("export", "DEU", "FRA", "2023-07", "2023-09", 30))
    local rows = agg:rows()
    assert.is_true(find(rows, { half = "2023-H1" }).complete)
    assert.equal(30, find(rows, { half = "2023-H1" }).value)
    assert.is_false(find(rows, { half = "2023-H2" }).complete)
  end)

  it("never sums commodity levels: the coarsest level present is the total", function()
    local agg <close> = tradefig.aggregator { by = "reporter,year" }
    agg:add(rec("export", "THA", "WLD", "2007-01", "2007-12", 40, { segment = "03", segment_level = 2 }))
    agg:add(rec("export", "THA", "WLD", "2007-01", "2007-12", 30, { segment = "0306", segment_level = 4 }))
    agg:add(rec("export", "THA", "WLD", "2007-01", "2007-12", 25, { segment = "030613", segment_level = 6 }))
    local r = agg:rows()[1]
    assert.equal(40, r.value)
    assert.equal(2, r.level)
    assert.equal(2, r.alternatives)
  end)

  it("skips forecasts unless status is a key", function()
    local agg <close> = tradefig.aggregator { by = "reporter" }
    agg:add(rec("export", "RUS", "CHN", "2024-01", "2024-12", 100))
    agg:add(rec("export", "RUS", "CHN", "2030-01", "2030-12", 300, { status = "target" }))
    assert.equal(100, agg:rows()[1].value)
    local by_status <close> = tradefig.aggregator { by = "reporter,status" }
    by_status:add(rec("export", "RUS", "CHN", "2030-01", "2030-12", 300, { status = "target" }))
    assert.equal("target", by_status:rows()[1].status)
  end)

  it("filters with where", function()
    local agg <close> = tradefig.aggregator { by = "partner", where = "flow=export|import and year>=2011" }
    assert.is_false(agg:add(rec("export", "CHN", "ARG", "2010-01", "2010-12", 1)))
    assert.is_true(agg:add(rec("import", "CHN", "ARG", "2011-01", "2011-12", 2)))
    assert.is_false(agg:add(rec("RX", "CHN", "ARG", "2011-01", "2011-12", 3)))
    assert.equal(2, agg:stats().skipped.where)
  end)

  it("sums exactly, whatever the order", function()
    local a1 <close> = tradefig.aggregator { by = "reporter" }
    local a2 <close> = tradefig.aggregator { by = "reporter" }
    local vals = { 0.1, 0.2, 0.3, 1e12, -1e12, 0.7 }
    for i = 1, #vals do a1:add(rec("export", "X", "Y", "2020-01", nil, vals[i])) end
    for i = #vals, 1, -1 do a2:add(rec("export", "X", "Y", "2020-01", nil, vals[i])) end
    assert.equal(a1:rows()[1].value, a2:rows()[1].value)
    assert.equal(1.3, a1:rows()[1].value)
  end)

  it("sorts and limits rows", function()
    local agg <close> = tradefig.aggregator { by = "partner" }
    for i, p in ipairs { "ARG", "BRA", "CHL" } do agg:add(rec("export", "X", p, "2020-01", nil, i * 10)) end
    local rows = agg:rows { sort = "desc", limit = 2 }
    assert.equal(2, #rows)
    assert.same({ "CHL", "BRA" }, { rows[1].partner, rows[2].partner })
  end)

  it("stops with ELIMIT and a clear message past max_groups", function()
    local agg <close> = tradefig.aggregator { by = "partner", max_groups = 2 }
    agg:add(rec("export", "X", "ARG", "2020-01", nil, 1))
    agg:add(rec("export", "X", "BRA", "2020-01", nil, 1))
    local ok, msg, code = agg:add(rec("export", "X", "CHL", "2020-01", nil, 1))
    assert.is_nil(ok)
    assert.equal("ELIMIT", code)
    assert.matches("more than 2 groups", msg)
  end)

  it("raises on misuse and works as a to-be-closed handle", function()
    assert.has_error(function() tradefig.aggregator { by = { "colour" } } end)
    assert.has_error(function() tradefig.aggregator { by = "year,month" } end)
    assert.has_error(function() tradefig.aggregator { by = "year", speed = 1 } end)
    assert.has_error(function() tradefig.aggregator { by = "year", where = "colour=red" } end)
    local agg = tradefig.aggregator { by = "year" }
    assert.matches("^tradefig.Agg %(0 groups", tostring(agg))
    assert.has_error(function() agg:add("x") end)
    assert.has_error(function() agg:add({ value = "lots" }) end)
    agg:close()
    agg:close()
    assert.equal("tradefig.Agg (closed)", tostring(agg))
    assert.error_matches(function() agg:rows() end, "aggregator is closed")
  end)

  it("returns nil, message, code for an unreadable or malformed rates file", function()
    local a, msg, code = tradefig.aggregator { by = "year", rates = "spec/fixtures/agg/nope.json" }
    assert.is_nil(a)
    assert.equal("EIO", code)
    assert.is_string(msg)
    a, msg, code = tradefig.aggregator { by = "year", rates = '[{"currency":"EUR","period":"soon","rate":1}]' }
    assert.is_nil(a)
    assert.equal("EPARSE", code)
    assert.matches("rates%[1%]", msg)
  end)
end)

describe("tradefig.merge", function()
  local function split_merge(records, by, parts)
    local one <close> = tradefig.aggregator { by = by }
    local aggs, dumps = {}, {}
    for i = 1, parts do aggs[i] = tradefig.aggregator { by = by } end
    for i, r in ipairs(records) do
      one:add(r)
      aggs[i % parts + 1]:add(r)
    end
    for i = 1, parts do dumps[i] = aggs[i]:dump(); aggs[i]:close() end
    local m <close> = assert(tradefig.merge(dumps))
    return one:rows(), m:rows(), one:stats(), m:stats()
  end

  it("gives exactly the result of one pass, split any way", function()
    local records = {}
    local partners = { "WLD", "ARG", "BRA", "CHL", "EU" }
    local flows = { "export", "import", "RX" }
    for k = 0, 499 do
      records[#records + 1] = rec(flows[k % 3 + 1], k % 7 == 0 and "CHN" or "ARG", partners[k % 5 + 1],
        string.format("%d-%02d", 2000 + k % 3, k % 12 + 1), nil, (k * 37 % 1000) + 0.125 * k,
        { segment = k % 4 == 0 and "0306" or nil })
    end
    for _, parts in ipairs { 1, 2, 3, 7 } do
      for _, by in ipairs { "reporter,year", "reporter,partner,flow,quarter", "flow" } do
        local r1, r2, s1, s2 = split_merge(records, by, parts)
        assert.same(r1, r2)
        s1.bytes, s2.bytes, s1.groups, s2.groups = nil, nil, nil, nil
        assert.same(s1, s2)
      end
    end
  end)

  it("merges the real fixtures read in parts", function()
    local one <close> = tradefig.aggregator { by = "reporter,flow,year" }
    local dumps = {}
    for i, f in ipairs { "comtradr_bulk_arg_x_2000.csv", "comtrade_apiplus_chn_2010.json", "comtradr_tha_shrimp.csv" } do
      local part <close> = tradefig.aggregator { by = "reporter,flow,year" }
      part:add_reader(assert(tradefig.open(F .. f)))
      one:add_reader(assert(tradefig.open(F .. f)))
      dumps[i] = part:dump()
    end
    local m <close> = assert(tradefig.merge(dumps))
    assert.same(one:rows(), m:rows())
  end)

  it("refuses partial states of other keys, and what is not one", function()
    local a <close> = tradefig.aggregator { by = "year" }
    local b <close> = tradefig.aggregator { by = "partner" }
    local m, msg, code = tradefig.merge { a:dump(), b:dump() }
    assert.is_nil(m)
    assert.equal("EINVAL", code)
    assert.matches("other keys", msg)
    m, msg, code = tradefig.merge({ '{"tradefig_agg":1,"by":["year"' }, { "part1.json" })
    assert.is_nil(m)
    assert.equal("EPARSE", code)
    assert.matches("^part1.json:1:", msg)
  end)
end)

describe("tradefig.agg comparisons", function()
  local keys = { "reporter", "partner", "year", "flow", "currency" }

  it("computes like-for-like growth, year on year, and a run-rate only on request, as an estimate", function()
    local agg <close> = tradefig.aggregator { by = "reporter,partner,year" }
    agg:add(rec("turnover", "BY-MI", "CHN", "2023-01", "2023-12", 2500000000))
    agg:add(rec("turnover", "BY-MI", "CHN", "2024-01", "2024-09", 2000000000))
    agg:add(rec("turnover", "BY-MI", "CHN", "2022-01", "2022-12", 2000000000))
    local rows = agg:rows()
    local g = aggm.growth(rows, keys)
    assert.equal(1, #g)
    assert.equal("yoy", g[1].kind)
    assert.near(0.25, g[1].growth, 1e-12)
    local est = aggm.growth(rows, keys, { run_rate = true })
    assert.equal(2, #est)
    local rr = est[2]
    assert.equal("run_rate", rr.kind)
    assert.is_true(rr.estimate)
    assert.near(2000000000 * 12 / 9, rr.value, 1)
    assert.matches("^estimate: Jan%-Sep 2024 annualised", rr.label)
  end)

  it("compares Jan-Sep with Jan-Sep a year earlier", function()
    local agg <close> = tradefig.aggregator { by = "reporter,partner,year" }
    agg:add(rec("export", "BLR", "CHN", "2023-01", "2023-09", 800))
    agg:add(rec("export", "BLR", "CHN", "2024-01", "2024-09", 1000))
    local g = aggm.growth(agg:rows(), keys)
    assert.equal("like_for_like", g[1].kind)
    assert.near(0.25, g[1].growth, 1e-12)
    assert.equal("Jan-Sep 2024 on Jan-Sep 2023", g[1].label)
  end)

  it("computes CAGR", function()
    assert.near(0.1, aggm.cagr(100, 121, 2), 1e-12)
    assert.is_nil(aggm.cagr(0, 121, 2))
    local agg <close> = tradefig.aggregator { by = "reporter,year" }
    agg:add(rec("export", "X", "WLD", "2020-01", "2020-12", 100))
    agg:add(rec("export", "X", "WLD", "2023-01", "2023-12", 133.1))
    local c = aggm.cagr_rows(agg:rows(), agg:keys())
    assert.equal(1, #c)
    assert.near(0.1, c[1].cagr, 1e-9)
  end)

  it("derives monthly values from a year-to-date series", function()
    local ytd = {
      rec("export", "RUS", "CHN", "2024-01", "2024-01", 10),
      rec("export", "RUS", "CHN", "2024-01", "2024-02", 25),
      rec("export", "RUS", "CHN", "2024-01", "2024-03", 45),
      rec("export", "RUS", "CHN", "2024-01", "2024-05", 90),
    }
    local m = aggm.monthly_from_ytd(ytd)
    assert.equal(3, #m)    -- May needs April
    assert.same({ 10, 15, 20 }, { m[1].value, m[2].value, m[3].value })
    assert.same({ from = "2024-03", to = "2024-03" }, m[3].period)
    assert.equal("ytd", m[3].derived)
  end)

  it("sets mirror statistics side by side: gap, ratio, CIF/FOB noted, sources", function()
    local recs = {
      rec("export", "CHN", "DEU", "2010-01", "2010-12", 68047133397, { source = { file = "comtrade.json" } }),
      rec("import", "DEU", "CHN", "2010-01", "2010-12", 74251272075, { source = { file = "destatis.csv" } }),
      rec("import", "DEU", "CHN", "2011-01", "2011-12", 1, { source = "x" }),
    }
    local m = aggm.mirror(recs)
    assert.equal(1, #m)
    assert.same({ "CHN", "DEU" }, { m[1].exporter, m[1].importer })
    assert.equal(74251272075 - 68047133397, m[1].gap)
    assert.near(74251272075 / 68047133397, m[1].ratio, 1e-12)
    assert.matches("CIF", m[1].note)
    assert.same({ "comtrade.json" }, m[1].export_sources)
    assert.same({ "destatis.csv" }, m[1].import_sources)
  end)

  it("checks claims from text against statistics", function()
    local stats = assert(tradefig.read(F .. "comtrade_apiplus_chn_2010.json"))
    local claims = {
      rec("export", "CHN", "DEU", "2010-01", "2010-12", 68000000000, { source = "article-1" }),
      rec("export", "CHN", "DEU", "2010-01", "2010-12", 75000000000, { source = "article-2" }),
      rec("turnover", "CHN", "ARG", "2010-01", "2010-12", 12900000000, { source = "article-3", qualifier = "about" }),
      rec("export", "CHN", "DEU", "2011-01", "2011-12", 70000000000, { source = "article-4" }),
      rec("export", "CHN", "ARG", "2010-01", "2010-12", 6000000000, { source = "article-5", qualifier = "over" }),
    }
    local res = aggm.claims(claims, stats)
    assert.equal(3, #res.matches)
    assert.equal(1, #res.deviations)
    local d = res.deviations[1]
    assert.equal(75000000000, d.claim.value)
    assert.equal(68047133397, d.statistic)
    assert.equal("article-2", d.claim_source)
    assert.same({ F .. "comtrade_apiplus_chn_2010.json" }, d.stat_sources)
    assert.equal(1, #res.unmatched)
    assert.equal("article-4", res.unmatched[1].claim_source)
    assert.equal("no statistic for the claim", res.unmatched[1].reason)
  end)

  it("checks the seed article's claims and finds no statistic for them", function()
    local f = assert(io.open("examples/belta-minsk-china-2024-12-05.de.txt", "rb"))
    local text = f:read("a")
    f:close()
    local figs = assert(tradefig.extract(text, { lang = "de", date = "2024-12-05" }))
    local res = aggm.claims(figs, assert(tradefig.read(F .. "comtrade_apiplus_chn_2010.json")))
    assert.equal(#figs, #res.unmatched)
  end)

  it("de-duplicates figures across documents and flags conflicts", function()
    local figs = {
      rec("turnover", "BY-MI", "CHN", "2023-01", "2023-12", 2500000000, { source = "belta" }),
      rec("turnover", "BY-MI", "CHN", "2023-01", "2023-12", 2500000000, { source = "sb.by" }),
      rec("turnover", "BY-MI", "CHN", "2023-01", "2023-12", 2500000000, { source = "belta" }),
      rec("turnover", "BY-MI", "CHN", "2024-01", "2024-09", 2000000000, { source = "belta" }),
      rec("turnover", "BY-MI", "CHN", "2024-01", "2024-09", 2200000000, { source = "minsknews" }),
    }
    local d = aggm.dedupe(figs)
    assert.equal(3, #d)
    assert.same({ "belta", "sb.by" }, d[1].sources)
    assert.is_nil(d[1].conflict)
    assert.is_true(d[2].conflict)
    assert.is_true(d[3].conflict)
    assert.equal(2200000000, d[2].conflicts[1].value)
    assert.equal(2000000000, d[3].conflicts[1].value)
  end)

  it("parses filters, periods and rates", function()
    assert.same({ { "flow", "=", "export" }, { "flow", "=", "import" }, { "year", ">=", "2010" } },
      aggm.parse_where("flow=export|import, year>=2010"))
    assert.is_nil(aggm.parse_where("colour=red"))
    assert.same({ "2023-07", "2023-09" }, { aggm.parse_period("2023-Q3") })
    assert.same({ "2023-01", "2023-12" }, { aggm.parse_period(2023) })
    local r, t = aggm.parse_rates('{"target":"EUR","rates":[{"currency":"USD","period":"2023","rate":0.92}]}')
    assert.equal("EUR", t)
    assert.same({ { currency = "USD", from = "2023-01", to = "2023-12", rate = 0.92 } }, r)
  end)
end)
