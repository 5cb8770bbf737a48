-- The recipe examples and `tradefig report` run in `make test`, so none rots.
local function run(cmd)
  -- stderr goes to a file of its own, so that runs side by side never read each other's
  local errfile = os.tmpname()
  local p = assert(io.popen(cmd .. " 2>" .. errfile))
  local out = p:read("a")
  local _, _, code = p:close()
  local f = io.open(errfile, "rb")
  local err = f and f:read("a") or ""
  if f then f:close() end
  os.remove(errfile)
  return out, code, err
end

local CHN = "examples/data/comtradr_chn_x_kor_mex_usa_2012-2022.csv"

describe("recipe examples", function()
  it("examples/profile_china.lua prints the profile of China's exports to three partners", function()
    local out, code = run("lua5.4 examples/profile_china.lua")
    assert.equal(0, code)
    assert.matches("Trade profile: China – South Korea, Mexico, United States", out)
    assert.matches("2022%s+USD 582%.76 bn%s+%+1%.0%%", out)
    assert.matches("CAGR exports 2012–2022: %+10%.9%%", out)
  end)

  it("the committed profile chart is what the example renders today", function()
    local f = assert(io.open("examples/china-kor-mex-usa.profile.svg", "rb"))
    local committed = f:read("a")
    f:close()
    assert.equal(committed, (run("lua5.4 examples/profile_china.lua svg")))
  end)

  it("examples/claims_check.lua checks the article against the statistics", function()
    local out, code = run("lua5.4 examples/claims_check.lua text de")
    assert.equal(0, code)
    assert.matches("Export%s+China – Mexiko%s+2022%s+70 Mrd%. USD", out)
    assert.matches("weicht ab", out)
    assert.matches("stimmt: 2 · weicht ab: 1 · nicht prüfbar: 1", out)
  end)
end)

describe("tradefig report", function()
  it("profile from the command line", function()
    local out, code = run("./bin/tradefig report profile " .. CHN .. " --reporter CHN --partner USA --format csv")
    assert.equal(0, code)
    assert.matches("^reporter,partner,period,export,currency,growth,source\r\nCHN,USA,2012,352438221016,USD,,", out)
  end)

  it("top, mirror and consistency with a column map, in every format", function()
    local base = " spec/fixtures/stats/tradestatistics_chl_2002.csv --map spec/fixtures/stats/tradestatistics_chl_2002_map.json"
    for _, fmt in ipairs { "text", "markdown", "json", "csv", "svg", "html" } do
      for _, r in ipairs { "top --reporter CHL --top 5", "mirror --reporter CHL --partner USA", "consistency" } do
        local out, code, err = run("./bin/tradefig report " .. r .. base .. " --format " .. fmt)
        assert.equal(0, code, r .. " " .. fmt .. ": " .. err)
        assert.is_true(#out > 40, r .. " " .. fmt)
        assert.equal("", err)                                 -- no progress bar: stderr is not a terminal
      end
    end
  end)

  it("claims: articles as FILE, statistics with --stats; --output writes a file", function()
    local tmp = os.tmpname()
    local _, code = run("./bin/tradefig report claims examples/chn-exports-2022.en.txt --stats " .. CHN
      .. " --date 2023-01-20 --format html --output " .. tmp)
    assert.equal(0, code)
    local f = assert(io.open(tmp, "rb"))
    local html = f:read("a")
    f:close()
    os.remove(tmp)
    assert.matches("<svg ", html)
    assert.matches("deviates", html)
  end)

  it("--help, and exit status 2 for bad usage, 1 for bad input with the file named", function()
    local out, code = run("./bin/tradefig report --help")
    assert.equal(0, code)
    assert.matches("usage: tradefig report RECIPE", out)
    local _, c2, e2 = run("./bin/tradefig report nosuch x.csv")
    assert.equal(2, c2)
    assert.matches("unknown recipe 'nosuch'", e2)
    _, c2, e2 = run("./bin/tradefig report top " .. CHN)
    assert.equal(2, c2)
    assert.matches("%-%-reporter", e2)
    _, c2 = run("./bin/tradefig report top " .. CHN .. " --reporter CHN --format pdf")
    assert.equal(2, c2)
    _, c2, e2 = run("./bin/tradefig report claims examples/chn-exports-2022.en.txt")
    assert.equal(2, c2)
    assert.matches("%-%-stats", e2)
    local _, c1, e1 = run("./bin/tradefig report consistency spec/fixtures/stats/bad_types.json")
    assert.equal(1, c1)
    assert.matches("bad_types%.json:54:3:", e1)
    _, c1, e1 = run("./bin/tradefig report top no-such.csv --reporter CHN")
    assert.equal(1, c1)
    assert.matches("no%-such%.csv", e1)
    _, c1 = run("./bin/tradefig report top " .. CHN .. " --reporter CHN --period 1999")
    assert.equal(0, c1)
  end)
end)
