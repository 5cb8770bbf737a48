-- tradefig.json: the encoder behind every JSON output.
local json = require "tradefig.json"

describe("tradefig.json.encode", function()
  it("keeps integers and writes floats in their shortest form", function()
    assert.equal("[2000000000,2.5,5.8,0.1,-7.0]", json.encode({ 2000000000, 2.5, 5.8, 0.1, -7.0 }))
  end)

  it("sorts object keys", function()
    assert.equal('{"a":1,"b":{"c":true,"d":false}}', json.encode({ b = { d = false, c = true }, a = 1 }))
  end)

  it("escapes strings and replaces invalid UTF-8", function()
    assert.equal('"a\\"b\\\\c\\n\\u0001"', json.encode('a"b\\c\n\1'))
    assert.equal('"x\u{FFFD}y"', json.encode("x\xFFy"))
    assert.equal('"Минск"', json.encode("Минск"))
  end)

  it("writes empty arrays when asked and null for nil and NaN", function()
    assert.equal("[]", json.encode(setmetatable({}, json.array_mt)))
    assert.equal("{}", json.encode({}))
    assert.equal("null", json.encode(json.null))
    assert.equal("null", json.encode(0 / 0))
    assert.equal("null", json.encode(math.huge))
  end)

  it("pretty-prints with an indent", function()
    assert.equal('{\n  "a": [1, 2],\n  "b": [\n    {"c": 1}\n  ],\n  "d": {\n    "e": {"f": 1}\n  }\n}',
      json.encode({ a = { 1, 2 }, b = { { c = 1 } }, d = { e = { f = 1 } } }, "  "))
  end)

  it("refuses what JSON cannot hold", function()
    local t = {}
    t.self = t
    assert.has_error(function() json.encode(t) end, "cannot encode a table that contains itself")
    assert.has_error(function() json.encode({ [true] = 1 }) end, "cannot encode a table with a non-string key")
    assert.has_error(function() json.encode(print) end, "cannot encode a value of type function")
  end)
end)
