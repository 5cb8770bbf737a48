-- Differential check of the amount scanner against a slow reference written
-- here from the rule in README.md "How numerals are read", over generated
-- numerals (".", ",", space, U+00A0, U+202F, U+2009 and apostrophe
-- separators, decimals, scale words and currencies) in the three languages.
local tradefig = require "tradefig"
local json = require "tradefig.json"

local SEED <const> = 20261127
local CASES <const> = 1500          -- per language

local SPACES <const> = { " ", "\u{A0}", "\u{202F}", "\u{2009}", "'" }
local SCALES <const> = {
  de = { { "Tsd.", 3 }, { "Mio.", 6 }, { "Millionen", 6 }, { "Mrd.", 9 }, { "Milliarden", 9 } },
  en = { { "thousand", 3 }, { "million", 6 }, { "billion", 9 }, { "bn", 9 } },
  ru = { { "тыс.", 3 }, { "млн", 6 }, { "миллионов", 6 }, { "млрд", 9 } },
}
local CURRENCIES <const> = {
  de = { { "Euro", "EUR" }, { "Dollar", "USD" }, { "US-Dollar", "USD" } },
  en = { { "dollars", "USD" }, { "euros", "EUR" } },
  ru = { { "долларов", "USD" }, { "рублей", "RUB" } },
}

-- The language's reading of a lone separator before exactly three digits,
-- from its lexicon (numerals.dot3, numerals.comma3).
local function numeral_style(lang)
  local f = assert(io.open(tradefig.data_dir .. "/lexicon/" .. lang .. ".json", "rb"))
  local lx = json.decode(f:read("a"))
  f:close()
  return { ["."] = lx.numerals.dot3, [","] = lx.numerals.comma3 }
end

--[[ The reference. Splits s into digit runs and separators, takes the
numeral's extent (a space-like separator only before exactly three digits
after a group of one to three), then reads "." and "," by the README's rule.
Returns the digits as a string, the number of decimals, and whether the
numeral is the whole of s; or nil when the separators fit no format. ]]
local function is_space_sep(sep)
  for _, s in ipairs(SPACES) do if s == sep then return true end end
  return false
end

