-- tradefig.parse_amount: the forms trade news writes amounts in, per language.
local tradefig = require "tradefig"

-- {input, value, currency, qualifier, scale}
local cases = {
  de = {
    { "2 Milliarden Dollar", 2000000000, "USD", "exact", 1000000000 },
    { "2,5 Milliarden Dollar", 2500000000, "USD", "exact", 1000000000 },
    { "über $800 Mio.", 800000000, "USD", "over", 1000000 },
    { "fast $1 Mrd.", 1000000000, "USD", "nearly", 1000000000 },
    { "ca. $500 Millionen", 500000000, "USD", "about", 1000000 },
    { "1.234,5 Mio. Euro", 1234500000, "EUR", "exact", 1000000 },
    { "422.728 Millionen US-Dollar", 422728000000, "USD", "exact", 1000000 },
    { "22 596,4 Tsd. Euro", 22596400, "EUR", "exact", 1000 },
    { "22\u{A0}596,4 Tsd. Euro", 22596400, "EUR", "exact", 1000 },
    { "22\u{202F}596,4 Tsd. Euro", 22596400, "EUR", "exact", 1000 },
    { "26 Mrd. $", 26000000000, "USD", "exact", 1000000000 },
    { "$412 Mio.", 412000000, "USD", "exact", 1000000 },
    { "mehr als 4,91 Milliarden US-Dollar", 4910000000, "USD", "over", 1000000000 },
    { "gut 323 Milliarden Dollar", 323000000000, "USD", "over", 1000000000 },
    { "mindestens einer halben Milliarde Dollar", 500000000, "USD", "over", 1000000000 },
    { "eine halbe Milliarde Euro", 500000000, "EUR", "exact", 1000000000 },
    { "rund sieben Milliarden Euro", 7000000000, "EUR", "about", 1000000000 },
    { "zehn Milliarden Yuan", 10000000000, "CNY", "exact", 1000000000 },
    { "etwa eine Billion US-Dollar", 1000000000000, "USD", "about", 1000000000000 },
    { "28,33 Billionen Yuan", 28330000000000, "CNY", "exact", 1000000000000 },
    { "knapp 296 Milliarden Dollar", 296000000000, "USD", "nearly", 1000000000 },
    { "nahezu 3 Mrd. Rubel", 3000000000, "RUB", "nearly", 1000000000 },
    { "unter 100 Mio. Franken", 100000000, "CHF", "under", 1000000 },
    { "weniger als 5 Mio. £", 5000000, "GBP", "under", 1000000 },
    { "932,1 Milliarden Yen", 932100000000, "JPY", "exact", 1000000000 },
    { "€ 94,6 Milliarden", 94600000000, "EUR", "exact", 1000000000 },
    { "2,35 Billionen Yuan", 2350000000000, "CNY", "exact", 1000000000000 },
    { "10 Mio. BYN", 10000000, "BYN", "exact", 1000000 },
    { "300 Millionen", 300000000, nil, "exact", 1000000 },
  },
  en = {
    { "$3,083.4 million", 3083400000, "USD", "exact", 1000000 },
    { "1,234.5 million euros", 1234500000, "EUR", "exact", 1000000 },
    { "$3.72bn", 3720000000, "USD", "exact", 1000000000 },
    { "US$1 billion", 1000000000, "USD", "exact", 1000000000 },
    { "USD 41.68 billion", 41680000000, "USD", "exact", 1000000000 },
    { "USD254.8 billion", 254800000000, "USD", "exact", 1000000000 },
    { "RMB 1.3 trillion", 1300000000000, "CNY", "exact", 1000000000000 },
    { "CNY10.3 trillion", 10300000000000, "CNY", "exact", 1000000000000 },
    { "8.47 trillion yuan", 8470000000000, "CNY", "exact", 1000000000000 },
    { "about 1.29 trillion U.S. dollars", 1290000000000, "USD", "about", 1000000000000 },
    { "approximately $500 million", 500000000, "USD", "about", 1000000 },
    { "around $220 bln", 220000000000, "USD", "about", 1000000000 },
    { "above $200 bln", 200000000000, "USD", "over", 1000000000 },
    { "more than 8 trillion Russian rubles", 8000000000000, "RUB", "over", 1000000000000 },
    { "at least $2 bn", 2000000000, "USD", "over", 1000000000 },
    { "nearly $1 billion", 1000000000, "USD", "nearly", 1000000000 },
    { "close to $90 million", 90000000, "USD", "nearly", 1000000 },
    { "less than $5m", 5000000, "USD", "under", 1000000 },
    { "some $700 million", 700000000, "USD", "about", 1000000 },
    { "half a billion US dollars", 500000000, "USD", "exact", 1000000000 },
    { "two and a half billion dollars", 2500000000, "USD", "exact", 1000000000 },
    { "£6.4bn", 6400000000, "GBP", "exact", 1000000000 },
    { "£400m", 400000000, "GBP", "exact", 1000000 },
    { "Dh1.395 trillion", 1395000000000, "AED", "exact", 1000000000000 },
    { "Dh 3 trillion", 3000000000000, "AED", "exact", 1000000000000 },
    { "5.89 trillion yen", 5890000000000, "JPY", "exact", 1000000000000 },
    { "9.1 billion euros", 9100000000, "EUR", "exact", 1000000000 },
    { "108.5 million USD", 108500000, "USD", "exact", 1000000 },
    { "286 bln Belarusian rubles", 286000000000, "BYN", "exact", 1000000000 },
    { "$190,27 billion", 190270000000, "USD", "exact", 1000000000 },
    { "1 tn yuan", 1000000000000, "CNY", "exact", 1000000000000 },
    { "$12 mn", 12000000, "USD", "exact", 1000000 },
    { "$250k", 250000, "USD", "exact", 1000 },
  },
  ru = {
    { "2 млрд долларов", 2000000000, "USD", "exact", 1000000000 },
    { "2 млрд 688 млн 360 тыс 900 долларов", 2688360900, "USD", "exact", 1000000000 },
    { "2 млрд 148,1 млн долларов", 2148100000, "USD", "exact", 1000000000 },
    { "около 1 млрд 400 млн долларов", 1400000000, "USD", "about", 1000000000 },
    { "девять миллиардов долларов", 9000000000, "USD", "exact", 1000000000 },
    { "полтора миллиарда долларов", 1500000000, "USD", "exact", 1000000000 },
    { "два с половиной миллиарда долларов", 2500000000, "USD", "exact", 1000000000 },
    { "двадцать пять миллионов евро", 25000000, "EUR", "exact", 1000000 },
    { "$166,8 млрд", 166800000000, "USD", "exact", 1000000000 },
    { "$1 897,9 млн", 1897900000, "USD", "exact", 1000000 },
    { "$4,0403 млрд", 4040300000, "USD", "exact", 1000000000 },
    { "$352.4 млн", 352400000, "USD", "exact", 1000000 },
    { "$ 53,8 миллиарда", 53800000000, "USD", "exact", 1000000000 },
    { "$1062,8 тыс.", 1062800, "USD", "exact", 1000 },
    { "более 40 миллиардов долларов", 40000000000, "USD", "over", 1000000000 },
    { "свыше 2 млрд руб.", 2000000000, "RUB", "over", 1000000000 },
    { "не менее 1 млрд долларов", 1000000000, "USD", "over", 1000000000 },
    { "порядка 300 млн долларов", 300000000, "USD", "about", 1000000 },
    { "примерно 9 млрд юаней", 9000000000, "CNY", "about", 1000000000 },
    { "почти 3,6 триллиона долларов", 3600000000000, "USD", "nearly", 1000000000000 },
    { "менее 500 млн евро", 500000000, "EUR", "under", 1000000 },
    { "260 миллионов долларов США", 260000000, "USD", "exact", 1000000 },
    { "12,5 млн бел. руб.", 12500000, "BYN", "exact", 1000000 },
    { "3 млрд белорусских рублей", 3000000000, "BYN", "exact", 1000000000 },
    { "15,3 млрд евро", 15300000000, "EUR", "exact", 1000000000 },
    { "100 млн рублей", 100000000, "RUB", "exact", 1000000 },
  },
}

