std = "lua54"
include_files = { "lua", "spec", "examples", "bin/tradefig", "rockspec/*.rockspec" }
max_line_length = 120
files["spec"].std = "+busted"
files["spec"].max_line_length = false   -- table-driven cases keep one case a line
files["rockspec"].std = "rockspec"
