/*
** lua_tradefig.c: the Lua 5.4 binding of the tradefig core (tradefig.core).
** The only file of the project that includes Lua headers.
*/
#include <stdint.h>
#include <string.h>

#include <lua.h>
#include <lauxlib.h>

#include "tf.h"
#include "tf_amount.h"
#include "tf_annotate.h"
#include "tf_lexicon.h"
#include "tf_number.h"
#include "tf_text.h"

#define TF_VERSION "0.1.0"
#define LEXICON_MT "tradefig.Lexicon"
#define AMOUNTS_MT "tradefig.Amounts"   /* internal: owns scan results while they are pushed */
#define ANNOT_MT "tradefig.Annot"       /* internal: owns annotations while they are pushed */

/*
** {======================================================
** Helpers
** =======================================================
*/

/* Push fail, "ECODE: message", "ECODE" (the luv convention). */
static int push_fail(lua_State *L, const char *where, const tf_err *e) {
  luaL_pushfail(L);
  if (where != NULL && e->line > 0)
    lua_pushfstring(L, "%s:%d:%d: %s: %s", where, (int)e->line, (int)e->column,
                    tf_errname(e->code), e->msg);
  else if (where != NULL)
    lua_pushfstring(L, "%s: %s: %s", where, tf_errname(e->code), e->msg);
  else
    lua_pushfstring(L, "%s: %s (byte %I)", tf_errname(e->code), e->msg,
                    (lua_Integer)e->offset + 1);
  lua_pushstring(L, tf_errname(e->code));
  return 3;
}

/* Push a number as an integer when it is integral and fits, else as a float. */
static void push_num(lua_State *L, const tf_num *n, int as_float) {
  long long iv;
  if (!as_float && tf_num_to_int(n, &iv))
    lua_pushinteger(L, (lua_Integer)iv);
  else
    lua_pushnumber(L, (lua_Number)n->d);
}

static size_t opt_size(lua_State *L, int t, const char *key, size_t def) {
  size_t v = def;
  if (lua_isnoneornil(L, t)) return def;
  if (lua_getfield(L, t, key) != LUA_TNIL) {
    lua_Integer i;
    if (!lua_isinteger(L, -1))
      luaL_error(L, "option '%s' must be an integer", key);
    i = lua_tointeger(L, -1);
    if (i < 0) luaL_error(L, "option '%s' must not be negative", key);
    v = (size_t)i;
  }
  lua_pop(L, 1);
  return v;
}

/* }====================================================== */

/*
** {======================================================
** Lexicon
** =======================================================
*/

static tf_lexicon *check_lexicon(lua_State *L, int i) {
  tf_lexicon **p = (tf_lexicon **)luaL_checkudata(L, i, LEXICON_MT);
  luaL_argcheck(L, *p != NULL, i, "lexicon is closed");
  return *p;
}

/* core.lexicon(json [, name]) -> Lexicon | fail, message, code */
static int ltf_lexicon(lua_State *L) {
  size_t len;
  const char *json = luaL_checklstring(L, 1, &len);
  const char *name = luaL_optstring(L, 2, "lexicon");
  tf_lexicon **ud;
  tf_err err;
  int rc;
  ud = (tf_lexicon **)lua_newuserdatauv(L, sizeof *ud, 0);
  *ud = NULL;
  luaL_setmetatable(L, LEXICON_MT);
  memset(&err, 0, sizeof err);
  rc = tf_lexicon_load(json, len, ud, &err);
  if (rc != TF_OK) return push_fail(L, name, &err);
  return 1;
}

/* core.gazetteer(places_json, aliases_json, lang) -> Lexicon | fail, message, code */
static int ltf_gazetteer(lua_State *L) {
  size_t plen, alen;
  const char *places = luaL_checklstring(L, 1, &plen);
  const char *aliases = luaL_checklstring(L, 2, &alen);
  const char *lang = luaL_checkstring(L, 3);
  tf_lexicon **ud;
  tf_err err;
  ud = (tf_lexicon **)lua_newuserdatauv(L, sizeof *ud, 0);
  *ud = NULL;
  luaL_setmetatable(L, LEXICON_MT);
  memset(&err, 0, sizeof err);
  if (tf_gazetteer_load(places, plen, aliases, alen, lang, ud, &err) != TF_OK)
    return push_fail(L, "gazetteer", &err);
  return 1;
}

