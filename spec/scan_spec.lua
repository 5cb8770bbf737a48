-- tradefig.scan_amounts: every amount, percentage and multiplier in a text, told apart.
local tradefig = require "tradefig"

local function read(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("a")
  f:close()
  return s
end

local function find(list, pred)
  for _, a in ipairs(list) do if pred(a) then return a end end
end

describe("tradefig.scan_amounts on the seed article", function()
  local text = read("examples/belta-minsk-china-2024-12-05.de.txt")
  local list = assert(tradefig.scan_amounts(text, { lang = "de" }))

  it("finds both money amounts, twice each (the article repeats itself)", function()
    local money = {}
    for _, a in ipairs(list) do
      if a.kind == "money" then money[#money + 1] = a end
    end
    assert.equal(3, #money)
    assert.same({ 2000000000, 2500000000, 2500000000 }, { money[1].value, money[2].value, money[3].value })
    for _, a in ipairs(money) do
      assert.equal("USD", a.currency)
      assert.equal("exact", a.qualifier)
      assert.equal(a.text, text:sub(a.i, a.j))
    end
    assert.equal("2 Milliarden Dollar", money[1].text)
    assert.equal("2,5 Milliarden Dollar", money[2].text)
  end)

  it("tells the non-money numbers apart", function()
    local kinds = {}
    for _, a in ipairs(list) do kinds[a.text] = a.kind end
    assert.equal("date", kinds["5. Dezember"])
    assert.equal("year", kinds["2023"])
    assert.equal("year", kinds["2024"])
    assert.equal("number", kinds["mehr als 700"])
    assert.equal("number", kinds["etwa zehn"])
    assert.equal("number", kinds["neun"])
  end)

  it("reads qualifiers on plain numbers too", function()
    local a = find(list, function(x) return x.text == "mehr als 700" end)
    assert.equal("over", a.qualifier)
    assert.equal(700, a.value)
  end)

  it("gives every item a span that matches its text", function()
    for _, a in ipairs(list) do
      assert.equal(a.text, text:sub(a.i, a.j))
      assert.equal("integer", math.type(a.i))
    end
  end)
end)

describe("tradefig.scan_amounts changes and multipliers", function()
  local cases = {
    { "de", "Die Ausfuhren stiegen um 64%, die Einfuhren sanken um 20%.",
      { { "percent", 64.0, "up", "um 64%" }, { "percent", 20.0, "down", "um 20%" } } },
    { "de", "Der Export hat sich verfünffacht, der Import wuchs um das 132-fache.",
      { { "multiplier", 5.0, "up", "verfünffacht" }, { "multiplier", 132.0, "up", "um das 132-fache" } } },
    { "de", "Das Plus betrug +27%, das Minus -7,3%.",
      { { "percent", 27.0, "up", "+27%" }, { "percent", -7.3, "down", "-7,3%" } } },
    { "de", "plus drei Prozent und minus fünf Prozent",
      { { "percent", 3.0, "up", "plus drei Prozent" }, { "percent", -5.0, "down", "minus fünf Prozent" } } },
    { "en", "Exports rose 15.4% while imports fell 1.7 times.",
      { { "percent", 15.4, "up", "15.4%" }, { "multiplier", 1.7, "down", "1.7 times" } } },
    { "en", "Trade doubled; the surplus was halved.",
      { { "multiplier", 2.0, "up", "doubled" }, { "multiplier", 2.0, "down", "halved" } } },
    { "en", "The share grew by 5.6 percentage points.",
      { { "points", 5.6, "up", "5.6 percentage points" } } },
    { "ru", "Экспорт вырос в 1,7 раза, импорт сократился в 2,8 раза.",
      { { "multiplier", 1.7, "up", "в 1,7 раза" }, { "multiplier", 2.8, "down", "в 2,8 раза" } } },
    { "ru", "Товарооборот увеличился на 40,5%, а импорт снизился на 6,5%.",
      { { "percent", 40.5, "up", "на 40,5%" }, { "percent", 6.5, "down", "на 6,5%" } } },
    { "ru", "Поставки выросли вдвое.",
      { { "multiplier", 2.0, "up", "вдвое" } } },
    { "ru", "Рост составил 6,4 процента.",
      { { "percent", 6.4, "up", "6,4 процента" } } },
  }
  for _, c in ipairs(cases) do
    it("reads '" .. c[2] .. "'", function()
      local list = assert(tradefig.scan_amounts(c[2], { lang = c[1] }))
      local got = {}
      for _, a in ipairs(list) do
        if a.kind == "percent" or a.kind == "multiplier" or a.kind == "points" then
          got[#got + 1] = { a.kind, a.value, a.direction, a.text }
          assert.equal("float", math.type(a.value))
        end
      end
      assert.same(c[3], got)
    end)
  end
end)

describe("tradefig.scan_amounts quantities, dates and lists", function()
  it("keeps tonnes apart from money", function()
    local list = assert(tradefig.scan_amounts("41 Wagen mit 1 Tsd. t Milchprodukten für $5 Mio.", { lang = "de" }))
    local q = find(list, function(a) return a.kind == "quantity" end)
    assert.equal(1000, q.value)
    assert.equal("t", q.unit)
    local m = find(list, function(a) return a.kind == "money" end)
    assert.equal(5000000, m.value)
  end)

  it("reads a date with its year", function()
    local list = assert(tradefig.scan_amounts("bis zum 31. März 2014", { lang = "de" }))
    assert.equal("date", list[1].kind)
    assert.equal(31, list[1].value)
    assert.equal(3, list[1].month)
    assert.equal(2014, list[1].year)
  end)

  it("reads each item of a list", function()
    local list = assert(tradefig.scan_amounts("20,2, 15,6 beziehungsweise 12,2 Milliarden Yuan", { lang = "de" }))
    assert.equal(3, #list)
    assert.same({ 20.2, 15.6 }, { list[1].value, list[2].value })
    assert.equal(12200000000, list[3].value)
    assert.equal("CNY", list[3].currency)
  end)

  it("never joins across a line break", function()
    local list = assert(tradefig.scan_amounts("2 Mrd.\n$ 5", { lang = "de" }))
    assert.equal(2000000000, list[1].value)
    assert.is_nil(list[1].currency)
  end)

  it("does not take 'm' apart from its number as a scale", function()
    local list = assert(tradefig.scan_amounts("a ship of 300 m length and $5m", { lang = "en" }))
    assert.equal(300, list[1].value)
    assert.equal(5000000, list[2].value)
  end)

  it("returns an empty table for a text without numbers", function()
    assert.same({}, tradefig.scan_amounts("Keine Zahlen.", { lang = "de" }))
  end)
end)
