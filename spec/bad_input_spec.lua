-- Bad input never crashes: invalid UTF-8, NUL bytes, huge numerals, empty text, limits.
local tradefig = require "tradefig"

describe("tradefig on bad input", function()
  it("skips invalid UTF-8 and says where the first bad byte is", function()
    local text = "Umsatz \xFF\xFE 2 Mrd. Dollar"
    local list, warn = tradefig.scan_amounts(text, { lang = "de" })
    assert.equal(1, #list)
    assert.equal(2000000000, list[1].value)
    assert.equal("invalid UTF-8 or NUL byte at byte 8 (2 such bytes skipped)", warn)
  end)

  it("never lets an invalid byte join a numeral", function()
    local list = tradefig.scan_amounts("2\xC35 Mrd. Dollar", { lang = "de" })
    assert.equal(2, list[1].value)
    assert.equal(5000000000, list[2].value)
  end)

  it("reads past NUL bytes", function()
    local list, warn = tradefig.scan_amounts("a\0b 3 Mio. Euro\0", { lang = "de" })
    assert.equal(3000000, list[1].value)
    assert.equal("EUR", list[1].currency)
    assert.matches("at byte 2 %(2 such bytes skipped%)", warn)
  end)

  it("handles an empty text", function()
    assert.same({}, tradefig.scan_amounts("", { lang = "en" }))
    local a, err, code = tradefig.parse_amount("", { lang = "en" })
    assert.is_nil(a)
    assert.equal("EPARSE", code)
    assert.matches("no amount", err)
  end)

  it("marks a numeral thousands of digits long as overflow, not a crash", function()
    local list = tradefig.scan_amounts(string.rep("7", 5000), { lang = "en" })
    assert.equal(1, #list)
    assert.is_true(list[1].overflow)
    assert.equal(math.huge, list[1].value)
  end)

  it("keeps a value beyond 1e18 exact as long as it fits int64", function()
    local a = assert(tradefig.parse_amount("1 000 000 000 000 000 000 рублей", { lang = "ru" }))
    assert.equal(1000000000000000000, a.value)
    assert.equal("integer", math.type(a.value))
  end)

  it("gives a float for a value beyond int64", function()
    local a = assert(tradefig.parse_amount("$93,000,000 trillion", { lang = "en" }))
    assert.equal("float", math.type(a.value))
    assert.near(9.3e19, a.value, 9.3e19 * 1e-12)
  end)

  it("reports a value beyond double range as ERANGE", function()
    local a, err, code = tradefig.parse_amount("$" .. string.rep("9", 320) .. " billion", { lang = "en" })
    assert.is_nil(a)
    assert.equal("ERANGE", code)
    assert.matches("byte 2", err)
  end)

  it("stops at max_amounts with ELIMIT and the place", function()
    local text = string.rep("5 ", 100)
    local list, err, code = tradefig.scan_amounts(text, { lang = "en", max_amounts = 10 })
    assert.is_nil(list)
    assert.equal("ELIMIT", code)
    assert.matches("more than 10 amounts in one text %(byte 21%)", err)
  end)

  it("stops at max_tokens with ELIMIT", function()
    local list, err, code = tradefig.scan_amounts("a b c d e f", { lang = "en", max_tokens = 3 })
    assert.is_nil(list)
    assert.equal("ELIMIT", code)
    assert.matches("more than 3 tokens", err)
  end)

  it("survives binary noise", function()
    local bytes = {}
    local seed = 12345
    for i = 1, 20000 do
      seed = (seed * 1103515245 + 12345) % 2147483648
      bytes[i] = string.char(seed % 256)
    end
    local noise = table.concat(bytes)
    for _, lang in ipairs { "de", "en", "ru" } do
      local list = tradefig.scan_amounts(noise, { lang = lang })
      assert.is_table(list)
      for _, a in ipairs(list) do assert.equal(a.text, noise:sub(a.i, a.j)) end
    end
  end)

  it("checks UTF-8 on request", function()
    assert.is_true(tradefig.utf8_check("Минск"))
    local ok, pos = tradefig.utf8_check("ab\xC0\xAF")
    assert.is_false(ok)
    assert.equal(3, pos)
  end)
end)
