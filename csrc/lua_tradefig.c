/*
** lua_tradefig.c: the Lua 5.4 binding of the tradefig core (tradefig.core).
** The only file of the project that includes Lua headers.
*/
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lua.h>
#include <lauxlib.h>

#include "tf.h"
#include "tf_agg.h"
#include "tf_amount.h"
#include "tf_annotate.h"
#include "tf_extract.h"
#include "tf_input.h"
#include "tf_lexicon.h"
#include "tf_number.h"
#include "tf_text.h"
#include "tf_table.h"

#define TF_VERSION "0.1.0"
#define LEXICON_MT "tradefig.Lexicon"
#define AMOUNTS_MT "tradefig.Amounts"   /* internal: owns scan results while they are pushed */
#define ANNOT_MT "tradefig.Annot"       /* internal: owns annotations while they are pushed */
#define FIGURES_MT "tradefig.Figures"   /* internal: owns figures while they are pushed */
#define PARENTS_MT "tradefig.Parents"
#define TEXT_MT "tradefig.Text"
#define READER_MT "tradefig.Reader"
#define CODES_MT "tradefig.Codes"
#define AGG_MT "tradefig.Agg"
#define AGG_ROWS_MT "tradefig.AggRows"   /* internal: owns result rows while they are pushed */
#define AGG_DUMP_MT "tradefig.AggDump"   /* internal: owns a dump while it is pushed */

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

/*
** Register a userdata type: its metatable with the meta functions, and the
** methods as __index (liolib's createmeta).
*/
static void new_type(lua_State *L, const char *name, const luaL_Reg *meta, const luaL_Reg *methods) {
  luaL_newmetatable(L, name);
  luaL_setfuncs(L, meta, 0);
  lua_newtable(L);
  luaL_setfuncs(L, methods, 0);
  lua_setfield(L, -2, "__index");
  lua_pop(L, 1);
}

/* A type that only owns C memory while results are pushed: just a __gc. */
static void new_owner(lua_State *L, const char *name, lua_CFunction gc) {
  luaL_newmetatable(L, name);
  lua_pushcfunction(L, gc);
  lua_setfield(L, -2, "__gc");
  lua_pop(L, 1);
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
      luaL_argerror(L, t, lua_pushfstring(L, "option '%s' must be an integer", key));
    i = lua_tointeger(L, -1);
    if (i < 0) luaL_argerror(L, t, lua_pushfstring(L, "option '%s' must not be negative", key));
    v = (size_t)i;
  }
  lua_pop(L, 1);
  return v;
}

/* The limits of one scan from the options table at idx (nil: none): max_amounts, max_tokens. */
static tf_scan_opts scan_limits(lua_State *L, int idx) {
  tf_scan_opts o;
  if (!lua_isnoneornil(L, idx)) luaL_checktype(L, idx, LUA_TTABLE);
  o.max_amounts = opt_size(L, idx, "max_amounts", 0);
  o.max_tokens = opt_size(L, idx, "max_tokens", 0);
  return o;
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

/* core.gazetteer(places_json, aliases_json, lang [, lexicon]) -> Lexicon | fail, message, code */
static int ltf_gazetteer(lua_State *L) {
  size_t plen, alen;
  const char *places = luaL_checklstring(L, 1, &plen);
  const char *aliases = luaL_checklstring(L, 2, &alen);
  const char *lang = luaL_checkstring(L, 3);
  const tf_lexicon *inflect = lua_isnoneornil(L, 4) ? NULL : check_lexicon(L, 4);
  tf_lexicon **ud;
  tf_err err;
  ud = (tf_lexicon **)lua_newuserdatauv(L, sizeof *ud, 0);
  *ud = NULL;
  luaL_setmetatable(L, LEXICON_MT);
  memset(&err, 0, sizeof err);
  if (tf_gazetteer_load(places, plen, aliases, alen, lang, inflect, ud, &err) != TF_OK)
    return push_fail(L, "gazetteer", &err);
  return 1;
}

/*
** {======================================================
** Text: a whole file mapped (or read) for the extractor, with no copy
** into a Lua string; accepted wherever a text string is
** =======================================================
*/

static tf_textfile *check_textfile(lua_State *L, int idx) {
  tf_textfile *f = (tf_textfile *)luaL_checkudata(L, idx, TEXT_MT);
  if (f->p == NULL) luaL_argerror(L, idx, "the text is closed");
  return f;
}

/* The text argument idx: a string, or a tradefig.Text. */
static const char *text_arg(lua_State *L, int idx, size_t *len) {
  tf_textfile *f;
  if (lua_type(L, idx) == LUA_TSTRING) return lua_tolstring(L, idx, len);
  f = (tf_textfile *)luaL_testudata(L, idx, TEXT_MT);
  if (f == NULL) luaL_typeerror(L, idx, "string or tradefig.Text");
  if (f->p == NULL) luaL_argerror(L, idx, "the text is closed");
  *len = f->len;
  return f->p;
}

/* core.open_text(path) -> tradefig.Text | fail, "EIO: message", "EIO" */
static int ltf_open_text(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  tf_textfile *f = (tf_textfile *)lua_newuserdatauv(L, sizeof *f, 0);
  tf_err err;
  f->p = NULL;            /* closed until open succeeds: __gc has nothing to free */
  f->len = 0;
  f->mapped = 0;
  luaL_setmetatable(L, TEXT_MT);
  memset(&err, 0, sizeof err);
  if (tf_textfile_open(path, f, &err) != TF_OK) {
    f->p = NULL;
    luaL_pushfail(L);
    lua_pushfstring(L, "%s: %s", tf_errname(err.code), err.msg);
    lua_pushstring(L, tf_errname(err.code));
    return 3;
  }
  return 1;
}

/* core.is_text(v) -> whether v is a tradefig.Text, whether it is open */
static int ltf_is_text(lua_State *L) {
  tf_textfile *f = (tf_textfile *)luaL_testudata(L, 1, TEXT_MT);
  lua_pushboolean(L, f != NULL);
  lua_pushboolean(L, f != NULL && f->p != NULL);
  return 2;
}

static int text_gc(lua_State *L) {
  tf_textfile *f = (tf_textfile *)luaL_checkudata(L, 1, TEXT_MT);
  if (f->p != NULL) tf_textfile_close(f);
  f->p = NULL;
  return 0;
}

static int text_len(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)check_textfile(L, 1)->len);
  return 1;
}

/* text:sub(i [, j]) -> string, as string.sub (negative positions count from the end) */
static int text_sub(lua_State *L) {
  tf_textfile *f = check_textfile(L, 1);
  lua_Integer n = (lua_Integer)f->len;
  lua_Integer i = luaL_checkinteger(L, 2), j = luaL_optinteger(L, 3, -1);
  if (i < 0) i = (-i > n) ? 1 : n + i + 1;
  else if (i == 0) i = 1;
  if (j < 0) j = (-j > n) ? 0 : n + j + 1;
  else if (j > n) j = n;
  if (i > j) lua_pushliteral(L, "");
  else lua_pushlstring(L, f->p + (i - 1), (size_t)(j - i + 1));
  return 1;
}

static int text_tostring(lua_State *L) {
  tf_textfile *f = (tf_textfile *)luaL_checkudata(L, 1, TEXT_MT);
  if (f->p == NULL) lua_pushliteral(L, "tradefig.Text (closed)");
  else lua_pushfstring(L, "tradefig.Text (%I bytes%s)", (lua_Integer)f->len, f->mapped ? ", mapped" : "");
  return 1;
}

