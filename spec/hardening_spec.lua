-- Hardening: misuse at the Lua boundary raises and names the argument; bad
-- data returns nil, message, code; limits stop with ELIMIT and the place;
-- files that are missing, unreadable, directories, FIFOs, that shrink or
-- grow while read, truncated gzip; output to a full disk (/dev/full).
local tradefig = require "tradefig"
local core = require "tradefig.core"

local STATS <const> = "spec/fixtures/stats/"

local function tmpdir()
  local p = os.tmpname()
  os.remove(p)
  assert(os.execute("mkdir -p " .. p))
  return p
end

local function write(path, s)
  local f = assert(io.open(path, "wb"))
  f:write(s)
  f:close()
end

local function slurp(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("a")
  f:close()
  return s
end

-- Run the command; returns its exit status and standard error.
local function run(args)
  local err = os.tmpname()
  local _, _, status = os.execute("./bin/tradefig " .. args .. " 2>" .. err)
  local e = slurp(err)
  os.remove(err)
  return status, e
end

local function check_fail(res, msg, code, want_code, pattern)
  assert.is_nil(res)
  assert.equal(want_code, code)
  assert.is_string(msg)
  assert.matches("^" .. want_code .. ": ", msg)
  if pattern then assert.matches(pattern, msg) end
end

describe("tradefig hardening: misuse raises, naming the argument", function()
  local cases = {
    { "scan_amounts", function() tradefig.scan_amounts(nil) end, "bad argument #1 to 'scan_amounts'" },
    { "scan_amounts opts", function() tradefig.scan_amounts("x", "de") end, "bad argument #2 to 'scan_amounts'" },
    { "scan_amounts max_amounts", function() tradefig.scan_amounts("x", { max_amounts = "9" }) end,
      "bad argument #2 to 'scan_amounts' %(option 'max_amounts'" },
    { "scan_amounts max_tokens", function() tradefig.scan_amounts("x", { max_tokens = 1.5 }) end,
      "bad argument #2 to 'scan_amounts' %(option 'max_tokens'" },
    { "parse_amount", function() tradefig.parse_amount({}) end, "bad argument #1 to 'parse_amount'" },
    { "extract", function() tradefig.extract(42) end, "bad argument #1 to 'extract'" },
    { "extract max_amounts", function() tradefig.extract("x", { max_amounts = -1 }) end,
      "bad argument #2 to 'extract' %(option 'max_amounts'" },
    { "extract date", function() tradefig.extract("x", { date = 2024 }) end, "bad argument #2 to 'extract'" },
    { "extract unknown option", function() tradefig.extract("x", { langs = "de" }) end, "unknown option 'langs'" },
    { "open", function() tradefig.open(nil) end, "bad argument #1 to 'open'" },
    { "open layout", function() tradefig.open("x.csv", { layout = "excel" }) end, "bad argument #2 to 'open'" },
    { "open max_record", function() tradefig.open("x.csv", { max_record = "1M" }) end, "option 'max_record'" },
    { "open on_reject", function() tradefig.open("x.csv", { on_reject = true }) end, "option 'on_reject'" },
    { "open map", function() tradefig.open("x.csv", { map = 5 }) end, "option 'map'" },
    { "read", function() tradefig.read(false) end, "bad argument #1 to 'read'" },
    { "load_lexicon", function() tradefig.load_lexicon(nil) end, "bad argument #1 to 'load_lexicon'" },
    { "lexicon", function() tradefig.lexicon(1) end, "bad argument #1 to 'lexicon'" },
    { "gazetteer", function() tradefig.gazetteer() end, "bad argument #1 to 'gazetteer'" },
    { "core.open layout", function() core.open("x.csv", { layout = "excel" }) end,
      "bad argument #2 to .*invalid layout 'excel'" },
    { "core.open layout type", function() core.open("x.csv", { layout = 3 }) end,
      "bad argument #2 to .*option 'layout' must be a string" },
    { "core.open codes", function() core.open("x.csv", { codes = {} }) end,
      "bad argument #2 to .*option 'codes' must be a tradefig.Codes" },
    { "core.open max_depth", function() core.open("x.csv", { max_depth = math.maxinteger }) end,
      "bad argument #2 to .*option 'max_depth' is too large" },
    { "core.open max_record", function() core.open("x.csv", { max_record = -5 }) end,
      "bad argument #2 to .*option 'max_record' must not be negative" },
    { "core.lexicon", function() core.lexicon(nil) end, "bad argument #1 to" },
    { "core.gazetteer lexicon", function() core.gazetteer("{}", "{}", "de", {}) end,
      "bad argument #4 to .*tradefig.Lexicon expected" },
  }
  for _, c in ipairs(cases) do
    it("raises for " .. c[1], function()
      assert.error_matches(c[2], c[3])
    end)
  end

  it("raises on a closed reader, and close stays idempotent", function()
    local r = assert(tradefig.open(STATS .. "comtradr_usa_m_2018.csv"))
    r:close()
    r:close()
    assert.error_matches(function() r:read() end, "reader is closed")
    assert.error_matches(function() r:records() end, "reader is closed")
    assert.equal("tradefig.Reader (closed)", tostring(r))
    assert.equal(0, r:stats().records)
  end)

  it("raises on a closed lexicon", function()
    local lx = assert(tradefig.load_lexicon(tradefig.data_dir .. "/lexicon/en.json"))
    lx:close()
    lx:close()
    assert.error_matches(function() lx:scan("5 million") end, "lexicon is closed")
    assert.error_matches(function() lx:annotate("5 million") end, "lexicon is closed")
    assert.error_matches(function() lx:lang() end, "lexicon is closed")
  end)

  it("raises when a method gets the wrong userdata", function()
    local r = assert(tradefig.open(STATS .. "comtradr_usa_m_2018.csv"))
    local lx = assert(tradefig.lexicon("en"))
    assert.error_matches(function() r.read(lx) end, "tradefig.Reader expected, got tradefig.Lexicon")
    assert.error_matches(function() lx.scan(r, "x") end, "tradefig.Lexicon expected, got tradefig.Reader")
    assert.error_matches(function() lx:annotate("x", r) end, "bad argument #2 to 'annotate'")
    assert.error_matches(function() lx:scan("x", { max_amounts = "ten" }) end,
      "bad argument #2 to 'scan' %(option 'max_amounts' must be an integer%)")
    r:close()
  end)

  it("leaves the reader usable after on_reject raises", function()
    local seen = 0
    local r = assert(tradefig.open(STATS .. "bad_ragged.csv", {
      lenient = true, on_reject = function() seen = seen + 1; error("stop here") end }))
    local ok, err = pcall(function() for _ in r:records() do end end)
    assert.is_false(ok)
    assert.matches("stop here", err)
    assert.equal(1, seen)
    r:close()
  end)
end)

describe("tradefig hardening: limits stop with ELIMIT and the place", function()
  local text = ("Exports rose 5% to $3 billion, imports fell 2% to $1 billion. "):rep(20)

  it("extract stops at max_amounts", function()
    local res, msg, code = tradefig.extract(text, { lang = "en", max_amounts = 3 })
    check_fail(res, msg, code, "ELIMIT", "more than 3 amounts .*%(byte %d+%)")
  end)

  it("extract stops at max_tokens", function()
    local res, msg, code = tradefig.extract(text, { lang = "en", max_tokens = 10 })
    check_fail(res, msg, code, "ELIMIT", "%(byte %d+%)")
  end)

  it("extract reads the text when the limits are not reached", function()
    local res = assert(tradefig.extract(text, { lang = "en", max_amounts = 1000, max_tokens = 100000 }))
    assert.is_table(res)
  end)

  it("scan_amounts stops at max_amounts with the byte", function()
    local res, msg, code = tradefig.scan_amounts(text, { lang = "en", max_amounts = 4 })
    check_fail(res, msg, code, "ELIMIT", "byte %d+")
  end)

  it("a CSV record longer than max_record is ELIMIT with its line", function()
    local dir = tmpdir()
    local csv = slurp(STATS .. "comtradr_usa_m_2018.csv")
    local header, row = csv:match("^([^\n]*\n)([^\n]*\n)")
    write(dir .. "/long.csv", header .. row .. row:gsub("France", ("x"):rep(5000)) .. row)
    local res, msg, code = tradefig.read(dir .. "/long.csv", { max_record = 4096 })
    check_fail(res, msg, code, "ELIMIT", "long.csv:3:")
    os.execute("rm -rf " .. dir)
  end)

  it("a JSON string beyond max_record is ELIMIT with its line", function()
    local dir = tmpdir()
    write(dir .. "/long.json", '{"data":[\n{"a":"' .. ("x"):rep(5000) .. '"}]}')
    local res, msg, code = tradefig.read(dir .. "/long.json", { max_record = 1000, layout = "comtrade" })
    check_fail(res, msg, code, "ELIMIT", "long.json:2:")
    os.execute("rm -rf " .. dir)
  end)

  it("JSON nested beyond max_depth is ELIMIT", function()
    local dir = tmpdir()
    write(dir .. "/deep.json", '{"data":[\n{"a":{"b":[[1]]}}]}')
    local res, msg, code = tradefig.read(dir .. "/deep.json", { max_depth = 4, layout = "comtrade" })
    check_fail(res, msg, code, "ELIMIT", "deep.json:2:.*nested deeper than 4")
    os.execute("rm -rf " .. dir)
  end)

  it("a CSV row of more than 4096 fields is ELIMIT", function()
    local dir = tmpdir()
    write(dir .. "/wide.csv", ("a,"):rep(5000) .. "a\n")
    local res, msg, code = tradefig.read(dir .. "/wide.csv")
    check_fail(res, msg, code, "ELIMIT", "wide.csv:1:")
    os.execute("rm -rf " .. dir)
  end)
end)

describe("tradefig hardening: files", function()
  local dir
  before_each(function() dir = tmpdir() end)
  after_each(function() os.execute("rm -rf " .. dir) end)

  it("reports a missing file", function()
    check_fail(tradefig.open(dir .. "/missing.csv"), select(2, tradefig.open(dir .. "/missing.csv")),
      select(3, tradefig.open(dir .. "/missing.csv")), "EIO", "cannot open")
    local res, msg, code = tradefig.load_lexicon(dir .. "/missing.json")
    assert.is_nil(res)
    assert.is_string(msg)
    assert.is_string(code)
  end)

  it("reports a directory", function()
    local res, msg, code = tradefig.open(dir)
    check_fail(res, msg, code, "EIO", "Is a directory")
    local status, err = run("convert " .. dir)
    assert.equal(1, status)
    assert.matches("Is a directory", err)
    status, err = run("extract " .. dir)
    assert.equal(1, status)
    assert.matches("Is a directory", err)
  end)

  it("reports an unreadable file", function()
    write(dir .. "/secret.csv", "a,b\n1,2\n")
    os.execute("chmod 000 " .. dir .. "/secret.csv")
    local f = io.open(dir .. "/secret.csv", "rb")
    if f then f:close() return end     -- root reads anything: nothing to test
    local res, msg, code = tradefig.open(dir .. "/secret.csv")
    check_fail(res, msg, code, "EIO", "Permission denied")
  end)

  it("reads a FIFO as a stream", function()
    if not os.execute("mkfifo " .. dir .. "/fifo 2>/dev/null") then return end
    local csv = slurp(STATS .. "comtradr_usa_m_2018.csv")
    os.execute("cat " .. STATS .. "comtradr_usa_m_2018.csv > " .. dir .. "/fifo &")
    local recs, st = tradefig.read(dir .. "/fifo")
    assert.is_table(recs)
    local _, nl = csv:gsub("\n", "")
    assert.equal(nl - 1, st.rows)
  end)

  it("reports a truncated row of a file that shrinks while read", function()
    local csv = slurp(STATS .. "comtradr_usa_m_2018.csv")
    local header, row = csv:match("^([^\n]*\n)([^\n]*\n)")
    local path = dir .. "/shrink.csv"
    write(path, header .. row:rep(3000))
    local r <close> = assert(tradefig.open(path))
    assert.is_table(r:read())
    -- cut inside row 1501, far past what the reader has buffered
    assert(os.execute(("truncate -s %d %s"):format(#header + 1500 * #row + 17, path)))
    local n, rejected, msg, code = 1, nil, nil, nil
    while true do
      local rec, m, c = r:read()
      if rec then n = n + 1
      elseif m then rejected, msg, code = rec, m, c break
      else break end
    end
    assert.equal(1500, n)
    assert.is_false(rejected)
    assert.equal("EPARSE", code)
    assert.matches("shrink.csv:1502:", msg)
  end)

  it("reads the rows appended to a file that grows while read", function()
    local csv = slurp(STATS .. "comtradr_usa_m_2018.csv")
    local header, row = csv:match("^([^\n]*\n)([^\n]*\n)")
    local path = dir .. "/grow.csv"
    -- larger than the reader's buffer, so the end has not been seen yet
    write(path, header .. row:rep(3000))
    local r <close> = assert(tradefig.open(path))
    assert.is_table(r:read())
    local f = assert(io.open(path, "ab"))
    f:write(row:rep(5))
    f:close()
    local n = 1
    while r:read() do n = n + 1 end
    assert.equal(3005, n)
    assert.equal(0, r:stats().rejected)
  end)

  it("reports a gzip stream cut short, also when lenient", function()
    local gz = slurp(STATS .. "comtrade_bulk_arg_x_2000.tsv.gz")
    for _, cut in ipairs({ 10, 30, #gz // 2, #gz - 4, #gz - 1 }) do
      write(dir .. "/cut.tsv.gz", gz:sub(1, cut))
      for _, lenient in ipairs({ false, true }) do
        local res, msg, code = tradefig.read(dir .. "/cut.tsv.gz", { lenient = lenient })
        assert.is_nil(res)
        assert.equal("EPARSE", code)
        assert.matches("gzip", msg)
      end
    end
  end)

  it("reports write errors on a full disk and exits 1", function()
    local f = io.open("/dev/full", "wb")
    if not f then return end
    f:close()
    for _, args in ipairs({
      "convert " .. STATS .. "comtradr_usa_m_2018.csv --output /dev/full",
      "convert --format csv " .. STATS .. "comtradr_usa_m_2018.csv --output /dev/full",
      "amounts --lang de examples/belta-minsk-china-2024-12-05.de.txt --output /dev/full",
      "extract --lang de examples/belta-minsk-china-2024-12-05.de.txt --output /dev/full",
      "extract --jsonl spec/fixtures/corpus/seed.jsonl --output /dev/full",
      "convert " .. STATS .. "comtradr_usa_m_2018.csv >/dev/full",
      "amounts --lang de examples/belta-minsk-china-2024-12-05.de.txt >/dev/full",
    }) do
      local status, err = run(args)
      assert.equal(1, status, args)
      assert.matches("write failed", err, 1, false, args)
    end
  end)
end)
