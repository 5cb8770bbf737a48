--- A claims check: the figures an article states about China's exports in
-- 2022 (examples/chn-exports-2022.en.txt, a short text written for this
-- example) against the UN Comtrade statistics in examples/data/.
--
--   lua5.4 examples/claims_check.lua [FORMAT [LANG]]    (from the repository root, after make)

package.path = "./lua/?.lua;./lua/?/init.lua;" .. package.path
package.cpath = "./build/?.so;" .. package.cpath

local tradefig = require "tradefig"
local claims = require "tradefig.recipes.claims"

local format, lang = arg[1] or "text", arg[2] or "en"
local article = "examples/chn-exports-2022.en.txt"
local stats = "examples/data/comtradr_chn_x_kor_mex_usa_2012-2022.csv"

local f = assert(io.open(article, "rb"))
local text = f:read("a")
f:close()
local figures = assert(tradefig.extract(text, { lang = "en", date = "2023-01-20" }))
for _, fig in ipairs(figures) do fig.source = article end
local records, err = tradefig.read(stats)
if not records then
  io.stderr:write("claims_check: ", err, "\n")
  os.exit(1)
end
local rep = claims.build(figures, records, { lang = lang, date = "2023-01-20", texts = { [article] = text } })
io.write(require("tradefig.render." .. format).render(rep))