/* }====================================================== */

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
  if (a->by && (a->kind == TF_KIND_MONEY || a->kind == TF_KIND_NUMBER)) {
    lua_pushboolean(L, 1);
    lua_setfield(L, -2, "by");
  }
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
  const char *text = text_arg(L, 2, &len);
  tf_scan_opts opts;
  tf_amounts *res;
  tf_err err;
  int rc;
  opts = scan_limits(L, 3);
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
  const char *text = text_arg(L, 2, &len);
  const tf_lexicon *gz = lua_isnoneornil(L, 3) ? NULL : check_lexicon(L, 3);
  tf_scan_opts opts;
  tf_annot *res;
  tf_err err;
  opts = scan_limits(L, 4);
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
    } else if (m->e->cat == TF_LX_UP || m->e->cat == TF_LX_DOWN) {
      set_str(L, "tag", m->e->cat == TF_LX_UP ? "dir.up" : "dir.down");
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

/*
** core.parents(places_json | gazetteer [, name [, aliases_json [, aliases_name]]]) -> Parents | fail, message, code
** From a loaded gazetteer the countries need no second pass over places.json;
** aliases_json adds its "capitals" and "fiscal_year_start".
*/
static int ltf_parents(lua_State *L) {
  size_t len = 0, alen = 0;
  const tf_lexicon *gz = lua_isuserdata(L, 1) ? check_lexicon(L, 1) : NULL;
  const char *json = gz == NULL ? luaL_checklstring(L, 1, &len) : NULL;
  const char *name = luaL_optstring(L, 2, "places");
  const char *aliases = luaL_optlstring(L, 3, NULL, &alen);
  const char *aname = luaL_optstring(L, 4, "aliases");
  tf_parents **ud;
  tf_err err;
  ud = (tf_parents **)lua_newuserdatauv(L, sizeof *ud, 0);
  *ud = NULL;
  luaL_setmetatable(L, PARENTS_MT);
  memset(&err, 0, sizeof err);
  if (gz != NULL ? tf_parents_from_gazetteer(gz, ud, &err) != TF_OK : tf_parents_load(json, len, ud, &err) != TF_OK)
    return push_fail(L, name, &err);
  if (aliases != NULL && tf_parents_aliases(*ud, aliases, alen, &err) != TF_OK)
    return push_fail(L, aname, &err);
  return 1;
}

static tf_parents *check_parents(lua_State *L, int i) {
  tf_parents **p = (tf_parents **)luaL_checkudata(L, i, PARENTS_MT);
  luaL_argcheck(L, *p != NULL, i, "parents table is closed");
  return *p;
}

static int parents_gc(lua_State *L) {
  tf_parents **p = (tf_parents **)luaL_checkudata(L, 1, PARENTS_MT);
  tf_parents_free(*p);
  *p = NULL;
  return 0;
}

static int parents_tostring(lua_State *L) {
  tf_parents **p = (tf_parents **)luaL_checkudata(L, 1, PARENTS_MT);
  lua_pushstring(L, *p == NULL ? "tradefig.Parents (closed)" : "tradefig.Parents");
  return 1;
}

static int figures_gc(lua_State *L) {
  tf_figures *f = (tf_figures *)luaL_checkudata(L, 1, FIGURES_MT);
  tf_figures_free(f);
  return 0;
}

/* {i, j}: a 0-based [i, j) span as 1-based inclusive positions */
static void push_span(lua_State *L, const tf_span *s) {
  lua_createtable(L, 2, 0);
  lua_pushinteger(L, (lua_Integer)s->i + 1);
  lua_rawseti(L, -2, 1);
  lua_pushinteger(L, (lua_Integer)s->j);
  lua_rawseti(L, -2, 2);
}

static void push_figure(lua_State *L, const char *text, const tf_figures *all, const tf_figure *f) {
  size_t k;
  lua_createtable(L, 0, 15);
  set_str(L, "flow", f->flow);
  if (f->reporter != NULL) set_str(L, "reporter", f->reporter);
  if (f->partner != NULL) set_str(L, "partner", f->partner);
  if (f->has_value) {
    if (f->value_is_int) lua_pushinteger(L, (lua_Integer)f->ivalue);
    else lua_pushnumber(L, (lua_Number)f->value);
    lua_setfield(L, -2, "value");
  }
  if (f->currency[0] != '\0') set_str(L, "currency", f->currency);
  set_str(L, "qualifier", tf_qualifier_name(f->qualifier));
  if (f->has_period) {
    lua_createtable(L, 0, 2);
    set_str(L, "from", f->from);
    set_str(L, "to", f->to);
    lua_setfield(L, -2, "period");
  }
  if (f->change != TF_CHANGE_NONE) {
    lua_createtable(L, 0, 1);
    lua_pushnumber(L, (lua_Number)f->change_value);
    lua_setfield(L, -2, f->change == TF_CHANGE_PCT ? "pct" : "ratio");
    lua_setfield(L, -2, "change");
  }
  set_str(L, "status", f->status);
  if (f->has_segment) {
    lua_pushlstring(L, text + f->segment.i, f->segment.j - f->segment.i);
    lua_setfield(L, -2, "segment");
  }
  if (f->scope != NULL) set_str(L, "scope", f->scope);
  lua_pushlstring(L, text + f->span.i, f->span.j - f->span.i);
  lua_setfield(L, -2, "span");
  lua_createtable(L, (int)(f->nspans < (size_t)INT32_MAX ? f->nspans : 0), 0);
  for (k = 0; k < f->nspans; k++) {
    push_span(L, &all->spans[f->spans + k]);
    lua_rawseti(L, -2, (lua_Integer)k + 1);
  }
  lua_setfield(L, -2, "spans");
  push_span(L, &f->sentence);
  lua_setfield(L, -2, "sentence");
}

/* "YYYY-MM-DD" -> year, month, day; 0 when s is not such a date */
static int parse_date(const char *s, size_t len, int *y, int *m, int *d) {
  size_t k;
  static const char shape[] = "dddd-dd-dd";
  if (len != sizeof shape - 1) return 0;
  for (k = 0; k < len; k++) {
    if (shape[k] == 'd' ? (s[k] < '0' || s[k] > '9') : s[k] != '-') return 0;
  }
  *y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  *m = (s[5] - '0') * 10 + (s[6] - '0');
  *d = (s[8] - '0') * 10 + (s[9] - '0');
  return 1;
}

/*
** lexicon:extract(text [, gazetteer [, parents [, opts]]]) -> figures [, warning]
** opts: {date = "YYYY-MM-DD" (else today), max_amounts =, max_tokens =}.
** Each figure: {flow=, reporter=, partner=, value=, currency=, qualifier=,
** period={from=, to=}, change={pct=}|{ratio=}, status=, segment=, scope=,
** span=, spans={{i, j}, ...}, sentence={i, j}}, positions 1-based inclusive.
*/
static int lex_extract(lua_State *L) {
  tf_lexicon *lx = check_lexicon(L, 1);
  size_t len, k;
  const char *text = text_arg(L, 2, &len);
  const tf_lexicon *gz = lua_isnoneornil(L, 3) ? NULL : check_lexicon(L, 3);
  const tf_parents *parents = lua_isnoneornil(L, 4) ? NULL : check_parents(L, 4);
  tf_extract_opts opts;
  tf_figures *res;
  tf_err err;
  tf_scan_opts lim = scan_limits(L, 5);
  memset(&opts, 0, sizeof opts);
  opts.max_amounts = lim.max_amounts;
  opts.max_tokens = lim.max_tokens;
  if (!lua_isnoneornil(L, 5)) {
    if (lua_getfield(L, 5, "date") == LUA_TSTRING) {
      size_t dlen;
      const char *ds = lua_tolstring(L, -1, &dlen);
      opts.has_date = parse_date(ds, dlen, &opts.year, &opts.month, &opts.day);
    }
    lua_pop(L, 1);
  }
  res = (tf_figures *)lua_newuserdatauv(L, sizeof *res, 0);
  memset(res, 0, sizeof *res);
  luaL_setmetatable(L, FIGURES_MT);
  memset(&err, 0, sizeof err);
  if (tf_extract(lx, gz, parents, text, len, &opts, res, &err) != TF_OK) {
    tf_figures_free(res);
    return push_fail(L, NULL, &err);
  }
  lua_createtable(L, (int)(res->n < (size_t)INT32_MAX ? res->n : 0), 0);
  for (k = 0; k < res->n; k++) {
    push_figure(L, text, res, &res->v[k]);
    lua_rawseti(L, -2, (lua_Integer)k + 1);
  }
  if (res->bad_utf8 > 0) {
    lua_pushfstring(L, "invalid UTF-8 or NUL byte at byte %I (%I such bytes skipped)",
                    (lua_Integer)res->first_bad + 1, (lua_Integer)res->bad_utf8);
    return 2;
  }
  return 1;
}

/*
** lexicon:score(text [, max_bytes]) -> number of stop words of the lexicon in
** text, or in its first max_bytes (cut back to a space, so no word is split)
*/
static int lex_score(lua_State *L) {
  tf_lexicon *lx = check_lexicon(L, 1);
  size_t len;
  const char *text = text_arg(L, 2, &len);
  lua_Integer max = luaL_optinteger(L, 3, 0);
  tf_tokens *toks;
  char *folded;
  tf_err err;
  size_t score;
  if (max > 0 && (lua_Unsigned)max < (lua_Unsigned)len) {
    size_t cut = (size_t)max;
    while (cut > 0 && text[cut] != ' ' && text[cut] != '\n') cut--;
    if (cut == 0) {                       /* no space: at least whole characters */
      cut = (size_t)max;
      while (cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80) cut--;
    }
    len = cut;
  }
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

/*
** {======================================================
** Readers (statistics files)
** =======================================================
*/

#define MAX_REASONS 100     /* rejection messages kept by a reader for stats() */

typedef struct lreader {
  tf_table *t;
  int lenient;
  const char *path;         /* anchored by user value 1 */
} lreader;

/* user values of a reader: 1 path, 2 codes, 3 reasons table, 4 on_reject function */
enum { UV_PATH = 1, UV_CODES, UV_REASONS, UV_ONREJECT, UV_N = UV_ONREJECT };

static tf_codes *check_codes(lua_State *L, int i) {
  tf_codes **p = (tf_codes **)luaL_checkudata(L, i, CODES_MT);
  luaL_argcheck(L, *p != NULL, i, "code table is closed");
  return *p;
}

static lreader *check_reader(lua_State *L, int i) {
  lreader *r = (lreader *)luaL_checkudata(L, i, READER_MT);
  luaL_argcheck(L, r->t != NULL, i, "reader is closed");
  return r;
}

/* core.codes(json [, name]) -> Codes | fail, message, code */
static int ltf_codes(lua_State *L) {
  size_t len;
  const char *json = luaL_checklstring(L, 1, &len);
  const char *name = luaL_optstring(L, 2, "codes");
  tf_codes **ud = (tf_codes **)lua_newuserdatauv(L, sizeof *ud, 0);
  tf_err err;
  *ud = NULL;
  luaL_setmetatable(L, CODES_MT);
  memset(&err, 0, sizeof err);
  if (tf_codes_load(json, len, ud, &err) != TF_OK) return push_fail(L, name, &err);
  return 1;
}

static int codes_gc(lua_State *L) {
  tf_codes **p = (tf_codes **)luaL_checkudata(L, 1, CODES_MT);
  tf_codes_free(*p);
  *p = NULL;
  return 0;
}

/* codes:get(table, key) -> code | nil */
static int codes_get(lua_State *L) {
  tf_codes *c = check_codes(L, 1);
  const char *table = luaL_checkstring(L, 2);
  size_t klen;
  const char *key = luaL_checklstring(L, 3, &klen);
  const char *v = tf_codes_get(c, table, key, klen);
  if (v == NULL) luaL_pushfail(L);
  else lua_pushstring(L, v);
  return 1;
}

/* Push "ECODE: file:line:column: message" and the code; nil first unless rejected (false). */
static int push_data_error(lua_State *L, const char *path, const tf_err *e, int rejected) {
  if (rejected) lua_pushboolean(L, 0);
  else luaL_pushfail(L);
  if (e->line > 0)
    lua_pushfstring(L, "%s: %s:%I:%I: %s", tf_errname(e->code), path, (lua_Integer)e->line,
                    (lua_Integer)e->column, e->msg);
  else
    lua_pushfstring(L, "%s: %s: %s", tf_errname(e->code), path, e->msg);
  lua_pushstring(L, tf_errname(e->code));
  return 3;
}

/*
** core.open(path, opts) -> Reader | fail, message, code
** opts: layout (string), map (JSON text), codes (Codes), lenient (boolean),
** on_reject (function(message, code)), max_record, max_depth (integers).
*/
static int ltf_open(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  tf_table_opts o;
  lreader *r;
  tf_err err;
  size_t maplen = 0;
  const char *map = NULL;
  int rc;
  memset(&o, 0, sizeof o);
  luaL_checktype(L, 2, LUA_TTABLE);
  lua_getfield(L, 2, "layout");
  {
    const char *l = "auto";
    if (!lua_isnil(L, -1)) {
      if (lua_type(L, -1) != LUA_TSTRING) luaL_argerror(L, 2, "option 'layout' must be a string");
      l = lua_tostring(L, -1);
    }
    for (o.layout = 0; tf_layout_names[o.layout] != NULL; o.layout++)
      if (strcmp(tf_layout_names[o.layout], l) == 0) break;
    if (tf_layout_names[o.layout] == NULL)
      luaL_argerror(L, 2, lua_pushfstring(L, "invalid layout '%s'", l));
  }
  lua_pop(L, 1);
  if (lua_getfield(L, 2, "map") != LUA_TNIL) {
    if (lua_type(L, -1) != LUA_TSTRING) luaL_argerror(L, 2, "option 'map' must be JSON text");
    map = lua_tolstring(L, -1, &maplen);      /* stays on the stack while used */
  }
  o.map = map;
  o.map_len = maplen;
  o.max_record = opt_size(L, 2, "max_record", 0);
  o.max_depth = (int)opt_size(L, 2, "max_depth", 0);
  if ((size_t)o.max_depth != opt_size(L, 2, "max_depth", 0))
    luaL_argerror(L, 2, "option 'max_depth' is too large");
  r = (lreader *)lua_newuserdatauv(L, sizeof *r, UV_N);
  r->t = NULL;
  r->path = NULL;
  luaL_setmetatable(L, READER_MT);
  lua_pushvalue(L, 1);
  r->path = lua_tostring(L, -1);
  lua_setiuservalue(L, -2, UV_PATH);
  lua_getfield(L, 2, "codes");
  if (!lua_isnil(L, -1)) {
    tf_codes **cp = (tf_codes **)luaL_testudata(L, -1, CODES_MT);
    if (cp == NULL) luaL_argerror(L, 2, "option 'codes' must be a tradefig.Codes");
    if (*cp == NULL) luaL_argerror(L, 2, "option 'codes' is closed");
  }
  lua_setiuservalue(L, -2, UV_CODES);
  lua_newtable(L);
  lua_setiuservalue(L, -2, UV_REASONS);
  lua_getfield(L, 2, "on_reject");
  if (!lua_isnil(L, -1) && !lua_isfunction(L, -1))
    luaL_argerror(L, 2, "option 'on_reject' must be a function");
  lua_setiuservalue(L, -2, UV_ONREJECT);
  lua_getfield(L, 2, "lenient");
  r->lenient = lua_toboolean(L, -1);
  lua_pop(L, 1);
  lua_getiuservalue(L, -1, UV_CODES);
  {
    tf_codes **cp = lua_isnil(L, -1) ? NULL : (tf_codes **)lua_touserdata(L, -1);
    memset(&err, 0, sizeof err);
    rc = tf_table_open(path, &o, cp ? *cp : NULL, &r->t, &err);
  }
  lua_pop(L, 1);
  if (rc != TF_OK) return push_data_error(L, path, &err, 0);
  return 1;
}

static int reader_gc(lua_State *L) {
  lreader *r = (lreader *)luaL_checkudata(L, 1, READER_MT);
  tf_table_free(r->t);
  r->t = NULL;
  return 0;
}

static int reader_tostring(lua_State *L) {
  lreader *r = (lreader *)luaL_checkudata(L, 1, READER_MT);
  if (r->t == NULL) {
    lua_pushliteral(L, "tradefig.Reader (closed)");
  } else {
    tf_table_stats st;
    tf_table_get_stats(r->t, &st);
    lua_pushfstring(L, "tradefig.Reader (%s, %I records)", tf_layout_names[tf_table_layout(r->t)],
                    (lua_Integer)st.records);
  }
  return 1;
}

static void set_num(lua_State *L, const char *k, const tf_num *n) {
  push_num(L, n, 0);
  lua_setfield(L, -2, k);
}

static void set_opt_str(lua_State *L, const char *k, const char *v) {
  if (v != NULL && v[0] != '\0') set_str(L, k, v);
}

/* "YYYY-MM" */
static void push_month(lua_State *L, int y, int m) {
  char buf[8];
  buf[0] = (char)('0' + y / 1000 % 10);
  buf[1] = (char)('0' + y / 100 % 10);
  buf[2] = (char)('0' + y / 10 % 10);
  buf[3] = (char)('0' + y % 10);
  buf[4] = '-';
  buf[5] = (char)('0' + m / 10 % 10);
  buf[6] = (char)('0' + m % 10);
  lua_pushlstring(L, buf, 7);
}

/* Push a record as a table of the record model. */
static void push_record(lua_State *L, const tf_record *rec, int path_idx) {
  static const struct { unsigned flag; const char *name; } brk[] = {
    {TF_BRK_PARTNER2, "partner2"}, {TF_BRK_MOT, "mot"}, {TF_BRK_CUSTOMS, "customs"},
    {TF_BRK_MOS, "mos"}
  };
  lua_createtable(L, 0, 24);
  set_str(L, "flow", rec->flow);
  set_str(L, "reporter", rec->reporter);
  set_opt_str(L, "partner", rec->partner);
  set_opt_str(L, "partner2", rec->partner2);
  lua_createtable(L, 0, 2);
  push_month(L, rec->from_year, rec->from_month);
  lua_setfield(L, -2, "from");
  push_month(L, rec->to_year, rec->to_month);
  lua_setfield(L, -2, "to");
  lua_setfield(L, -2, "period");
  set_num(L, "value", &rec->value);
  set_str(L, "currency", rec->currency);
  set_str(L, "status", "actual");
  set_str(L, "scope", rec->scope);
  set_opt_str(L, "segment", rec->segment);
  if (rec->segment_level >= 0) set_int(L, "segment_level", rec->segment_level);
  set_opt_str(L, "classification", rec->classification);
  if (rec->has_cif) set_num(L, "cif", &rec->cif);
  if (rec->has_fob) set_num(L, "fob", &rec->fob);
  if (rec->has_qty) set_num(L, "qty", &rec->qty);
  if (rec->has_qty) set_opt_str(L, "qty_unit", rec->qty_unit);
  if (rec->has_net_weight) set_num(L, "net_weight", &rec->net_weight);
  set_opt_str(L, "mot", rec->mot);
  set_opt_str(L, "customs", rec->customs);
  if (rec->breakdown != 0) {
    luaL_Buffer b;
    size_t k;
    int first = 1;
    luaL_buffinit(L, &b);
    for (k = 0; k < sizeof brk / sizeof brk[0]; k++)
      if (rec->breakdown & brk[k].flag) {
        if (!first) luaL_addchar(&b, ',');
        luaL_addstring(&b, brk[k].name);
        first = 0;
      }
    luaL_pushresult(&b);
    lua_setfield(L, -2, "breakdown");
  }
  lua_createtable(L, 0, 5);
  lua_pushvalue(L, path_idx);
  lua_setfield(L, -2, "file");
  set_int(L, "line", rec->line);
  set_int(L, "column", rec->column);
  set_int(L, "index", (lua_Integer)rec->index);
  set_opt_str(L, "field", rec->column_name);
  lua_setfield(L, -2, "source");
}

/* Keep a rejection for stats() and call on_reject; the message and code are at the stack top. */
static void note_reject(lua_State *L, int ud) {
  int msg = lua_gettop(L) - 1;
  lua_getiuservalue(L, ud, UV_REASONS);
  if (lua_rawlen(L, -1) < MAX_REASONS) {
    lua_createtable(L, 0, 2);
    lua_pushvalue(L, msg);
    lua_setfield(L, -2, "message");
    lua_pushvalue(L, msg + 1);
    lua_setfield(L, -2, "code");
    lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
  }
  lua_pop(L, 1);
  if (lua_getiuservalue(L, ud, UV_ONREJECT) == LUA_TFUNCTION) {
    lua_pushvalue(L, msg);
    lua_pushvalue(L, msg + 1);
    lua_call(L, 2, 0);
  } else {
    lua_pop(L, 1);
  }
}

/*
** One step: a record (1 value), the end (nil), or an error: nil, msg,
** code (fatal) or, when strict, false, msg, code (a rejected row; the
** reader can go on). Lenient readers skip rejected rows after noting them.
*/
static int reader_step(lua_State *L, int ud) {
  lreader *r = check_reader(L, ud);
  for (;;) {
    tf_record rec;
    tf_err err;
    int rc;
    memset(&err, 0, sizeof err);
    rc = tf_table_next(r->t, &rec, &err);
    if (rc == 1) {
      lua_getiuservalue(L, ud, UV_PATH);
      push_record(L, &rec, lua_gettop(L));
      lua_remove(L, -2);
      return 1;
    }
    if (rc == 0) {
      luaL_pushfail(L);
      return 1;
    }
    if (rc < 0) return push_data_error(L, r->path, &err, 0);
    push_data_error(L, r->path, &err, 1);
    if (!r->lenient) {
      lua_pushvalue(L, -2);
      lua_pushvalue(L, -2);
      note_reject(L, ud);
      lua_pop(L, 2);
      return 3;
    }
    note_reject(L, ud);
    lua_pop(L, 3);
  }
}

/* reader:read() -> record | nil (the end) | nil, msg, code | false, msg, code (rejected row) */
static int reader_read(lua_State *L) {
  return reader_step(L, 1);
}

/* The iterator of reader:records(): raises on errors, as io.lines does. */
static int reader_iter(lua_State *L) {
  int n = reader_step(L, lua_upvalueindex(1));
  if (n == 3) {
    lua_pushvalue(L, -2);             /* the message, without a position prefix */
    return lua_error(L);
  }
  return n;
}

/* reader:records() -> iterator over records (for rec in reader:records() do ... end) */
static int reader_records(lua_State *L) {
  check_reader(L, 1);
  lua_pushvalue(L, 1);
  lua_pushcclosure(L, reader_iter, 1);
  return 1;
}

/* reader:stats() -> {rows=, records=, rejected=, skipped=, layout=, reasons={{message=, code=}...}} */
static int reader_stats(lua_State *L) {
  lreader *r = (lreader *)luaL_checkudata(L, 1, READER_MT);
  tf_table_stats st;
  memset(&st, 0, sizeof st);
  lua_createtable(L, 0, 6);
  if (r->t != NULL) {
    tf_table_get_stats(r->t, &st);
    set_str(L, "layout", tf_layout_names[tf_table_layout(r->t)]);
  }
  set_int(L, "rows", (lua_Integer)st.rows);
  set_int(L, "records", (lua_Integer)st.records);
  set_int(L, "rejected", (lua_Integer)st.rejected);
  set_int(L, "skipped", (lua_Integer)st.skipped);
  lua_getiuservalue(L, 1, UV_REASONS);
  lua_setfield(L, -2, "reasons");
  return 1;
}

static const luaL_Reg reader_methods[] = {
  {"read", reader_read},
  {"records", reader_records},
  {"stats", reader_stats},
  {"close", reader_gc},
  {NULL, NULL}
};

static const luaL_Reg reader_meta[] = {
  {"__gc", reader_gc},
  {"__close", reader_gc},
  {"__tostring", reader_tostring},
  {"__index", NULL},
  {NULL, NULL}
};

static const luaL_Reg codes_methods[] = {
  {"get", codes_get},
  {"close", codes_gc},
  {NULL, NULL}
};

static const luaL_Reg codes_meta[] = {
  {"__gc", codes_gc},
  {"__close", codes_gc},
  {"__index", NULL},
  {NULL, NULL}
};

static void create_reader_meta(lua_State *L) {
  new_type(L, READER_MT, reader_meta, reader_methods);
  new_type(L, CODES_MT, codes_meta, codes_methods);
}

/* }====================================================== */

/*
** {======================================================
** Aggregator
** =======================================================
*/

static tf_agg *check_agg(lua_State *L, int i) {
  tf_agg **p = (tf_agg **)luaL_checkudata(L, i, AGG_MT);
  luaL_argcheck(L, *p != NULL, i, "aggregator is closed");
  return *p;
}

static int key_of(const char *s) {
  int k;
  for (k = 0; tf_agg_key_names[k] != NULL; k++)
    if (strcmp(tf_agg_key_names[k], s) == 0) return k;
  return -1;
}

/* "YYYY-MM" into *y, *m; 0 when it is not one. */
static int parse_ym(const char *s, size_t len, int *y, int *m) {
  size_t k;
  if (len != 7 || s[4] != '-') return 0;
  for (k = 0; k < 7; k++)
    if (k != 4 && (s[k] < '0' || s[k] > '9')) return 0;
  *y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  *m = (s[5] - '0') * 10 + (s[6] - '0');
  return *m >= 1 && *m <= 12;
}

static const char *const op_names[] = {"=", "!=", "<", "<=", ">", ">=", NULL};

/*
** core.aggregator{by={...}, max_groups=, target=, rates={{currency=, from=, to=, rate=}...},
** where={{key, op, value}...}} -> Agg | fail, message, code
*/
static int ltf_aggregator(lua_State *L) {
  int keys[TF_AGG_MAX_KEYS], nkeys = 0, k;
  size_t max_groups;
  tf_agg **ud;
  tf_err err;
  luaL_checktype(L, 1, LUA_TTABLE);
  if (lua_getfield(L, 1, "by") != LUA_TTABLE) luaL_argerror(L, 1, "option 'by' must be a table of key names");
  for (k = 1; lua_rawgeti(L, -1, k) != LUA_TNIL; k++) {
    const char *s = lua_tostring(L, -1);
    int key;
    if (lua_type(L, -1) != LUA_TSTRING) luaL_argerror(L, 1, "option 'by' must hold key names");
    key = key_of(s);
    if (key < 0) luaL_argerror(L, 1, lua_pushfstring(L, "unknown key '%s'", s));
    if (nkeys >= TF_AGG_MAX_KEYS - 2) luaL_argerror(L, 1, "too many keys");
    keys[nkeys++] = key;
    lua_pop(L, 1);
  }
  lua_pop(L, 2);
  max_groups = opt_size(L, 1, "max_groups", 0);
  ud = (tf_agg **)lua_newuserdatauv(L, sizeof *ud, 0);
  *ud = NULL;
  luaL_setmetatable(L, AGG_MT);
  memset(&err, 0, sizeof err);
  if (tf_agg_new(keys, nkeys, max_groups, ud, &err) != TF_OK) {
    if (err.code == TF_EINVAL) luaL_argerror(L, 1, err.msg);
    return push_fail(L, NULL, &err);
  }
  if (lua_getfield(L, 1, "target") != LUA_TNIL) {
    if (lua_type(L, -1) != LUA_TSTRING) luaL_argerror(L, 1, "option 'target' must be a currency code");
    if (tf_agg_set_target(*ud, lua_tostring(L, -1), &err) != TF_OK) luaL_argerror(L, 1, err.msg);
  }
  lua_pop(L, 1);
  if (lua_getfield(L, 1, "rates") != LUA_TNIL) {
    if (lua_type(L, -1) != LUA_TTABLE) luaL_argerror(L, 1, "option 'rates' must be a table");
    for (k = 1; lua_rawgeti(L, -1, k) == LUA_TTABLE; k++) {
      const char *cur, *from, *to;
      size_t fl, tl;
      int fy, fm, ty, tm, isnum;
      double rt;
      lua_getfield(L, -1, "currency");
      lua_getfield(L, -2, "from");
      lua_getfield(L, -3, "to");
      lua_getfield(L, -4, "rate");
      cur = lua_tostring(L, -4);
      from = lua_tolstring(L, -3, &fl);
      to = lua_tolstring(L, -2, &tl);
      rt = lua_tonumberx(L, -1, &isnum);
      if (cur == NULL || from == NULL || to == NULL || !isnum || !parse_ym(from, fl, &fy, &fm) ||
          !parse_ym(to, tl, &ty, &tm))
        luaL_argerror(L, 1, lua_pushfstring(L, "rates[%d] must be {currency=, from=\"YYYY-MM\", "
                                               "to=\"YYYY-MM\", rate=}", k));
      if (tf_agg_add_rate(*ud, cur, fy, fm, ty, tm, rt, &err) != TF_OK)
        luaL_argerror(L, 1, lua_pushfstring(L, "rates[%d]: %s", k, err.msg));
      lua_pop(L, 5);
    }
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  if (lua_getfield(L, 1, "where") != LUA_TNIL) {
    if (lua_type(L, -1) != LUA_TTABLE) luaL_argerror(L, 1, "option 'where' must be a table");
    for (k = 1; lua_rawgeti(L, -1, k) == LUA_TTABLE; k++) {
      const char *key, *op, *val;
      int ki, oi;
      lua_rawgeti(L, -1, 1);
      lua_rawgeti(L, -2, 2);
      lua_rawgeti(L, -3, 3);
      key = lua_tostring(L, -3);
      op = lua_tostring(L, -2);
      val = lua_tostring(L, -1);
      if (key == NULL || op == NULL || val == NULL)
        luaL_argerror(L, 1, lua_pushfstring(L, "where[%d] must be {key, op, value}", k));
      ki = key_of(key);
      if (ki < 0) luaL_argerror(L, 1, lua_pushfstring(L, "where[%d]: unknown key '%s'", k, key));
      for (oi = 0; op_names[oi] != NULL && strcmp(op_names[oi], op) != 0; oi++) {}
      if (op_names[oi] == NULL) luaL_argerror(L, 1, lua_pushfstring(L, "where[%d]: unknown operator '%s'", k, op));
      if (tf_agg_where(*ud, ki, oi, val, &err) != TF_OK)
        luaL_argerror(L, 1, lua_pushfstring(L, "where[%d]: %s", k, err.msg));
      lua_pop(L, 4);
    }
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  return 1;
}

static int agg_gc(lua_State *L) {
  tf_agg **p = (tf_agg **)luaL_checkudata(L, 1, AGG_MT);
  tf_agg_free(*p);
  *p = NULL;
  return 0;
}

static int agg_tostring(lua_State *L) {
  tf_agg **p = (tf_agg **)luaL_checkudata(L, 1, AGG_MT);
  if (*p == NULL) {
    lua_pushliteral(L, "tradefig.Agg (closed)");
  } else {
    tf_agg_stats st;
    tf_agg_get_stats(*p, &st);
    lua_pushfstring(L, "tradefig.Agg (%I groups, %I records)", (lua_Integer)st.groups,
                    (lua_Integer)st.added);
  }
  return 1;
}

/* A string field of the table at t, left on the stack; NULL when absent. */
static const char *rec_str(lua_State *L, int t, const char *k) {
  int ty = lua_getfield(L, t, k);
  if (ty == LUA_TNIL) return NULL;
  if (ty != LUA_TSTRING)
    luaL_argerror(L, 2, lua_pushfstring(L, "field '%s' must be a string", k));
  return lua_tostring(L, -1);
}

/* The period {from="YYYY-MM", to="YYYY-MM"} of the record at t; absent or malformed: zeros. */
static void rec_period(lua_State *L, int t, tf_agg_item *it) {
  if (lua_getfield(L, t, "period") == LUA_TTABLE) {
    size_t fl = 0, tl = 0;
    const char *from, *to;
    lua_getfield(L, -1, "from");
    lua_getfield(L, -2, "to");
    from = lua_tolstring(L, -2, &fl);
    to = lua_tolstring(L, -1, &tl);
    if (from == NULL || to == NULL || !parse_ym(from, fl, &it->from_year, &it->from_month) ||
        !parse_ym(to, tl, &it->to_year, &it->to_month))
      it->from_year = it->from_month = it->to_year = it->to_month = 0;
    lua_pop(L, 2);
  }
  lua_pop(L, 1);
}

/*
** agg:add(record) -> true (summed) | false (skipped by a rule or filter) | fail, message, code
** record: a table of the record model (extract or tradefig.open).
*/
static int agg_add(lua_State *L) {
  tf_agg *a = check_agg(L, 1);
  tf_agg_item it;
  tf_err err;
  int top, rc;
  luaL_checktype(L, 2, LUA_TTABLE);
  top = lua_gettop(L);
  memset(&it, 0, sizeof it);
  it.flow = rec_str(L, 2, "flow");
  it.reporter = rec_str(L, 2, "reporter");
  it.partner = rec_str(L, 2, "partner");
  it.currency = rec_str(L, 2, "currency");
  it.segment = rec_str(L, 2, "segment");
  it.status = rec_str(L, 2, "status");
  it.breakdown = rec_str(L, 2, "breakdown") != NULL ? 1u : 0u;
  switch (lua_getfield(L, 2, "source")) {
    case LUA_TSTRING: it.source = lua_tostring(L, -1); break;
    case LUA_TTABLE:
      if (lua_getfield(L, -1, "file") != LUA_TSTRING) {
        lua_pop(L, 1);
        if (lua_getfield(L, -1, "doc") != LUA_TSTRING) {
          lua_pop(L, 1);
          lua_getfield(L, -1, "id");
        }
      }
      it.source = lua_tostring(L, -1);     /* kept on the stack */
      break;
    default: break;
  }
  it.segment_level = -1;
  if (lua_getfield(L, 2, "segment_level") == LUA_TNUMBER && lua_isinteger(L, -1)) {
    lua_Integer lv = lua_tointeger(L, -1);
    it.segment_level = lv < 0 ? -1 : lv > 254 ? 254 : (int)lv;
  }
  rec_period(L, 2, &it);
  switch (lua_getfield(L, 2, "value")) {
    case LUA_TNIL: break;
    case LUA_TNUMBER:
      it.has_value = 1;
      if (lua_isinteger(L, -1)) {
        lua_Integer iv = lua_tointeger(L, -1);
        if (iv > -(LUA_MAXINTEGER / 2) && iv < LUA_MAXINTEGER / 2) {
          it.is_int = 1;
          it.ivalue = (long long)iv;
        }
      }
      it.dvalue = (double)lua_tonumber(L, -1);
      break;
    default: luaL_argerror(L, 2, "field 'value' must be a number");
  }
  memset(&err, 0, sizeof err);
  rc = tf_agg_add(a, &it, &err);
  lua_settop(L, top);
  if (rc < 0) return push_fail(L, NULL, &err);
  lua_pushboolean(L, rc == 1);
  return 1;
}

/*
** agg:add_reader(reader) -> records read | fail, message, code
** Reads the reader to its end in C. A strict reader stops at a rejected
** row with fail, message, code (call again to go on); a lenient one notes
** it and goes on.
*/
static int agg_add_reader(lua_State *L) {
  tf_agg *a = check_agg(L, 1);
  lreader *r = check_reader(L, 2);
  lua_Integer n = 0;
  for (;;) {
    tf_record rec;
    tf_err err;
    int rc;
    memset(&err, 0, sizeof err);
    rc = tf_table_next(r->t, &rec, &err);
    if (rc == 1) {
      n++;
      rc = tf_agg_add_record(a, &rec, r->path, &err);
      if (rc < 0) {
        err.line = rec.line;
        err.column = rec.column;
        return push_data_error(L, r->path, &err, 0);
      }
      continue;
    }
    if (rc == 0) break;
    if (rc < 0) return push_data_error(L, r->path, &err, 0);
    push_data_error(L, r->path, &err, 1);
    lua_pushvalue(L, -2);
    lua_pushvalue(L, -2);
    note_reject(L, 2);
    lua_pop(L, 2);
    if (!r->lenient) {
      luaL_pushfail(L);
      lua_replace(L, -4);
      return 3;
    }
    lua_pop(L, 3);
  }
  lua_pushinteger(L, n);
  return 1;
}

/* Push a sum: an integer when integral, else a float. */
static void push_aggnum(lua_State *L, const tf_agg_num *v) {
  if (v->is_int) lua_pushinteger(L, (lua_Integer)v->i);
  else lua_pushnumber(L, (lua_Number)v->d);
}

/* Push a double as an integer when it is integral and exact (|d| < 2^53). */
static void push_dint(lua_State *L, double d) {
  if (d == floor(d) && fabs(d) < 9007199254740992.0) lua_pushinteger(L, (lua_Integer)d);
  else lua_pushnumber(L, (lua_Number)d);
}

/* Owns the rows of agg:rows() while they are pushed. */
typedef struct lrows {
  tf_agg_row *rows;
} lrows;

static int rows_gc(lua_State *L) {
  lrows *r = (lrows *)luaL_checkudata(L, 1, AGG_ROWS_MT);
  free(r->rows);
  r->rows = NULL;
  return 0;
}

/* Rows of equal value: a fixed order (entry, then reported before derived). */
static int tie(const tf_agg_row *r, const tf_agg_row *s) {
  if (r->koff != s->koff) return r->koff < s->koff ? -1 : 1;
  return r->derived < s->derived ? -1 : r->derived > s->derived;
}

static int by_value_desc(const void *x, const void *y) {
  const tf_agg_row *r = (const tf_agg_row *)x, *s = (const tf_agg_row *)y;
  if (r->sum.d != s->sum.d) return r->sum.d > s->sum.d ? -1 : 1;
  return tie(r, s);
}

static int by_value_asc(const void *x, const void *y) {
  const tf_agg_row *r = (const tf_agg_row *)x, *s = (const tf_agg_row *)y;
  if (r->sum.d != s->sum.d) return r->sum.d < s->sum.d ? -1 : 1;
  return tie(r, s);
}

static void push_row(lua_State *L, tf_agg *a, const tf_agg_row *r) {
  int k;
  lua_createtable(L, 0, 20);
  for (k = 0; k < tf_agg_nkeys(a); k++) {
    int key = tf_agg_key(a, k);
    size_t len;
    const char *s = tf_agg_row_key(a, r, k, &len);
    if (key == TF_AGG_YEAR && len == 4) {
      lua_pushinteger(L, (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0'));
    } else {
      lua_pushlstring(L, s, len);
    }
    lua_setfield(L, -2, tf_agg_key_names[key]);
  }
  push_aggnum(L, &r->sum);
  lua_setfield(L, -2, "value");
  set_int(L, "count", (lua_Integer)r->count);
  if (r->derived == TF_AGG_REPORTED) {
    push_dint(L, r->min);
    lua_setfield(L, -2, "min");
    push_dint(L, r->max);
    lua_setfield(L, -2, "max");
    lua_pushnumber(L, r->count ? r->sum.d / (double)r->count : 0.0);
    lua_setfield(L, -2, "mean");
  } else {
    lua_pushboolean(L, 1);
    lua_setfield(L, -2, "derived");
  }
  if (r->from_year > 0) {
    lua_createtable(L, 0, 2);
    push_month(L, r->from_year, r->from_month);
    lua_setfield(L, -2, "from");
    push_month(L, r->to_year, r->to_month);
    lua_setfield(L, -2, "to");
    lua_setfield(L, -2, "period");
    set_int(L, "months", r->months);
  }
  if (r->complete >= 0) {
    lua_pushboolean(L, r->complete);
    lua_setfield(L, -2, "complete");
  }
  set_int(L, "level", r->level);
  if (r->world) {
    lua_pushboolean(L, 1);
    lua_setfield(L, -2, "world");
  }
  if (r->has_check) {
    push_aggnum(L, &r->check);
    lua_setfield(L, -2, "partners_sum");
    set_int(L, "partners_count", (lua_Integer)r->check_count);
  }
  if (r->alternatives > 0) set_int(L, "alternatives", (lua_Integer)r->alternatives);
}

/*
** agg:rows([{sort="key"|"desc"|"asc", limit=n}]) -> array of rows
** Each row: the keys by name (year as an integer), value (the sum), count,
** min, max, mean, period {from, to} (months covered), months, complete,
** level, world, partners_sum, partners_count, alternatives, derived.
*/
static const char *const row_sorts[] = {"key", "desc", "asc", NULL};

/*
** The rows of a, sorted and cut as the options at index 2 say, owned by a
** userdata left on the stack; NULL after pushing fail, message, code.
*/
static lrows *get_rows(lua_State *L, tf_agg *a, size_t *np) {
  int sort = 0;
  size_t limit = 0, n;
  lrows *lr;
  tf_err err;
  if (!lua_isnoneornil(L, 2)) {
    luaL_checktype(L, 2, LUA_TTABLE);
    if (lua_getfield(L, 2, "sort") != LUA_TNIL) {
      const char *s = lua_tostring(L, -1);
      if (lua_type(L, -1) != LUA_TSTRING) luaL_argerror(L, 2, "option 'sort' must be a string");
      for (sort = 0; row_sorts[sort] != NULL && strcmp(row_sorts[sort], s) != 0; sort++) {}
      if (row_sorts[sort] == NULL)
        luaL_argerror(L, 2, lua_pushfstring(L, "option 'sort' must be key, desc or asc, not '%s'", s));
    }
    lua_pop(L, 1);
    limit = opt_size(L, 2, "limit", 0);
  }
  lr = (lrows *)lua_newuserdatauv(L, sizeof *lr, 0);
  lr->rows = NULL;
  luaL_setmetatable(L, AGG_ROWS_MT);
  memset(&err, 0, sizeof err);
  if (tf_agg_rows(a, &lr->rows, &n, &err) != TF_OK) {
    push_fail(L, NULL, &err);
    return NULL;
  }
  if (sort == 1) qsort(lr->rows, n, sizeof *lr->rows, by_value_desc);
  else if (sort == 2) qsort(lr->rows, n, sizeof *lr->rows, by_value_asc);
  if (limit > 0 && limit < n) n = limit;
  *np = n;
  return lr;
}

static int agg_rows(lua_State *L) {
  tf_agg *a = check_agg(L, 1);
  size_t n, k;
  lrows *lr = get_rows(L, a, &n);
  if (lr == NULL) return 3;
  lua_createtable(L, (int)(n < (size_t)INT32_MAX ? n : 0), 0);
  for (k = 0; k < n; k++) {
    push_row(L, a, &lr->rows[k]);
    lua_rawseti(L, -2, (lua_Integer)k + 1);
  }
  free(lr->rows);
  lr->rows = NULL;
  return 1;
}

static const char *const month_abbr[] = {
  "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};

/* A period in words, as tradefig.agg.period_label: "2023", "Jan-Sep 2024", "Q3 2023". */
static void add_period_label(luaL_Buffer *b, int fy, int fm, int ty, int tm) {
  char tmp[48];
  if (fy == ty) {
    if (fm == 1 && tm == 12) snprintf(tmp, sizeof tmp, "%d", fy);
    else if (fm == tm) snprintf(tmp, sizeof tmp, "%s %d", month_abbr[fm - 1], fy);
    else if (tm == fm + 2 && fm % 3 == 1) snprintf(tmp, sizeof tmp, "Q%d %d", (fm + 2) / 3, fy);
    else snprintf(tmp, sizeof tmp, "%s-%s %d", month_abbr[fm - 1], month_abbr[tm - 1], fy);
  } else if (fm == 1 && tm == 12) {
    snprintf(tmp, sizeof tmp, "%d-%d", fy, ty);
  } else {
    snprintf(tmp, sizeof tmp, "%s %d-%s %d", month_abbr[fm - 1], fy, month_abbr[tm - 1], ty);
  }
  luaL_addstring(b, tmp);
}

/* A double in its shortest form that reads back the same (integers without a point). */
static void add_double(luaL_Buffer *b, double d) {
  char tmp[40];
  if (d != d) return;
  if (d == floor(d) && fabs(d) < 9007199254740992.0) {
    snprintf(tmp, sizeof tmp, "%.0f", d);
  } else {
    snprintf(tmp, sizeof tmp, "%.15g", d);
    if (strtod(tmp, NULL) != d) snprintf(tmp, sizeof tmp, "%.17g", d);
  }
  luaL_addstring(b, tmp);
}

static void add_aggnum(luaL_Buffer *b, const tf_agg_num *v) {
  char tmp[32];
  if (v->is_int) {
    snprintf(tmp, sizeof tmp, "%lld", v->i);
    luaL_addstring(b, tmp);
  } else {
    add_double(b, v->d);
  }
}

static void add_csv_field(luaL_Buffer *b, const char *s, size_t len) {
  size_t k;
  int quote = 0;
  for (k = 0; k < len; k++)
    if (s[k] == ',' || s[k] == '"' || s[k] == '\r' || s[k] == '\n') quote = 1;
  if (!quote) {
    luaL_addlstring(b, s, len);
    return;
  }
  luaL_addchar(b, '"');
  for (k = 0; k < len; k++) {
    if (s[k] == '"') luaL_addchar(b, '"');
    luaL_addchar(b, s[k]);
  }
  luaL_addchar(b, '"');
}

static void add_row_label(luaL_Buffer *b, tf_agg *a, const tf_agg_row *r) {
  int k;
  if (r->from_year > 0 && r->complete == 0) {
    int span = (r->to_year * 12 + r->to_month) - (r->from_year * 12 + r->from_month) + 1;
    add_period_label(b, r->from_year, r->from_month, r->to_year, r->to_month);
    if (r->months < span) {
      char tmp[24];
      snprintf(tmp, sizeof tmp, " (%d months)", r->months);
      luaL_addstring(b, tmp);
    }
    return;
  }
  for (k = 0; k < tf_agg_nkeys(a); k++) {
    int key = tf_agg_key(a, k);
    if (key >= TF_AGG_YEAR && key <= TF_AGG_MONTH) {
      size_t len;
      const char *s = tf_agg_row_key(a, r, k, &len);
      luaL_addlstring(b, s, len);
      return;
    }
  }
  if (r->from_year > 0) add_period_label(b, r->from_year, r->from_month, r->to_year, r->to_month);
}

/*
** agg:csv([{sort=, limit=}]) -> the rows as CSV text: the keys, value, count,
** min, max, mean, period_from, period_to, months, complete, label, level,
** world, partners_sum, alternatives, derived (the columns of tradefig.agg.to_csv).
*/
static int agg_csv(lua_State *L) {
  tf_agg *a = check_agg(L, 1);
  size_t n, k;
  int j;
  lrows *lr;
  luaL_Buffer b;
  lr = get_rows(L, a, &n);
  if (lr == NULL) return 3;
  luaL_buffinit(L, &b);
  for (j = 0; j < tf_agg_nkeys(a); j++) {
    luaL_addstring(&b, tf_agg_key_names[tf_agg_key(a, j)]);
    luaL_addchar(&b, ',');
  }
  luaL_addstring(&b, "value,count,min,max,mean,period_from,period_to,months,complete,label,level,"
                     "world,partners_sum,alternatives,derived\n");
  for (k = 0; k < n; k++) {
    const tf_agg_row *r = &lr->rows[k];
    char tmp[64];
    for (j = 0; j < tf_agg_nkeys(a); j++) {
      size_t len;
      const char *s = tf_agg_row_key(a, r, j, &len);
      add_csv_field(&b, s, len);
      luaL_addchar(&b, ',');
    }
    add_aggnum(&b, &r->sum);
    snprintf(tmp, sizeof tmp, ",%llu,", (unsigned long long)r->count);
    luaL_addstring(&b, tmp);
    if (r->derived == TF_AGG_REPORTED) {
      add_double(&b, r->min);
      luaL_addchar(&b, ',');
      add_double(&b, r->max);
      luaL_addchar(&b, ',');
      add_double(&b, r->count ? r->sum.d / (double)r->count : 0.0);
    } else {
      luaL_addstring(&b, ",,");
    }
    luaL_addchar(&b, ',');
    if (r->from_year > 0) {
      snprintf(tmp, sizeof tmp, "%04d-%02d,%04d-%02d,%d", r->from_year, r->from_month, r->to_year,
               r->to_month, r->months);
      luaL_addstring(&b, tmp);
    } else {
      luaL_addstring(&b, ",,");
    }
    luaL_addchar(&b, ',');
    if (r->complete >= 0) luaL_addstring(&b, r->complete ? "true" : "false");
    luaL_addchar(&b, ',');
    add_row_label(&b, a, r);
    snprintf(tmp, sizeof tmp, ",%d,%s,", r->level, r->world ? "true" : "");
    luaL_addstring(&b, tmp);
    if (r->has_check) add_aggnum(&b, &r->check);
    luaL_addchar(&b, ',');
    if (r->alternatives > 0) {
      snprintf(tmp, sizeof tmp, "%llu", (unsigned long long)r->alternatives);
      luaL_addstring(&b, tmp);
    }
    luaL_addstring(&b, r->derived != TF_AGG_REPORTED ? ",true\n" : ",\n");
  }
  luaL_pushresult(&b);
  free(lr->rows);
  lr->rows = NULL;
  return 1;
}

/* agg:keys() -> the effective keys, in order (flow and currency added when not asked for) */
static int agg_keys(lua_State *L) {
  tf_agg *a = check_agg(L, 1);
  int k;
  lua_createtable(L, tf_agg_nkeys(a), 0);
  for (k = 0; k < tf_agg_nkeys(a); k++) {
    lua_pushstring(L, tf_agg_key_names[tf_agg_key(a, k)]);
    lua_rawseti(L, -2, k + 1);
  }
  return 1;
}

/* agg:stats() -> {added=, skipped={reason=n...}, converted=, unconverted=, groups=, bytes=, target=, rates={...}} */
static int agg_stats(lua_State *L) {
  tf_agg *a = check_agg(L, 1);
  tf_agg_stats st;
  size_t k;
  char cur[4];
  int fy, fm, ty, tm;
  double rt;
  uint64_t used;
  tf_agg_get_stats(a, &st);
  lua_createtable(L, 0, 8);
  set_int(L, "added", (lua_Integer)st.added);
  lua_createtable(L, 0, TF_SKIP_N);
  for (k = 0; k < TF_SKIP_N; k++) set_int(L, tf_agg_skip_names[k], (lua_Integer)st.skipped[k]);
  lua_setfield(L, -2, "skipped");
  set_int(L, "converted", (lua_Integer)st.converted);
  set_int(L, "unconverted", (lua_Integer)st.unconverted);
  set_int(L, "groups", (lua_Integer)st.groups);
  set_int(L, "bytes", (lua_Integer)st.bytes);
  set_opt_str(L, "target", tf_agg_target(a));
  lua_newtable(L);
  for (k = 0; tf_agg_rate(a, k, cur, &fy, &fm, &ty, &tm, &rt, &used); k++) {
    lua_createtable(L, 0, 5);
    set_str(L, "currency", cur);
    push_month(L, fy, fm);
    lua_setfield(L, -2, "from");
    push_month(L, ty, tm);
    lua_setfield(L, -2, "to");
    lua_pushnumber(L, rt);
    lua_setfield(L, -2, "rate");
    set_int(L, "used", (lua_Integer)used);
    lua_rawseti(L, -2, (lua_Integer)k + 1);
  }
  lua_setfield(L, -2, "rates");
  return 1;
}

/* Owns a malloc'd dump while it is pushed. */
static int dump_gc(lua_State *L) {
  char **p = (char **)luaL_checkudata(L, 1, AGG_DUMP_MT);
  free(*p);
  *p = NULL;
  return 0;
}

/* agg:dump() -> the partial state as JSON text (tradefig.merge combines them) */
static int agg_dump(lua_State *L) {
  tf_agg *a = check_agg(L, 1);
  char **box = (char **)lua_newuserdatauv(L, sizeof *box, 0);
  size_t len;
  tf_err err;
  *box = NULL;
  luaL_setmetatable(L, AGG_DUMP_MT);
  memset(&err, 0, sizeof err);
  if (tf_agg_dump(a, box, &len, &err) != TF_OK) return push_fail(L, NULL, &err);
  lua_pushlstring(L, *box, len);
  free(*box);
  *box = NULL;
  return 1;
}

/* agg:load(json [, name]) -> true | fail, message, code: adds a partial state */
static int agg_load(lua_State *L) {
  tf_agg *a = check_agg(L, 1);
  size_t len;
  const char *json = luaL_checklstring(L, 2, &len);
  const char *name = luaL_optstring(L, 3, NULL);
  tf_err err;
  memset(&err, 0, sizeof err);
  if (tf_agg_load(a, json, len, &err) != TF_OK) return push_fail(L, name, &err);
  lua_pushboolean(L, 1);
  return 1;
}

/* core.dump_keys(json [, name]) -> {key names...}, target | fail, message, code */
static int ltf_dump_keys(lua_State *L) {
  size_t len;
  const char *json = luaL_checklstring(L, 1, &len);
  const char *name = luaL_optstring(L, 2, NULL);
  int keys[TF_AGG_MAX_KEYS], n = 0, k;
  char target[4];
  tf_err err;
  memset(&err, 0, sizeof err);
  if (tf_agg_dump_keys(json, len, keys, &n, target, &err) != TF_OK) return push_fail(L, name, &err);
  lua_createtable(L, n, 0);
  for (k = 0; k < n; k++) {
    lua_pushstring(L, tf_agg_key_names[keys[k]]);
    lua_rawseti(L, -2, k + 1);
  }
  lua_pushstring(L, target);
  return 2;
}

static const luaL_Reg agg_methods[] = {
  {"add", agg_add},
  {"add_reader", agg_add_reader},
  {"rows", agg_rows},
  {"csv", agg_csv},
  {"keys", agg_keys},
  {"stats", agg_stats},
  {"dump", agg_dump},
  {"load", agg_load},
  {"close", agg_gc},
  {NULL, NULL}
};

static const luaL_Reg agg_meta[] = {
  {"__gc", agg_gc},
  {"__close", agg_gc},
  {"__tostring", agg_tostring},
  {"__index", NULL},
  {NULL, NULL}
};

static void create_agg_meta(lua_State *L) {
  new_type(L, AGG_MT, agg_meta, agg_methods);
  new_owner(L, AGG_ROWS_MT, rows_gc);
  new_owner(L, AGG_DUMP_MT, dump_gc);
}

/* }====================================================== */

static const luaL_Reg lexicon_methods[] = {
  {"scan", lex_scan},
  {"annotate", lex_annotate},
  {"extract", lex_extract},
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

static const luaL_Reg parents_methods[] = {
  {"close", parents_gc},
  {NULL, NULL}
};

static const luaL_Reg parents_meta[] = {
  {"__gc", parents_gc},
  {"__close", parents_gc},
  {"__tostring", parents_tostring},
  {"__index", NULL},
  {NULL, NULL}
};

static const luaL_Reg core_funcs[] = {
  {"lexicon", ltf_lexicon},
  {"gazetteer", ltf_gazetteer},
  {"parents", ltf_parents},
  {"utf8_check", ltf_utf8_check},
  {"codes", ltf_codes},
  {"open", ltf_open},
  {"aggregator", ltf_aggregator},
  {"dump_keys", ltf_dump_keys},
  {"open_text", ltf_open_text},
  {"is_text", ltf_is_text},
  {NULL, NULL}
};

static const luaL_Reg text_methods[] = {
  {"sub", text_sub},
  {"close", text_gc},
  {NULL, NULL}
};

static const luaL_Reg text_meta[] = {
  {"__gc", text_gc},
  {"__close", text_gc},
  {"__len", text_len},
  {"__tostring", text_tostring},
  {"__index", NULL},
  {NULL, NULL}
};

static void create_meta(lua_State *L) {
  create_reader_meta(L);
  create_agg_meta(L);
  new_type(L, LEXICON_MT, lexicon_meta, lexicon_methods);
  new_owner(L, AMOUNTS_MT, amounts_gc);
  new_owner(L, ANNOT_MT, annot_gc);
  new_owner(L, FIGURES_MT, figures_gc);
  new_type(L, PARENTS_MT, parents_meta, parents_methods);
  new_type(L, TEXT_MT, text_meta, text_methods);
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