static int lex_gc(lua_State *L) {
  tf_lexicon **p = (tf_lexicon **)luaL_checkudata(L, 1, LEXICON_MT);
  tf_lexicon_free(*p);
  *p = NULL;
  return 0;
}

static int lex_tostring(lua_State *L) {
  tf_lexicon **p = (tf_lexicon **)luaL_checkudata(L, 1, LEXICON_MT);
  if (*p == NULL) lua_pushliteral(L, "tradefig.Lexicon (closed)");
  else lua_pushfstring(L, "tradefig.Lexicon (%s, %I entries)", tf_lexicon_lang(*p),
                       (lua_Integer)tf_lexicon_size(*p));
  return 1;
}

static int lex_lang(lua_State *L) {
  lua_pushstring(L, tf_lexicon_lang(check_lexicon(L, 1)));
  return 1;
}

static int amounts_gc(lua_State *L) {
  tf_amounts *a = (tf_amounts *)luaL_checkudata(L, 1, AMOUNTS_MT);
  tf_amounts_free(a);
  return 0;
}

static void set_str(lua_State *L, const char *k, const char *v) {
  lua_pushstring(L, v);
  lua_setfield(L, -2, k);
}

static void set_int(lua_State *L, const char *k, lua_Integer v) {
  lua_pushinteger(L, v);
  lua_setfield(L, -2, k);
}

/* Push one amount as a table; spans are 1-based and inclusive. */
static void push_amount(lua_State *L, const char *text, const tf_amount *a) {
  int pct = a->kind == TF_KIND_PERCENT || a->kind == TF_KIND_POINTS ||
            a->kind == TF_KIND_MULTIPLIER;
  lua_createtable(L, 0, 14);
  set_str(L, "kind", tf_kind_names[a->kind]);
  push_num(L, &a->value, pct);
  lua_setfield(L, -2, "value");
  push_num(L, &a->number, pct);
  lua_setfield(L, -2, "number");
  if (!tf_num_finite(&a->value)) {
    lua_pushboolean(L, 1);
    lua_setfield(L, -2, "overflow");
  }
  if (a->scale > 0) {
    tf_num s = tf_num_shift(tf_num_int(1), a->scale);
    push_num(L, &s, 0);
    lua_setfield(L, -2, "scale");
  }
  set_str(L, "qualifier", tf_qualifier_name(a->qualifier));
  if (a->currency[0] != '\0') set_str(L, "currency", a->currency);
  if (a->unit[0] != '\0') set_str(L, "unit", a->unit);
  if (a->direction != 0) set_str(L, "direction", a->direction > 0 ? "up" : "down");
  if (a->month != 0) set_int(L, "month", a->month);
  if (a->year != 0) set_int(L, "year", a->year);
  set_int(L, "i", (lua_Integer)a->i + 1);
  set_int(L, "j", (lua_Integer)a->j);
  if (a->tj > a->ti) {
    set_int(L, "ti", (lua_Integer)a->ti + 1);
    set_int(L, "tj", (lua_Integer)a->tj);
  }
  lua_pushlstring(L, text + a->i, a->j - a->i);
  lua_setfield(L, -2, "text");
}

