--- JSON: the report table itself, pretty-printed, keys sorted.
-- @module tradefig.render.json

local json = require "tradefig.json"

local M = {}

function M.render(rep)
  return json.encode(rep, "  ") .. "\n"
end

M.digest = M.render
return M
