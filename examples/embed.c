/*
** embed.c: a program that hosts Lua 5.4 and uses tradefig from C.
**
** The tradefig core is linked in and registered with package.preload, so
** the program needs no tradefig.core shared object at run time; only the
** Lua modules and data files (lua/tradefig/) are read from disk.
**
**   build/examples/embed ARTICLE [LANG [DATE [LUA_DIR]]]
**
** prints the digest of ARTICLE in text, as `tradefig digest` does.
*/
#include <stdio.h>

#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>

int luaopen_tradefig_core(lua_State *L);

static const char *const script =
  "local path, lang, date = ...\n"
  "local tradefig = require 'tradefig'\n"
  "local f = assert(io.open(path, 'rb'))\n"
  "local text = f:read('a')\n"
  "f:close()\n"
  "local figs = assert(tradefig.extract(text, { lang = lang, date = date }))\n"
  "local rep = require('tradefig.recipes.digest').build(figs, text,\n"
  "  { lang = lang, date = date, source = path })\n"
  "io.write(require('tradefig.render.text').render(rep))\n"
  "return #figs\n";

int main(int argc, char **argv) {
  const char *article = argc > 1 ? argv[1] : "examples/belta-minsk-china-2024-12-05.de.txt";
  const char *lang = argc > 2 ? argv[2] : "de";
  const char *date = argc > 3 ? argv[3] : "2024-12-05";
  const char *dir = argc > 4 ? argv[4] : "lua";
  lua_State *L = luaL_newstate();
  int status;
  if (L == NULL) {
    fprintf(stderr, "embed: cannot create a Lua state\n");
    return 1;
  }
  luaL_openlibs(L);
  /* the linked-in core, found by require "tradefig.core" */
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
  lua_pushcfunction(L, luaopen_tradefig_core);
  lua_setfield(L, -2, "tradefig.core");
  lua_pop(L, 1);
  /* the Lua modules */
  lua_getglobal(L, "package");
  lua_pushfstring(L, "%s/?.lua;%s/?/init.lua", dir, dir);
  lua_setfield(L, -2, "path");
  lua_pop(L, 1);
  status = luaL_loadstring(L, script);
  if (status == LUA_OK) {
    lua_pushstring(L, article);
    lua_pushstring(L, lang);
    lua_pushstring(L, date);
    status = lua_pcall(L, 3, 1, 0);
  }
  if (status != LUA_OK) {
    fprintf(stderr, "embed: %s\n", lua_tostring(L, -1));
    lua_close(L);
    return 1;
  }
  fprintf(stderr, "embed: %d figures\n", (int)lua_tointeger(L, -1));
  lua_close(L);
  return 0;
}
