--- CSV (RFC 4180): one row per figure, with its group's parties.
-- @module tradefig.render.csv

local concat, ipairs, tostring = table.concat, ipairs, tostring
local json = require "tradefig.json"
local report = require "tradefig.report"

local M = {}

local function field(v)
  if v == nil then return "" end
  if type(v) == "number" then return json.number(v) end
  local s = tostring(v)
  if s:find('[,"\r\n]') then s = '"' .. s:gsub('"', '""') .. '"' end
  return s
end

local columns = { "id", "flow", "reporter", "partner", "period_from", "period_to", "value", "currency",
                  "qualifier", "change_pct", "change_ratio", "status", "segment", "scope", "places", "span",
                  "sentence" }

function M.digest(rep)
  local out = { concat(columns, ",") }
  for _, f in ipairs(rep.figures) do
    local row = {
      f.id, f.flow, f.reporter, f.partner, f.period and f.period.from, f.period and f.period.to, f.value,
      f.currency, f.qualifier, f.change and f.change.pct, f.change and f.change.ratio, f.status, f.segment,
      f.scope, f.places, f.span, f.sentence,
    }
    local cells = {}
    for k = 1, #columns do cells[k] = field(row[k]) end
    out[#out + 1] = concat(cells, ",")
  end
  return concat(out, "\r\n") .. "\r\n"
end

--- A report document's tables as one CSV: raw values, period and place codes;
-- with more than one table a first column `table` names each row's table and
-- the header is the union of the tables' columns.
function M.doc(doc)
  local tables = {}
  for _, sec in ipairs(doc.sections) do
    for _, t in ipairs(sec.tables or {}) do
      if t.csv ~= false then tables[#tables + 1] = t end
    end
  end
  local cols, seen = {}, {}
  for _, t in ipairs(tables) do
    for _, c in ipairs(t.columns) do
      if not seen[c.key] then seen[c.key] = true; cols[#cols + 1] = c end
      if c.type == "money" and not seen.currency then seen.currency = true; cols[#cols + 1] = { key = "currency" } end
    end
  end
  local names = {}
  for _, c in ipairs(cols) do names[#names + 1] = c.key end
  local multi = false
  for _, t in ipairs(tables) do multi = multi or (t.name ~= tables[1].name) end
  if multi then table.insert(names, 1, "table") end
  local out = { concat(names, ",") }
  for _, t in ipairs(tables) do
    local mine = {}
    for _, c in ipairs(t.columns) do mine[c.key] = c end
    for _, row in ipairs(t.rows) do
      local cells = {}
      if multi then cells[1] = field(t.name) end
      for _, c in ipairs(cols) do
        local v = row[c.key]
        if type(v) == "table" and not (mine[c.key] and mine[c.key].type == "period") then v = nil end
        cells[#cells + 1] = field(report.cell_raw(v, mine[c.key] or c))
      end
      out[#out + 1] = concat(cells, ",")
    end
  end
  return concat(out, "\r\n") .. "\r\n"
end

function M.render(rep)
  if rep.kind == "digest" then return M.digest(rep) end
  return M.doc(report.view(rep))
end
return M