/*
** lexicon:scan(text [, opts]) -> amounts [, warning]
** warning names the first invalid UTF-8 or NUL byte when there was one.
*/
static int lex_scan(lua_State *L) {
  tf_lexicon *lx = check_lexicon(L, 1);
  size_t len, k;
  const char *text = luaL_checklstring(L, 2, &len);
  tf_scan_opts opts;
  tf_amounts *res;
  tf_err err;
  int rc;
  if (!lua_isnoneornil(L, 3)) luaL_checktype(L, 3, LUA_TTABLE);
  opts.max_amounts = opt_size(L, 3, "max_amounts", 0);
  opts.max_tokens = opt_size(L, 3, "max_tokens", 0);
  res = (tf_amounts *)lua_newuserdatauv(L, sizeof *res, 0);
  memset(res, 0, sizeof *res);
  luaL_setmetatable(L, AMOUNTS_MT);
  memset(&err, 0, sizeof err);
  rc = tf_amount_scan(lx, text, len, &opts, res, &err);
  if (rc != TF_OK) {
    tf_amounts_free(res);
    return push_fail(L, NULL, &err);
  }
  lua_createtable(L, (int)(res->n < (size_t)INT32_MAX ? res->n : 0), 0);
  for (k = 0; k < res->n; k++) {
    push_amount(L, text, &res->v[k]);
    lua_rawseti(L, -2, (lua_Integer)k + 1);
  }
  if (res->bad_utf8 > 0) {
    lua_pushfstring(L, "invalid UTF-8 or NUL byte at byte %I (%I such bytes skipped)",
                    (lua_Integer)res->first_bad + 1, (lua_Integer)res->bad_utf8);
    return 2;
  }
  return 1;
}

static int annot_gc(lua_State *L) {
  tf_annot *a = (tf_annot *)luaL_checkudata(L, 1, ANNOT_MT);
  tf_annot_free(a);
  return 0;
}

/*
** lexicon:annotate(text [, gazetteer [, opts]]) -> {amounts=, tags=, sentences=, tokens=} [, warning]
** tags: {tag=, code=, i=, j=, ti=, tj=}; sentences: 1-based start positions.
*/
static int lex_annotate(lua_State *L) {
  tf_lexicon *lx = check_lexicon(L, 1);
  size_t len, k;
  const char *text = luaL_checklstring(L, 2, &len);
  const tf_lexicon *gz = lua_isnoneornil(L, 3) ? NULL : check_lexicon(L, 3);
  tf_scan_opts opts;
  tf_annot *res;
  tf_err err;
  if (!lua_isnoneornil(L, 4)) luaL_checktype(L, 4, LUA_TTABLE);
  opts.max_amounts = opt_size(L, 4, "max_amounts", 0);
  opts.max_tokens = opt_size(L, 4, "max_tokens", 0);
  res = (tf_annot *)lua_newuserdatauv(L, sizeof *res, 0);
  memset(res, 0, sizeof *res);
  luaL_setmetatable(L, ANNOT_MT);
  memset(&err, 0, sizeof err);
  if (tf_annotate(lx, gz, text, len, &opts, res, &err) != TF_OK) {
    tf_annot_free(res);
    return push_fail(L, NULL, &err);
  }
  lua_createtable(L, 0, 4);
  lua_createtable(L, (int)(res->amounts.n < (size_t)INT32_MAX ? res->amounts.n : 0), 0);
  for (k = 0; k < res->amounts.n; k++) {
    push_amount(L, text, &res->amounts.v[k]);
    lua_rawseti(L, -2, (lua_Integer)k + 1);
  }
  lua_setfield(L, -2, "amounts");
  lua_createtable(L, (int)(res->nm < (size_t)INT32_MAX ? res->nm : 0), 0);
  for (k = 0; k < res->nm; k++) {
    const tf_mention *m = &res->m[k];
    lua_createtable(L, 0, 6);
    if (m->e->cat == TF_LX_MONTH) {
      set_str(L, "tag", "month");
      lua_pushfstring(L, "%d", m->e->ival);
      lua_setfield(L, -2, "code");
    } else {
      const char *code = tf_lexicon_str(m->lx, m->e);
      set_str(L, "tag", tf_lexicon_tag_name(m->lx, m->e->ival));
      if (code[0] != '\0') set_str(L, "code", code);
    }
    set_int(L, "i", (lua_Integer)m->i + 1);
    set_int(L, "j", (lua_Integer)m->j);
    set_int(L, "ti", (lua_Integer)m->ti + 1);
    set_int(L, "tj", (lua_Integer)m->tj);
    lua_rawseti(L, -2, (lua_Integer)k + 1);
  }
  lua_setfield(L, -2, "tags");
  lua_createtable(L, (int)(res->nsent < (size_t)INT32_MAX ? res->nsent : 0), 0);
  for (k = 0; k < res->nsent; k++) {
    lua_pushinteger(L, (lua_Integer)res->sent[k] + 1);
    lua_rawseti(L, -2, (lua_Integer)k + 1);
  }
  lua_setfield(L, -2, "sentences");
  set_int(L, "tokens", (lua_Integer)res->ntokens);
  if (res->amounts.bad_utf8 > 0) {
    lua_pushfstring(L, "invalid UTF-8 or NUL byte at byte %I (%I such bytes skipped)",
                    (lua_Integer)res->amounts.first_bad + 1, (lua_Integer)res->amounts.bad_utf8);
    return 2;
  }
  return 1;
}

