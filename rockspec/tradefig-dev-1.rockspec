rockspec_format = "3.0"
package = "tradefig"
version = "dev-1"

source = {
  url = "git+file:///work/main",
  branch = "main",
}

description = {
  summary = "Find, normalise and aggregate foreign-trade figures in news text and statistics files",
  detailed = [[
    A C core with a Lua 5.4 face: parses amounts in every locale form
    ("2,5 Milliarden Dollar", "$3,083.4 million", "2 млрд 688 млн долларов")
    in German, English and Russian, with the language knowledge kept as JSON data.
  ]],
  license = "MIT",
  labels = { "trade", "statistics", "nlp", "parsing" },
}

dependencies = {
  "lua >= 5.4, < 5.5",
}

external_dependencies = {
  CJSON = {
    header = "cjson/cJSON.h",
    library = "cjson",
  },
  ZLIB = {
    header = "zlib.h",
    library = "z",
  },
}

test_dependencies = {
  "busted",
}

test = {
  type = "busted",
}

build = {
  type = "builtin",
  modules = {
    ["tradefig.core"] = {
      sources = {
        "csrc/lua_tradefig.c",
        "csrc/tf_agg.c",
        "csrc/tf_amount.c",
        "csrc/tf_annotate.c",
        "csrc/tf_codes.c",
        "csrc/tf_csv.c",
        "csrc/tf_err.c",
        "csrc/tf_extract.c",
        "csrc/tf_input.c",
        "csrc/tf_json.c",
        "csrc/tf_lexicon.c",
        "csrc/tf_number.c",
        "csrc/tf_table.c",
        "csrc/tf_text.c",
      },
      libraries = { "cjson", "z" },
      incdirs = { "$(CJSON_INCDIR)" },
      libdirs = { "$(CJSON_LIBDIR)" },
      defines = { "_POSIX_C_SOURCE=200809L" },
    },
    ["tradefig"] = "lua/tradefig/init.lua",
    ["tradefig.agg"] = "lua/tradefig/agg.lua",
    ["tradefig.cli"] = "lua/tradefig/cli.lua",
    ["tradefig.report"] = "lua/tradefig/report.lua",
    ["tradefig.recipes.digest"] = "lua/tradefig/recipes/digest.lua",
    ["tradefig.recipes.profile"] = "lua/tradefig/recipes/profile.lua",
    ["tradefig.recipes.top"] = "lua/tradefig/recipes/top.lua",
    ["tradefig.recipes.mirror"] = "lua/tradefig/recipes/mirror.lua",
    ["tradefig.recipes.claims"] = "lua/tradefig/recipes/claims.lua",
    ["tradefig.recipes.consistency"] = "lua/tradefig/recipes/consistency.lua",
    ["tradefig.render.text"] = "lua/tradefig/render/text.lua",
    ["tradefig.render.markdown"] = "lua/tradefig/render/markdown.lua",
    ["tradefig.render.json"] = "lua/tradefig/render/json.lua",
    ["tradefig.render.csv"] = "lua/tradefig/render/csv.lua",
    ["tradefig.render.svg"] = "lua/tradefig/render/svg.lua",
    ["tradefig.render.html"] = "lua/tradefig/render/html.lua",
    ["tradefig.json"] = "lua/tradefig/json.lua",
  },
  install = {
    lua = {
      ["tradefig.data.lexicon.de"] = "lua/tradefig/data/lexicon/de.json",
      ["tradefig.data.lexicon.en"] = "lua/tradefig/data/lexicon/en.json",
      ["tradefig.data.lexicon.ru"] = "lua/tradefig/data/lexicon/ru.json",
      ["tradefig.data.report.de"] = "lua/tradefig/data/report/de.json",
      ["tradefig.data.report.en"] = "lua/tradefig/data/report/en.json",
      ["tradefig.data.report.ru"] = "lua/tradefig/data/report/ru.json",
      ["tradefig.data.gazetteer.places"] = "lua/tradefig/data/gazetteer/places.json",
      ["tradefig.data.gazetteer.aliases"] = "lua/tradefig/data/gazetteer/aliases.json",
      ["tradefig.data.codes.areas"] = "lua/tradefig/data/codes/areas.json",
    },
    bin = {
      tradefig = "bin/tradefig",
    },
  },
}
