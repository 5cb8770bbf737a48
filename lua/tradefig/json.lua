--- A small JSON encoder for tradefig's output.
-- Integers stay integers, floats are written in their shortest exact form,
-- object keys are sorted so output is stable, and strings are escaped per
-- RFC 8259 (bytes that are not valid UTF-8 become U+FFFD).
-- @module tradefig.json

local type, pairs, ipairs, tostring, tonumber, error = type, pairs, ipairs, tostring, tonumber, error
local getmetatable, setmetatable = getmetatable, setmetatable
local math_type, huge = math.type, math.huge
local concat, sort = table.concat, table.sort
local format, byte, gsub = string.format, string.byte, string.gsub
local utf8_len, utf8_char = utf8.len, utf8.char

local M = {}

--- Marks a table to be encoded as an array even when empty.
M.array_mt = { __name = "tradefig.json.array" }

--- Marks a value to be encoded as JSON null.
M.null = setmetatable({}, { __name = "tradefig.json.null", __tostring = function() return "null" end })

local escapes = {
  ['"'] = '\\"', ["\\"] = "\\\\", ["\b"] = "\\b", ["\f"] = "\\f",
  ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t",
}

local function escape_char(c)
  return escapes[c] or format("\\u%04x", byte(c))
end

--- Replace bytes that are not valid UTF-8 with U+FFFD.
local function sanitize(s)
  if utf8_len(s) then return s end
  local out, i, n = {}, 1, #s
  while i <= n do
    local c = byte(s, i)
    local w = c < 0x80 and 1 or (c >= 0xC2 and c < 0xE0) and 2
      or (c >= 0xE0 and c < 0xF0) and 3 or (c >= 0xF0 and c < 0xF5) and 4 or 0
    local piece = w > 0 and s:sub(i, i + w - 1)
    if piece and #piece == w and utf8_len(piece) == 1 then
      out[#out + 1] = piece
      i = i + w
    else
      out[#out + 1] = utf8_char(0xFFFD)
      i = i + 1
    end
  end
  return concat(out)
end

local function encode_string(s)
  s = sanitize(s)
  return '"' .. gsub(s, '[%c"\\]', escape_char) .. '"'
end

--- Shortest decimal form that reads back as the same float.
function M.number(v)
  if math_type(v) == "integer" then return tostring(v) end
  if v ~= v or v == huge or v == -huge then return "null" end
  for prec = 15, 17 do
    local s = format("%." .. prec .. "g", v)
    if tonumber(s) == v then
      if not s:find("[%.eEn]") then s = s .. ".0" end
      return s
    end
  end
  return format("%.17g", v)
end

local function is_array(t)
  if getmetatable(t) == M.array_mt then return true end
  local n = #t
  if n == 0 then return false end
  local count = 0
  for _ in pairs(t) do count = count + 1 end
  return count == n
end

local encode_value

local function encode_table(t, out, indent, level, seen)
  if seen[t] then error("cannot encode a table that contains itself", 0) end
  seen[t] = true
  local nl, pad, pad_in = "", "", ""
  if indent then
    nl = "\n"
    pad = indent:rep(level)
    pad_in = indent:rep(level + 1)
  end
  if is_array(t) then
    if #t == 0 then out[#out + 1] = "[]"; seen[t] = nil; return end
    local flat = true
    for _, v in ipairs(t) do
      if type(v) == "table" and v ~= M.null then flat = false; break end
    end
    if flat and indent then
      -- a short row of scalars stays on one line: [13, 18]
      out[#out + 1] = "["
      for i, v in ipairs(t) do
        if i > 1 then out[#out + 1] = ", " end
        encode_value(v, out, indent, level + 1, seen)
      end
      out[#out + 1] = "]"
      seen[t] = nil
      return
    end
    out[#out + 1] = "[" .. nl
    for i, v in ipairs(t) do
      out[#out + 1] = pad_in
      encode_value(v, out, indent, level + 1, seen)
      out[#out + 1] = (i < #t and "," or "") .. nl
    end
    out[#out + 1] = pad .. "]"
  else
    local keys = {}
    for k in pairs(t) do
      if type(k) ~= "string" then error("cannot encode a table with a non-string key", 0) end
      keys[#keys + 1] = k
    end
    if #keys == 0 then out[#out + 1] = "{}"; seen[t] = nil; return end
    sort(keys)
    local flat = indent and #keys <= 3
    for _, k in ipairs(keys) do
      if type(t[k]) == "table" and t[k] ~= M.null then flat = false end
    end
    if flat then
      -- a small record of scalars stays on one line: {"from": "2024-01", "to": "2024-09"}
      out[#out + 1] = "{"
      for i, k in ipairs(keys) do
        out[#out + 1] = (i > 1 and ", " or "") .. encode_string(k) .. ": "
        encode_value(t[k], out, indent, level + 1, seen)
      end
      out[#out + 1] = "}"
      seen[t] = nil
      return
    end
    out[#out + 1] = "{" .. nl
    for i, k in ipairs(keys) do
      out[#out + 1] = pad_in .. encode_string(k) .. (indent and ": " or ":")
      encode_value(t[k], out, indent, level + 1, seen)
      out[#out + 1] = (i < #keys and "," or "") .. nl
    end
    out[#out + 1] = pad .. "}"
  end
  seen[t] = nil
end

function encode_value(v, out, indent, level, seen)
  local tv = type(v)
  if v == nil or v == M.null then out[#out + 1] = "null"
  elseif tv == "boolean" then out[#out + 1] = v and "true" or "false"
  elseif tv == "number" then out[#out + 1] = M.number(v)
  elseif tv == "string" then out[#out + 1] = encode_string(v)
  elseif tv == "table" then encode_table(v, out, indent, level, seen)
  else error("cannot encode a value of type " .. tv, 0) end
end

--- Encode a Lua value as JSON text.
-- @param v the value
-- @tparam[opt] string indent pretty-print with this indent
-- @treturn string
function M.encode(v, indent)
  local out = {}
  encode_value(v, out, indent, 0, {})
  return concat(out)
end

---------------------------------------------------------------------------
-- Decoding (for small documents: corpus lines, options files)
---------------------------------------------------------------------------

local function decode_error(s, pos, what)
  local line, col = 1, 1
  for k = 1, pos - 1 do
    if byte(s, k) == 10 then line, col = line + 1, 1 else col = col + 1 end
  end
  error({ msg = string.format("%d:%d: %s", line, col, what) }, 0)
end

local function skip_ws(s, pos)
  return (s:find("[^ \t\r\n]", pos)) or #s + 1
end

local decode_value

local escapes_in = { b = "\b", f = "\f", n = "\n", r = "\r", t = "\t", ['"'] = '"', ["\\"] = "\\", ["/"] = "/" }

local function decode_string(s, pos)
  local out, i = {}, pos + 1
  while true do
    local j = s:find('["\\%c]', i)
    if not j then decode_error(s, pos, "unterminated string") end
    local c = s:sub(j, j)
    if c == '"' then
      out[#out + 1] = s:sub(i, j - 1)
      return concat(out), j + 1
    elseif c == "\\" then
      out[#out + 1] = s:sub(i, j - 1)
      local e = s:sub(j + 1, j + 1)
      if e == "u" then
        local hex = s:match("^%x%x%x%x", j + 2)
        if not hex then decode_error(s, j, "expected four hex digits after \\u") end
        local cp = tonumber(hex, 16)
        local nexti = j + 6
        if cp >= 0xD800 and cp <= 0xDBFF then
          local lo = s:match("^\\u(%x%x%x%x)", nexti)
          if lo then
            cp = 0x10000 + (cp - 0xD800) * 0x400 + (tonumber(lo, 16) - 0xDC00)
            nexti = nexti + 6
          end
        end
        out[#out + 1] = utf8_char(cp)
        i = nexti
      elseif escapes_in[e] then
        out[#out + 1] = escapes_in[e]
        i = j + 2
      else
        decode_error(s, j, "invalid escape")
      end
    else
      decode_error(s, j, "control character in string")
    end
  end
end

function decode_value(s, pos, depth)
  if depth > 200 then decode_error(s, pos, "nesting deeper than 200") end
  pos = skip_ws(s, pos)
  local c = s:sub(pos, pos)
  if c == "{" then
    local t = {}
    pos = skip_ws(s, pos + 1)
    if s:sub(pos, pos) == "}" then return t, pos + 1 end
    while true do
      pos = skip_ws(s, pos)
      if s:sub(pos, pos) ~= '"' then decode_error(s, pos, "expected a string key") end
      local k
      k, pos = decode_string(s, pos)
      pos = skip_ws(s, pos)
      if s:sub(pos, pos) ~= ":" then decode_error(s, pos, "expected ':'") end
      local v
      v, pos = decode_value(s, pos + 1, depth + 1)
      if v ~= M.null then t[k] = v end
      pos = skip_ws(s, pos)
      local d = s:sub(pos, pos)
      if d == "}" then return t, pos + 1 end
      if d ~= "," then decode_error(s, pos, "expected ',' or '}'") end
      pos = pos + 1
    end
  elseif c == "[" then
    local t = setmetatable({}, M.array_mt)
    pos = skip_ws(s, pos + 1)
    if s:sub(pos, pos) == "]" then return t, pos + 1 end
    local n = 0
    while true do
      local v
      v, pos = decode_value(s, pos, depth + 1)
      n = n + 1
      t[n] = v
      pos = skip_ws(s, pos)
      local d = s:sub(pos, pos)
      if d == "]" then return t, pos + 1 end
      if d ~= "," then decode_error(s, pos, "expected ',' or ']'") end
      pos = pos + 1
    end
  elseif c == '"' then
    return decode_string(s, pos)
  elseif s:find("^true", pos) then return true, pos + 4
  elseif s:find("^false", pos) then return false, pos + 5
  elseif s:find("^null", pos) then return M.null, pos + 4
  else
    local num = s:match("^-?%d+%.?%d*[eE]?[-+]?%d*", pos)
    if not num or num == "" or num == "-" then
      if pos > #s then decode_error(s, pos, "unexpected end of input") end
      decode_error(s, pos, "unexpected character")
    end
    local v = math.tointeger(tonumber(num)) or tonumber(num)
    if v == nil then decode_error(s, pos, "malformed number") end
    return v, pos + #num
  end
end

--- Decode JSON text. Returns the value, or nil and "line:col: message".
-- JSON null inside objects is dropped; at the top level or in arrays it is json.null.
function M.decode(s)
  local ok, v, pos = pcall(decode_value, s, 1, 0)
  if not ok then
    if type(v) == "table" then return nil, v.msg end
    error(v, 0)
  end
  pos = skip_ws(s, pos)
  if pos <= #s then
    local ok2, err = pcall(decode_error, s, pos, "trailing characters")
    return nil, (not ok2) and err.msg or "trailing characters"
  end
  return v
end

return M
