--- Trade figures from news text: the figure assembler.
-- The C core annotates a document in one pass (sentences, amounts, and
-- every tagged phrase of the language lexicon and the place gazetteer);
-- this module turns those annotations into figure records
-- (../shared/spec/figure-schema.md): which flow, between whom, which
-- period, how much, how sure. Every word it reacts to comes from the
-- lexicon's "tags"; the rules here are language-neutral.
-- @module tradefig.extract

local math_type, floor, abs = math.type, math.floor, math.abs
local ipairs, pairs, tonumber, tostring = ipairs, pairs, tonumber, tostring
local sort, concat = table.sort, table.concat

local M = {}

local CLAUSE_GAP = 14        -- tokens within which a change belongs to an amount
local PLACE_NEAR_FLOW = 3    -- tokens between a place and its flow word ("Chinas gesamter Außenhandel")
local REL_REACH = 4          -- tokens between "mit"/"with"/"с" and its place
local MIN_MONEY = 100000     -- smaller sums are not trade figures in news

---------------------------------------------------------------------------
-- Periods
---------------------------------------------------------------------------

local function ym(y, m) return string.format("%04d-%02d", y, m) end

local function period(y1, m1, y2, m2)
  return { from = ym(y1, m1), to = ym(y2 or y1, m2) }
end

local function parse_date(s)
  local y, m, d = tostring(s or ""):match("^(%d%d%d%d)%-(%d%d)%-(%d%d)$")
  if not y then return nil end
  return { y = tonumber(y), m = tonumber(m), d = tonumber(d) }
end

---------------------------------------------------------------------------
-- Document model: every item has a token range [ti, tj] and a sentence
---------------------------------------------------------------------------

local function sentence_of(starts, pos)
  -- binary search: the last sentence start <= pos
  local lo, hi = 1, #starts
  while lo < hi do
    local mid = (lo + hi + 1) // 2
    if starts[mid] <= pos then lo = mid else hi = mid - 1 end
  end
  return lo
end

local function is_flow(tag) return tag:sub(1, 5) == "flow." end
local function is_place(tag) return tag == "place" or tag == "adj" or tag == "adjprefix" end

