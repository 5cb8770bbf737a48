-- The Lua boundary: the module table, misuse raises, bad data returns nil, message, code.
local tradefig = require "tradefig"
local core = require "tradefig.core"

describe("tradefig module", function()
  it("has a name and version and sets no globals", function()
    local before = {}
    for k in pairs(_G) do before[k] = true end
    package.loaded["tradefig"] = nil
    local again = require "tradefig"
    for k in pairs(_G) do assert.is_true(before[k], "new global " .. tostring(k)) end
    assert.equal("tradefig", again._NAME)
    assert.matches("^%d+%.%d+%.%d+$", again._VERSION)
    assert.equal("tradefig.core", core._NAME)
  end)

  it("lists its languages and finds their lexicons", function()
    assert.same({ "de", "en", "ru" }, tradefig.languages)
    for _, lang in ipairs(tradefig.languages) do
      local lx = assert(tradefig.lexicon(lang))
      assert.equal(lang, lx:lang())
      assert.matches("^tradefig.Lexicon %(" .. lang .. ", %d+ entries%)$", tostring(lx))
    end
  end)

  it("returns nil, message, code for an unknown language", function()
    local lx, err, code = tradefig.lexicon("fr")
    assert.is_nil(lx)
    assert.matches("no lexicon for language 'fr'", err)
    assert.equal("EINVAL", code)
  end)
end)

describe("tradefig misuse raises", function()
  it("wants a string text", function()
    assert.error_matches(function() tradefig.scan_amounts(42) end, "bad argument #1 to 'scan_amounts'")
    assert.error_matches(function() tradefig.parse_amount(nil) end, "bad argument #1 to 'parse_amount'")
    assert.error_matches(function() tradefig.detect_lang({}) end, "bad argument #1 to 'detect_lang'")
  end)

  it("wants a table of known options", function()
    assert.error_matches(function() tradefig.scan_amounts("x", "de") end, "table expected")
    assert.error_matches(function() tradefig.scan_amounts("x", { langue = "de" }) end, "unknown option 'langue'")
    assert.error_matches(function() tradefig.parse_amount("x", { lang = 5 }) end, "option 'lang' must be a string")
  end)

  it("checks option types in the core", function()
    local lx = tradefig.lexicon("de")
    assert.error_matches(function() lx:scan("x", { max_amounts = "ten" }) end, "max_amounts")
    assert.error_matches(function() lx:scan("x", { max_amounts = -1 }) end, "must not be negative")
  end)

  it("rejects methods on the wrong userdata and on closed lexicons", function()
    local lx = assert(core.lexicon('{"lang": "xx"}', "inline"))
    assert.error_matches(function() lx.scan(io.stdout, "x") end, "tradefig.Lexicon expected")
    lx:close()
    assert.error_matches(function() lx:scan("x") end, "lexicon is closed")
    assert.equal("tradefig.Lexicon (closed)", tostring(lx))
    lx:close() -- idempotent
  end)

  it("closes lexicons with <close>", function()
    local closed
    do
      local lx <close> = assert(core.lexicon('{"lang": "xx"}'))
      closed = lx
    end
    assert.error_matches(function() closed:lang() end, "lexicon is closed")
  end)
end)

