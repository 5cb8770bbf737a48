-- The digest recipe and the renderers.
local tradefig = require "tradefig"
local digest = require "tradefig.recipes.digest"
local json = require "tradefig.json"

local function seed()
  local f = assert(io.open("examples/belta-minsk-china-2024-12-05.de.txt", "rb"))
  local text = f:read("a")
  f:close()
  local figs = assert(tradefig.extract(text, { lang = "de", date = "2024-12-05" }))
  return text, figs
end

local function fig(flow, value, from, to, extra)
  local f = { flow = flow, reporter = "BLR", partner = "CHN", value = value, currency = "USD",
              qualifier = "exact", period = { from = from, to = to }, status = "actual",
              span = "x", spans = { { 1, 1 } } }
  for k, v in pairs(extra or {}) do f[k] = v end
  return f
end

local function find(list, kind)
  local out = {}
  for _, c in ipairs(list) do if c.kind == kind then out[#out + 1] = c end end
  return out
end

describe("tradefig.recipes.digest", function()
  it("digests the seed article: two figures, the repeat merged, a labelled run-rate", function()
    local text, figs = seed()
    local rep = digest.build(figs, text, { lang = "de", date = "2024-12-05", source = "seed" })
    assert.equal(2, #rep.figures)
    assert.equal(1, #rep.groups)
    local g = rep.groups[1]
    assert.equal("BY-MI", g.reporter)
    assert.equal("CHN", g.partner)
    -- ordered by period: 2023 first
    assert.equal("2023-01", g.figures[1].period.from)
    assert.equal(2500000000, g.figures[1].value)
    assert.equal(2, g.figures[1].places)
    assert.matches("Rekordjahr", g.figures[1].sentence)
    local rr = find(g.comparisons, "run_rate")
    assert.equal(1, #rr)
    assert.is_true(rr[1].estimate)
    assert.equal(9, rr[1].months)
    assert.equal(2666666667, rr[1].value)
    assert.equal(6.7, rr[1].pct)
    assert.equal(0, #find(g.comparisons, "growth"))
  end)

  it("compares like for like when the same months exist a year apart, and checks a stated change", function()
    local figs = { fig("turnover", 1000000000, "2023-01", "2023-09"),
                   fig("turnover", 1200000000, "2024-01", "2024-09", { change = { pct = 20.0 } }),
                   fig("turnover", 1500000000, "2023-01", "2023-12") }
    local rep = digest.build(figs, "x", { lang = "en" })
    local g = rep.groups[1]
    local growth = find(g.comparisons, "growth")
    assert.equal(1, #growth)
    assert.equal(20.0, growth[1].pct)
    local checks = find(g.comparisons, "check")
    assert.equal(1, #checks)
    assert.is_true(checks[1].consistent)
    -- a like-for-like comparison exists, so no run-rate is offered
    assert.equal(0, #find(g.comparisons, "run_rate"))
  end)

  it("derives shares, balance and turnover from exports and imports, and checks stated ones", function()
    local figs = { fig("export", 600, "2024-01", "2024-06"), fig("import", 400, "2024-01", "2024-06"),
                   fig("turnover", 1000, "2024-01", "2024-06") }
    local g = digest.build(figs, "x", { lang = "en" }).groups[1]
    local shares = find(g.comparisons, "share")
    assert.equal(2, #shares)
    local derived = find(g.comparisons, "derived")
    assert.equal(1, #derived)
    assert.equal("balance", derived[1].flow)
    assert.equal(200, derived[1].value)
    local checks = find(g.comparisons, "check")
    assert.equal("turnover", checks[1].what)
    assert.is_true(checks[1].consistent)
  end)

  it("flags a turnover that is not exports plus imports", function()
    local figs = { fig("export", 600, "2024-01", "2024-06"), fig("import", 400, "2024-01", "2024-06"),
                   fig("turnover", 1500, "2024-01", "2024-06") }
    local g = digest.build(figs, "x", { lang = "en" }).groups[1]
    assert.is_false(find(g.comparisons, "check")[1].consistent)
  end)

  it("never compares across currencies or with forecasts", function()
    local figs = { fig("turnover", 1000, "2023-01", "2023-12"),
                   fig("turnover", 900, "2024-01", "2024-06", { currency = "EUR" }),
                   fig("turnover", 1300, "2024-01", "2024-12", { status = "target" }) }
    local g = digest.build(figs, "x", { lang = "en" }).groups[1]
    assert.same({}, g.comparisons)
  end)

  it("is empty for no figures", function()
    local rep = digest.build({}, "", { lang = "ru" })
    assert.same({}, rep.groups)
    assert.matches("не найдены", require("tradefig.render.text").render(rep))
  end)
end)

describe("tradefig renderers", function()
  local text, figs = seed()
  local function rep(lang) return digest.build(figs, text, { lang = lang, date = "2024-12-05", source = "seed.txt" }) end

  it("writes amounts in the reader's language", function()
    assert.matches("2,5 Mrd%. USD", require("tradefig.render.text").render(rep("de")))
    assert.matches("USD 2%.5 bn", require("tradefig.render.text").render(rep("en")))
    assert.matches("2,5 млрд долл%.", require("tradefig.render.text").render(rep("ru")))
    assert.matches("Jan%.–Sept%. 2024", require("tradefig.render.text").render(rep("de")))
    assert.matches("Jan–Sep 2024 annualised: USD 2%.67 bn, %+6%.7%% on 2023 %(estimate",
      require("tradefig.render.text").render(rep("en")))
  end)

  it("renders Markdown tables", function()
    local md = require("tradefig.render.markdown").render(rep("en"))
    assert.matches("## Minsk Oblast – China", md)
    assert.matches("| flow | period | value | change | sentence |", md, 1, true)
    assert.matches("%*trade Jan–Sep 2024 annualised", md)
  end)

  it("renders JSON that reads back", function()
    local back = assert(json.decode(require("tradefig.render.json").render(rep("en"))))
    assert.equal("digest", back.kind)
    assert.equal(2, #back.figures)
  end)

  it("renders CSV with a header and one row per figure", function()
    local csv = require("tradefig.render.csv").render(rep("en"))
    local lines = {}
    for line in csv:gmatch("([^\r\n]+)\r\n") do lines[#lines + 1] = line end
    assert.equal(3, #lines)
    assert.matches("^id,flow,reporter,partner,period_from", lines[1])
    assert.matches('^2,turnover,BY%-MI,CHN,2023%-01,2023%-12,2500000000,USD,exact,,,actual,,,2,"2,5 Milliarden Dollar"', lines[3])
  end)

  it("renders an SVG chart: well-formed, with bars, axis, estimate and source", function()
    local s = require("tradefig.render.svg").render(rep("de"))
    assert.matches('^<%?xml version="1%.0" encoding="UTF%-8"%?>\n<svg xmlns="http://www%.w3%.org/2000/svg"', s)
    local _, rects = s:gsub("<rect ", "")
    assert.equal(4, rects)          -- background, two bars, one outlined estimate
    assert.matches('stroke%-dasharray="6 4"', s)
    assert.matches("hochgerechnet %(Schätzung%)", s)
    assert.matches("Quelle: seed%.txt, 2024%-12%-05", s)
    -- every element that opens is closed
    local opened = select(2, s:gsub("<(%a+)[^>]*[^/]>", ""))
    local closed = select(2, s:gsub("</%a+>", ""))
    assert.equal(opened, closed)
    assert.is_nil(s:find("&[^a#]"))
  end)

  it("renders an HTML page that embeds the chart and the tables", function()
    local h = require("tradefig.render.html").render(rep("en"))
    assert.matches("^<!DOCTYPE html>", h)
    assert.matches("<svg xmlns", h)
    assert.matches("<table>", h)
    assert.matches('<li class="est">', h)
    assert.is_nil(h:find("<%?xml"))
  end)
end)

describe("tradefig digest (command)", function()
  local function run(args)
    local out, err = os.tmpname(), os.tmpname()
    local _, _, status = os.execute("./bin/tradefig " .. args .. " >" .. out .. " 2>" .. err)
    local function slurp(p) local f = io.open(p, "rb"); local s = f:read("a"); f:close(); os.remove(p); return s end
    return status, slurp(out), slurp(err)
  end

  it("prints the seed digest and writes the chart and page", function()
    local dir = os.tmpname()
    os.remove(dir)
    local status, out, err = run("digest --lang de --date 2024-12-05 --out-dir " .. dir
      .. " examples/belta-minsk-china-2024-12-05.de.txt")
    assert.equal(0, status)
    assert.matches("Region Minsk – China", out)
    assert.matches("2,67 Mrd%. USD, %+6,7 %% ggü%. 2023 %(Schätzung", out)
    assert.matches("wrote " .. dir .. "/digest%.svg", err)
    for _, f in ipairs { "digest.svg", "digest.html" } do
      local h = assert(io.open(dir .. "/" .. f, "rb"))
      assert.is_true(#h:read("a") > 500)
      h:close()
      os.remove(dir .. "/" .. f)
    end
    os.remove(dir)
  end)

  it("writes every format and rejects unknown ones", function()
    for _, fmt in ipairs { "text", "markdown", "json", "csv", "svg", "html" } do
      local status, out = run("digest --lang de --date 2024-12-05 --format " .. fmt
        .. " examples/belta-minsk-china-2024-12-05.de.txt")
      assert.equal(0, status)
      assert.is_true(#out > 100)
    end
    assert.equal(2, (run("digest --format pdf examples/belta-minsk-china-2024-12-05.de.txt")))
    assert.equal(2, (run("digest --report-lang fr examples/belta-minsk-china-2024-12-05.de.txt")))
    assert.equal(1, (run("digest no-such-file.txt")))
  end)
end)
