--- A profile of China's exports to South Korea, Mexico and the United States,
-- 2012-2022, from a real UN Comtrade cut (examples/data/, source: UN Comtrade
-- (UNSD) via ropensci/comtradr's vignette data; see examples/data/README.md).
--
--   lua5.4 examples/profile_china.lua [FORMAT [LANG]]    (from the repository root, after make)
-- FORMAT is text (default), markdown, json, csv, svg or html.

package.path = "./lua/?.lua;./lua/?/init.lua;" .. package.path
package.cpath = "./build/?.so;" .. package.cpath

local tradefig = require "tradefig"
local profile = require "tradefig.recipes.profile"

local format, lang = arg[1] or "text", arg[2] or "en"
local file = "examples/data/comtradr_chn_x_kor_mex_usa_2012-2022.csv"

local records, err = tradefig.read(file)
if not records then
  io.stderr:write("profile_china: ", err, "\n")
  os.exit(1)
end
local rep = assert(profile.build(records, { reporter = "CHN", partner = { "KOR", "MEX", "USA" }, lang = lang }))
io.write(require("tradefig.render." .. format).render(rep))
