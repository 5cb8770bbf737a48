-- tradefig.open / tradefig.read: statistics files as records (fixtures in spec/fixtures/stats/).

local tradefig = require "tradefig"

local F = "spec/fixtures/stats/"

local function read(name, opts)
  local recs, st = tradefig.read(F .. name, opts)
  assert(recs, st)
  return recs, st
end

describe("tradefig.read layouts", function()
  it("reads the real Comtrade API+ JSON response (4 records)", function()
    local recs, st = read("comtrade_apiplus_chn_2010.json")
    assert.equal(4, #recs)
    assert.equal("comtrade", st.layout)
    local r = recs[1]
    assert.same({ from = "2010-01", to = "2010-12" }, r.period)
    assert.equal("import", r.flow)
    assert.equal("CHN", r.reporter)
    assert.equal("ARG", r.partner)
    assert.equal(6804128143, r.value)
    assert.equal("integer", math.type(r.value))
    assert.equal("USD", r.currency)
    assert.equal("actual", r.status)
    assert.equal("goods", r.scope)
    assert.is_nil(r.segment)        -- TOTAL: all commodities
    assert.equal(6804128143, r.cif)
    assert.is_nil(r.fob)
    assert.is_nil(r.qty)
    assert.is_nil(r.breakdown)
    assert.same({ file = F .. "comtrade_apiplus_chn_2010.json", line = 5, column = 9, index = 1,
      field = "primaryValue" }, r.source)
    assert.equal("export", recs[3].flow)
    assert.equal("DEU", recs[4].partner)
    assert.equal(68047133397, recs[4].value)
  end)

  it("reads comtradr snake_case CSV with 842 as USA and 251 as FRA", function()
    local recs, st = read("comtradr_usa_m_2018.csv")
    assert.equal("comtradr", st.layout)
    assert.equal(5, #recs)
    assert.equal("USA", recs[1].reporter)
    assert.equal("FRA", recs[1].partner)
    assert.equal(53621601767, recs[1].value)
    assert.equal(2, recs[1].source.line)
    assert.equal("primary_value", recs[1].source.field)
  end)

  it("keeps re-imports (RM) as their own flow and HS6 segments with their level", function()
    local recs = read("comtradr_tha_shrimp.csv")
    local n = { export = 0, import = 0, RM = 0 }
    for _, r in ipairs(recs) do n[r.flow] = n[r.flow] + 1 end
    assert.same({ export = 4, import = 4, RM = 4 }, n)
    assert.equal(6, recs[1].segment_level)
    assert.equal(6, #recs[1].segment)
    assert.equal("THA", recs[1].reporter)
  end)

  it("reads a gzipped, tab-separated bulk final file", function()
    local recs, st = read("comtrade_bulk_arg_x_2000.tsv.gz")
    assert.equal("comtrade", st.layout)
    assert.equal(10, #recs)
    assert.equal("WLD", recs[1].partner)
    assert.equal(26341029193, recs[1].value)
    assert.equal("DZA", recs[2].partner)
    assert.equal(69888036, recs[2].value)
  end)

  it("reads the same bulk rows as comtradr wrote them", function()
    local a = read("comtrade_bulk_arg_x_2000.tsv.gz")
    local b = read("comtradr_bulk_arg_x_2000.csv")
    for k = 1, #a do
      assert.equal(a[k].value, b[k].value)
      assert.equal(a[k].partner, b[k].partner)
    end
  end)

  it("reads the legacy API's dataset array (rgCode 1 = import)", function()
    local recs, st = read("comtrade_legacy_chn_2010.json")
    assert.equal("comtrade-legacy", st.layout)
    assert.equal("import", recs[1].flow)
    assert.equal(6804128143, recs[1].value)
    assert.equal("export", recs[3].flow)
  end)

  it("reads IMF wide CSV: US$ millions per period column", function()
    local recs, st = read("imf_dots_chn_2010.csv")
    assert.equal("imf", st.layout)
    assert.equal(6, #recs)
    assert.equal(6804128143, recs[1].value)
    assert.equal("integer", math.type(recs[1].value))
    assert.equal("2010", recs[1].source.field)
    assert.equal("balance", recs[5].flow)
    assert.equal("WLD", recs[5].partner)
    assert.same({ from = "2010-07", to = "2010-09" }, recs[5].period)
    assert.equal(-1500000, recs[5].value)
    assert.same({ from = "2010-09", to = "2010-09" }, recs[6].period)
    assert.equal(0, st.rejected)
  end)

  it("reads Eurostat Comext: flows 1/2, EUR, YYYYMM and YYYY52", function()
    local recs, st = read("comext_full_202309.csv")
    assert.equal("comext", st.layout)
    assert.equal("import", recs[1].flow)
    assert.equal("export", recs[2].flow)
    assert.equal("EUR", recs[1].currency)
    assert.equal("DEU", recs[1].reporter)
    assert.equal("CHN", recs[1].partner)
    assert.equal("03061792", recs[1].segment)
    assert.same({ from = "2023-01", to = "2023-12" }, recs[3].period)
    assert.equal("GRC", recs[3].reporter)
    assert.equal(98765.5, recs[3].value)
    assert.equal("float", math.type(recs[3].value))
  end)

  it("reads any CSV through a column map (file or table)", function()
    local recs, st = read("tradestatistics_chl_arg_2002_fish.csv", { map = F .. "tradestatistics_map.json" })
    assert.equal("map", st.layout)
    assert.equal(5, #recs)
    assert.equal("CHL", recs[1].reporter)
    assert.equal("ARG", recs[1].partner)
    assert.equal(247904, recs[1].value)
    assert.equal("030484", recs[1].segment)
    local t = read("tradestatistics_chl_arg_2002_fish.csv", { map = {
      reporter = "reporter_iso", partner = "partner_iso", period = "year", value = 5,
      flow = { const = "export" }, currency = { const = "USD" }, multiplier = 1000 } })
    assert.equal(247904000, t[1].value)
  end)

  it("forces a layout with layout=", function()
    local recs, err, code = tradefig.read(F .. "comtradr_usa_m_2018.csv", { layout = "imf" })
    assert.is_nil(recs)
    assert.equal("EPARSE", code)
    assert.matches("layout imf", err)
  end)
end)

describe("tradefig.open readers", function()
  it("streams with records(), counts in stats(), closes idempotently", function()
    local r = assert(tradefig.open(F .. "comtrade_apiplus_chn_2010.json"))
    local n = 0
    for rec in r:records() do n = n + 1; assert.is_string(rec.flow) end
    assert.equal(4, n)
    local st = r:stats()
    assert.equal(4, st.rows)
    assert.equal(4, st.records)
    assert.equal(0, st.rejected)
    assert.matches("tradefig.Reader %(comtrade, 4 records%)", tostring(r))
    r:close()
    r:close()
    assert.equal("tradefig.Reader (closed)", tostring(r))
    assert.has_error(function() r:read() end)
  end)

  it("works with <close>", function()
    local got
    do
      local r <close> = assert(tradefig.open(F .. "imf_dots_chn_2010.csv"))
      got = r:read().value
    end
    assert.equal(6804128143, got)
  end)

  it("raises on misuse", function()
    assert.error_matches(function() tradefig.open(42) end, "bad argument #1 to 'open'")
    assert.error_matches(function() tradefig.open("x", { nope = 1 }) end, "unknown option 'nope'")
    assert.error_matches(function() tradefig.open("x", { layout = "xml" }) end, "option 'layout'")
    assert.error_matches(function() tradefig.read("x", { layout = "map" }) end, "needs option 'map'")
  end)

  it("flags breakdown rows so totals are not counted twice", function()
    local tmp = os.tmpname()
    local f = assert(io.open(tmp, "wb"))
    f:write("reporterCode,partnerCode,partner2Code,flowCode,period,motCode,customsCode,primaryValue\n",
      "842,156,0,M,2022,0,C00,100\n842,156,344,M,2022,0,C00,10\n842,156,0,M,2022,2100,C00,20\n",
      "842,156,0,M,2022,0,C01,30\n842,156,0,RX,2022,0,C00,5\n")
    f:close()
    local recs = assert(tradefig.read(tmp))
    os.remove(tmp)
    assert.is_nil(recs[1].breakdown)
    assert.equal("partner2", recs[2].breakdown)
    assert.equal("HKG", recs[2].partner2)
    assert.equal("mot", recs[3].breakdown)
    assert.equal("customs", recs[4].breakdown)
    assert.equal("RX", recs[5].flow)
    local exports = 0
    for _, r in ipairs(recs) do if r.flow == "export" then exports = exports + r.value end end
    assert.equal(0, exports)
  end)
end)

describe("tradefig.read bad input", function()
  local cases = {
    { "bad_truncated.json", "EPARSE", "truncated JSON" },
    { "bad_deep.json", "ELIMIT", "nested deeper than 32" },
    { "bad_empty.csv", "EPARSE", "empty input" },
    { "bad_ragged.csv", "EPARSE", ":3:%d+: ragged row: expected 47 fields" },
    { "bad_unterminated.csv", "EPARSE", ":2:%d+: unterminated quoted field" },
    { "bad_utf8.csv", "EUTF8", "invalid UTF%-8" },
    { "bad_nul.csv", "EPARSE", "NUL byte" },
    { "bad_binary.bin", "EUTF8", "header row is unreadable: invalid UTF%-8" },
    { "bad_truncated.csv.gz", "EPARSE", "truncated gzip" },
    { "bad_types.json", "EPARSE", ":54:3: primaryValue: expected a number, found 'lots'" },
    { "missing.csv", "EIO", "cannot open" },
  }
  for _, c in ipairs(cases) do
    it("reports " .. c[1] .. " as " .. c[2] .. " with the place", function()
      local recs, err, code = tradefig.read(F .. c[1])
      assert.is_nil(recs)
      assert.equal(c[2], code)
      assert.matches("^" .. c[2] .. ": spec/fixtures/stats/" .. c[1]:gsub("%.", "%%.") .. "[:]", err)
      assert.matches(c[3], err)
    end)
  end

  it("goes on past bad rows when lenient, with reasons in stats", function()
    local seen = {}
    local recs, st = tradefig.read(F .. "bad_types.json",
      { lenient = true, on_reject = function(msg) seen[#seen + 1] = msg end })
    assert.equal(2, #recs)
    assert.equal(2, st.rejected)
    assert.equal(2, #st.reasons)
    assert.equal(2, #seen)
    assert.matches("flowCode: expected a flow code", st.reasons[2].message)
    assert.equal("EPARSE", st.reasons[2].code)
  end)

  it("strict read() returns false, msg, code for a rejected row and can go on", function()
    local r <close> = assert(tradefig.open(F .. "bad_ragged.csv"))
    assert.is_table(r:read())
    local ok, msg, code = r:read()
    assert.is_false(ok)
    assert.equal("EPARSE", code)
    assert.matches("ragged", msg)
    assert.is_table(r:read())
    assert.is_nil(r:read())
  end)

  it("records() raises the message of a bad row", function()
    local r <close> = assert(tradefig.open(F .. "bad_ragged.csv"))
    local ok, err = pcall(function() for _ in r:records() do end end)
    assert.is_false(ok)
    assert.matches("^EPARSE: spec/fixtures/stats/bad_ragged%.csv:3:%d+: ragged row", err)
  end)
end)