--- Build the per-sentence view of a document.
local function build(ann)
  local sents = {}
  for k = 1, #ann.sentences do sents[k] = { items = {}, places = {}, flows = {}, tags = {}, amounts = {} } end
  local items = {}
  for _, a in ipairs(ann.amounts) do
    items[#items + 1] = { kind = "amount", a = a, ti = a.ti, tj = a.tj, i = a.i, j = a.j }
  end
  for _, t in ipairs(ann.tags) do
    items[#items + 1] = { kind = "tag", tag = t.tag, code = t.code, ti = t.ti, tj = t.tj, i = t.i, j = t.j }
  end
  sort(items, function(x, y) return x.ti < y.ti end)
  for idx, it in ipairs(items) do
    it.idx = idx
    local s = sentence_of(ann.sentences, it.i)
    it.sent = s
    local S = sents[s]
    S.items[#S.items + 1] = it
    if it.kind == "amount" then
      S.amounts[#S.amounts + 1] = it
    elseif is_place(it.tag) then
      S.places[#S.places + 1] = it
    elseif is_flow(it.tag) then
      S.flows[#S.flows + 1] = it
    end
    if it.kind == "tag" then
      S.tags[it.tag] = S.tags[it.tag] or {}
      local list = S.tags[it.tag]
      list[#list + 1] = it
    end
  end
  return sents, items
end

local function has_tag(S, tag) return S.tags[tag] ~= nil end

--- The item right before position idx in the same sentence list.
local function tag_before(S, item, tag, reach)
  local best
  for _, it in ipairs(S.items) do
    if it.ti >= item.ti then break end
    if it.kind == "tag" and it.tag == tag and item.ti - it.tj <= reach then best = it end
  end
  return best
end

---------------------------------------------------------------------------
-- Period expressions in one sentence
---------------------------------------------------------------------------

local function num_of(it)
  if it and it.kind == "amount" and (it.a.kind == "number" or it.a.kind == "year")
     and math_type(it.a.value) == "integer" then
    return it.a.value
  end
end

local function month_of(it)
  if it and it.kind == "tag" and it.tag == "month" then return tonumber(it.code) end
end

--- Read the period expressions of a sentence; returns a list of
-- {from=, to=, ti=, tj=, versus=bool}, with years still open when the text gives none.
local function sentence_periods(S, doc)
  local out = {}
  local items = S.items
  local n = #items
  local k = 1
  local function next_year(j)
    -- a year right after position j: "Januar-Mai 2023", "January-March 2018", "2023 года"
    local it = items[j]
    if it and it.kind == "amount" and it.a.kind == "year" then return it.a.value, j end
    if it and it.kind == "amount" and it.a.kind == "date" and it.a.year then return it.a.year, j end
  end
  while k <= n do
    local it = items[k]
    local p
    local m1 = month_of(it)
    if it.kind == "amount" and it.a.kind == "year" then
      local y = it.a.value
      local nx = items[k + 1]
      -- "2023-24": a fiscal year
      if nx and nx.kind == "amount" and nx.a.kind == "number" and nx.ti == it.tj + 2
         and math_type(nx.a.value) == "integer" and nx.a.value == (y + 1) % 100 then
        p = { y1 = y, m1 = doc.fiscal_start, y2 = y + 1, m2 = doc.fiscal_start - 1, ti = it.ti, tj = nx.tj }
        k = k + 1
      else
        local prev = items[k - 1]
        if prev and prev.kind == "tag" and prev.tag == "period.fiscal" and prev.tj >= it.ti - 2 then
          p = { y1 = y, m1 = doc.fiscal_start, y2 = y + 1, m2 = doc.fiscal_start - 1, ti = prev.ti, tj = it.tj }
        else
          p = { y1 = y, m1 = 1, y2 = y, m2 = 12, ti = it.ti, tj = it.tj, bare_year = true }
        end
      end
    elseif it.kind == "amount" and it.a.kind == "date" and it.a.month then
      -- a day date is a point in time, not a period; skip
      p = nil
    elseif m1 then
      local m2, last = m1, k
      local nx = items[k + 1]
      local nx2 = items[k + 2]
      if month_of(nx) and nx.ti <= it.tj + 2 then
        m2, last = month_of(nx), k + 1
      elseif nx and nx.kind == "tag" and nx.tag == "period.until" and month_of(nx2) then
        m2, last = month_of(nx2), k + 2
      end
      local y, yk = next_year(last + 1)
      if yk then last = yk end
      p = { y1 = y, m1 = m1, y2 = y, m2 = m2, ti = it.ti, tj = items[last].tj }
      -- "von Januar bis August": include the "from" word
      k = last
    elseif it.kind == "tag" and (it.tag == "period.first" or it.tag == "period.last"
                                 or it.tag == "ord") then
      -- "in den ersten neun Monaten", "first four months", "первые пять месяцев",
      -- "im ersten Halbjahr", "first quarter", "ersten drei Quartalen"
      local cnt, unit, last = nil, nil, k
      local j = k + 1
      local ordv = it.tag == "ord" and tonumber(it.code) or nil
      local nx = items[j]
      if nx and nx.kind == "tag" and nx.tag == "ord" then ordv = tonumber(nx.code); j = j + 1; nx = items[j] end
      if num_of(nx) and nx.ti <= items[j - 1].tj + 2 then cnt = num_of(nx); j = j + 1; nx = items[j] end
      if nx and nx.kind == "tag" and (nx.tag == "period.months" or nx.tag == "period.quarter"
                                      or nx.tag == "period.half") and nx.ti <= items[j - 1].tj + 3 then
        unit, last = nx.tag, j
      end
      if unit then
        local y, yk = next_year(last + 1)
        if yk then last = yk end
        local m1p, m2p
        if unit == "period.months" then
          m1p, m2p = 1, cnt or (ordv == 1 and 1) or nil
        elseif unit == "period.quarter" then
          if cnt then m1p, m2p = 1, 3 * cnt
          elseif ordv then m1p, m2p = 3 * ordv - 2, 3 * ordv end
        elseif unit == "period.half" then
          if ordv == 2 then m1p, m2p = 7, 12 else m1p, m2p = 1, 6 end
        end
        if m1p and m2p and m2p <= 12 then
          p = { y1 = y, m1 = m1p, y2 = y, m2 = m2p, ti = it.ti, tj = items[last].tj }
          k = last
        end
      end
    elseif it.kind == "amount" and num_of(it) and num_of(it) <= 12 then
      -- "in den sechs Monaten", "за пять месяцев", "for ten months"
      local nx = items[k + 1]
      if nx and nx.kind == "tag" and nx.tag == "period.months" and nx.ti <= it.tj + 2 then
        local y, yk = next_year(k + 2)
        local last = yk or k + 1
        p = { y1 = y, m1 = 1, y2 = y, m2 = num_of(it), ti = it.ti, tj = items[last].tj }
        k = last
      end
    elseif it.kind == "tag" and it.tag == "period.this_year" then
      p = { y1 = doc.year, m1 = 1, y2 = doc.year, m2 = 12, ti = it.ti, tj = it.tj, relative = true }
    elseif it.kind == "tag" and it.tag == "period.last_year" then
      p = { y1 = doc.year - 1, m1 = 1, y2 = doc.year - 1, m2 = 12, ti = it.ti, tj = it.tj, relative = true }
    elseif it.kind == "tag" and it.tag == "period.fiscal" then
      -- "fiscal 2023" is read with its year above; "the year ended March" alone
      local nx = items[k + 1]
      if not (nx and nx.kind == "amount" and nx.a.kind == "year") then
        local y2 = doc.month > doc.fiscal_start - 1 and doc.year or doc.year - 1
        p = { y1 = y2 - 1, m1 = doc.fiscal_start, y2 = y2, m2 = doc.fiscal_start - 1, ti = it.ti, tj = it.tj,
              relative = true }
      end
    end
    if p then
      -- a period right after "gegenüber"/"compared with"/"against" is a base of comparison
      local prev = items[k - 1]
      local first = p.ti
      for b = k, 1, -1 do
        local x = items[b]
        if x.ti < first - 3 then break end
        if x.kind == "tag" and (x.tag == "rel.versus") and x.tj < first then
          prev = x
          break
        end
      end
      p.versus = prev and prev.kind == "tag" and prev.tag == "rel.versus" and prev.tj >= first - 3 or false
      out[#out + 1] = p
    end
    k = k + 1
  end
  return out
end

--- Give open years a value: the year written nearby, else the document's.
local function close_period(p, doc, ctx_year)
  local y1, y2 = p.y1, p.y2
  if not y1 then
    local y = ctx_year or doc.year
    -- a month range that ends after the document date is last year's
    if not ctx_year and y == doc.year and p.m2 > doc.month then y = y - 1 end
    y1, y2 = y, y
    if p.m2 < p.m1 then y2 = y + 1 end
  end
  return period(y1, p.m1, y2, p.m2)
end

---------------------------------------------------------------------------
-- Parties
---------------------------------------------------------------------------

--- Who trades with whom in a sentence: returns reporter, partner (codes or nil)
-- and whether the partner was stated as total trade.
local function sentence_parties(S, flow_item)
  local reporter, partner
  local places = S.places
  if #places == 0 then return nil, nil end
  -- "zwischen A und B", "between A and B", "между A и B"
  for _, b in ipairs(S.tags["rel.between"] or {}) do
    local a1, a2
    for _, p in ipairs(places) do
      if p.ti > b.tj and p.ti <= b.tj + REL_REACH + 2 and not a1 then a1 = p
      elseif a1 and not a2 and p.ti > a1.tj and p.ti <= a1.tj + REL_REACH + 1 then a2 = p end
    end
    if a1 and a2 then return a1.code, a2.code end
  end
  local roles = {}
  for _, p in ipairs(places) do
    local rel
    for _, r in ipairs { "rel.with", "rel.to", "rel.from" } do
      local t = tag_before(S, p, r, REL_REACH)
      if t then rel = r end
    end
    local near_flow = false
    for _, f in ipairs(S.flows) do
      if (p.tj < f.ti and f.ti - p.tj <= PLACE_NEAR_FLOW) or (p.ti > f.tj and p.ti - f.tj <= 2 and not rel) then
        near_flow = true
      end
    end
    roles[#roles + 1] = { p = p, rel = rel, near_flow = near_flow }
  end
  -- reporter: a place next to a flow word ("China's exports", "товарооборот области"),
  -- else the first place not introduced by a preposition
  for _, r in ipairs(roles) do
    if r.near_flow and not r.rel and r.p.tag ~= "adjprefix" or (r.p.tag == "adjprefix" and not reporter) then
      if not reporter then reporter = r.p.code end
    end
  end
  -- "Russia-China trade": a chain of two places before the flow
  for k = 1, #roles - 1 do
    local a, b = roles[k].p, roles[k + 1].p
    if b.ti <= a.tj + 2 and not roles[k].rel and (roles[k].near_flow or roles[k + 1].near_flow) then
      return a.code, b.code
    end
  end
  for _, r in ipairs(roles) do
    if r.rel and r.p.code ~= reporter and r.p.tag ~= "adj" then
      if not partner then partner = r.p.code end
    end
  end
  if not reporter then
    for _, r in ipairs(roles) do
      if not r.rel and r.p.tag ~= "adj" and r.p.code ~= partner then reporter = r.p.code; break end
    end
  end
  if not partner then
    for _, r in ipairs(roles) do
      if r.p.code ~= reporter and (r.rel or r.p.tag ~= "adj" or r.near_flow) and r.p.ti > (flow_item and flow_item.ti or 0) then
        partner = r.p.code
        break
      end
    end
  end
  return reporter, partner
end

---------------------------------------------------------------------------
-- The assembler
---------------------------------------------------------------------------

local FLOW_OF = {
  ["flow.turnover"] = "turnover", ["flow.export"] = "export", ["flow.import"] = "import",
  ["flow.balance"] = "balance", ["flow.surplus"] = "balance", ["flow.deficit"] = "balance",
}

local function nearest_flow(S, it)
  -- the closest flow word before the item, else the closest after it
  local before, after
  for _, f in ipairs(S.flows) do
    if f.tj <= it.ti then before = f
    elseif not after and f.ti >= it.tj then after = f end
  end
  if before and after and (after.ti - it.tj) < (it.ti - before.tj) / 3 then return after end
  return before or after
end

local function noise_between(S, it, f)
  -- an investment or project word closer to the amount than its flow word
  local lo, hi = it.ti, it.tj
  if f then lo = math.min(lo, f.tj) ; hi = math.max(hi, f.ti) end
  for _, x in ipairs(S.items) do
    if x.kind == "tag" and (x.tag == "noise.investment" or x.tag == "noise.project"
                            or x.tag == "noise.credit" or x.tag == "noise.tariff") then
      local d = (x.ti > it.tj) and (x.ti - it.tj) or (it.ti - x.tj)
      local df = f and ((f.ti > it.tj) and (f.ti - it.tj) or (it.ti - f.tj)) or 99
      if d < df and d <= 6 then return true end
    end
  end
  return false
end

local function share_near(S, it)
  for _, x in ipairs(S.items) do
    if x.kind == "tag" and x.tag == "noise.share" then
      local d = (x.ti > it.tj) and (x.ti - it.tj) or (it.ti - x.tj)
      if d <= 3 then return true end
    end
  end
  return false
end

local function index_after(S, it)
  for _, x in ipairs(S.items) do
    if x.kind == "tag" and (x.tag == "index" or x.tag == "period.prev_period") and x.ti >= it.tj and x.ti <= it.tj + 2 then
      return x.tag == "index" or it.a.value > 100
    end
  end
  return false
end

local function change_of(S, amount_item, flow_item)
  -- a percentage or multiplier in the same clause, sharing the amount's flow word
  local best, bestd
  for _, c in ipairs(S.amounts) do
    local a = c.a
    if (a.kind == "percent" or a.kind == "multiplier") and c ~= amount_item then
      local d = (c.ti > amount_item.tj) and (c.ti - amount_item.tj) or (amount_item.ti - c.tj)
      if d <= CLAUSE_GAP and nearest_flow(S, c) == flow_item and not share_near(S, c) then
        -- another money amount between them takes it
        local blocked = false
        for _, o in ipairs(S.amounts) do
          if o ~= amount_item and o.a.kind == "money" and
             ((o.ti > amount_item.tj and o.tj < c.ti) or (o.ti > c.tj and o.tj < amount_item.ti)) then
            blocked = true
          end
        end
        if not blocked and (not bestd or d < bestd) then best, bestd = c, d end
      end
    end
  end
  return best
end

local function change_value(S, c)
  local a = c.a
  if a.kind == "percent" then
    local v = a.value
    if index_after(S, c) and v > 0 and not a.direction then
      return { pct = floor((v - 100) * 1000 + 0.5) / 1000 }
    end
    if a.direction == "down" and v > 0 then v = -v end
    return { pct = v }
  else
    local v = a.value
    if a.direction == "down" and v > 0 then v = floor(1 / v * 10000 + 0.5) / 10000 end
    return { ratio = v }
  end
end

local function status_of(S, p, doc)
  if has_tag(S, "status.target") then return "target" end
  if has_tag(S, "status.forecast") then return "forecast" end
  if p and p.to and p.to > ym(doc.year, doc.month) then return "forecast" end
  return "actual"
end

local function scope_of(S)
  if has_tag(S, "scope.goods_services") then return "goods_services" end
  if has_tag(S, "scope.services") then return "services" end
  if has_tag(S, "scope.goods") then return "goods" end
  return nil
end

--- Extract the figures of one text.
-- @tparam table ann the annotation of the text (lexicon:annotate)
-- @tparam string text
-- @tparam table opts {date="YYYY-MM-DD", lang=}
-- @treturn table array of figure records
function M.assemble(ann, text, opts)
  local date = parse_date(opts.date) or { y = tonumber(os.date("%Y")), m = tonumber(os.date("%m")), d = 1 }
  local doc = { year = date.y, month = date.m, fiscal_start = 4 }
  local sents = build(ann)
  local figures = {}
  local ctx = { reporter = nil, partner = nil, period = nil, currency = nil, year = nil }
  for _, S in ipairs(sents) do
    local periods = sentence_periods(S, doc)
    -- the sentence's own year (for "Januar-Mai" without one)
    local sent_year
    for _, p in ipairs(periods) do
      if p.y1 and not p.versus and not p.relative then sent_year = sent_year or p.y1 end
    end
    local has_money = false
    for _, it in ipairs(S.amounts) do
      local a = it.a
      local money = a.kind == "money" or (a.kind == "number" and a.scale and a.scale >= 1000000)
      local change_only = (a.kind == "percent" or a.kind == "multiplier")
      if money or change_only then
        local f = nearest_flow(S, it)
        local ok = f ~= nil
        if ok and money then
          local cur = a.currency or ctx.currency
          if not cur or noise_between(S, it, f) or abs(a.value) < MIN_MONEY then ok = false end
          -- "$300 Mio. mehr": an increment, not a level
        end
        if ok and change_only then
          -- a change belongs to a money amount of the same clause when there is one
          for _, o in ipairs(S.amounts) do
            if o.a.kind == "money" or (o.a.kind == "number" and o.a.scale and o.a.scale >= 1000000) then
              if nearest_flow(S, o) == f and change_of(S, o, f) == it then ok = false end
            end
          end
          if share_near(S, it) or a.kind == "points" then ok = false end
        end
        if ok then
          local rep, par = sentence_parties(S, f)
          if not rep and not par then
            rep, par = ctx.reporter, ctx.partner
          elseif rep and not par then
            if rep == ctx.reporter then par = ctx.partner
            elseif ctx.partner == rep then par = ctx.reporter
            else par = nil end
          elseif par and not rep then
            if par == ctx.reporter then rep, par = ctx.reporter, ctx.partner
            else rep = ctx.reporter end
          end
          if rep and rep == par then par = nil end
          -- the period nearest to the amount, else the sentence's, else the document's
          local best, bestd
          for _, p in ipairs(periods) do
            if not p.versus then
              local d = (p.ti > it.tj) and (p.ti - it.tj) or (it.ti - p.tj)
              if not bestd or d < bestd then best, bestd = p, d end
            end
          end
          local per
          if best then
            per = close_period(best, doc, sent_year or ctx.year)
          else
            per = ctx.period
          end
          local flow = FLOW_OF[f.tag]
          local value, currency, qualifier = nil, nil, "exact"
          local change
          if money then
            value = a.value
            currency = a.currency or ctx.currency
            qualifier = a.qualifier
            if f.tag == "flow.deficit" and value > 0 then value = -value end
            local c = change_of(S, it, f)
            if c then change = change_value(S, c) end
          else
            qualifier = a.qualifier
            change = change_value(S, it)
          end
          local fig = {
            flow = flow, reporter = rep, partner = par or (rep and "WLD") or nil,
            value = value, currency = currency, qualifier = qualifier,
            period = per, change = change, status = status_of(S, per, doc),
            segment = nil, scope = scope_of(S),
            span = text:sub(a.i, a.j), offsets = { { a.i - 1, a.j } },
          }
          figures[#figures + 1] = fig
          if money then
            has_money = true
            if a.currency then ctx.currency = a.currency end
          end
          -- update the context with what this sentence stated
          if rep then ctx.reporter = rep end
          if par and (rep or par ~= ctx.reporter) then ctx.partner = par
          elseif rep and not par and rep ~= ctx.reporter then ctx.partner = nil end
          if per then ctx.period = per end
          if sent_year then ctx.year = sent_year end
        end
      end
    end
    if not has_money then
      -- a sentence without figures still sets the scene: "Belarus und Russland ..."
      local rep, par = sentence_parties(S, nil)
      if rep and par and #S.flows > 0 then ctx.reporter, ctx.partner = rep, par
      elseif rep and not ctx.reporter then ctx.reporter = rep end
      for _, a in ipairs(S.amounts) do
        if a.a.kind == "money" and a.a.currency then ctx.currency = a.a.currency end
      end
    end
    if sent_year and not ctx.year then ctx.year = sent_year end
  end
  return M.dedupe(figures)
end

local function key_of(f)
  local p = f.period and (f.period.from .. ".." .. f.period.to) or "-"
  local ch = f.change and (f.change.pct and ("p" .. f.change.pct) or ("r" .. tostring(f.change.ratio))) or "-"
  return concat({ f.flow, f.reporter or "-", f.partner or "-", tostring(f.value), f.currency or "-",
                  p, f.status, f.value == nil and ch or "" }, "|")
end

--- Merge figures that state the same thing; keep every place they were stated.
function M.dedupe(figures)
  local out, seen = {}, {}
  for _, f in ipairs(figures) do
    local k = key_of(f)
    local first = seen[k]
    if first then
      first.offsets[#first.offsets + 1] = f.offsets[1]
      if not first.change and f.change then first.change = f.change end
    else
      seen[k] = f
      out[#out + 1] = f
    end
  end
  return out
end

local _ = pairs
return M