describe("tradefig lexicon errors name the file and position", function()
  it("reports a JSON syntax error with file:line:column", function()
    local lx, err, code = tradefig.load_lexicon("spec/fixtures/bad-lexicon-syntax.json")
    assert.is_nil(lx)
    assert.equal("EPARSE", code)
    assert.matches("^spec/fixtures/bad%-lexicon%-syntax%.json:5:15: EPARSE: invalid JSON", err)
  end)

  it("reports a truncated file", function()
    local lx, err, code = tradefig.load_lexicon("spec/fixtures/bad-lexicon-truncated.json")
    assert.is_nil(lx)
    assert.equal("EPARSE", code)
    assert.matches("truncated", err)
  end)

  it("reports a value of the wrong shape with its JSON path", function()
    local lx, err = tradefig.load_lexicon("spec/fixtures/bad-lexicon-shape.json")
    assert.is_nil(lx)
    assert.matches("currencies%[0%]%.words%[1%]: expected a string", err)
  end)

  it("reports a case_sensitive list of the wrong shape", function()
    local lx, err, code = core.lexicon('{"lang": "xx", "case_sensitive": "Waren"}')
    assert.is_nil(lx)
    assert.equal("EPARSE", code)
    assert.matches("case_sensitive: expected an array of phrases", err)
    lx, err = core.lexicon('{"lang": "xx", "case_sensitive": ["Waren", 3]}')
    assert.is_nil(lx)
    assert.matches("case_sensitive: expected an array of phrases", err)
  end)

  it("matches a case_sensitive phrase only as written", function()
    local lx = assert(core.lexicon('{"lang": "xx", "case_sensitive": ["Waren"], "tags": {"scope.goods": ["Waren"]}}'))
    local function tags(text)
      local out = {}
      for _, t in ipairs(assert(lx:annotate(text)).tags) do out[#out + 1] = text:sub(t.i, t.j) end
      return table.concat(out, ",")
    end
    assert.equal("Waren", tags("Waren für 5 Mio. Dollar"))
    assert.equal("", tags("es waren 5 Mio. Dollar"))
  end)

  it("reports a missing file as EIO", function()
    local lx, err, code = tradefig.load_lexicon("spec/fixtures/no-such-file.json")
    assert.is_nil(lx)
    assert.equal("EIO", code)
    assert.matches("no%-such%-file", err)
  end)

  it("accepts a user lexicon that adds a language as data", function()
    local lx = assert(core.lexicon([[{"lang": "xx", "numerals": {"dot3": "group"},
      "scales": [{"exp": 6, "words": ["mln"]}],
      "currencies": [{"code": "PLN", "words": ["zł", "złotych"]}]}]]))
    local list = assert(lx:scan("1.500 mln złotych"))
    assert.equal(1500000000, list[1].value)
    assert.equal("PLN", list[1].currency)
  end)
end)

describe("tradefig.detect_lang", function()
  it("tells German, English and Russian apart", function()
    assert.equal("de", tradefig.detect_lang("Der Handelsumsatz zwischen der Region und China ist gewachsen."))
    assert.equal("en", tradefig.detect_lang("The trade between the region and China has grown."))
    assert.equal("ru", tradefig.detect_lang("Товарооборот между регионом и Китаем вырос."))
  end)

  it("falls back to English for a text without words", function()
    assert.equal("en", tradefig.detect_lang("123 456"))
    assert.equal("en", tradefig.detect_lang(""))
  end)
end)

describe("tradefig.open_text", function()
  local seed = "examples/belta-minsk-china-2024-12-05.de.txt"
  local function slurp(path)
    local f = assert(io.open(path, "rb"))
    local s = f:read("a")
    f:close()
    return s
  end
  local function tmpfile(content)
    local path = os.tmpname()
    local f = assert(io.open(path, "wb"))
    f:write(content)
    f:close()
    return path
  end

  it("maps a file and extracts from it exactly what the same text as a string gives", function()
    local t = assert(tradefig.open_text(seed))
    local s = slurp(seed)
    assert.equal(#s, #t)
    assert.matches("^tradefig.Text %(" .. #s .. " bytes, mapped%)$", tostring(t))
    assert.equal(s:sub(1, 5), t:sub(1, 5))
    assert.equal(s:sub(-9), t:sub(-9))
    assert.equal(s:sub(10, 3), t:sub(10, 3))
    assert.equal(s:sub(-1000000, 4), t:sub(-1000000, 4))
    assert.equal("de", tradefig.detect_lang(t))
    local a = assert(tradefig.extract(t, { date = "2024-12-05" }))
    local b = assert(tradefig.extract(s, { date = "2024-12-05" }))
    assert.equal(2, #a)
    assert.same(b, a)
    assert.same(tradefig.scan_amounts(s), tradefig.scan_amounts(t))
    t:close()
  end)

  it("raises on a closed text and returns nil, message, code for a file it cannot open", function()
    local t = assert(tradefig.open_text(seed))
    t:close()
    t:close()                                   -- twice is harmless
    assert.equal("tradefig.Text (closed)", tostring(t))
    assert.error_matches(function() tradefig.extract(t) end, "bad argument #1 to 'extract' %(the text is closed%)")
    assert.error_matches(function() return #t end, "the text is closed")
    local none, err, code = tradefig.open_text("/nonexistent/file.txt")
    assert.is_nil(none)
    assert.equal("EIO: /nonexistent/file.txt: No such file or directory", err)
    assert.equal("EIO", code)
    none, err = tradefig.open_text(".")
    assert.is_nil(none)
    assert.matches("Is a directory", err)
    assert.error_matches(function() tradefig.open_text(42) end, "bad argument #1 to 'open_text'")
  end)

  it("reads an empty file and a device that cannot be mapped", function()
    local path = tmpfile("")
    local t = assert(tradefig.open_text(path))
    assert.equal(0, #t)
    assert.same({}, assert(tradefig.extract(t, { lang = "de" })))
    t:close()
    os.remove(path)
    local dev = assert(tradefig.open_text("/dev/null"))
    assert.equal("tradefig.Text (0 bytes)", tostring(dev))
  end)

  it("reports invalid UTF-8 and NUL bytes in a mapped file as in a string", function()
    local text = "Der Handelsumsatz mit China erreichte 2023 2,5 Milliarden Dollar.\0 \255 Ende."
    local path = tmpfile(text)
    local t = assert(tradefig.open_text(path))
    local a, wa = tradefig.extract(t, { lang = "de" })
    local b, wb = tradefig.extract(text, { lang = "de" })
    assert.same(b, a)
    assert.equal(wb, wa)
    assert.matches("invalid UTF%-8 or NUL byte at byte 66 %(2 such bytes skipped%)", wa)
    t:close()
    os.remove(path)
  end)
end)

describe("tradefig.detect_lang on a long text", function()
  it("reads the first 64 KiB, cut at a space", function()
    local de = ("Der Handelsumsatz zwischen der Region und China ist gewachsen. "):rep(1100)  -- 70 KB
    local en = ("The trade between the region and China has grown, and it is the best year. "):rep(3000)
    assert.is_true(#de > 65536)
    assert.equal("de", tradefig.detect_lang(de .. en))
    assert.equal("en", tradefig.detect_lang(en .. de))
  end)
end)
