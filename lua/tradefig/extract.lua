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
local concat = table.concat

local M = {}
local respectively

local SENTENCE_ITEMS = 80    -- amounts and tags in one sentence at most; longer ones are cut
local CLAUSE_GAP = 14        -- tokens within which a change belongs to an amount
local PLACE_NEAR_FLOW = 3    -- tokens between a place and its flow word ("Chinas gesamter Außenhandel")
local REL_REACH = 2          -- tokens between "mit"/"with"/"с" and its place ("mit den USA")
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

local function is_flow(tag) return tag:sub(1, 5) == "flow." end
local function is_place(tag) return tag == "place" or tag == "adj" or tag == "adjprefix" end

--- Build the per-sentence view of a document.
local function build(ann, text, parent)
  local sents = {}
  -- amounts and tags each come in text order and never overlap: merge them
  local items, amounts, tags = {}, ann.amounts, ann.tags
  local ia, it_ = 1, 1
  while ia <= #amounts or it_ <= #tags do
    local a, t = amounts[ia], tags[it_]
    if a and (not t or a.ti < t.ti) then
      items[#items + 1] = { kind = "amount", a = a, ti = a.ti, tj = a.tj, i = a.i, j = a.j }
      ia = ia + 1
    else
      items[#items + 1] = { kind = "tag", tag = t.tag, code = t.code, ti = t.ti, tj = t.tj, i = t.i, j = t.j }
      it_ = it_ + 1
    end
  end
  -- a country naming where its own region lies is not a party of its own: "Russia's Rostov
  -- Oblast", "Rostov Oblast, Russia", "Ростовской области России", "des russischen Gebiets
  -- Kemerowo" are the region alone
  if parent then
    local kept, drop = {}, {}
    for k = 1, #items - 1 do
      local x, y = items[k], items[k + 1]
      if (x.tag == "place" or x.tag == "adj") and y.tag == "place" and x.code and y.code
         and text:sub(x.j + 1, y.i - 1):match("^[’']?s?[%s,(]*$") then
        if parent(y.code) == x.code then drop[k] = true
        elseif parent(x.code) == y.code then drop[k + 1] = true end
      end
    end
    if next(drop) then
      for k, x in ipairs(items) do if not drop[k] then kept[#kept + 1] = x end end
      items = kept
    end
  end
  -- lists: "20,2, 15,6 beziehungsweise 12,2 Milliarden Yuan", "$10bn, $8bn and $6bn":
  -- members joined by commas and "and" words; the last one's scale and currency go to
  -- bare numbers before it, and the list shares what is said after its last member
  local function joined(k1, k2)
    local gap = text:sub(items[k1].j + 1, items[k2].i - 1)
    for k = k1 + 1, k2 - 1 do
      local x = items[k]
      if not (x.kind == "tag" and (x.tag == "rel.and" or x.tag == "respectively")) then return false end
      gap = gap:gsub(text:sub(x.i, x.j):gsub("%p", "%%%0"), "", 1)
    end
    return not gap:find("[^%s,;]")
  end
  local prev_amount
  for k, x in ipairs(items) do
    if x.kind == "amount" then
      if prev_amount and joined(prev_amount, k) then
        items[prev_amount].next_in_list = x
        x.prev_in_list = items[prev_amount]
      end
      prev_amount = k
    end
  end
  for _, x in ipairs(items) do
    if x.kind == "amount" and not x.next_in_list then
      local last = x
      local y = x.prev_in_list
      while y do
        y.list_tail = last
        local a = y.a
        if a.kind == "number" and not a.scale and last.a.scale and last.a.kind == "money" then
          -- a fresh table: the annotation's own stays as the scanner gave it
          local v = a.value * last.a.scale
          local r = floor(v + 0.5)
          if abs(v - r) <= 1e-9 * abs(v) then v = math.tointeger(r) or v end
          y.a = { kind = "money", value = v, number = a.value, scale = last.a.scale,
                  currency = last.a.currency, qualifier = a.qualifier, i = a.i, j = a.j, ti = a.ti, tj = a.tj,
                  text = a.text }
        end
        y = y.prev_in_list
      end
    end
  end
  -- "8.47 trillion yuan (about 1.29 trillion U.S. dollars)": a conversion in brackets
  for k = 1, #items - 1 do
    local x, y = items[k], items[k + 1]
    if x.kind == "amount" and y.kind == "amount" and x.a.kind == "money" and y.a.kind == "money"
       and text:sub(x.j + 1, y.i - 1):match("^%s*%(%s*$") and text:sub(y.j + 1, y.j + 3):match("^%s*%)") then
      x.conversion = y
      y.converts = x
    end
  end
  -- items come in text order, so the sentence index only moves forward; a "sentence" longer
  -- than SENTENCE_ITEMS items (a text without full stops) is cut, so that the work per
  -- sentence stays bounded and a pathological input cannot make the pass quadratic
  local starts, s, in_sent = ann.sentences, 1, 0
  local S
  for idx, it in ipairs(items) do
    it.idx = idx
    local moved = false
    while starts[s + 1] and starts[s + 1] <= it.i do s = s + 1; moved = true end
    if moved or not S or in_sent >= SENTENCE_ITEMS then
      S = { items = {}, places = {}, flows = {}, tags = {}, amounts = {}, text = text }
      sents[#sents + 1] = S
      in_sent = 0
    end
    in_sent = in_sent + 1
    it.sent = #sents
    S.items[#S.items + 1] = it
    it.spos = #S.items
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
  if item.spos and S.items[item.spos] == item then
    -- walk back from the item itself: only the few items within reach matter
    for k = item.spos - 1, 1, -1 do
      local it = S.items[k]
      if item.ti - it.tj > reach then return nil end
      if it.kind == "tag" and it.tag == tag then return it end
    end
    return nil
  end
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
    -- a year right after position j: "Januar-Mai 2023", "January-March 2018", "2023 года",
    -- "Januar bis Juli dieses Jahres", "January-March last year"
    local it = items[j]
    if it and it.kind == "tag" and (it.tag == "rel.from" or it.tag == "period.year") and items[j + 1]
       and items[j + 1].ti <= it.tj + 2 then
      local nx = items[j + 1]
      if (nx.kind == "amount" and nx.a.kind == "year") or (nx.kind == "tag" and
         (nx.tag == "period.this_year" or nx.tag == "period.last_year")) then
        it = nx
        j = j + 1
      end
    end
    if it and it.kind == "amount" and it.a.kind == "year" then return it.a.value, j end
    if it and it.kind == "amount" and it.a.kind == "date" and it.a.year then return it.a.year, j end
    if it and it.kind == "tag" and it.tag == "period.this_year" then return doc.year, j end
    if it and it.kind == "tag" and it.tag == "period.last_year" then return doc.year - 1, j end
  end
  while k <= n do
    local it = items[k]
    local p
    local m1 = month_of(it)
    if it.kind == "amount" and it.a.kind == "year" then
      local y = it.a.value
      local pv = items[k - 1]
      local deadline = pv and pv.kind == "tag" and (pv.tag == "rel.by" or pv.tag == "period.until")
        and pv.tj + 1 >= it.ti
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
          p = { y1 = y, m1 = 1, y2 = y, m2 = 12, ti = it.ti, tj = it.tj, bare_year = not deadline,
                deadline = deadline }
        end
      end
    elseif it.kind == "amount" and it.a.kind == "date" and it.a.month then
      -- a day date is a point in time, not a period; skip
      p = nil
    elseif m1 then
      local m2, last = m1, k
      local nx = items[k + 1]
      local nx2 = items[k + 2]
      local y1
      if month_of(nx) and nx.ti <= it.tj + 2 then
        m2, last = month_of(nx), k + 1
      elseif nx and nx.kind == "tag" and nx.tag == "period.until" and month_of(nx2) then
        m2, last = month_of(nx2), k + 2
      elseif nx and nx.kind == "amount" and nx.a.kind == "year" and nx.ti == it.tj + 1
             and month_of(nx2) and nx2.ti <= nx.tj + 2 then
        -- "April 2022 - February 2023"
        y1, m2, last = nx.a.value, month_of(nx2), k + 2
      end
      local y, yk = next_year(last + 1)
      if yk then last = yk end
      p = { y1 = y1 or y, m1 = m1, y2 = y, m2 = m2, ti = it.ti, tj = items[last].tj }
      if y1 and not y then p.y2 = y1 + (m2 < m1 and 1 or 0) end
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
      if unit and not cnt and not ordv and it.tag == "period.first" then ordv = 1 end
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
          -- "im ersten Halbjahr des Fiskaljahres", "first quarter of the fiscal year": counted from
          -- the fiscal year's first month, in the fiscal year that has begun by the document date
          local fx = items[last + 1]
          if not y and fx and fx.kind == "tag" and fx.tag == "period.fiscal" and fx.ti <= items[last].tj + 2 then
            local fs = doc.fiscal_start
            local fy = (doc.month >= fs) and doc.year or doc.year - 1
            local a0 = fy * 12 + (fs - 1) + (m1p - 1)
            local b0 = fy * 12 + (fs - 1) + (m2p - 1)
            p = { y1 = a0 // 12, m1 = a0 % 12 + 1, y2 = b0 // 12, m2 = b0 % 12 + 1, ti = it.ti, tj = fx.tj }
            last = last + 1
          end
          k = last
        end
      end
    elseif it.kind == "amount" and num_of(it) and num_of(it) <= 12 and items[k + 1]
       and items[k + 1].kind == "tag" and items[k + 1].tag == "period.months"
       and items[k + 2] and items[k + 2].kind == "tag"
       and (items[k + 2].tag == "period.until" or items[k + 2].tag == "rel.to")
       and month_of(items[k + 3]) then
      -- "the 12 months through October", "three months to January": ending with that month
      local count, m2 = num_of(it), month_of(items[k + 3])
      local y, yk = next_year(k + 4)
      local last = yk or k + 3
      p = { trailing = count, m2 = m2, y2 = y, ti = it.ti, tj = items[last].tj }
      k = last
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
      p = { y1 = doc.year, m1 = 1, y2 = doc.year, m2 = 12, ti = it.ti, tj = it.tj, relative = true, this_year = true }
    elseif it.kind == "tag" and it.tag == "period.last_year" then
      p = { y1 = doc.year - 1, m1 = 1, y2 = doc.year - 1, m2 = 12, ti = it.ti, tj = it.tj, relative = true }
    elseif it.kind == "tag" and it.tag == "period.full_year" then
      -- "за весь год", "im Gesamtjahr", "for the full year": the year in question
      p = { full_year = true, m1 = 1, m2 = 12, ti = it.ti, tj = it.tj, relative = true }
    elseif it.kind == "tag" and it.tag == "period.year_before" then
      -- "a year earlier", "ein Jahr zuvor", "годом ранее": the year before the one in question
      p = { year_before = true, ti = it.ti, tj = it.tj, relative = true }
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
      for _, x in ipairs(items) do
        if x.ti == p.ti then p.i = x.i; break end
      end
      p.i = p.i or it.i
      -- a period right after "gegenüber"/"compared with"/"against" is a base of comparison
      local prev = items[k - 1]
      local first = p.ti
      for b = k, 1, -1 do
        local x = items[b]
        if x.ti < first - 3 then break end
        if x.kind == "tag" and (x.tag == "rel.versus" or x.tag == "noise.increment"
                                or x.tag == "period.prev_period" or x.tag == "index") and x.tj < first then
          prev = x
          break
        end
      end
      local reach = (prev and prev.kind == "tag" and (prev.tag == "period.prev_period" or prev.tag == "index"))
        and 1 or 3
      p.versus = prev and prev.kind == "tag" and (prev.tag == "rel.versus" or prev.tag == "noise.increment"
        or prev.tag == "period.prev_period" or prev.tag == "index") and prev.tj >= first - reach or false
      out[#out + 1] = p
    end
    k = k + 1
  end
  return out
end

--- Give open years a value: the year written nearby, else the document's.
local function close_period(p, doc, ctx_year)
  if p.trailing then
    local y2 = p.y2 or doc.year
    if not p.y2 and p.m2 > doc.month then y2 = y2 - 1 end
    local k = y2 * 12 + (p.m2 - 1) - (p.trailing - 1)
    return period(k // 12, k % 12 + 1, y2, p.m2)
  end
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

--- The country of a subdivision code ("CN-GD" -> "CHN"), from the gazetteer's alpha-2 codes.
local parent_of
do
  local a2a3
  parent_of = function(code, data_dir)
    local a2 = code and code:match("^(%u%u)%-")
    if not a2 then return nil end
    if not a2a3 then
      a2a3 = {}
      local f = io.open(data_dir .. "/gazetteer/places.json", "rb")
      if f then
        local s = f:read("a")
        f:close()
        for x2, x3 in s:gmatch('"alpha2":%s*"(%u%u)",%s*"code":%s*"(%u%u%u)"') do a2a3[x2] = x3 end
      end
    end
    return a2a3[a2]
  end
end

local function rel_of(S, p)
  for _, r in ipairs { "rel.with", "rel.to", "rel.from", "rel.versus", "rel.base" } do
    if tag_before(S, p, r, REL_REACH) then return r == "rel.base" and "rel.to" or r end
  end
  -- "Крупнейшим партнером области остается Россия", "wichtigster Partner blieb Kasachstan"
  if tag_before(S, p, "partner.word", REL_REACH + 2) then return "partner.word" end
end

--- Does the preposition before p make p the reporter for this flow?
-- "Exporte aus Belarus", "импорт в Белоруссию": the exporter / the importer.
local function rel_reporter(S, p, f)
  local r = rel_of(S, p)
  if not r or not f then return false end
  if p.ti < f.tj or p.ti - f.tj > REL_REACH + 3 then return false end
  if f.tag == "flow.export" then return r == "rel.from" end
  if f.tag == "flow.import" then return r == "rel.to" end
  return false
end

--- Who trades with whom, for one amount `it` with flow word `f` in sentence S.
-- Returns reporter, partner, and whether the sentence stated its own reporter
-- (so that its pair may become the document's context).
local function parties(S, it, f)
  local places = {}
  for _, p in ipairs(S.places) do
    if not p.dateline then places[#places + 1] = p end
  end
  -- "zwischen A und B", "between A and B", "между A и B"
  for _, b in ipairs(S.tags["rel.between"] or {}) do
    local a1, a2
    for _, p in ipairs(places) do
      if p.ti > b.tj and p.ti <= b.tj + REL_REACH + 2 and not a1 then a1 = p
      elseif a1 and not a2 and p.ti > a1.tj and p.ti <= a1.tj + REL_REACH + 1 then a2 = p end
    end
    if a1 and a2 and a1.ti < it.ti then return a1.code, a2.code, true, a2, true end
  end
  -- "Handel Russlands und Chinas", "trade of Russia and China", "торговля России и Белоруссии",
  -- "Belarus und Russland haben ihren Handelsumsatz": two places joined by "and" next to the flow word
  for _, c in ipairs(S.tags["rel.and"] or {}) do
    local a1, a2
    for _, p in ipairs(places) do
      if p.tj < c.ti and c.ti - p.tj <= 1 then a1 = p end
      if p.ti > c.tj and p.ti - c.tj <= 2 and not a2 then a2 = p end
    end
    if a1 and a2 and a1.tag == "place" and a2.tag == "place" and a2.tj <= it.ti and f then
      local near = (f.ti > a2.tj and f.ti - a2.tj <= 8) or (a1.ti > f.tj and a1.ti - f.tj <= 2)
      if near and not rel_of(S, a1) then return a1.code, a2.code, true, a2, true end
    end
  end
  local limit = it.ti
  local reporter, partner
  -- "Russia-China trade", "chinesisch-russischen Handels", "российско-китайский товарооборот"
  for k = 1, #places - 1 do
    local a, b = places[k], places[k + 1]
    if b.ti <= a.tj + 2 and b.tj < limit and not rel_of(S, a) then
      local near = false
      for _, fl in ipairs(S.flows) do
        if fl.ti > b.tj and fl.ti - b.tj <= PLACE_NEAR_FLOW then near = true end
      end
      if near then return a.code, b.code, true, b, true end
    end
  end
  -- the reporter: a place next to the flow word ("Chinas Exporte", "China's exports",
  -- "товарооборот Могилевской области", "Exporte Deutschlands"), else the subject:
  -- the first place before the flow word that no preposition introduces
  for _, p in ipairs(places) do
    if rel_reporter(S, p, f) and p.tj <= limit + REL_REACH then reporter = p.code; break end
  end
  -- "in Österreichs Außenhandel", "das US-Handelsdefizit", "EU-Exporte": glued to the flow word
  if not reporter and f then
    for _, p in ipairs(places) do
      -- right before a flow word; after a preposition only before a capitalised noun
      -- ("in Österreichs Außenhandel"), never before a verb ("nach China geliefert")
      for _, g in ipairs(S.flows) do
        if p.tj + 1 == g.ti and (g == f or g.tj < it.ti) and p.tag ~= "adj"
           and (not rel_of(S, p) or S.text:sub(g.i, g.i):match("%u")) then
          reporter = p.code
        end
      end
      if reporter then break end
    end
  end
  for _, p in ipairs(places) do
    if reporter then break end
    if p.tj < limit or (f and p.ti > f.tj and p.ti - f.tj <= 2)
       or (f and p.tj <= f.ti and f.ti - p.tj <= PLACE_NEAR_FLOW) then
      local r = rel_of(S, p)
      if not r and f then
        local before = p.tj <= f.ti and f.ti - p.tj <= PLACE_NEAR_FLOW
        local after = false
        for _, g in ipairs(S.flows) do
          -- a genitive right after the flow word: "Außenhandel Chinas", "сальдо торговли Белоруссии"
          if p.ti >= g.tj and p.ti - g.tj <= 2 and p.tag ~= "adj" and (g == f or g.ti > f.tj - 4) then
            after = true
          end
        end
        if (before or after) and p.tag ~= "adjprefix" then reporter = p.code; break end
      end
    end
  end
  if not reporter and f then
    for _, p in ipairs(places) do
      if p.tj <= f.ti and p.tj <= limit and p.tag ~= "adjprefix" and not rel_of(S, p) then
        reporter = p.code
        break
      end
    end
  end
  -- the partner: introduced by a preposition, or the place nearest before the amount
  -- ("Usbekistan mit 9,9 Mrd. Dollar", "China (plus drei Prozent)")
  local best
  local money_like = it.a and (it.a.kind == "money" or it.a.kind == "number")
  local function blocked(p)
    -- "Im Handel mit China stiegen die Exporte um 11,4 % und die Importe um 30,9 %": one partner for all
    local others = false
    for _, q in ipairs(places) do
      if q ~= p and q.code ~= p.code and q.ti > p.tj and q.tj < it.ti then others = true end
    end
    for _, g in ipairs(S.flows) do
      if g.tag == "flow.turnover" and p.ti > g.tj and p.ti - g.tj <= REL_REACH + 1 and rel_of(S, p)
         and not others then
        return false
      end
    end
    for _, o in ipairs(S.amounts) do
      local o_money = o.a.kind == "money" or (o.a.kind == "number" and o.a.scale ~= nil)
      local o_change = o.a.kind == "percent" or o.a.kind == "multiplier"
      if o ~= it and o.ti > p.tj and o.tj <= it.ti and ((money_like and o_money) or (not money_like and o_change)) then
        return true
      end
    end
    return false
  end
  -- a place a preposition introduces ("exports to the United States", "в Афганистан"),
  -- the nearest before the amount; else the nearest bare place ("Usbekistan mit 9,9 Mrd.")
  for pass = 1, 2 do
    for _, p in ipairs(places) do
      if p.tj <= it.ti and p.code ~= reporter and p.tag == "place" and not blocked(p)
         and ((pass == 1) == (rel_of(S, p) ~= nil)) and not rel_reporter(S, p, f) then
        best = p
      end
    end
    if best then break end
  end
  -- an adjective before "Markt"/"market"/"рынок" names the partner
  if not best then
    for _, p in ipairs(places) do
      if p.tag == "adj" and p.tj <= it.ti then
        for _, m in ipairs(S.tags["market"] or {}) do
          if m.ti >= p.tj and m.ti - p.tj <= 1 and p.code ~= reporter then best = p end
        end
      end
    end
  end
  -- "lieferte Waren für 62,54 Mrd. Dollar nach Russland": a preposition right after the amount
  if not best then
    for _, p in ipairs(places) do
      if p.ti >= it.tj and p.ti - it.tj <= REL_REACH and p.tag == "place" and p.code ~= reporter
         and rel_of(S, p) then
        best = p
        break
      end
    end
  end
  if best then partner = best.code end
  -- the pair is stated outright when the partner hangs on the flow word ("trade with China")
  local pair = best ~= nil and f ~= nil and rel_of(S, best) ~= nil and best.ti > f.tj
    and best.ti - f.tj <= REL_REACH + 1
  return reporter, partner, reporter ~= nil, best, pair
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
  local change = it.a and (it.a.kind == "percent" or it.a.kind == "multiplier")
  for _, f in ipairs(S.flows) do
    -- "ein Minus von 0,4 % bei den Einfuhren": a direction, not a flow
    local direction = change and (f.tag == "flow.deficit" or f.tag == "flow.surplus")
      and f.tj <= it.ti and it.ti - f.tj <= 2
    if not direction then
      if f.tj <= it.ti then before = f
      elseif not after and f.ti >= it.tj then after = f end
    end
  end
  local f = before or after
  -- "ein Minus von 0,4 % bei den Einfuhren": the flow named right after the change
  if after and after.ti - it.tj <= 3 then
    for _, x in ipairs(S.tags["rel.of_flow"] or {}) do
      if x.tj < after.ti and after.ti - x.tj <= 1 and x.ti > it.tj then return after end
    end
  end
  if before and after then
    local da, db = after.ti - it.tj, it.ti - before.tj
    -- German puts the verb last: "für € 76,5 Milliarden importiert"; never across a comma
    if (da <= 1 and db > 1 or da < db / 3) and not S.text:sub(it.j + 1, after.i - 1):find("[,;:(]") then
      f = after
    end
  end
  -- "die Lücke zwischen den Ausfuhren ... und den Einfuhren": a balance of the two
  if f and (f.tag == "flow.export" or f.tag == "flow.import") then
    for _, g in ipairs(S.flows) do
      if (g.tag == "flow.balance" or g.tag == "flow.surplus" or g.tag == "flow.deficit") and g.tj < it.ti then
        local ex, im = false, false
        for _, h in ipairs(S.flows) do
          if h.ti > g.tj and h.tj < it.ti then
            if h.tag == "flow.export" then ex = true elseif h.tag == "flow.import" then im = true end
          end
        end
        if ex and im then f = g end
      end
    end
  end
  -- "сальдо внешней торговли", "Saldo im Außenhandel": the balance word rules its trade word
  if f and f.tag == "flow.turnover" then
    for _, g in ipairs(S.flows) do
      if g ~= f and g.tj <= f.ti and f.ti - g.tj <= 3 and
         (g.tag == "flow.balance" or g.tag == "flow.surplus" or g.tag == "flow.deficit") then
        f = g
      end
    end
  end
  return f
end

local function noise_between(S, it, f)
  for _, x in ipairs(S.tags["noise.account"] or {}) do
    if x.ti < it.ti then return true end
  end
  -- an investment or project word closer to the amount than its flow word
  for _, x in ipairs(S.items) do
    if x.kind == "tag" and (x.tag == "noise.investment" or x.tag == "noise.project"
                            or x.tag == "noise.credit" or x.tag == "noise.tariff" or x.tag == "noise.volume") then
      local d = (x.ti > it.tj) and (x.ti - it.tj) or (it.ti - x.tj)
      local df = f and ((f.ti > it.tj) and (f.ti - it.tj) or (it.ti - f.tj)) or 99
      -- a measure in volume qualifies what follows it only
      if d < df and d <= 8 and not (x.tag == "noise.volume" and x.ti > it.tj) then return true end
    end
  end
  return false
end

local function share_near(S, it)
  for _, x in ipairs(S.items) do
    if x.kind == "tag" and x.tag == "noise.share" then
      local d = (x.ti > it.tj) and (x.ti - it.tj) or (it.ti - x.tj)
      if d <= 3 then return true end
      -- "ihr Anteil am Gesamthandel der Stadt betrug 36,2 Prozent";
      -- "Доля России в товарообороте ... выросла с 47,9% ... до 60%": a sentence about a share
      local first = S.items[1] == x
      if x.tj < it.ti and (d <= 6 or (first and d <= 14)) then
        local between = false
        for _, o in ipairs(S.amounts) do
          if o ~= it and o.ti > x.tj and o.tj < it.ti then between = true end
        end
        if not between then return true end
      end
    end
  end
  return false
end

local function index_after(S, it)
  for _, x in ipairs(S.items) do
    if x.kind == "tag" and (x.tag == "index" or x.tag == "period.prev_period")
       and x.ti >= it.tj and x.ti <= it.tj + 2 then
      return x.tag == "index" or it.a.value > 100
    end
  end
  return false
end

local function change_of(S, amount_item, own_flow)
  -- the nearest percentage or multiplier of the same clause: no flow word and
  -- no other money amount between them
  local best, bestd
  for _, c in ipairs(S.amounts) do
    local a = c.a
    local lo, hi
    if c.ti > amount_item.tj then lo, hi = amount_item.tj, c.ti else lo, hi = c.tj, amount_item.ti end
    if (a.kind == "percent" or a.kind == "multiplier") and c ~= amount_item and hi - lo <= CLAUSE_GAP
       and not share_near(S, c) then
      local d = hi - lo
      local blocked = false
      for _, fl in ipairs(S.flows) do
        -- the amount's own verb may sit between ("für 11,4 Mrd. eingeführt, ein Plus von 20,4 %"),
        -- but not its own noun before it ("..., на 21,4 %, поэтому сальдо ... $100 млн")
        if fl.ti >= lo and fl.tj <= hi and (fl ~= own_flow or c.ti < amount_item.ti) then blocked = true end
      end
      for _, o in ipairs(S.amounts) do
        if o ~= amount_item and o ~= c and o.ti >= lo and o.tj <= hi
           and (o.a.kind == "money" or (o.a.kind == "number" and o.a.scale)) then blocked = true end
      end
      if not blocked and (not bestd or d < bestd) then best, bestd = c, d end
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

local function money_amount(o)
  return o.a.kind == "money" or (o.a.kind == "number" and o.a.scale ~= nil)
end

local function change_amount(o)
  return o.a.kind == "percent" or o.a.kind == "multiplier"
end

--- The period of an amount: one written right after it ("$1 billion in 2017"),
-- else the nearest one before it in the sentence, else one after it with no
-- other amount of its kind in between. A period right after another amount
-- belongs to that amount; a converted amount in brackets shares its period.
local function pick_period(S, periods, it)
  local same = money_amount(it) and money_amount or change_amount
  local function amount_between(a, b)
    for _, o in ipairs(S.amounts) do
      if o ~= it and o ~= it.conversion and o.ti >= a and o.tj <= b and same(o) then return true end
    end
    return false
  end
  local function owned(p)
    for _, o in ipairs(S.amounts) do
      if o ~= it and same(o) and o.tj < p.ti and p.ti - o.tj <= 3 and o.tj < it.ti
         and not S.text:sub(o.j + 1, p.i - 1):find("[,;]") then return true end
    end
    return false
  end
  local last = it.list_tail or it
  local tail = last.conversion and last.conversion.tj + 1 or last.tj
  local before, after
  for _, p in ipairs(periods) do
    if not p.versus then
      if p.tj <= it.ti then
        if not owned(p) and (not amount_between(p.tj, it.ti) or not before) then before = p end
      elseif p.ti >= tail and not after and not amount_between(tail, p.ti) then
        after = p
      end
    end
  end
  local tail_j = last.conversion and last.conversion.j or last.j
  if after and after.ti - tail <= 3 and not S.text:sub(tail_j + 1, (after.i or tail_j + 1) - 1):find("[,;]") then
    -- "€ 18,1 Milliarden, ein Jahr zuvor waren es € 16,9 Milliarden": it leads the next amount
    local leads = false
    for _, o in ipairs(S.amounts) do
      if o ~= it and o ~= it.conversion and same(o) and o.ti > after.tj and o.ti - after.tj <= 4 then leads = true end
    end
    if not leads then return after end
  end
  if before then return before end
  if after and after.ti - tail <= 6 and not S.text:sub(tail_j + 1, (after.i or tail_j + 1) - 1):find("[,;]") then
    return after
  end
  return nil, after
end

local function status_near(S, it, tag)
  for _, x in ipairs(S.tags[tag] or {}) do
    if x.tj <= it.ti or (x.ti >= it.tj and x.ti - it.tj <= 2) then
      local between = false
      for _, o in ipairs(S.amounts) do
        if o ~= it and o ~= it.conversion and o ~= it.converts and money_amount(o)
           and ((o.ti > x.tj and o.tj < it.ti) or (o.ti > it.tj and o.tj < x.ti)) then between = true end
      end
      -- "erwartet, nachdem der Überschuss ... gelegen hatte": another clause
      for _, b in ipairs(S.tags["clause.break"] or {}) do
        if (b.ti > x.tj and b.tj < it.ti) or (b.ti > it.tj and b.tj < x.ti) then between = true end
      end
      if not between then return true end
    end
  end
  return false
end

--- Plans and goals are targets, expectations forecasts; a period still to come is a forecast.
local function status_of(S, it, p, doc)
  if status_near(S, it, "status.target") then return "target" end
  if status_near(S, it, "status.forecast") then return "forecast" end
  if status_near(S, it, "status.target_weak") then return "target" end
  if p and p.to and p.to > ym(doc.year, doc.month) then return "forecast" end
  return "actual"
end

--- "Отрицательное сальдо", "negative balance", "сальдо оказалось отрицательным".
local function sign_near(S, it, f)
  local lo = math.min(it.ti, f and f.ti or it.ti) - 3
  local hi = math.max(it.tj, f and f.tj or it.tj) + 3
  for _, tag in ipairs { "sign.negative", "sign.positive", "flow.deficit", "flow.surplus" } do
    for _, x in ipairs(S.tags[tag] or {}) do
      local reach = tag:sub(1, 5) == "flow." and 12 or 0
      if x.ti >= lo and x.tj <= hi + reach then
        return (tag == "sign.negative" or tag == "flow.deficit") and -1 or 1
      end
    end
  end
  return 0
end

--- A product group or kind of trader next to the flow word or the amount
-- ("Semiconductor exports", "экспорт овощей", "Exporte von Milchprodukten").
local function segment_of(S, it, f)
  for _, x in ipairs(S.tags["segment"] or {}) do
    local near_flow = f and ((x.tj <= f.ti and f.ti - x.tj <= 3) or (x.ti >= f.tj and x.ti - f.tj <= 3))
    local near_amount = (x.ti >= it.tj and x.ti - it.tj <= 1) or (x.tj < it.ti and it.ti - x.tj <= 2)
    if near_flow or near_amount then
      -- not when another flow word is closer to it
      local other = false
      for _, g in ipairs(S.flows) do
        if g ~= f and f and math.abs(g.ti - x.ti) < math.abs(f.ti - x.ti) then other = true end
      end
      if not other then return S.text:sub(x.i, x.j) end
    end
  end
  return nil
end

--- "Der Konzern Bellesbumprom hat seine Exporte ...", "холдинг «Белшина»": an enterprise
-- named before the flow word is the figure's segment; returns its name.
local function enterprise_of(S, f, text)
  for _, x in ipairs(S.tags["segment.enterprise"] or {}) do
    if f and x.tj < f.ti then
      local name = text:sub(x.j + 1, x.j + 80):match("^%s*[«„\"]?([%u\208\209][^%s,.;:»“\"]+)")
      if name and #name >= 3 then return name end
    end
  end
  return nil
end

local function scope_of(S)
  if has_tag(S, "scope.goods_services") then return "goods_services" end
  if has_tag(S, "scope.services") then return "services" end
  if has_tag(S, "scope.goods") then return "goods" end
  return nil
end

--- "Kasachstan und China mit $216 Mio. und $104,6 Mio. beziehungsweise": the n-th place
-- before a list of amounts goes with the n-th amount.
respectively = function(S, it)
  -- the list the amount belongs to
  local first = it
  while first.prev_in_list do first = first.prev_in_list end
  local list, x = {}, first
  while x do list[#list + 1] = x; x = x.next_in_list end
  if #list < 2 then return nil end
  local last = list[#list]
  -- "respectively", "beziehungsweise", "соответственно" inside the list or right after it
  local said = false
  for _, r in ipairs(S.tags["respectively"] or {}) do
    if r.ti > first.ti and r.ti <= last.tj + 3 then said = true end
  end
  if not said then return nil end
  -- the n places named last before the list, in order
  local places = {}
  for _, p in ipairs(S.places) do
    if p.tj < first.ti and p.tag == "place" then places[#places + 1] = p end
  end
  if #places < #list then return nil end
  for n, o in ipairs(list) do
    if o == it then return places[#places - #list + n] end
  end
  return nil
end

local function is_upper_word(w)
  if #w < 4 or w:find("%l") then return false end
  -- Cyrillic small letters: U+0430..U+044F, U+0451
  if w:find("\208[\176-\191]") or w:find("\209[\128-\145]") then return false end
  return true
end

--- Extract the figures of one text.
-- @tparam table ann the annotation of the text (lexicon:annotate)
-- @tparam string text
-- @tparam table opts {date="YYYY-MM-DD", lang=, data_dir=}
-- @treturn table array of figure records
function M.assemble(ann, text, opts)
  local date = parse_date(opts.date) or { y = tonumber(os.date("%Y")), m = tonumber(os.date("%m")), d = 1 }
  local doc = { year = date.y, month = date.m, fiscal_start = 4 }
  local sents = build(ann, text, function(code) return parent_of(code, opts.data_dir) end)
  -- a dateline ("MINSK, 5. Dezember (BelTA) -") names where, not who
  for _, S in ipairs(sents) do
    for _, p in ipairs(S.places) do
      local w = text:sub(p.i, p.j)
      if (p.ti <= 6 and is_upper_word(w) and not w:find("%.") and text:sub(p.j + 1, p.j + 3):match("^%s*[,/(]"))
         or (p.ti == 1 and text:sub(p.j + 1, p.j + 3):match("^%s*[,.(/%-–]")) then
        p.dateline = true
      end
    end
  end
  local figures = {}
  local ctx = { reporter = nil, partner = nil, period = nil, currency = nil, year = nil,
                flow = nil, flow_sent = nil }
  for si, S in ipairs(sents) do
    -- periods matter where a figure may be, or while the document has no period yet
    local periods = (#S.amounts > 0 or not ctx.period) and sentence_periods(S, doc) or {}
    local sent_year
    for _, p in ipairs(periods) do
      if p.bare_year and not p.versus then sent_year = sent_year or p.y1 end
    end
    local produced = false
    for _, it in ipairs(S.amounts) do
      local a = it.a
      local money = a.kind == "money" or (a.kind == "number" and a.scale and a.scale >= 1000000)
      local change_only = (a.kind == "percent" or a.kind == "multiplier")
      if money or change_only then
        local f = nearest_flow(S, it)
        local flow_tag = f and f.tag
        if not f and money and ctx.flow and ctx.flow_sent == si - 1 and #S.flows == 0 then
          flow_tag = ctx.flow          -- a list going on from the last sentence
        end
        local ok = flow_tag ~= nil
        if ok and money then
          local cur = a.currency or ctx.currency
          if not cur or noise_between(S, it, f) or abs(a.value) < MIN_MONEY then ok = false end
          -- "$13.6 billion more than in May", "a £900m rise": an increment, not a level
          for _, tag in ipairs { "noise.increment", "noise.increment_after" } do
            for _, x in ipairs(S.tags[tag] or {}) do
              if x.ti > it.tj and x.ti - it.tj <= 1 then ok = false end
            end
          end
          for _, x in ipairs(S.tags["noise.average"] or {}) do
            if x.tj < it.ti and it.ti - x.tj <= 2 then ok = false end
          end
          -- "снизился более чем на $2 млрд", "rose by $2 billion", "stieg um 300 Mio. Dollar"
          local by_tags = S.tags["rel.by"] or {}
          if a.by then by_tags = { { ti = it.ti, tj = it.ti - 1 } } end
          for _, x in ipairs(by_tags) do
            if x.tj < it.ti and it.ti - x.tj <= 1 then
              for _, tag in ipairs { "dir.up", "dir.down" } do
                for _, d in ipairs(S.tags[tag] or {}) do
                  if d.tj <= x.ti and x.ti - d.tj <= 4 then ok = false end
                end
              end
            end
          end
        end
        if ok and change_only then
          -- a change belongs to a money amount of the same clause when there is one
          if not S.claimed then
            -- the changes the money amounts of this sentence take, worked out once
            S.claimed = {}
            for _, o in ipairs(S.amounts) do
              if o.a.kind == "money" or (o.a.kind == "number" and o.a.scale and o.a.scale >= 1000000) then
                local c = change_of(S, o, nearest_flow(S, o))
                if c then S.claimed[c] = true end
              end
            end
          end
          if S.claimed[it] then ok = false end
          if share_near(S, it) or noise_between(S, it, f) then ok = false end
          -- "24% экспорта", "37,5 Prozent der Einfuhren", "60% of exports": a share, not a change
          for _, g in ipairs(S.flows) do
            if g.ti > it.tj and g.ti - it.tj <= 2 and a.kind == "percent" then
              local conj = false
              for _, c in ipairs(S.tags["rel.and"] or {}) do
                if c.ti > it.tj and c.tj < g.ti then conj = true end
              end
              if not conj and not S.text:sub(a.j + 1, g.i - 1):find("[,;]") then ok = false end
            end
          end
          -- "489,6 тыс. тонн (106,5% к уровню ...)": the change of a quantity, not of a value
          for _, o in ipairs(S.amounts) do
            if o.tj < it.ti and it.ti - o.tj <= 3 and o.a.kind == "quantity" then ok = false end
          end
          -- "um 3,7 % zugelegt (real: +1,4 %)": another measure of the same change in brackets
          local before_text = text:sub(math.max(1, a.i - 12), a.i - 1)
          if before_text:find("%(") then
            for _, o in ipairs(S.amounts) do
              if o ~= it and o.tj < it.ti and it.ti - o.tj <= 5 and change_amount(o) then
                local place_between = false
                for _, p in ipairs(S.places) do
                  if p.ti > o.tj and p.tj < it.ti then place_between = true end
                end
                if not place_between then ok = false end
              end
            end
          end
        end
        if ok then
          local rep, par, explicit, par_item, pair = parties(S, it, f)
          -- "Georgien kam auf 2,4 Mrd. $ nach 2,5 Mrd. $ ein Jahr zuvor": a comparison base keeps the parties
          local prev_fig = figures[#figures]
          local base_of_prev = false
          for _, tag in ipairs { "rel.versus", "rel.base" } do
            for _, x in ipairs(S.tags[tag] or {}) do
              if x.tj < it.ti and it.ti - x.tj <= 1 then base_of_prev = true end
            end
          end
          if base_of_prev and prev_fig and prev_fig.sent == si then
            rep, par, explicit, par_item, pair = prev_fig.reporter, prev_fig.partner, false, nil, false
          end
          local resp = respectively(S, it)
          if resp then par, par_item = resp.code, resp end
          local total = false
          for _, t in ipairs(S.tags["world.total"] or {}) do
            if t.ti < it.ti and (not par_item or t.ti > par_item.tj) then total = true end
          end
          if total then par = nil end
          if not rep then rep = ctx.reporter end
          -- "die Stadt im Südwesten Chinas": the country of the reporting region is not a new reporter
          if ctx.reporter and rep ~= ctx.reporter and parent_of(ctx.reporter, opts.data_dir) == rep then
            rep = ctx.reporter
          end
          if par == rep then par = nil end
          if par and parent_of(rep, opts.data_dir) == par then par = nil end
          if not par then
            if total or (explicit and rep ~= ctx.reporter) then par = "WLD"
            elseif ctx.partner and ctx.partner ~= rep then par = ctx.partner
            else par = "WLD" end
          end
          if not rep then par = par ~= "WLD" and par or nil end
          -- the period nearest to the amount, else the sentence's, else the document's
          local best, far = pick_period(S, periods, it)
          if not best and not ctx.period then best = far end
          -- "the goal of Dh4 trillion in non-oil trade by 2031": a plan's deadline
          if (status_near(S, it, "status.target") or status_near(S, it, "status.target_weak"))
             and (best == nil or best.relative) then
            for _, p in ipairs(periods) do
              if p.deadline and p.ti > it.tj then
                local between = false
                for _, o in ipairs(S.amounts) do
                  if o ~= it and o.ti > it.tj and o.tj < p.ti and money_amount(o) then between = true end
                end
                if not between then best = p end
                break
              end
            end
          end
          local per
          if best and best.year_before then
            local base = ctx.period
            if not base then
              for _, p in ipairs(periods) do
                if p ~= best and not p.versus and not p.year_before and not p.full_year then
                  base = close_period(p, doc, sent_year)
                end
              end
            end
            if base then
              local y1, m1 = base.from:match("^(%d+)%-(%d+)$")
              local y2, m2 = base.to:match("^(%d+)%-(%d+)$")
              per = period(tonumber(y1) - 1, tonumber(m1), tonumber(y2) - 1, tonumber(m2))
            end
          elseif best and best.full_year then
            local y = (ctx.period and tonumber(ctx.period.to:sub(1, 4))) or sent_year or doc.year
            per = period(y, 1, y, 12)
          elseif best then per = close_period(best, doc, sent_year)
          else per = ctx.period end
          local last = figures[#figures]
          if it.converts and last and last.span == text:sub(it.converts.a.i, it.converts.a.j) then
            per = last.period
          end
          local value, currency, qualifier = nil, nil, a.qualifier
          local change
          if money then
            value = a.value
            currency = a.currency or ctx.currency
            local sign = flow_tag == "flow.deficit" and -1 or flow_tag == "flow.surplus" and 1
              or flow_tag == "flow.balance" and sign_near(S, it, f) or 0
            -- "die Lücke summierte sich auf 4,9 Billionen Yen" after "Rekorddefizit": the article's sign
            if flow_tag == "flow.balance" and sign == 0 then sign = ctx.balance_sign or 0 end
            if value > 0 and sign < 0 then value = -value end
            if flow_tag == "flow.deficit" or flow_tag == "flow.surplus" or flow_tag == "flow.balance" then
              if sign ~= 0 then ctx.balance_sign = sign end
            end
            local c = change_of(S, it, f)
            if c then change = change_value(S, c) end
          else
            change = change_value(S, it)
          end
          local main = it.converts and it.converts.figure
          if main then
            flow_tag, rep, par, per = main.flow_tag, main.reporter, main.partner, main.period
            if not change and main.change then change = main.change end
          end
          figures[#figures + 1] = {
            flow_tag = flow_tag, sent = si, main = main,
            flow = FLOW_OF[flow_tag], reporter = rep, partner = par,
            value = value, currency = currency, qualifier = qualifier,
            period = per, change = change, status = status_of(S, it, per, doc),
            segment = segment_of(S, it, f) or enterprise_of(S, f, text) or ((not f or ctx.enterprise)
              and ctx.segment) or nil,
            scope = scope_of(S),
            span = text:sub(a.i, a.j), offsets = { { a.i - 1, a.j } },
          }
          it.figure = figures[#figures]
          produced = true
          if money and a.currency and not it.converts then ctx.currency = a.currency end
          if total and not pair then ctx.partner = "WLD" end
          if explicit then
            -- a sentence that names both sides sets the scene for the next ones
            if pair or (par_item and not total) then ctx.partner = par
            elseif total or rep ~= ctx.reporter then ctx.partner = "WLD" end
            ctx.reporter = rep
          elseif not ctx.reporter then
            ctx.reporter = rep
          end
          local comparison = false
          for _, x in ipairs(S.tags["rel.versus"] or {}) do
            if x.tj < it.ti and it.ti - x.tj <= 2 then comparison = true end
          end
          local status = figures[#figures].status
          local background = false
          for _, b in ipairs(S.tags["clause.break"] or {}) do
            if b.tj < it.ti then background = true end
          end
          for _, x in ipairs(S.tags["period.alone"] or {}) do
            if best and x.ti > best.tj and x.ti - best.tj <= 2 then background = true end
          end
          if per and not comparison and not background and not (best and best.year_before)
             and status == "actual" then
            ctx.period = per
          end
          ctx.flow = flow_tag
          ctx.segment = figures[#figures].segment
          -- an enterprise stays the subject until a place is
          if enterprise_of(S, f, text) then ctx.enterprise = true
          elseif explicit then ctx.enterprise = false end
        end
      end
    end
    if produced then ctx.flow_sent = si end
    if not produced then
      -- a sentence without figures still sets the scene: "Belarus und Russland ..."
      local probe = { ti = math.huge, tj = math.huge }
      local f = S.flows[1]
      if f then
        local rep, par, explicit, _, pair = parties(S, probe, f)
        if explicit and rep then
          ctx.reporter = rep
          if pair then ctx.partner = par end
        end
      end
      if not ctx.reporter then
        for _, p in ipairs(S.places) do
          if not p.dateline and p.tag ~= "adjprefix" and not rel_of(S, p) then ctx.reporter = p.code; break end
        end
      end
      if not ctx.period then
        for _, p in ipairs(periods) do
          if not p.versus and not p.year_before and not p.full_year and not p.this_year then
            ctx.period = close_period(p, doc, sent_year)
            break
          end
        end
      end
      for _, a in ipairs(S.amounts) do
        if a.a.kind == "money" and a.a.currency then ctx.currency = a.a.currency end
      end
    end
    if sent_year then ctx.year = sent_year end
  end
  return M.dedupe(M.attach_changes(figures))
end

--- A change stated alone ("grew 18.2%") and the level of the same flow,
-- parties and period stated nearby ("reached 6.71 trillion yuan") are one figure.
function M.attach_changes(figures)
  local out = {}
  local function same(a, b)
    return a.flow == b.flow and a.reporter == b.reporter and a.partner == b.partner
      and a.status == b.status and a.segment == b.segment and a.period and b.period
      and a.period.from == b.period.from and a.period.to == b.period.to
  end
  for k, f in ipairs(figures) do
    local merged = false
    if f.value == nil and f.change then
      for j = math.max(1, k - 3), math.min(#figures, k + 3) do
        local g = figures[j]
        if j ~= k and g.value ~= nil and not g.change and same(f, g) then
          g.change = f.change
          -- and its conversion in brackets
          for _, h in ipairs(figures) do
            if h.main == g and not h.change then h.change = f.change end
          end
          merged = true
          break
        end
      end
    end
    if not merged then out[#out + 1] = f end
  end
  return out
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
    f.flow_tag = nil
    f.sent = nil
    f.main = nil
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
