--- CSV (RFC 4180): one row per figure, with its group's parties.
-- @module tradefig.render.csv

local concat, ipairs, tostring = table.concat, ipairs, tostring
local json = require "tradefig.json"

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

M.render = M.digest
return M