local function split(s)
  local items, i = {}, 1
  while i <= #s do
    local d = s:match("^%d+", i)
    if d then
      items[#items + 1] = { digits = d }
      i = i + #d
    else
      local sep
      for _, cand in ipairs({ ".", ",", table.unpack(SPACES) }) do
        if s:sub(i, i + #cand - 1) == cand then sep = cand break end
      end
      if not sep then break end
      items[#items + 1] = { sep = sep }
      i = i + #sep
    end
  end
  return items
end

local function reference(s, style)
  local items = split(s)
  -- extent
  local runs, seps = { items[1].digits }, {}
  local k = 2
  while items[k] and items[k + 1] and items[k + 1].digits do
    local sep, nxt = items[k].sep, items[k + 1].digits
    if is_space_sep(sep) then
      local prev = runs[#runs]
      local prev_ok = (#runs == 1 and #prev >= 1 and #prev <= 3) or (#runs > 1 and #prev == 3)
      local after_decimal = false
      for _, p in ipairs(seps) do if p == "." or p == "," then after_decimal = true end end
      if #nxt ~= 3 or not prev_ok or after_decimal then break end
    end
    seps[#seps + 1] = sep
    runs[#runs + 1] = nxt
    k = k + 2
  end
  -- which of "." and "," is decimal
  local ndot, ncomma, last, lastpos = 0, 0, nil, nil
  for p, sep in ipairs(seps) do
    if sep == "." then ndot = ndot + 1 elseif sep == "," then ncomma = ncomma + 1 end
    if sep == "." or sep == "," then last, lastpos = sep, p end
  end
  local dec
  if ndot > 0 and ncomma > 0 then
    if (last == "." and ndot or ncomma) ~= 1 then return nil end
    dec = last
  elseif ndot + ncomma == 1 then
    local after = runs[lastpos + 1]
    local before = table.concat(runs, "", 1, lastpos)
    if #after ~= 3 or #before > 3 or before == "0" then dec = last
    elseif style[last] ~= "group" then dec = last end
  end
  -- groups: the first of 1-3 digits, the others of 3, up to the decimal separator
  local int, frac = {}, ""
  for p, run in ipairs(runs) do
    if p > 1 and seps[p - 1] == dec then
      frac = run
    else
      if p > 1 and #run ~= 3 then return nil end
      int[#int + 1] = run
    end
  end
  if #runs > 1 and (#runs[1] > 3 and not (dec and seps[1] == dec)) then return nil end
  return table.concat(int) .. frac, #frac, k > #items
end

-- The generator.
local function digits(n, lead)
  local t = { tostring(lead and math.random(1, 9) or math.random(0, 9)) }
  for i = 2, n do t[i] = tostring(math.random(0, 9)) end
  return table.concat(t)
end

local function pick(t) return t[math.random(#t)] end

local function numeral()
  local r = math.random()
  local int, g
  if r < 0.05 then
    return digits(math.random(4, 5), true) .. pick(SPACES) .. digits(3)   -- "2023 250": two numbers
  elseif r < 0.08 then                                                    -- fits no format
    local a = pick({ { ".", "," }, { ",", "." } })
    local b = digits(math.random(1, 3), true) .. a[1] .. digits(3) .. a[2] .. digits(3)
    return b .. (math.random() < 0.5 and a[1] .. digits(1) or a[2] .. digits(2))
  elseif r < 0.35 then
    int = math.random() < 0.1 and "0" or digits(math.random(1, 6), true)
  else
    g = pick({ ".", ",", ".", ",", table.unpack(SPACES) })
    local parts = { digits(math.random(1, 3), true) }
    for _ = 1, math.random(1, 3) do parts[#parts + 1] = digits(3) end
    int = table.concat(parts, g)
  end
  if math.random() < 0.5 then
    local d = pick({ ".", "," })
    if g == "." then d = "," elseif g == "," then d = "." end
    int = int .. d .. digits(math.random(1, 4))
  end
  return int
end

local function expected_value(mant, ndec, exp)
  local m = math.tointeger(tonumber(mant))
  if exp >= ndec and m * 10.0 ^ (exp - ndec) < 2.0 ^ 63 then return m * math.tointeger(10 ^ (exp - ndec)) end
  return m / 10.0 ^ (ndec - exp)
end

local function close_to(want, got)
  if math.type(want) == "integer" then return want == got end
  return type(got) == "number" and math.abs(got - want) <= 1e-12 * math.abs(want) + 1e-15
end

describe("tradefig.core number against the README rule", function()
  for _, lang in ipairs({ "de", "en", "ru" }) do
    it("reads " .. CASES .. " generated numerals in " .. lang .. " as the reference does", function()
      math.randomseed(SEED + #lang + lang:byte(1))
      local style = numeral_style(lang)
      local bad = {}
      for _ = 1, CASES do
        local num = numeral()
        local mant, ndec, whole = reference(num, style)
        local text, exp, cur = num, 0, nil
        local r = math.random()
        if r < 0.6 and whole then
          local sc = pick(SCALES[lang])
          text, exp = text .. " " .. sc[1], sc[2]
          if r < 0.3 then
            local c = pick(CURRENCIES[lang])
            text, cur = text .. " " .. c[1], c[2]
          end
        end
        local list = assert(tradefig.scan_amounts(text, { lang = lang }))
        local a = list[1]
        local why
        if mant == nil then
          if a and a.i == 1 and a.j >= #num then why = "reference rejects, scanner read " .. tostring(a.value) end
        elseif not a then
          why = "no amount"
        elseif a.i ~= 1 then
          why = "amount starts at byte " .. a.i
        else
          local number = expected_value(mant, ndec, 0)
          local value = expected_value(mant, ndec, exp)
          if not close_to(number, a.number) then
            why = ("number %s, expected %s"):format(tostring(a.number), tostring(number))
          elseif not close_to(value, a.value) then
            why = ("value %s, expected %s"):format(tostring(a.value), tostring(value))
          elseif math.type(value) == "integer" and math.type(a.value) ~= "integer" then
            why = "value is not an integer"
          elseif cur and a.currency ~= cur then
            why = ("currency %s, expected %s"):format(tostring(a.currency), cur)
          end
        end
        if why and #bad < 10 then bad[#bad + 1] = ("%q: %s"):format(text, why) end
      end
      assert.same({}, bad)
    end)
  end

  -- The README's own examples, through the same reference.
  local examples = {
    { "de", "22 596,4", "225964", 1 }, { "ru", "1 897,9", "18979", 1 }, { "de", "1.234,5", "12345", 1 },
    { "en", "1,234.5", "12345", 1 }, { "de", "1.234.567", "1234567", 0 }, { "de", "2,5", "25", 1 },
    { "de", "190,27", "19027", 2 }, { "ru", "4,0403", "40403", 4 }, { "de", "422.728", "422728", 0 },
    { "de", "1,234", "1234", 3 }, { "en", "1,234", "1234", 0 }, { "en", "1.234", "1234", 3 },
    { "ru", "1,234", "1234", 3 }, { "ru", "1.234", "1234", 3 }, { "de", "2023 250", "2023", 0 },
  }
  for _, e in ipairs(examples) do
    it("reference reads '" .. e[2] .. "' (" .. e[1] .. ") as the README says", function()
      local mant, ndec = reference(e[2], numeral_style(e[1]))
      assert.equal(e[3], mant)
      assert.equal(e[4], ndec)
    end)
  end
end)
