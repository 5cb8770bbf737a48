-- bin/tradefig aggregate and merge, run as a user runs them.

local json = require "tradefig.json"

local function slurp(p)
  local f = assert(io.open(p, "rb"))
  local s = f:read("a")
  f:close()
  return s
end

local function run(args)
  local tmp_out, tmp_err = os.tmpname(), os.tmpname()
  local _, _, status = os.execute("./bin/tradefig " .. args .. " >" .. tmp_out .. " 2>" .. tmp_err)
  local out, err = slurp(tmp_out), slurp(tmp_err)
  os.remove(tmp_out)
  os.remove(tmp_err)
  return status, out, err
end

local function lines(s)
  local t = {}
  for l in s:gmatch("[^\n]+") do t[#t + 1] = l end
  return t
end

local F = "spec/fixtures/stats/"
local A = "spec/fixtures/agg/"

describe("tradefig aggregate", function()
  it("writes CSV: the keys, value (the sum) and count, ISO codes, flows by name, years as YYYY", function()
    local status, out, err = run("aggregate " .. F .. "comtrade_apiplus_chn_2010.json --by reporter,partner,flow,year")
    assert.equal(0, status)
    assert.equal("", err)
    local l = lines(out)
    assert.matches("^reporter,partner,flow,year,currency,value,count,", l[1])
    assert.equal(9, #l)    -- 2 partners x (export, import, turnover, balance)
    assert.matches("^CHN,ARG,balance,2010,USD,%-688363958,2,", l[2])
    assert.matches("^CHN,ARG,export,2010,USD,6115764185,1,", l[3])
    assert.matches("^CHN,DEU,turnover,2010,USD,142298405472,2,", l[9])
  end)

  it("sums several files and takes World rows as totals", function()
    local status, out = run("aggregate " .. F .. "comtradr_bulk_arg_x_2000.csv " .. F
      .. "comtrade_bulk_arg_x_2000.tsv.gz --by reporter,year --format json")
    assert.equal(0, status)
    local res = json.decode(out)
    assert.equal(1, #res.rows)
    assert.equal(2 * 26341029193, res.rows[1].value)
    assert.equal(2 * 313228065, res.rows[1].partners_sum)
    assert.is_true(res.rows[1].world)
    assert.equal(20, res.stats.added)
  end)

  it("labels nine months Jan-Sep and computes like-for-like growth", function()
    local status, out = run("aggregate --map " .. A .. "monthly_map.json " .. A
      .. "monthly_blr_chn.csv --by reporter,partner,year --format text --growth")
    assert.equal(0, status)
    assert.matches("BLR%s+CHN%s+2024%s+export%s+USD%s+1,440%s+9%s+only Jan%-Sep 2024", out)
    assert.matches("Jan%-Sep 2024 on Jan%-Sep 2023: %+14%.3 %%", out)
    assert.matches("2023%s+turnover%s+USD%s+5,460", out)
  end)

  it("filters with --where and converts with --rates, listing the rates used", function()
    local status, out = run("aggregate " .. F .. "comext_full_202309.csv --by reporter --where 'flow=export'"
      .. " --rates " .. A .. "rates.json --currency USD --format json")
    assert.equal(0, status)
    local res = json.decode(out)
    assert.equal(3, #res.rows)
    for _, r in ipairs(res.rows) do assert.equal("USD", r.currency) end
    assert.equal(2, #res.stats.rates)
    assert.equal(1, res.stats.skipped.where)
  end)

  it("writes partial states that merge into exactly the one-pass result", function()
    local p1, p2 = os.tmpname(), os.tmpname()
    local by = " --by reporter,flow,year"
    assert.equal(0, (run("aggregate " .. F .. "comtradr_bulk_arg_x_2000.csv" .. by .. " --partial --output " .. p1)))
    assert.equal(0, (run("aggregate " .. F .. "comtrade_apiplus_chn_2010.json " .. F
      .. "comtradr_tha_shrimp.csv" .. by .. " --partial --output " .. p2)))
    local _, merged = run("merge " .. p1 .. " " .. p2)
    local _, one = run("aggregate " .. F .. "comtradr_bulk_arg_x_2000.csv " .. F .. "comtrade_apiplus_chn_2010.json "
      .. F .. "comtradr_tha_shrimp.csv" .. by)
    assert.equal(one, merged)
    assert.matches("^reporter,flow,year,currency,value,count", merged)
    os.remove(p1)
    os.remove(p2)
  end)

  it("exits 2 on bad usage and 1 on bad input", function()
    assert.equal(2, (run("aggregate " .. F .. "comtrade_apiplus_chn_2010.json")))
    local status, _, err = run("aggregate " .. F .. "comtrade_apiplus_chn_2010.json --by colour")
    assert.equal(2, status)
    assert.matches("unknown key 'colour'", err)
    assert.equal(2, (run("aggregate x --by year --format xml")))
    assert.equal(2, (run("aggregate x --by year --where 'year~2010'")))
    status, _, err = run("aggregate spec/fixtures/stats/nope.csv --by year")
    assert.equal(1, status)
    assert.matches("nope.csv", err)
    status, _, err = run("aggregate " .. F .. "bad_types.json --by year")
    assert.equal(1, status)
    assert.matches("bad_types.json:54:3: primaryValue: expected a number", err)
    status, _, err = run("aggregate " .. F .. "comtradr_bulk_arg_x_2000.csv --by partner --max-groups 3")
    assert.equal(1, status)
    assert.matches("more than 3 groups", err)
    status, _, err = run("merge " .. F .. "comtrade_apiplus_chn_2010.json")
    assert.equal(1, status)
    assert.matches("not a tradefig partial state", err)
    assert.equal(2, (run("merge")))
  end)

  it("prints its help", function()
    local status, out = run("aggregate --help")
    assert.equal(0, status)
    assert.matches("usage: tradefig aggregate FILE%.%.%. %-%-by KEYS", out)
    status, out = run("--help")
    assert.equal(0, status)
    assert.matches("aggregate", out)
  end)
end)