for _, lang in ipairs { "de", "en", "ru" } do
  describe("tradefig.parse_amount (" .. lang .. ")", function()
    for _, c in ipairs(cases[lang]) do
      local input, value, currency, qualifier, scale = c[1], c[2], c[3], c[4], c[5]
      it("parses '" .. input .. "'", function()
        local a = assert(tradefig.parse_amount(input, { lang = lang }))
        assert.equal(value, a.value)
        assert.equal("integer", math.type(a.value))
        assert.equal(currency, a.currency)
        assert.equal(qualifier, a.qualifier)
        assert.equal(scale, a.scale)
        assert.equal(currency and "money" or "number", a.kind)
        assert.equal(input, a.text)
        assert.equal(1, a.i)
        assert.equal(#input, a.j)
      end)
    end
  end)
end

describe("tradefig.parse_amount ambiguity of '1,234' and '1.234'", function()
  local rule = {
    { "de", "1,234 Mrd. Euro", 1234000000 },   -- German decimal comma
    { "de", "1.234 Mio. Euro", 1234000000 },   -- German thousands point
    { "en", "1,234 million euros", 1234000000 },  -- English thousands comma
    { "en", "1.234 billion euros", 1234000000 },  -- English decimal point
    { "ru", "1,234 млрд евро", 1234000000 },   -- Russian decimal comma
    { "ru", "1.234 млрд евро", 1234000000 },   -- Russian: a lone point is decimal too
    { "de", "$2.5 Mrd.", 2500000000 },         -- not three digits: decimal in any language
    { "en", "$0,125 billion", 125000000 },     -- a leading zero never groups
  }
  for _, c in ipairs(rule) do
    it("reads '" .. c[2] .. "' in " .. c[1] .. " as " .. c[3], function()
      local a = assert(tradefig.parse_amount(c[2], { lang = c[1] }))
      assert.equal(c[3], a.value)
    end)
  end
end)

describe("tradefig.parse_amount results", function()
  it("finds the amount inside a sentence and gives its span", function()
    local s = "Der Handelsumsatz erreichte 2,5 Milliarden Dollar."
    local a = assert(tradefig.parse_amount(s, { lang = "de" }))
    assert.equal(2500000000, a.value)
    assert.equal("2,5 Milliarden Dollar", s:sub(a.i, a.j))
    assert.equal(2.5, a.number)
  end)

  it("detects the language when none is given", function()
    local a = assert(tradefig.parse_amount("Товарооборот составил 1,234 млрд долларов"))
    assert.equal(1234000000, a.value)
    local b = assert(tradefig.parse_amount("Trade reached 1,234 million dollars in the year"))
    assert.equal(1234000000, b.value)
  end)

  it("returns nil, message, code when there is no amount", function()
    local a, err, code = tradefig.parse_amount("keine Zahl hier", { lang = "de" })
    assert.is_nil(a)
    assert.matches("no amount", err)
    assert.equal("EPARSE", code)
  end)

  it("returns ERANGE for a numeral beyond double range", function()
    local a, err, code = tradefig.parse_amount(string.rep("9", 400) .. " Dollar", { lang = "en" })
    assert.is_nil(a)
    assert.matches("ERANGE", err)
    assert.equal("ERANGE", code)
  end)

  it("gives a float beyond the int64 range", function()
    local a = assert(tradefig.parse_amount("$20000000000 trillion", { lang = "en" }))
    assert.equal("float", math.type(a.value))
    assert.near(2e22, a.value, 2e22 * 1e-12)
  end)

  it("keeps the largest int64 an integer", function()
    local a = assert(tradefig.parse_amount("9223372036854775807 dollars", { lang = "en" }))
    assert.equal(math.maxinteger, a.value)
    assert.equal("integer", math.type(a.value))
  end)
end)

describe("tradefig.scan_amounts phrases written glued", function()
  it("reads 'A$5 billion' as Australian dollars but 'a $64.5 billion' as US dollars", function()
    local list = assert(tradefig.scan_amounts("Economists had forecast a $64.5 billion deficit; Australia reported A$5 billion.",
      { lang = "en" }))
    assert.equal(2, #list)
    assert.equal("USD", list[1].currency)
    assert.equal("$64.5 billion", list[1].text)
    assert.equal("AUD", list[2].currency)
    assert.equal("A$5 billion", list[2].text)
  end)

  it("keeps 'US$' glued apart from 'us $'", function()
    local list = assert(tradefig.scan_amounts("It cost US$2 million, for us $3 million.", { lang = "en" }))
    assert.equal("US$2 million", list[1].text)
    assert.equal("$3 million", list[2].text)
  end)
end)

describe("tradefig.scan_amounts digits glued to a word", function()
  it("reads no amount in 'Q3', 'H1', 'G20', but a currency glued to its number", function()
    local list = assert(tradefig.scan_amounts("In Q3 the G20 saw H1 gains of Rs100 crore and Br40 billion.", { lang = "en" }))
    local texts = {}
    for _, a in ipairs(list) do texts[#texts + 1] = a.text end
    assert.same({ "Rs100 crore", "Br40 billion" }, texts)
  end)
end)

describe("tradefig.scan_amounts Indian scales", function()
  it("reads lakh, crore and lakh crore", function()
    local list = assert(tradefig.scan_amounts("Rs 2.5 lakh crore, Rs 500 crore, Rs 3 lakh", { lang = "en" }))
    assert.equal(2500000000000, list[1].value)
    assert.equal("INR", list[1].currency)
    assert.equal(5000000000, list[2].value)
    assert.equal(300000, list[3].value)
  end)
end)
