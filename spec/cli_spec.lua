-- bin/tradefig: the command line, run as a user runs it.

local function run(args, input)
  local tmp_out, tmp_err = os.tmpname(), os.tmpname()
  local cmd = "./bin/tradefig " .. args .. " >" .. tmp_out .. " 2>" .. tmp_err
  if input then
    local tmp_in = os.tmpname()
    local f = assert(io.open(tmp_in, "wb"))
    f:write(input)
    f:close()
    cmd = cmd .. " <" .. tmp_in
  end
  local _, _, status = os.execute(cmd)
  local function slurp(p)
    local f = assert(io.open(p, "rb"))
    local s = f:read("a")
    f:close()
    os.remove(p)
    return s
  end
  return status, slurp(tmp_out), slurp(tmp_err)
end

describe("tradefig amounts", function()
  it("lists the seed article's amounts with offsets and line:column", function()
    local status, out, err = run("amounts --lang de examples/belta-minsk-china-2024-12-05.de.txt")
    assert.equal(0, status)
    assert.equal("", err)
    assert.matches('133%-151\t1:133\tmoney\t2000000000\tUSD\texact\t%-\t"2 Milliarden Dollar"', out)
    assert.matches('money\t2500000000\tUSD\texact\t%-\t"2,5 Milliarden Dollar"', out)
    assert.matches('\tyear\t2023\t', out)
    assert.matches('\tnumber\t700\t%-\tover\t%-\t"mehr als 700"', out)
    -- a date without its year: month and day as ISO 8601 writes them, the year once --date gives it
    assert.matches('^8%-18\t1:8\tdate\t%-%-12%-05\t', out)
    local _, dated = run("amounts --lang de --date 2024-12-05 examples/belta-minsk-china-2024-12-05.de.txt")
    assert.matches('^8%-18\t1:8\tdate\t2024%-12%-05\t', dated)
  end)

  it("reads standard input and detects the language", function()
    local status, out = run("amounts -", "Товарооборот вырос на 5% и достиг 2 млрд долларов.")
    assert.equal(0, status)
    assert.matches('percent\t5%.0\t%-\texact\tup\t"на 5%%"', out)
    assert.matches('money\t2000000000\tUSD', out)
  end)

  it("prints JSON with 0-based offsets", function()
    local status, out = run("amounts --format json --lang en -", "Exports: $3.5 billion.")
    assert.equal(0, status)
    assert.matches('"offsets": %[9, 21%]', out)
    assert.matches('"value": 3500000000', out)
    assert.matches('"currency": "USD"', out)
  end)

  it("writes to --output", function()
    local path = os.tmpname()
    local status, out = run("amounts --lang en --output " .. path .. " -", "$5m")
    assert.equal(0, status)
    assert.equal("", out)
    local f = assert(io.open(path, "rb"))
    assert.matches("money\t5000000\tUSD", f:read("a"))
    f:close()
    os.remove(path)
  end)

  it("prints nothing for a text without numbers and exits 0", function()
    local status, out = run("amounts --lang de -", "")
    assert.equal(0, status)
    assert.equal("", out)
  end)

  it("warns on invalid UTF-8 but goes on", function()
    local status, out, err = run("amounts --lang de -", "\xFF 3 Mio. Euro")
    assert.equal(0, status)
    assert.matches("money\t3000000\tEUR", out)
    assert.matches("<stdin>: warning: invalid UTF%-8 or NUL byte at byte 1", err)
  end)

  it("exits 1 with the file name when the file is missing", function()
    local status, out, err = run("amounts --lang de no-such-file.txt")
    assert.equal(1, status)
    assert.equal("", out)
    assert.matches("^tradefig: no%-such%-file%.txt: No such file", err)
  end)

  it("exits 1 when a limit is exceeded, naming the place", function()
    local status, _, err = run("amounts --lang en --max-amounts 2 -", "1 2 3 4")
    assert.equal(1, status)
    assert.matches("<stdin>: ELIMIT: more than 2 amounts in one text %(byte 5%)", err)
  end)

  it("exits 2 on bad usage", function()
    assert.equal(2, (run("amounts --format xml -", "")))
    assert.equal(2, (run("amounts --lang fr -", "")))
    assert.equal(2, (run("amounts --bogus", "")))
    assert.equal(2, (run("amounts a b", "")))
    assert.equal(2, (run("frobnicate", "")))
    assert.equal(2, (run("", "")))
    local status, _, err = run("amounts --lang", "")
    assert.equal(2, status)
    assert.matches("option '%-%-lang' needs a value", err)
  end)

  it("prints help and version", function()
    local status, out = run("amounts --help")
    assert.equal(0, status)
    assert.matches("usage: tradefig amounts", out)
    status, out = run("--help")
    assert.equal(0, status)
    assert.matches("commands:", out)
    status, out = run("--version")
    assert.equal(0, status)
    assert.matches("^tradefig %d+%.%d+%.%d+\n$", out)
  end)
end)


