-- bin/tradefig convert, run as a user runs it.

local json = require "tradefig.json"

local function run(args)
  local tmp_out, tmp_err = os.tmpname(), os.tmpname()
  local _, _, status = os.execute("./bin/tradefig " .. args .. " >" .. tmp_out .. " 2>" .. tmp_err)
  local function slurp(p)
    local f = assert(io.open(p, "rb"))
    local s = f:read("a")
    f:close()
    os.remove(p)
    return s
  end
  return status, slurp(tmp_out), slurp(tmp_err)
end

local F = "spec/fixtures/stats/"

local function lines(s)
  local t = {}
  for l in s:gmatch("[^\n]+") do t[#t + 1] = l end
  return t
end

describe("tradefig convert", function()
  it("writes JSON Lines, one record per row", function()
    local status, out, err = run("convert " .. F .. "comtrade_apiplus_chn_2010.json")
    assert.equal(0, status)
    assert.equal("", err)
    local l = lines(out)
    assert.equal(4, #l)
    assert.matches('"flow":"import"', l[1])
    assert.matches('"value":6804128143[,}]', l[1])
    assert.matches('"period":{"from":"2010%-01","to":"2010%-12"}', l[1])
  end)

  it("writes CSV with a header, from several files", function()
    local status, out = run("convert --format csv " .. F .. "imf_dots_chn_2010.csv "
      .. F .. "comext_full_202309.csv")
    assert.equal(0, status)
    local l = lines(out)
    assert.equal(1 + 6 + 4, #l)
    assert.matches("^flow,reporter,partner,", l[1])
    assert.matches("^import,CHN,ARG,,2010%-01,2010%-12,6804128143,USD,", l[2])
    assert.matches("^import,DEU,CHN,,2023%-09,2023%-09,123456,EUR,", l[8])
  end)

  it("reads with a column map", function()
    local status, out = run("convert --map " .. F .. "tradestatistics_map.json "
      .. F .. "tradestatistics_chl_arg_2002_fish.csv")
    assert.equal(0, status)
    assert.equal(5, #lines(out))
    assert.matches('"reporter":"CHL"', out)
  end)

  it("stops at the first bad row with FILE:LINE:COLUMN and exit 1", function()
    local status, out, err = run("convert " .. F .. "bad_types.json")
    assert.equal(1, status)
    assert.equal(1, #lines(out))
    assert.equal("tradefig: " .. F
      .. "bad_types.json:54:3: primaryValue: expected a number, found 'lots' [EPARSE]\n", err)
  end)

  it("goes on with --lenient, reporting each bad row and a count", function()
    local status, out, err = run("convert --lenient " .. F .. "bad_types.json")
    assert.equal(0, status)
    assert.equal(2, #lines(out))
    local e = lines(err)
    assert.equal(3, #e)
    assert.matches("bad_types.json:103:3: flowCode: expected a flow code", e[2])
    assert.equal("tradefig: convert: 2 records written, 2 rows rejected", e[3])
  end)

  it("fails on truncated gzip even when lenient", function()
    local status, _, err = run("convert --lenient " .. F .. "bad_truncated.csv.gz")
    assert.equal(1, status)
    assert.matches("truncated gzip data", err)
  end)

  it("exits 2 on bad usage", function()
    assert.equal(2, (run("convert")))
    assert.equal(2, (run("convert --format xml " .. F .. "bad_empty.csv")))
    assert.equal(2, (run("convert --layout nope " .. F .. "bad_empty.csv")))
    assert.equal(2, (run("convert --bogus x")))
  end)

  it("writes records that decode back to the source values", function()
    local status, out = run("convert --format jsonl " .. F .. "comtrade_bulk_arg_x_2000.tsv.gz")
    assert.equal(0, status)
    local l = lines(out)
    assert.equal(10, #l)
    assert.matches('"value":69888036[,}]', l[2])
    assert.matches('"partner":"DZA"', l[2])
    assert.is_string(json.encode({}))
  end)
end)

describe("tradefig convert --format text, --lang, --date", function()
  local file = F .. "comtrade_apiplus_chn_2010.json"

  it("streams one aligned line per record with the place it came from", function()
    local status, out, err = run("convert --format text " .. file)
    assert.equal(0, status)
    assert.equal("", err)
    local l = lines(out)
    assert.equal(5, #l)
    assert.matches("^flow%s+reporter%s+partner%s+period%s+value%s+cur%s+status%s+source$", l[1])
    assert.matches("^import%s+CHN%s+ARG%s+2010%s+6,804,128,143%s+USD%s+actual%s+"
      .. "spec/fixtures/stats/comtrade_apiplus_chn_2010.json:5:9$", l[2])
    -- the value column ends at the same place on every line
    local _, e1 = l[2]:find("6,804,128,143", 1, true)
    local _, e2 = l[3]:find("74,251,272,075", 1, true)
    assert.equal(e1, e2)
  end)

  it("writes numbers in the language asked for", function()
    local _, de = run("convert --format text --lang de " .. file)
    assert.matches("74%.251%.272%.075", de)
    local _, ru = run("convert --format text --lang ru " .. file)
    assert.matches("74 251 272 075", ru, 1, true)
  end)

  it("marks periods not over at --date and counts those after it, dropping none", function()
    local status, out, err = run("convert --format text --date 2010-06-30 " .. file)
    assert.equal(0, status)
    assert.equal("", err)
    assert.equal(4, select(2, out:gsub("%(to date%)", "")))
    local status2, out2, err2 = run("convert --date 2009-12-31 " .. file)
    assert.equal(0, status2)
    assert.equal(4, #lines(out2))
    assert.matches("4 of 4 records are for periods after 2009%-12%-31", err2)
    local _, out3 = run("convert --format text --date 2009-12-31 " .. file)
    assert.equal(4, select(2, out3:gsub("%(after 2009%-12%)", "")))
  end)

  it("rejects a bad --lang or an impossible --date with exit 2", function()
    local s1, _, e1 = run("convert --lang xx " .. file)
    assert.equal(2, s1)
    assert.matches("%-%-lang", e1)
    local s2, _, e2 = run("convert --date 2010-02-30 " .. file)
    assert.equal(2, s2)
    assert.matches("%-%-date must be YYYY%-MM%-DD", e2)
    assert.equal(2, (run("convert --date 2011-02-29 " .. file)))
    assert.equal(0, (run("convert --date 2012-02-29 " .. file)))
  end)
end)