/* lexicon:score(text) -> number of stop words of the lexicon in text */
static int lex_score(lua_State *L) {
  tf_lexicon *lx = check_lexicon(L, 1);
  size_t len;
  const char *text = luaL_checklstring(L, 2, &len);
  tf_tokens *toks;
  char *folded;
  tf_err err;
  size_t score;
  /* the token vector and the folded copy live in userdata: nothing leaks if Lua raises */
  toks = (tf_tokens *)lua_newuserdatauv(L, sizeof *toks, 0);
  memset(toks, 0, sizeof *toks);
  folded = (char *)lua_newuserdatauv(L, len ? len : 1, 0);
  tf_fold(text, len, folded);
  if (tf_tokenize(text, len, toks, 0, &err) != TF_OK) {
    tf_tokens_free(toks);
    return push_fail(L, NULL, &err);
  }
  score = tf_lexicon_score(lx, folded, toks);
  tf_tokens_free(toks);
  lua_pushinteger(L, (lua_Integer)score);
  return 1;
}

/* }====================================================== */

/* core.utf8_check(s) -> true | false, 1-based position of the first bad byte */
static int ltf_utf8_check(lua_State *L) {
  size_t len, bad = 0;
  const char *s = luaL_checklstring(L, 1, &len);
  if (tf_utf8_check(s, len, &bad)) {
    lua_pushboolean(L, 1);
    return 1;
  }
  lua_pushboolean(L, 0);
  lua_pushinteger(L, (lua_Integer)bad + 1);
  return 2;
}

static const luaL_Reg lexicon_methods[] = {
  {"scan", lex_scan},
  {"annotate", lex_annotate},
  {"score", lex_score},
  {"lang", lex_lang},
  {"close", lex_gc},
  {NULL, NULL}
};

static const luaL_Reg lexicon_meta[] = {
  {"__gc", lex_gc},
  {"__close", lex_gc},
  {"__tostring", lex_tostring},
  {"__index", NULL},
  {NULL, NULL}
};

static const luaL_Reg core_funcs[] = {
  {"lexicon", ltf_lexicon},
  {"gazetteer", ltf_gazetteer},
  {"utf8_check", ltf_utf8_check},
  {NULL, NULL}
};

static void create_meta(lua_State *L) {
  luaL_newmetatable(L, LEXICON_MT);
  luaL_setfuncs(L, lexicon_meta, 0);
  luaL_newlibtable(L, lexicon_methods);
  luaL_setfuncs(L, lexicon_methods, 0);
  lua_setfield(L, -2, "__index");
  lua_pop(L, 1);
  luaL_newmetatable(L, AMOUNTS_MT);
  lua_pushcfunction(L, amounts_gc);
  lua_setfield(L, -2, "__gc");
  lua_pop(L, 1);
  luaL_newmetatable(L, ANNOT_MT);
  lua_pushcfunction(L, annot_gc);
  lua_setfield(L, -2, "__gc");
  lua_pop(L, 1);
}

/* Built with -fvisibility=hidden: this is the one exported symbol. */
#if defined(__GNUC__)
#define TF_EXPORT __attribute__((visibility("default")))
#else
#define TF_EXPORT
#endif

TF_EXPORT int luaopen_tradefig_core(lua_State *L);

TF_EXPORT int luaopen_tradefig_core(lua_State *L) {
  create_meta(L);
  luaL_newlib(L, core_funcs);
  lua_pushliteral(L, TF_VERSION);
  lua_setfield(L, -2, "_VERSION");
  lua_pushliteral(L, "tradefig.core");
  lua_setfield(L, -2, "_NAME");
  return 1;
}