describe("tradefig extract", function()
  it("prints the seed article's two figures as schema records", function()
    local status, out, err = run("extract --lang de --date 2024-12-05 examples/belta-minsk-china-2024-12-05.de.txt")
    assert.equal(0, status)
    assert.equal("", err)
    local figs = assert(require("tradefig.json").decode(out))
    assert.equal(2, #figs)
    assert.equal("turnover", figs[1].flow)
    assert.equal("BY-MI", figs[1].reporter)
    assert.equal("CHN", figs[1].partner)
    assert.equal(2000000000, figs[1].value)
    assert.same({ from = "2024-01", to = "2024-09" }, figs[1].period)
    assert.same({ { 132, 151 } }, figs[1].offsets)
    assert.equal(2, #figs[2].offsets)
    -- explicit nulls, as the schema writes them
    assert.matches('"segment": null', out)
    assert.matches('"change": null', out)
  end)

  it("reads a JSON Lines corpus and answers one line per document, in order", function()
    local corpus = table.concat({
      '{"id": "a", "lang": "en", "doc_date": "2024-02-01", "text": "China\'s exports reached $3.58 trillion in 2023."}',
      '{"id": "b", "lang": "ru", "doc_date": "2024-02-01", "text": "Нет цифр."}',
    }, "\n") .. "\n"
    local path = os.tmpname()
    local f = assert(io.open(path, "wb"))
    f:write(corpus)
    f:close()
    local status, out = run("extract --jsonl " .. path)
    os.remove(path)
    assert.equal(0, status)
    local lines = {}
    for line in out:gmatch("[^\n]+") do lines[#lines + 1] = assert(require("tradefig.json").decode(line)) end
    assert.equal(2, #lines)
    assert.equal("a", lines[1].id)
    assert.equal(3580000000000, lines[1].figures[1].value)
    assert.equal("b", lines[2].id)
    assert.same({}, lines[2].figures)
  end)

  it("names the line of a malformed corpus document and exits 1", function()
    local path = os.tmpname()
    local f = assert(io.open(path, "wb"))
    f:write('{"id": "a", "text": "x"}\n{"id": "b", "text": \n')
    f:close()
    local status, out, err = run("extract --jsonl " .. path)
    os.remove(path)
    assert.equal(1, status)
    assert.matches('"id":"a"', out)
    assert.matches(":2:%d+: ", err)
  end)

  it("exits 2 on a bad date", function()
    local status, _, err = run("extract --date 5.12.2024 -", "x")
    assert.equal(2, status)
    assert.matches("YYYY%-MM%-DD", err)
  end)
end)

describe("tradefig extract limits", function()
  it("refuses a text over --max-tokens with exit 1, the file and the byte", function()
    local status, out, err = run("extract --lang de --max-tokens 50 -", ("2 Mrd. Dollar, "):rep(100))
    assert.equal(1, status)
    assert.equal("", out)
    assert.matches("<stdin>: ELIMIT: more than 50 tokens in one text %(byte %d+%)", err)
  end)

  it("exits 2 on a bad --max-tokens", function()
    local status, _, err = run("extract --max-tokens many -", "x")
    assert.equal(2, status)
    assert.matches("%-%-max%-tokens must be a whole number", err)
  end)
end)


describe("tradefig --lang and --date on every command", function()
  it("amounts --date writes dates in full, in the latest year not after it", function()
    local status, out = run("amounts --lang de --date 2024-12-05 -", "Minsk, 5. Dezember. Am 28. Dezember kam der Bericht.")
    assert.equal(0, status)
    assert.matches("\tdate\t2024%-12%-05\t", out)
    assert.matches("\tdate\t2023%-12%-28\t", out)
  end)

  it("aggregate --lang writes numbers and notes in that language, --date marks a running year", function()
    local args = "aggregate --by reporter,year --format text --map spec/fixtures/agg/monthly_map.json "
      .. "spec/fixtures/agg/monthly_blr_chn.csv"
    local status, out = run(args .. " --lang de --date 2024-10-15")
    assert.equal(0, status)
    assert.matches("1%.860", out)
    assert.matches("errechnet", out)
    assert.matches("Jan%-Sep 2024 %(bisher%)", out)
    status, out = run(args)
    assert.equal(0, status)
    assert.matches("only Jan%-Sep 2024", out)
  end)

  it("refuses a date that is no date", function()
    for _, cmd in ipairs { "amounts", "extract", "digest" } do
      local status, _, err = run(cmd .. " --date 2024-13-05 -", "x")
      assert.equal(2, status)
      assert.matches("%-%-date must be YYYY%-MM%-DD", err)
    end
  end)
end)

describe("tradefig extract --format", function()
  local seed = "examples/belta-minsk-china-2024-12-05.de.txt"

  it("writes CSV with one row per figure, its first place and how often it is stated", function()
    local status, out, err = run("extract --format csv --date 2024-12-05 " .. seed)
    assert.equal(0, status)
    assert.equal("", err)
    local rows = {}
    for l in out:gmatch("[^\n]+") do rows[#rows + 1] = l end
    assert.equal(3, #rows)
    assert.matches("^flow,reporter,partner,value,currency,qualifier,period_from,period_to,", rows[1])
    assert.equal("turnover,BY-MI,CHN,2000000000,USD,exact,2024-01,2024-09,,,actual,,,"
      .. "2 Milliarden Dollar,132,151,1,133,1", rows[2])
    assert.matches('^turnover,BY%-MI,CHN,2500000000,USD,exact,2023%-01,2023%-12,.*,"2,5 Milliarden Dollar",%d+,%d+,%d+,%d+,2$',
      rows[3])
  end)

  it("writes aligned text in the text's language with line:column", function()
    local status, out = run("extract --format text --date 2024-12-05 " .. seed)
    assert.equal(0, status)
    assert.matches("^1:133%s+Handelsumsatz%s+Region Minsk – China%s+Jan%.–Sept%. 2024%s+2 Mrd%. USD", out)
    assert.matches("2,5 Mrd%. USD%s+„2,5 Milliarden Dollar“ %(genannt 2 mal%)", out)
    local _, en = run("extract --format text --lang en -", "Exports rose to $5.2 billion in 2023, up 12%.")
    assert.matches("^1:17%s+exports%s+%? – %?%s+2023%s+USD 5%.2 bn%s+%+12%.0%%%s+„%$5%.2 billion“", en)
  end)

  it("refuses an unknown format, and a format other than JSON with --jsonl", function()
    local s1, _, e1 = run("extract --format xml " .. seed)
    assert.equal(2, s1)
    assert.matches("%-%-format must be json, csv or text", e1)
    local s2, _, e2 = run("extract --jsonl spec/fixtures/corpus/dev-en.jsonl --format csv")
    assert.equal(2, s2)
    assert.matches("%-%-jsonl writes JSON Lines", e2)
  end)
end)
