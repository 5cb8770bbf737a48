/*
** tf_extract.c: trade figures from news text, the figure assembler.
** The core annotates a document in one pass (sentences, amounts, and every
** tagged phrase of the language lexicon and the place gazetteer); this file
** turns those annotations into figure records (../shared/spec/figure-schema.md):
** which flow, between whom, which period, how much, how sure. Every word it
** reacts to comes from the lexicon's "tags"; the rules here are language-neutral.
**
** Ported from the Lua assembler (lua/tradefig/extract.lua, until its removal)
** rule for rule, with the same results to the byte. Numbers follow Lua 5.4's
** arithmetic (an amount's value is an integer when it is integral, a
** percentage a float), so that integer and float results come out as the
** Lua code gave them. Positions inside the rules are Lua's: bytes and tokens
** 1-based and inclusive, so that every distance reads as in the original.
*/
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "tf_extract.h"

#define SENTENCE_ITEMS 80    /* amounts and tags in one sentence at most; longer ones are cut */
/* a longer text is read in pieces of at most this many bytes (the fuzz build makes them small) */
#ifdef TF_EXTRACT_PIECE
#define CHUNK_BYTES ((size_t)TF_EXTRACT_PIECE)
#else
#define CHUNK_BYTES ((size_t)1 << 18)
#endif
#define CLAUSE_GAP 14        /* tokens within which a change belongs to an amount */
#define RANGE_ITEMS 4      /* "с $30 млн в 1992 году до $3 млрд": items from X to the word before Y */
#define RANGE_REACH 6      /* ... and tokens */
#define BALANCE_REACH 5    /* "das Defizit der USA im Handel": balance word to its trade word */
#define GENITIVE_REACH 4   /* "Außenhandel der ostchinesischen Provinz Zhejiang": flow word to place */
#define OF_REACH 6         /* "trade of east China's Zhejiang Province": tokens from "of" to its place */
#define AND_PAIR_REACH 3   /* "A und B kamen auf X": tokens from the pair to its amount, at most */
#define PLACE_NEAR_FLOW 3    /* tokens between a place and its flow word ("Chinas gesamter Außenhandel") */
#define REL_REACH 2          /* tokens between "mit"/"with"/"с" and its place ("mit den USA") */
#define MIN_MONEY 100000     /* smaller sums are not trade figures in news */
#define FISCAL_START 4       /* the fiscal year begins in April */
#define FAR 99               /* distance to a flow word that is not there */
#define PROBE_POS ((lint)1 << 50)   /* a position after every item */
#define ENTERPRISE_WINDOW 80 /* bytes after an enterprise word where its name may be */
#define BEFORE_WINDOW 12     /* bytes before a change looked at for an opening bracket */

typedef long long lint;

/*
** {======================================================
** Lua numbers: an integer or a float, with Lua 5.4's arithmetic
** =======================================================
*/

typedef struct lnum {
  int isint;
  lint i;
  double d;
} lnum;

static lnum ln_int(lint i) {
  lnum x;
  x.isint = 1;
  x.i = i;
  x.d = (double)i;
  return x;
}

static lnum ln_flt(double d) {
  lnum x;
  x.isint = 0;
  x.i = 0;
  x.d = d;
  return x;
}

static double ln_d(lnum x) { return x.isint ? (double)x.i : x.d; }

/* As the binding pushes a tf_num: an integer when integral and it fits, unless as_float. */
static lnum ln_num(const tf_num *n, int as_float) {
  long long iv;
  if (!as_float && tf_num_to_int(n, &iv)) return ln_int(iv);
  return ln_flt(n->d);
}

/* math.floor: an integer when the result fits, else a float. */
static lnum ln_floor(double x) {
  double f = floor(x);
  if (f >= -9223372036854775808.0 && f < 9223372036854775808.0) return ln_int((lint)f);
  return ln_flt(f);
}

static lnum ln_mul(lnum a, lnum b) {
  if (a.isint && b.isint)
    return ln_int((lint)((unsigned long long)a.i * (unsigned long long)b.i));
  return ln_flt(ln_d(a) * ln_d(b));
}

static lnum ln_sub(lnum a, lnum b) {
  if (a.isint && b.isint)
    return ln_int((lint)((unsigned long long)a.i - (unsigned long long)b.i));
  return ln_flt(ln_d(a) - ln_d(b));
}

static lnum ln_neg(lnum a) {
  if (a.isint) return ln_int((lint)(0u - (unsigned long long)a.i));
  return ln_flt(-a.d);
}

static lnum ln_abs(lnum a) {
  if (a.isint) return a.i < 0 ? ln_neg(a) : a;
  return ln_flt(fabs(a.d));
}

/* a <= f, compared exactly as Lua compares an integer with a float */
static int ln_le_flt(lnum a, double f) {
  if (!a.isint) return a.d <= f;
  if (a.i >= -((lint)1 << 53) && a.i <= ((lint)1 << 53)) return (double)a.i <= f;
  if (f != f) return 0;
  if (f >= 9223372036854775808.0) return 1;
  if (f < -9223372036854775808.0) return 0;
  return a.i <= (lint)floor(f);
}

static int ln_gt0(lnum a) { return a.isint ? a.i > 0 : a.d > 0; }

/* abs(a) < MIN_MONEY */
static int ln_small(lnum a) {
  lnum b = ln_abs(a);
  return b.isint ? b.i < MIN_MONEY : b.d < (double)MIN_MONEY;
}

/*
** v in decimal, zero-padded to width characters counting the sign, as
** printf's "%0*lld" writes it (without its cost: the assembler formats
** periods and keys many times per document). buf holds at least 21 + width
** bytes; returns the length written, without a NUL.
*/
static size_t put_int(char *buf, lint v, int width) {
  char tmp[24];
  size_t n = 0, k = 0;
  unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
  do {
    tmp[n++] = (char)('0' + (int)(u % 10));
    u /= 10;
  } while (u != 0);
  if (v < 0) buf[k++] = '-';
  while ((int)(k + n) < width) buf[k++] = '0';
  while (n > 0) buf[k++] = tmp[--n];
  return k;
}

/* tostring: "%d" for integers, "%.14g" for floats with ".0" when it looks like an integer */
static void ln_str(lnum a, char *buf, size_t size) {
  if (a.isint) {
    if (size >= 24) buf[put_int(buf, a.i, 0)] = '\0';
    else snprintf(buf, size, "%lld", a.i);
    return;
  }
  snprintf(buf, size, "%.14g", a.d);
  if (buf[strspn(buf, "-0123456789")] == '\0') {
    size_t n = strlen(buf);
    if (n + 2 < size) memcpy(buf + n, ".0", 3);
  }
}

/* Integer arithmetic wraps around, as Lua's does. */
static lint wadd(lint a, lint b) { return (lint)((unsigned long long)a + (unsigned long long)b); }
static lint wsub(lint a, lint b) { return (lint)((unsigned long long)a - (unsigned long long)b); }
static lint wmul(lint a, lint b) { return (lint)((unsigned long long)a * (unsigned long long)b); }

static lint floor_div(lint a, lint b) {
  lint q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) q--;
  return q;
}

static lint floor_mod(lint a, lint b) { return a - floor_div(a, b) * b; }

/* }====================================================== */

/*
** {======================================================
** Parents: the country of a subdivision code
** =======================================================
*/

#define LETTERS 26

#define MAX_CAPITALS 256
#define MAX_FISCAL 256

struct tf_parents {
  char a3[LETTERS * LETTERS][4];   /* by alpha-2 code; "" when none */
  char capitals[MAX_CAPITALS][8];  /* regions that are their country's capital ("RU-MOW") */
  size_t ncap;
  char fiscal[MAX_FISCAL][4];      /* countries whose fiscal year does not begin in April ... */
  unsigned char fiscal_month[MAX_FISCAL];     /* ... and the month it begins in */
  size_t nfiscal;
};

static int is_up(char c) { return c >= 'A' && c <= 'Z'; }

int tf_parents_load(const char *json, size_t len, tf_parents **out, tf_err *err) {
  cJSON *root = NULL;
  const cJSON *places, *p;
  const char *end = NULL;
  tf_parents *t = NULL;
  int rc = TF_OK;
  *out = NULL;
  root = cJSON_ParseWithLengthOpts(json, len, &end, 0);
  if (root == NULL) {
    size_t off = (end != NULL && end >= json) ? (size_t)(end - json) : 0;
    rc = tf_err_set(err, TF_EPARSE, off, "places: not JSON");
    tf_err_locate(err, json, len, off);
    goto done;
  }
  places = cJSON_GetObjectItemCaseSensitive(root, "places");
  if (!cJSON_IsArray(places)) {
    rc = tf_err_set(err, TF_EPARSE, 0, "places: expected an array \"places\"");
    goto done;
  }
  t = (tf_parents *)calloc(1, sizeof *t);
  if (t == NULL) {
    rc = tf_err_set(err, TF_ENOMEM, 0, "not enough memory for the parents table");
    goto done;
  }
  cJSON_ArrayForEach(p, places) {
    const cJSON *a2 = cJSON_GetObjectItemCaseSensitive(p, "alpha2");
    const cJSON *a3 = cJSON_GetObjectItemCaseSensitive(p, "code");
    const char *s2, *s3;
    if (!cJSON_IsString(a2) || !cJSON_IsString(a3)) continue;
    s2 = a2->valuestring;
    s3 = a3->valuestring;
    if (!(is_up(s2[0]) && is_up(s2[1]) && s2[2] == '\0')) continue;
    if (!(is_up(s3[0]) && is_up(s3[1]) && is_up(s3[2]) && s3[3] == '\0')) continue;
    memcpy(t->a3[(s2[0] - 'A') * LETTERS + (s2[1] - 'A')], s3, 4);
  }
  *out = t;
  t = NULL;
done:
  free(t);
  cJSON_Delete(root);
  return rc;
}

int tf_parents_aliases(tf_parents *p, const char *json, size_t len, tf_err *err) {
  cJSON *root;
  const cJSON *list, *c, *fy;
  const char *end = NULL;
  int rc = TF_OK;
  root = cJSON_ParseWithLengthOpts(json, len, &end, 0);
  if (root == NULL) {
    size_t off = (end != NULL && end >= json) ? (size_t)(end - json) : 0;
    rc = tf_err_set(err, TF_EPARSE, off, "aliases: not JSON");
    tf_err_locate(err, json, len, off);
    return rc;
  }
  list = cJSON_GetObjectItemCaseSensitive(root, "capitals");
  if (list != NULL && !cJSON_IsArray(list)) {
    rc = tf_err_set(err, TF_EPARSE, 0, "aliases: \"capitals\" must be an array of region codes");
    goto done;
  }
  p->ncap = 0;
  cJSON_ArrayForEach(c, list) {
    const char *v = cJSON_IsString(c) ? c->valuestring : NULL;
    if (v == NULL || strlen(v) >= sizeof p->capitals[0] || tf_parents_of(p, v) == NULL) {
      rc = tf_err_set(err, TF_EPARSE, 0, "aliases: capitals[%zu]: expected the code of a region (\"RU-MOW\")",
                      p->ncap + 1);
      goto done;
    }
    if (p->ncap == MAX_CAPITALS) {
      rc = tf_err_set(err, TF_EPARSE, 0, "aliases: more than %d capitals", MAX_CAPITALS);
      goto done;
    }
    memcpy(p->capitals[p->ncap++], v, strlen(v) + 1);
  }
  /* "fiscal_year_start": {"BGD": 7, "USA": 10}: the month a country's fiscal year begins in */
  fy = cJSON_GetObjectItemCaseSensitive(root, "fiscal_year_start");
  if (fy != NULL && !cJSON_IsObject(fy)) {
    rc = tf_err_set(err, TF_EPARSE, 0, "aliases: \"fiscal_year_start\" must be an object");
    goto done;
  }
  p->nfiscal = 0;
  cJSON_ArrayForEach(c, fy) {
    const char *k = c->string;
    if (k == NULL || strlen(k) != 3 || !is_up(k[0]) || !is_up(k[1]) || !is_up(k[2]) || !cJSON_IsNumber(c) ||
        c->valuedouble < 1 || c->valuedouble > 12 || c->valuedouble != (double)(int)c->valuedouble) {
      rc = tf_err_set(err, TF_EPARSE, 0, "aliases: fiscal_year_start: expected \"ISO\": month 1-12, at %s",
                      k != NULL ? k : "?");
      goto done;
    }
    if (p->nfiscal == MAX_FISCAL) {
      rc = tf_err_set(err, TF_EPARSE, 0, "aliases: more than %d fiscal years", MAX_FISCAL);
      goto done;
    }
    memcpy(p->fiscal[p->nfiscal], k, 4);
    p->fiscal_month[p->nfiscal++] = (unsigned char)c->valueint;
  }
done:
  cJSON_Delete(root);
  return rc;
}

int tf_parents_from_gazetteer(const tf_lexicon *gz, tf_parents **out, tf_err *err) {
  tf_parents *t;
  int a, b;
  *out = NULL;
  t = (tf_parents *)calloc(1, sizeof *t);
  if (t == NULL) return tf_err_set(err, TF_ENOMEM, 0, "not enough memory for the parents table");
  for (a = 0; a < LETTERS; a++) {
    for (b = 0; b < LETTERS; b++) {
      char a2[3];
      const char *a3;
      a2[0] = (char)('A' + a);
      a2[1] = (char)('A' + b);
      a2[2] = '\0';
      if ((a3 = tf_gazetteer_country(gz, a2)) != NULL) memcpy(t->a3[a * LETTERS + b], a3, 4);
    }
  }
  *out = t;
  return TF_OK;
}

void tf_parents_free(tf_parents *p) { free(p); }

/* The month the fiscal year of code's country begins in (a region: its country's), 0 when unknown. */
static int fiscal_start_of(const tf_parents *p, const char *code) {
  const char *c;
  size_t k;
  if (p == NULL || code == NULL) return 0;
  c = tf_parents_of(p, code);
  if (c == NULL) c = code;
  for (k = 0; k < p->nfiscal; k++)   /* once a sentence: the first byte rejects without a call */
    if (p->fiscal[k][0] == c[0] && strcmp(p->fiscal[k], c) == 0) return p->fiscal_month[k];
  return 0;
}

/* Is code a region that is its country's capital? */
static int capital(const tf_parents *p, const char *code) {
  size_t k;
  if (p == NULL || code == NULL) return 0;
  for (k = 0; k < p->ncap; k++)
    if (p->capitals[k][0] == code[0] && strcmp(p->capitals[k], code) == 0) return 1;
  return 0;
}

const char *tf_parents_of(const tf_parents *p, const char *code) {
  const char *a3;
  if (p == NULL || code == NULL) return NULL;
  if (!(is_up(code[0]) && is_up(code[1]) && code[2] == '-')) return NULL;
  a3 = p->a3[(code[0] - 'A') * LETTERS + (code[1] - 'A')];
  return a3[0] != '\0' ? a3 : NULL;
}

/* }====================================================== */

/*
** {======================================================
** Tags: the names the rules react to, resolved once per lexicon entry
** =======================================================
*/

/* Sorted by strcmp (looked up by bsearch); the enum lines up. */
static const char *const tag_names[] = {
  "adj", "adjprefix", "clause.break", "dir.down", "dir.up", "flow.balance", "flow.deficit",
  "flow.export", "flow.import", "flow.surplus", "flow.turnover", "index", "market", "month",
  "noise.account", "noise.average", "noise.credit", "noise.increment", "noise.increment_after",
  "noise.investment", "noise.project", "noise.share", "noise.tariff", "noise.threshold", "noise.volume", "ord",
  "partner.word", "period.alone", "period.first", "period.fiscal", "period.full_year", "period.future",
  "period.half", "period.last", "period.last_year", "period.months", "period.next_year", "period.part", "period.prev_period",
  "period.quarter", "period.this_year", "period.until", "period.year", "period.year_before", "period.ytd",
  "place", "qualifier.over", "range.to", "rel.and", "rel.base", "rel.between", "rel.both", "rel.both_noun", "rel.by", "rel.from", "rel.of_flow", "rel.or", "rel.to",
  "rel.versus", "rel.with", "respectively", "scope.goods", "scope.goods_services",
  "scope.services", "segment", "segment.after", "segment.enterprise", "sign.negative", "sign.positive",
  "status.forecast", "status.target", "status.target_weak", "world.total"
};

enum {
  T_ADJ, T_ADJPREFIX, T_CLAUSE_BREAK, T_DIR_DOWN, T_DIR_UP, T_FLOW_BALANCE, T_FLOW_DEFICIT,
  T_FLOW_EXPORT, T_FLOW_IMPORT, T_FLOW_SURPLUS, T_FLOW_TURNOVER, T_INDEX, T_MARKET, T_MONTH,
  T_NOISE_ACCOUNT, T_NOISE_AVERAGE, T_NOISE_CREDIT, T_NOISE_INCREMENT, T_NOISE_INCREMENT_AFTER,
  T_NOISE_INVESTMENT, T_NOISE_PROJECT, T_NOISE_SHARE, T_NOISE_TARIFF, T_NOISE_THRESHOLD, T_NOISE_VOLUME, T_ORD,
  T_PARTNER_WORD, T_PERIOD_ALONE, T_PERIOD_FIRST, T_PERIOD_FISCAL, T_PERIOD_FULL_YEAR, T_PERIOD_FUTURE,
  T_PERIOD_HALF, T_PERIOD_LAST, T_PERIOD_LAST_YEAR, T_PERIOD_MONTHS, T_PERIOD_NEXT_YEAR, T_PERIOD_PART, T_PERIOD_PREV_PERIOD,
  T_PERIOD_QUARTER, T_PERIOD_THIS_YEAR, T_PERIOD_UNTIL, T_PERIOD_YEAR, T_PERIOD_YEAR_BEFORE, T_PERIOD_YTD,
  T_PLACE, T_QUALIFIER_OVER, T_RANGE_TO, T_REL_AND, T_REL_BASE, T_REL_BETWEEN, T_REL_BOTH, T_REL_BOTH_NOUN, T_REL_BY, T_REL_FROM, T_REL_OF_FLOW, T_REL_OR, T_REL_TO,
  T_REL_VERSUS, T_REL_WITH, T_RESPECTIVELY, T_SCOPE_GOODS, T_SCOPE_GOODS_SERVICES,
  T_SCOPE_SERVICES, T_SEGMENT, T_SEGMENT_AFTER, T_SEGMENT_ENTERPRISE, T_SIGN_NEGATIVE, T_SIGN_POSITIVE,
  T_STATUS_FORECAST, T_STATUS_TARGET, T_STATUS_TARGET_WEAK, T_WORLD_TOTAL,
  T_NAMED,          /* count of the names above */
  T_FLOW_OTHER,     /* another "flow.*" tag: a flow word, but of no flow the schema knows */
  T_OTHER,          /* a tag no rule reacts to */
  T_NONE            /* an amount */
};

#define T_UNRESOLVED (-1)

static int cmp_name(const void *key, const void *elem) {
  return strcmp((const char *)key, *(const char *const *)elem);
}

static int tag_of_name(const char *name) {
  const char *const *p = (const char *const *)bsearch(name, tag_names, T_NAMED, sizeof tag_names[0],
                                                      cmp_name);
  if (p != NULL) return (int)(p - tag_names);
  if (strncmp(name, "flow.", 5) == 0) return T_FLOW_OTHER;
  return T_OTHER;
}

static int is_flow(int tag) { return (tag >= T_FLOW_BALANCE && tag <= T_FLOW_TURNOVER) || tag == T_FLOW_OTHER; }
static int is_place(int tag) { return tag == T_PLACE || tag == T_ADJ || tag == T_ADJPREFIX; }
static int is_balance(int tag) {
  return tag == T_FLOW_BALANCE || tag == T_FLOW_SURPLUS || tag == T_FLOW_DEFICIT;
}

static const char *flow_of(int tag) {
  switch (tag) {
    case T_FLOW_TURNOVER: return "turnover";
    case T_FLOW_EXPORT: return "export";
    case T_FLOW_IMPORT: return "import";
    case T_FLOW_BALANCE: case T_FLOW_SURPLUS: case T_FLOW_DEFICIT: return "balance";
    default: return NULL;
  }
}

/* }====================================================== */

/*
** {======================================================
** Document model: every item has a token range [ti, tj] and a sentence
** =======================================================
*/

/* An amount as the rules see it (the binding's amount table); list members get a fresh one. */
typedef struct amt {
  int kind;                /* tf_kind */
  lnum value;
  int scale;               /* exponent of ten; 0: none */
  lnum scalev;             /* 10^scale */
  const char *currency;    /* NULL when none; points into the annotation or a list's last member */
  int qualifier;
  int direction;           /* +1 up, -1 down, 0 none */
  int by;
  int cprep;               /* it began with a preposition of change ("um 7,8 Prozent", "на 5%") */
  int month, year;         /* 0 when none */
} amt;

typedef struct item {
  lint i, j, ti, tj;       /* bytes and tokens, 1-based inclusive */
  const char *code;        /* a tag's code, NULL when none */
  amt *a;                  /* amounts; NULL for a tag */
  lint ival;               /* the code as a number (months, ordinals) */
  int tag;                 /* T_*; T_NONE for an amount */
  int next_in_list, prev_in_list, list_tail, conversion, converts, figure;   /* indices, -1: none */
  int range_to, range_from;  /* "from X to Y": X's Y and Y's X, -1: none */
  int spos;                /* 1-based position in its sentence */
  unsigned char has_ival;
  unsigned char dateline;
} item;

#define IS_AMOUNT(x) ((x)->tag == T_NONE)

/* Is the byte a Lua %s (C locale isspace)? */
static int lspace(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

/* text:sub(i, j) as bytes [*b, *e) of the text (Lua's clamping) */
static void sub_range(size_t len, lint i, lint j, size_t *b, size_t *e) {
  lint n = (lint)len;
  if (i < 0) i = n + i + 1;
  if (j < 0) j = n + j + 1;
  if (i < 1) i = 1;
  if (j > n) j = n;
  if (i > j) { *b = *e = 0; return; }
  *b = (size_t)(i - 1);
  *e = (size_t)j;
}

/* Does text:sub(i, j) hold a byte of set? (find("[set]")) */
static int sub_has(const char *text, size_t len, lint i, lint j, const char *set) {
  size_t b, e, k;
  sub_range(len, i, j, &b, &e);
  for (k = b; k < e; k++)
    if (text[k] != '\0' && strchr(set, text[k]) != NULL) return 1;
  return 0;
}

typedef struct doc {
  const char *text;
  size_t len;
  item *it;
  size_t n;
  amt *am;                 /* the amounts the items point to */
  lint year, month, fiscal_start;
  const tf_parents *parents;
  lint base, tbase;        /* where the piece being read starts: byte and token of the text */
  char *scratch;           /* list gaps */
  size_t scap;
} doc;

static const char *parent_of(const doc *d, const char *code) {
  return tf_parents_of(d->parents, code);
}

/* Lua's nil-aware string equality. */
static int same_str(const char *a, const char *b) {
  if (a == NULL || b == NULL) return a == b;
  return a == b || strcmp(a, b) == 0;
}

/*
** lists: is only "," ";" space and "and" words between items k1 and k2?
** Each "and" word between them takes its first occurrence out of the gap.
*/
static int joined(doc *d, int k1, int k2, tf_err *err, int *rc) {
  const item *x1 = &d->it[k1], *x2 = &d->it[k2];
  size_t b, e, n, k;
  int m;
  for (m = k1 + 1; m < k2; m++)
    if (!(d->it[m].tag == T_REL_AND || d->it[m].tag == T_RESPECTIVELY)) return 0;
  sub_range(d->len, x1->j + 1, x2->i - 1, &b, &e);
  n = e - b;
  if (k2 == k1 + 1) {
    for (k = b; k < e; k++)
      if (!(lspace((unsigned char)d->text[k]) || d->text[k] == ',' || d->text[k] == ';')) return 0;
    return 1;
  }
  if (n + 1 > d->scap) {
    char *s = (char *)realloc(d->scratch, n + 1);
    if (s == NULL) {
      *rc = tf_err_set(err, TF_ENOMEM, b, "not enough memory for a list");
      return 0;
    }
    d->scratch = s;
    d->scap = n + 1;
  }
  if (n > 0) memcpy(d->scratch, d->text + b, n);
  for (m = k1 + 1; m < k2; m++) {
    size_t wb, we, wn, at;
    sub_range(d->len, d->it[m].i, d->it[m].j, &wb, &we);
    wn = we - wb;
    if (wn == 0 || wn > n) continue;
    for (at = 0; at + wn <= n; at++)
      if (memcmp(d->scratch + at, d->text + wb, wn) == 0) break;
    if (at + wn > n) continue;
    memmove(d->scratch + at, d->scratch + at + wn, n - at - wn);
    n -= wn;
  }
  for (k = 0; k < n; k++)
    if (!(lspace((unsigned char)d->scratch[k]) || d->scratch[k] == ',' || d->scratch[k] == ';')) return 0;
  return 1;
}

/* The gap between two places: "^[’']?s?[%s,(]*$" (the first set is bytes) */
static int possessive_gap(const char *text, size_t len, lint i, lint j) {
  size_t b, e;
  sub_range(len, i, j, &b, &e);
  if (b < e) {
    unsigned char c = (unsigned char)text[b];
    if (c == 0xE2 || c == 0x80 || c == 0x99 || c == '\'') b++;
  }
  if (b < e && text[b] == 's') b++;
  for (; b < e; b++)
    if (!(lspace((unsigned char)text[b]) || text[b] == ',' || text[b] == '(')) return 0;
  return 1;
}

/* "^%s*%(%s*$" */
static int open_bracket_gap(const char *text, size_t len, lint i, lint j) {
  size_t b, e;
  int seen = 0;
  sub_range(len, i, j, &b, &e);
  for (; b < e; b++) {
    if (lspace((unsigned char)text[b])) continue;
    if (text[b] == '(' && !seen) { seen = 1; continue; }
    return 0;
  }
  return seen;
}

/* text:sub(i, j):match("^%s*[set]") */
static int starts_with_set(const char *text, size_t len, lint i, lint j, const char *set, size_t nset) {
  size_t b, e;
  sub_range(len, i, j, &b, &e);
  while (b < e && lspace((unsigned char)text[b])) b++;
  return b < e && memchr(set, text[b], nset) != NULL;
}

/*
** Build the per-sentence view of a document: merge amounts and tags, drop
** countries that only locate a region, join lists, pair conversions, and
** cut the items into sentences (sent[] receives the first item of each).
*/
typedef struct tagmap {
  const tf_lexicon *lx;
  int *v;
  size_t n;
} tagmap;

static int map_tag(tagmap *m, const tf_mention *mt) {
  int i = mt->e->ival;
  if (mt->e->cat == TF_LX_MONTH) return T_MONTH;
  if (mt->e->cat == TF_LX_UP) return T_DIR_UP;
  if (mt->e->cat == TF_LX_DOWN) return T_DIR_DOWN;
  if (i < 0 || (size_t)i >= m->n) return tag_of_name(tf_lexicon_tag_name(mt->lx, i));
  if (m->v[i] == T_UNRESOLVED) m->v[i] = tag_of_name(tf_lexicon_tag_name(mt->lx, i));
  return m->v[i];
}

/* tonumber(code) for an integer code */
static int code_int(const char *s, lint *v) {
  char *end;
  long long x;
  if (s == NULL || *s == '\0') return 0;
  x = strtoll(s, &end, 10);
  while (*end != '\0' && lspace((unsigned char)*end)) end++;
  if (*end != '\0') return 0;
  *v = x;
  return 1;
}

static void set_amount(item *x, amt *am, const tf_amount *a, lint base, lint tbase) {
  int pct = a->kind == TF_KIND_PERCENT || a->kind == TF_KIND_POINTS || a->kind == TF_KIND_MULTIPLIER;
  memset(am, 0, sizeof *am);
  am->kind = (int)a->kind;
  am->value = ln_num(&a->value, pct);
  am->scale = a->scale > 0 ? a->scale : 0;
  if (am->scale > 0) {
    tf_num s = tf_num_shift(tf_num_int(1), a->scale);
    am->scalev = ln_num(&s, 0);
  }
  am->currency = a->currency[0] != '\0' ? a->currency : NULL;
  am->qualifier = a->qualifier;
  am->direction = a->direction;
  am->by = a->by && (a->kind == TF_KIND_MONEY || a->kind == TF_KIND_NUMBER);
  am->cprep = a->by;
  am->month = a->month;
  am->year = a->year;
  x->tag = T_NONE;
  x->a = am;
  x->code = NULL;
  x->has_ival = 0;
  x->ival = 0;
  x->i = (lint)a->i + 1 + base;
  x->j = (lint)a->j + base;
  x->ti = (lint)a->ti + 1 + tbase;
  x->tj = (lint)a->tj + tbase;
}

/*
** A bare number that shares the scale and currency of the money amount m
** ("20,2, 15,6 beziehungsweise 12,2 Milliarden Yuan", "von 8,4 auf 4,9 Mrd.
** Euro"). a is the document's own copy: the annotation stays as scanned.
*/
static void take_money(amt *a, const amt *m) {
  lnum v = ln_mul(a->value, m->scalev);
  lnum r = ln_floor(ln_d(v) + 0.5);
  if (ln_le_flt(ln_abs(ln_sub(v, r)), 1e-9 * ln_d(ln_abs(v))) && r.isint) v = r;
  a->kind = TF_KIND_MONEY;
  a->value = v;
  a->scale = m->scale;
  a->scalev = m->scalev;
  a->currency = m->currency;
  a->direction = 0;
  a->by = 0;
  a->month = a->year = 0;
}

/* May a word of this tag open "from X to Y" / close it before Y? ("von", "from", "rose from", "с"; "auf", "to", "до") */
static int range_from_word(int tag) { return tag == T_REL_FROM || tag == T_REL_WITH || tag == T_REL_VERSUS; }
static int range_to_word(int tag) { return tag == T_RANGE_TO || tag == T_REL_TO || tag == T_PERIOD_UNTIL; }

/*
** May this item stand between X and the word before Y? Its own period: "с $30 млн в 1992
** году до $3 млрд", "from 47.9% in 2020 to 60%".
*/
static int range_inner(const item *x) {
  if (IS_AMOUNT(x)) return x->a->kind == TF_KIND_YEAR || x->a->kind == TF_KIND_DATE;
  return x->tag == T_PERIOD_YEAR || x->tag == T_MONTH || x->tag == T_PERIOD_MONTHS ||
         x->tag == T_PERIOD_QUARTER || x->tag == T_PERIOD_HALF || x->tag == T_ORD ||
         x->tag == T_PERIOD_LAST_YEAR || x->tag == T_PERIOD_THIS_YEAR || x->tag == T_REL_OF_FLOW ||
         x->tag == T_REL_TO;
}

/* Can this amount end a range? (Not a year: "с $30 млн в 1992 году") */
static int range_end(const item *y) {
  return IS_AMOUNT(y) && (y->a->kind == TF_KIND_MONEY || y->a->kind == TF_KIND_PERCENT ||
                          y->a->kind == TF_KIND_NUMBER);
}

/*
** "von 8,4 auf 4,9 Mrd. Euro", "from $1.2 billion to $1.5 billion", "с 47,9% до 60%": a
** range, whose start is the level before. Links X and Y; a bare start takes the end's
** scale and currency, as a list member does.
*/
static void ranges(doc *d, item *items, size_t n) {
  size_t k, m;
  (void)d;
  for (k = 1; k < n; k++) {
    item *x = &items[k], *y = NULL;
    if (!IS_AMOUNT(x) || !range_from_word(items[k - 1].tag) || x->ti - items[k - 1].tj != 1) continue;
    for (m = k + 1; m < n && m <= k + RANGE_ITEMS; m++) {
      const item *w = &items[m];
      if (range_to_word(w->tag) && m + 1 < n && range_end(&items[m + 1]) &&
          items[m + 1].ti - w->tj == 1 && w->ti - x->tj <= RANGE_REACH) {
        y = &items[m + 1];
        break;
      }
      if (!range_inner(w)) break;
    }
    if (y == NULL) continue;
    if (!((x->a->kind == TF_KIND_PERCENT && y->a->kind == TF_KIND_PERCENT) ||
          ((x->a->kind == TF_KIND_MONEY || x->a->kind == TF_KIND_NUMBER) && y->a->kind == TF_KIND_MONEY)))
      continue;
    x->range_to = (int)(y - items);
    y->range_from = (int)k;
    if (x->a->kind == TF_KIND_NUMBER && x->a->scale == 0 && y->a->scale > 0) take_money(x->a, y->a);
  }
}

static int build(doc *d, const tf_annot *ann, tagmap *maps, int **sent_out, size_t *nsent_out,
                 tf_err *err) {
  size_t na = ann->amounts.n, nt = ann->nm, ia = 0, it_ = 0, n = 0, k, s = 0, nsent = 0, in_sent = 0;
  item *items;
  int *sents = NULL;
  int rc = TF_OK, prev_amount = -1, idx;
  if (na + nt >= (size_t)INT_MAX)   /* items are indexed by int */
    return tf_err_set(err, TF_ELIMIT, 0, "too many amounts and tags for one text");
  items = (item *)malloc((na + nt ? na + nt : 1) * sizeof *items);
  d->am = (amt *)malloc((na ? na : 1) * sizeof *d->am);
  d->it = items;
  if (items == NULL || d->am == NULL) return tf_err_set(err, TF_ENOMEM, 0, "not enough memory for the items");
  /* amounts and tags each come in text order and never overlap: merge them */
  while (ia < na || it_ < nt) {
    const tf_amount *a = ia < na ? &ann->amounts.v[ia] : NULL;
    const tf_mention *t = it_ < nt ? &ann->m[it_] : NULL;
    item *x = &items[n++];
    if (a != NULL && (t == NULL || a->ti < t->ti)) {
      set_amount(x, &d->am[ia], a, d->base, d->tbase);
      ia++;
    } else {
      tagmap *m = (t->lx == maps[0].lx) ? &maps[0] : &maps[1];
      x->tag = map_tag(m, t);
      x->a = NULL;
      x->code = NULL;
      x->has_ival = 0;
      x->ival = 0;
      if (t->e->cat == TF_LX_MONTH) {
        x->has_ival = 1;
        x->ival = t->e->ival;
        x->code = "";   /* a month's code is its number; only the number is read */
      } else if (t->e->cat == TF_LX_TAG) {
        const char *c = tf_lexicon_str(t->lx, t->e);
        x->code = c[0] != '\0' ? c : NULL;
        /* only months and ordinals are read as numbers */
        if (x->tag == T_ORD || x->tag == T_MONTH) x->has_ival = (unsigned char)code_int(x->code, &x->ival);
      }
      x->i = (lint)t->i + 1 + d->base;
      x->j = (lint)t->j + d->base;
      x->ti = (lint)t->ti + 1 + d->tbase;
      x->tj = (lint)t->tj + d->tbase;
      it_++;
    }
    x->next_in_list = x->prev_in_list = x->list_tail = -1;
    x->conversion = x->converts = x->figure = -1;
    x->range_to = x->range_from = -1;
    x->spos = 0;
    x->dateline = 0;
  }
  d->n = n;
  /* a country naming where its own region lies is not a party of its own: "Russia's Rostov
     Oblast", "Rostov Oblast, Russia", "Ростовской области России", "des russischen Gebiets
     Kemerowo" are the region alone */
  if (d->parents != NULL && n > 1) {
    unsigned char *drop = (unsigned char *)calloc(n, 1);
    size_t kept = 0;
    int any = 0;
    if (drop == NULL) { rc = tf_err_set(err, TF_ENOMEM, 0, "not enough memory"); goto done; }
    for (k = 0; k + 1 < n; k++) {
      const item *x = &items[k], *y = &items[k + 1];
      if ((x->tag == T_PLACE || x->tag == T_ADJ) && y->tag == T_PLACE && x->code && y->code &&
          possessive_gap(d->text, d->len, x->j + 1, y->i - 1)) {
        if (same_str(parent_of(d, y->code), x->code)) { drop[k] = 1; any = 1; }
        else if (same_str(parent_of(d, x->code), y->code)) { drop[k + 1] = 1; any = 1; }
      }
    }
    if (any) {
      for (k = 0; k < n; k++)
        if (!drop[k]) items[kept++] = items[k];
      n = kept;
      d->n = n;
    }
    free(drop);
  }
  /* lists: "20,2, 15,6 beziehungsweise 12,2 Milliarden Yuan", "$10bn, $8bn and $6bn":
     members joined by commas and "and" words; the last one's scale and currency go to
     bare numbers before it, and the list shares what is said after its last member */
  for (idx = 0; (size_t)idx < n; idx++) {
    if (!IS_AMOUNT(&items[idx])) continue;
    if (prev_amount >= 0) {
      int j = joined(d, prev_amount, idx, err, &rc);
      if (rc != TF_OK) goto done;
      if (j) {
        items[prev_amount].next_in_list = idx;
        items[idx].prev_in_list = prev_amount;
      }
    }
    prev_amount = idx;
  }
  for (idx = 0; (size_t)idx < n; idx++) {
    item *x = &items[idx];
    int last, y;
    if (!IS_AMOUNT(x) || x->next_in_list >= 0) continue;
    last = idx;
    y = x->prev_in_list;
    while (y >= 0) {
      amt *a = items[y].a;
      const amt *la = items[last].a;
      items[y].list_tail = last;
      if (a->kind == TF_KIND_NUMBER && a->scale == 0 && la->scale > 0 && la->kind == TF_KIND_MONEY)
        take_money(a, la);
      y = items[y].prev_in_list;
    }
  }
  /* "8.47 trillion yuan (about 1.29 trillion U.S. dollars)": a conversion in brackets */
  for (k = 0; k + 1 < n; k++) {
    item *x = &items[k], *y = &items[k + 1];
    if (IS_AMOUNT(x) && IS_AMOUNT(y) && x->a->kind == TF_KIND_MONEY && y->a->kind == TF_KIND_MONEY &&
        open_bracket_gap(d->text, d->len, x->j + 1, y->i - 1) &&
        starts_with_set(d->text, d->len, y->j + 1, y->j + 3, ")", 1)) {
      x->conversion = (int)(k + 1);
      y->converts = (int)k;
    }
  }
  ranges(d, items, n);
  /* items come in text order, so the sentence index only moves forward; a "sentence" longer
     than SENTENCE_ITEMS items (a text without full stops) is cut, so that the work per
     sentence stays bounded and a pathological input cannot make the pass quadratic */
  sents = (int *)malloc((n ? n : 1) * sizeof *sents);
  if (sents == NULL) { rc = tf_err_set(err, TF_ENOMEM, 0, "not enough memory for sentences"); goto done; }
  for (k = 0; k < n; k++) {
    int moved = 0;
    while (s + 1 < ann->nsent && (lint)ann->sent[s + 1] + 1 + d->base <= items[k].i) { s++; moved = 1; }
    if (moved || nsent == 0 || in_sent >= SENTENCE_ITEMS) {
      sents[nsent++] = (int)k;
      in_sent = 0;
    }
    in_sent++;
    items[k].spos = (int)in_sent;
  }
done:
  if (rc != TF_OK) { free(sents); sents = NULL; nsent = 0; }
  *sent_out = sents;
  *nsent_out = nsent;
  return rc;
}

/* One sentence: its items are it[first .. first + n), with lists by kind and by tag. */
typedef struct sview {
  const doc *d;
  const item *it;
  int first, n;
  int places[SENTENCE_ITEMS], np;
  int flows[SENTENCE_ITEMS], nf;
  int amounts[SENTENCE_ITEMS], na;
  int tag_first[T_NONE + 1];
  int tag_next[SENTENCE_ITEMS];
  int claimed_done;
  unsigned char claimed[SENTENCE_ITEMS];
} sview;

#define TAGS(S, T, k) for (k = (S)->tag_first[T]; k >= 0; k = (S)->tag_next[k - (S)->first])

/* Is item k in the sentence S? */
static int in_view(const sview *S, int k) { return k >= S->first && k < S->first + S->n; }

static void view(sview *S, const doc *d, int first, int n) {
  int k, t, last[T_NONE + 1];
  S->d = d;
  S->it = d->it;
  S->first = first;
  S->n = n;
  S->np = S->nf = S->na = 0;
  S->claimed_done = 0;
  for (t = 0; t <= T_NONE; t++) S->tag_first[t] = last[t] = -1;
  for (k = first; k < first + n; k++) {
    const item *x = &d->it[k];
    S->tag_next[k - first] = -1;
    if (IS_AMOUNT(x)) S->amounts[S->na++] = k;
    else if (is_place(x->tag)) S->places[S->np++] = k;
    else if (is_flow(x->tag)) S->flows[S->nf++] = k;
    if (!IS_AMOUNT(x)) {
      if (last[x->tag] < 0) S->tag_first[x->tag] = k;
      else S->tag_next[last[x->tag] - first] = k;
      last[x->tag] = k;
    }
  }
}

static int has_tag(const sview *S, int tag) { return S->tag_first[tag] >= 0; }

/* The item of local position k (1-based), or NULL (Lua's S.items[k]). */
static const item *at(const sview *S, lint k) {
  if (k < 1 || k > S->n) return NULL;
  return &S->it[S->first + k - 1];
}

/* The item before p within reach tokens with the tag, walking back from p itself. */
static int tag_before(const sview *S, int p, int tag, lint reach) {
  const item *x = &S->it[p];
  int k;
  for (k = p - 1; k >= S->first; k--) {
    const item *y = &S->it[k];
    if (x->ti - y->tj > reach) return -1;
    if (y->tag == tag) return k;
  }
  return -1;
}

/* }====================================================== */

/*
** {======================================================
** Periods
** =======================================================
*/

typedef struct per {
  int has_y1, has_y2, has_m1, has_m2, has_trailing;
  lint y1, m1, y2, m2, trailing;
  lint ti, tj, i;
  int bare_year, deadline, versus, relative, this_year, full_year, year_before;
} per;

/* A closed period: "YYYY-MM" twice. */
typedef struct fper {
  char from[TF_PERIOD_SIZE], to[TF_PERIOD_SIZE];
} fper;

/* "%04lld-%02lld": at most 20 + 1 + 20 characters, within TF_PERIOD_SIZE */
static void ym(char *buf, lint y, lint m) {
  size_t n = put_int(buf, y, 4);
  buf[n++] = '-';
  n += put_int(buf + n, m, 2);
  buf[n] = '\0';
}

static fper period(lint y1, lint m1, lint y2, lint m2) {
  fper p;
  ym(p.from, y1, m1);
  ym(p.to, y2, m2);
  return p;
}

static int num_of(const item *x, lint *v) {
  if (x != NULL && IS_AMOUNT(x) && (x->a->kind == TF_KIND_NUMBER || x->a->kind == TF_KIND_YEAR) &&
      x->a->value.isint) {
    *v = x->a->value.i;
    return 1;
  }
  return 0;
}

static int month_of(const item *x, lint *m) {
  if (x != NULL && x->tag == T_MONTH && x->has_ival) {
    *m = x->ival;
    return 1;
  }
  return 0;
}

static int is_year(const item *x) { return x != NULL && IS_AMOUNT(x) && x->a->kind == TF_KIND_YEAR; }
static int is_tag(const item *x, int tag) { return x != NULL && x->tag == tag; }

/* A year amount's value (an integer in practice). */
static lint year_value(const item *x) { return x->a->value.isint ? x->a->value.i : (lint)x->a->value.d; }

/*
** a year right after position j: "Januar-Mai 2023", "January-March 2018", "2023 года",
** "Januar bis Juli dieses Jahres", "January-March last year"
*/
static int next_year(const sview *S, lint j, lint *y, lint *jout) {
  const item *x = at(S, j);
  const doc *d = S->d;
  if (x != NULL && (x->tag == T_REL_FROM || x->tag == T_PERIOD_YEAR) && at(S, j + 1) != NULL &&
      at(S, j + 1)->ti <= x->tj + 2) {
    const item *nx = at(S, j + 1);
    if (is_year(nx) || is_tag(nx, T_PERIOD_THIS_YEAR) || is_tag(nx, T_PERIOD_LAST_YEAR) ||
        is_tag(nx, T_PERIOD_NEXT_YEAR)) {
      x = nx;
      j = j + 1;
    }
  }
  if (x == NULL) return 0;
  *jout = j;
  if (is_year(x)) { *y = year_value(x); return 1; }
  if (IS_AMOUNT(x) && x->a->kind == TF_KIND_DATE && x->a->year != 0) { *y = x->a->year; return 1; }
  if (x->tag == T_PERIOD_THIS_YEAR) { *y = d->year; return 1; }
  if (x->tag == T_PERIOD_LAST_YEAR) { *y = d->year - 1; return 1; }
  if (x->tag == T_PERIOD_NEXT_YEAR) { *y = d->year + 1; return 1; }
  return 0;
}

/*
** Read the period expressions of a sentence into out (at most S->n); with
** years still open when the text gives none. Returns how many.
*/
static int sentence_periods(const sview *S, per *out) {
  const doc *d = S->d;
  lint n = S->n, k = 1;
  int np = 0;
  while (k <= n) {
    const item *x = at(S, k);
    per p;
    int have = 0;
    lint m1;
    memset(&p, 0, sizeof p);
    if (is_year(x)) {
      lint y = year_value(x);
      const item *pv = at(S, k - 1);
      int deadline = pv != NULL && (pv->tag == T_REL_BY || pv->tag == T_PERIOD_UNTIL) &&
                     pv->tj + 1 >= x->ti;
      const item *nx = at(S, k + 1);
      /* "2023-24": a fiscal year */
      if (nx != NULL && IS_AMOUNT(nx) && nx->a->kind == TF_KIND_NUMBER && nx->ti == x->tj + 2 &&
          nx->a->value.isint && nx->a->value.i == floor_mod(wadd(y, 1), 100)) {
        p.has_y1 = p.has_y2 = p.has_m1 = p.has_m2 = 1;
        p.y1 = y; p.m1 = d->fiscal_start; p.y2 = wadd(y, 1); p.m2 = d->fiscal_start - 1;
        p.ti = x->ti; p.tj = nx->tj;
        have = 1;
        k = k + 1;
      } else {
        const item *prev = at(S, k - 1);
        p.has_y1 = p.has_y2 = p.has_m1 = p.has_m2 = 1;
        if (prev != NULL && prev->tag == T_PERIOD_FISCAL && prev->tj >= x->ti - 2) {
          p.y1 = y; p.m1 = d->fiscal_start; p.y2 = wadd(y, 1); p.m2 = d->fiscal_start - 1;
          p.ti = prev->ti; p.tj = x->tj;
        } else {
          p.y1 = y; p.m1 = 1; p.y2 = y; p.m2 = 12;
          p.ti = x->ti; p.tj = x->tj;
          p.bare_year = !deadline;
          p.deadline = deadline;
        }
        have = 1;
      }
    } else if (IS_AMOUNT(x) && x->a->kind == TF_KIND_DATE && x->a->month != 0) {
      /* a day date is a point in time, not a period; skip */
      have = 0;
    } else if (month_of(x, &m1)) {
      lint m2 = m1, last = k, y = 0, yk = 0, y1 = 0, mm;
      int has_y1 = 0, has_y;
      const item *nx = at(S, k + 1), *nx2 = at(S, k + 2);
      if (month_of(nx, &mm) && nx->ti <= x->tj + 2) {
        m2 = mm; last = k + 1;
      } else if (is_tag(nx, T_PERIOD_UNTIL) && month_of(nx2, &mm)) {
        m2 = mm; last = k + 2;
      } else if (is_year(nx) && nx->ti == x->tj + 1 && month_of(nx2, &mm) && nx2->ti <= nx->tj + 2) {
        /* "April 2022 - February 2023" */
        y1 = year_value(nx); has_y1 = 1; m2 = mm; last = k + 2;
      }
      has_y = next_year(S, last + 1, &y, &yk);
      if (has_y) last = yk;
      /* "heuer bis September", "this year through September", "с начала года по сентябрь": a
         month only ended is reached from January */
      {
        const item *pv = at(S, k - 1);
        if (last == k && is_tag(pv, T_PERIOD_UNTIL) && pv->tj + 1 >= x->ti) { m2 = m1; m1 = 1; }
      }
      p.has_y1 = has_y1 || has_y;
      p.y1 = has_y1 ? y1 : y;
      p.has_m1 = p.has_m2 = 1;
      p.m1 = m1;
      p.has_y2 = has_y;
      p.y2 = y;
      p.m2 = m2;
      p.ti = x->ti;
      p.tj = at(S, last)->tj;
      if (has_y1 && !has_y) { p.has_y2 = 1; p.y2 = wadd(y1, m2 < m1 ? 1 : 0); }
      /* "von Januar bis August": include the "from" word */
      k = last;
      have = 1;
    } else if (x->tag == T_PERIOD_FIRST || x->tag == T_PERIOD_LAST || x->tag == T_ORD) {
      /* "in den ersten neun Monaten", "first four months", "первые пять месяцев",
         "im ersten Halbjahr", "first quarter", "ersten drei Quartalen" */
      lint cnt = 0, last = k, j = k + 1, ordv = 0, cv;
      int has_cnt = 0, has_ord = 0, unit = -1;
      const item *nx;
      if (x->tag == T_ORD && x->has_ival) { ordv = x->ival; has_ord = 1; }
      nx = at(S, j);
      if (is_tag(nx, T_ORD)) {
        has_ord = nx->has_ival;
        ordv = nx->ival;
        j = j + 1;
        nx = at(S, j);
      }
      if (num_of(nx, &cv) && nx->ti <= at(S, j - 1)->tj + 2) {
        cnt = cv; has_cnt = 1; j = j + 1; nx = at(S, j);
      }
      if (nx != NULL && (nx->tag == T_PERIOD_MONTHS || nx->tag == T_PERIOD_QUARTER ||
                         nx->tag == T_PERIOD_HALF) && nx->ti <= at(S, j - 1)->tj + 3) {
        unit = nx->tag; last = j;
      }
      if (unit >= 0 && !has_cnt && !has_ord && x->tag == T_PERIOD_FIRST) { ordv = 1; has_ord = 1; }
      if (unit >= 0) {
        lint y = 0, yk = 0, m1p = 0, m2p = 0;
        int has_y = next_year(S, last + 1, &y, &yk), ok1 = 0, ok2 = 0;
        if (has_y) last = yk;
        if (unit == T_PERIOD_MONTHS) {
          m1p = 1; ok1 = 1;
          if (has_cnt) { m2p = cnt; ok2 = 1; }
          else if (has_ord && ordv == 1) { m2p = 1; ok2 = 1; }
        } else if (unit == T_PERIOD_QUARTER) {
          if (has_cnt) { m1p = 1; m2p = wmul(3, cnt); ok1 = ok2 = 1; }
          else if (has_ord) { m1p = wsub(wmul(3, ordv), 2); m2p = wmul(3, ordv); ok1 = ok2 = 1; }
        } else {
          if (has_ord && ordv == 2) { m1p = 7; m2p = 12; } else { m1p = 1; m2p = 6; }
          ok1 = ok2 = 1;
        }
        if (ok1 && ok2 && m2p <= 12) {
          const item *fx = at(S, last + 1);
          p.has_y1 = p.has_y2 = has_y;
          p.y1 = p.y2 = y;
          p.has_m1 = p.has_m2 = 1;
          p.m1 = m1p; p.m2 = m2p;
          p.ti = x->ti; p.tj = at(S, last)->tj;
          have = 1;
          /* "im ersten Halbjahr des Fiskaljahres", "first quarter of the fiscal year": counted from
             the fiscal year's first month, in the fiscal year that has begun by the document date */
          if (!has_y && is_tag(fx, T_PERIOD_FISCAL) && fx->ti <= at(S, last)->tj + 2) {
            lint fs = d->fiscal_start;
            lint fy = (d->month >= fs) ? d->year : d->year - 1;
            lint a0 = wadd(wadd(wmul(fy, 12), fs - 1), wsub(m1p, 1));
            lint b0 = wadd(wadd(wmul(fy, 12), fs - 1), wsub(m2p, 1));
            memset(&p, 0, sizeof p);
            p.has_y1 = p.has_y2 = p.has_m1 = p.has_m2 = 1;
            p.y1 = floor_div(a0, 12); p.m1 = floor_mod(a0, 12) + 1;
            p.y2 = floor_div(b0, 12); p.m2 = floor_mod(b0, 12) + 1;
            p.ti = x->ti; p.tj = fx->tj;
            last = last + 1;
          }
          k = last;
        }
      }
    } else {
      lint cnt, m2;
      const item *n1 = at(S, k + 1), *n2 = at(S, k + 2);
      if (num_of(x, &cnt) && cnt <= 12 && is_tag(n1, T_PERIOD_MONTHS) && n2 != NULL &&
          (n2->tag == T_PERIOD_UNTIL || n2->tag == T_REL_TO) && month_of(at(S, k + 3), &m2)) {
        /* "the 12 months through October", "three months to January": ending with that month */
        lint y = 0, yk = 0, last;
        int has_y = next_year(S, k + 4, &y, &yk);
        last = has_y ? yk : k + 3;
        p.has_trailing = 1; p.trailing = cnt;
        p.has_m2 = 1; p.m2 = m2;
        p.has_y2 = has_y; p.y2 = y;
        p.ti = x->ti; p.tj = at(S, last)->tj;
        have = 1;
        k = last;
      } else if (num_of(x, &cnt) && cnt <= 12) {
        /* "in den sechs Monaten", "за пять месяцев", "for ten months" */
        if (n1 != NULL && n1->tag == T_PERIOD_MONTHS && n1->ti <= x->tj + 2) {
          lint y = 0, yk = 0, last;
          int has_y = next_year(S, k + 2, &y, &yk);
          last = has_y ? yk : k + 1;
          p.has_y1 = p.has_y2 = has_y;
          p.y1 = p.y2 = y;
          p.has_m1 = p.has_m2 = 1;
          p.m1 = 1; p.m2 = cnt;
          p.ti = x->ti; p.tj = at(S, last)->tj;
          have = 1;
          k = last;
        }
      } else if (x->tag == T_PERIOD_PART && x->code != NULL && (x->code[0] == 'Q' || x->code[0] == 'H') &&
                 x->code[1] >= '1' && x->code[1] <= (x->code[0] == 'Q' ? '4' : '2')) {
        /* "Q3", "H1", "1Q": a quarter or a half, of the year named after it or of the context */
        lint part = x->code[1] - '0', y = 0, yk = 0;
        int has_y = next_year(S, k + 1, &y, &yk);
        p.has_y1 = p.has_y2 = has_y;
        p.y1 = p.y2 = y;
        p.has_m1 = p.has_m2 = 1;
        p.m1 = x->code[0] == 'Q' ? 3 * part - 2 : 6 * part - 5;
        p.m2 = x->code[0] == 'Q' ? 3 * part : 6 * part;
        p.ti = x->ti; p.tj = has_y ? at(S, yk)->tj : x->tj;
        have = 1;
        if (has_y) k = yk;
      } else if (x->tag == T_PERIOD_THIS_YEAR && is_tag(at(S, k + 1), T_PERIOD_UNTIL) &&
                 month_of(at(S, k + 2), &m2) && at(S, k + 1)->ti <= x->tj + 1) {
        /* "this year through September": January to that month of this year */
        p.has_y1 = p.has_y2 = p.has_m1 = p.has_m2 = 1;
        p.y1 = p.y2 = d->year; p.m1 = 1; p.m2 = m2;
        p.ti = x->ti; p.tj = at(S, k + 2)->tj;
        have = 1;
        k = k + 2;
      } else if (x->tag == T_PERIOD_THIS_YEAR) {
        p.has_y1 = p.has_y2 = p.has_m1 = p.has_m2 = 1;
        p.y1 = p.y2 = d->year; p.m1 = 1; p.m2 = 12;
        p.ti = x->ti; p.tj = x->tj;
        p.relative = 1; p.this_year = 1;
        have = 1;
      } else if (x->tag == T_PERIOD_LAST_YEAR || x->tag == T_PERIOD_NEXT_YEAR) {
        lint y = x->tag == T_PERIOD_LAST_YEAR ? d->year - 1 : d->year + 1;
        p.has_y1 = p.has_y2 = p.has_m1 = p.has_m2 = 1;
        p.y1 = p.y2 = y; p.m1 = 1; p.m2 = 12;
        p.ti = x->ti; p.tj = x->tj;
        p.relative = 1;
        have = 1;
      } else if (x->tag == T_PERIOD_FULL_YEAR) {
        /* "за весь год", "im Gesamtjahr", "for the full year": the year in question */
        p.full_year = 1;
        p.has_m1 = p.has_m2 = 1;
        p.m1 = 1; p.m2 = 12;
        p.ti = x->ti; p.tj = x->tj;
        p.relative = 1;
        have = 1;
      } else if (x->tag == T_PERIOD_YEAR_BEFORE) {
        /* "a year earlier", "ein Jahr zuvor", "годом ранее": the year before the one in question */
        p.year_before = 1;
        p.ti = x->ti; p.tj = x->tj;
        p.relative = 1;
        have = 1;
      } else if (x->tag == T_PERIOD_FISCAL) {
        /* "fiscal 2023" is read with its year above; "the year ended March" alone */
        if (!is_year(n1)) {
          lint y2 = d->month > d->fiscal_start - 1 ? d->year : d->year - 1;
          p.has_y1 = p.has_y2 = p.has_m1 = p.has_m2 = 1;
          p.y1 = y2 - 1; p.m1 = d->fiscal_start; p.y2 = y2; p.m2 = d->fiscal_start - 1;
          p.ti = x->ti; p.tj = x->tj;
          p.relative = 1;
          have = 1;
        }
      }
    }
    if (have) {
      lint b, first = p.ti, reach;
      const item *prev = at(S, k - 1);
      int found = 0;
      for (b = 1; b <= n; b++) {
        const item *y = at(S, b);
        if (y->ti == p.ti) { p.i = y->i; found = 1; break; }
      }
      if (!found) p.i = x->i;
      /* a period right after "gegenüber"/"compared with"/"against" is a base of comparison */
      for (b = k; b >= 1; b--) {
        const item *y = at(S, b);
        if (y->ti < first - 3) break;
        if ((y->tag == T_REL_VERSUS || y->tag == T_NOISE_INCREMENT || y->tag == T_PERIOD_PREV_PERIOD ||
             y->tag == T_INDEX) && y->tj < first) {
          prev = y;
          break;
        }
      }
      reach = (prev != NULL && (prev->tag == T_PERIOD_PREV_PERIOD || prev->tag == T_INDEX)) ? 1 : 3;
      p.versus = prev != NULL && (prev->tag == T_REL_VERSUS || prev->tag == T_NOISE_INCREMENT ||
                                  prev->tag == T_PERIOD_PREV_PERIOD || prev->tag == T_INDEX) &&
                 prev->tj >= first - reach;
      out[np++] = p;
    }
    k = k + 1;
  }
  return np;
}

/* Give open years a value: the year written nearby, else the document's. */
static fper close_period(const per *p, const doc *d, int has_ctx_year, lint ctx_year) {
  lint y1, y2;
  if (p->has_trailing) {
    lint k;
    y2 = p->has_y2 ? p->y2 : d->year;
    if (!p->has_y2 && p->m2 > d->month) y2 = y2 - 1;
    k = wsub(wadd(wmul(y2, 12), wsub(p->m2, 1)), wsub(p->trailing, 1));
    return period(floor_div(k, 12), floor_mod(k, 12) + 1, y2, p->m2);
  }
  y1 = p->y1;
  y2 = p->has_y2 ? p->y2 : p->y1;
  if (!p->has_y1) {
    lint y = has_ctx_year ? ctx_year : d->year;
    /* a month range that ends after the document date is last year's */
    if (!has_ctx_year && y == d->year && p->m2 > d->month) y = y - 1;
    y1 = y2 = y;
    if (p->m2 < p->m1) y2 = y + 1;
  }
  return period(y1, p->m1, y2, p->m2);
}

/* }====================================================== */

/*
** {======================================================
** Parties
** =======================================================
*/

/* Is there an item of tag between tokens a and b (exclusive)? */
static int tag_between(const sview *S, lint a, lint b, int tag) {
  int k;
  TAGS(S, tag, k)
    if (S->it[k].ti > a && S->it[k].tj < b) return 1;
  return 0;
}

static int rel_of(const sview *S, int p) {
  static const int rels[] = {T_REL_WITH, T_REL_TO, T_REL_FROM, T_REL_VERSUS, T_REL_BASE};
  size_t r;
  for (r = 0; r < sizeof rels / sizeof rels[0]; r++)
    if (tag_before(S, p, rels[r], REL_REACH) >= 0) return rels[r] == T_REL_BASE ? T_REL_TO : rels[r];
  /* "Крупнейшим партнером области остается Россия", "wichtigster Partner blieb Kasachstan" */
  if (tag_before(S, p, T_PARTNER_WORD, REL_REACH + 2) >= 0) return T_PARTNER_WORD;
  return -1;
}

/*
** Does the preposition before p make p the reporter for this flow?
** "Exporte aus Belarus", "импорт в Белоруссию": the exporter / the importer.
*/
static int rel_reporter(const sview *S, int p, int f) {
  int r = rel_of(S, p);
  const item *x = &S->it[p], *fl;
  if (r < 0 || f < 0) return 0;
  fl = &S->it[f];
  if (x->ti < fl->tj || x->ti - fl->tj > REL_REACH + 3) return 0;
  if (fl->tag == T_FLOW_EXPORT) return r == T_REL_FROM;
  if (fl->tag == T_FLOW_IMPORT) return r == T_REL_TO;
  return 0;
}

/* The amount the parties are looked for: an item, or a probe after everything. */
typedef struct target {
  int idx;                 /* -1 for the probe */
  lint ti, tj;
} target;

typedef struct party {
  const char *reporter, *partner;
  int explicit_;           /* the sentence stated its own reporter */
  int par_item;            /* -1: none */
  int pair;
} party;

static int money_amount(const item *o) {
  return o->a->kind == TF_KIND_MONEY || (o->a->kind == TF_KIND_NUMBER && o->a->scale > 0);
}

static int change_amount(const item *o) {
  return o->a->kind == TF_KIND_PERCENT || o->a->kind == TF_KIND_MULTIPLIER;
}

/*
** "Im Handel mit China stiegen die Exporte um 11,4 % und die Importe um 30,9 %": one partner
** for all; else a place with an amount of its kind between it and the amount is another's.
*/
static int blocked(const sview *S, const int *places, int np, int p, const target *it, int money_like) {
  const item *x = &S->it[p];
  int others = 0, k;
  for (k = 0; k < np; k++) {
    const item *q = &S->it[places[k]];
    if (places[k] != p && !same_str(q->code, x->code) && q->ti > x->tj && q->tj < it->ti) others = 1;
  }
  for (k = 0; k < S->nf; k++) {
    const item *g = &S->it[S->flows[k]];
    if (g->tag == T_FLOW_TURNOVER && x->ti > g->tj && x->ti - g->tj <= REL_REACH + 1 &&
        rel_of(S, p) >= 0 && !others)
      return 0;
  }
  for (k = 0; k < S->na; k++) {
    const item *o = &S->it[S->amounts[k]];
    /* an increment ("rose by $2 billion to $12 billion") is no level of its own */
    int o_by = o->a->by, m;
    int o_money;
    TAGS(S, T_REL_BY, m)
      if (S->it[m].tj < o->ti && o->ti - S->it[m].tj <= 1) o_by = 1;
    o_money = (o->a->kind == TF_KIND_MONEY || (o->a->kind == TF_KIND_NUMBER && o->a->scale > 0)) && !o_by;
    int o_change = change_amount(o);
    if (S->amounts[k] != it->idx && o->ti > x->tj && o->tj <= it->ti &&
        ((money_like && o_money) || (!money_like && o_change)))
      return 1;
  }
  return 0;
}

/*
** Who trades with whom, for one amount it with flow word f (-1: none) in sentence S.
** Sets reporter, partner, and whether the sentence stated its own reporter
** (so that its pair may become the document's context).
*/
static void parties_named(const sview *S, const target *it, int f, party *out);

/*
** The parties of a figure. Two capitals of different countries as the pair
** ("Moskau und Peking peilen ein Handelsvolumen ... an", "Washington and
** Beijing") stand for their countries.
*/
static void parties(const sview *S, const target *it, int f, party *out) {
  const tf_parents *pt = S->d->parents;
  parties_named(S, it, f, out);
  if (out->pair && capital(pt, out->reporter) && capital(pt, out->partner)) {
    const char *r = tf_parents_of(pt, out->reporter), *q = tf_parents_of(pt, out->partner);
    if (!same_str(r, q)) {
      out->reporter = r;
      out->partner = q;
    }
  }
}

/* The adjective of a place right after the flow word fl of tag flow (at most one word between), or -1. */
static int adj_after_flow(const sview *S, const int *places, int np, const item *fl, int flow) {
  int k;
  if (fl == NULL || fl->tag != flow) return -1;
  for (k = 0; k < np; k++) {
    const item *p = &S->it[places[k]];
    if (p->tag == T_ADJ && p->ti > fl->tj && p->ti - fl->tj <= 2) return places[k];
  }
  return -1;
}

/* Does place p follow another place and a comma ("Россия, Китай и Казахстан": Китай)? */
static int listed_after(const sview *S, const int *places, int np, int p) {
  const item *x = &S->it[p];
  int k;
  for (k = 0; k < np; k++) {
    const item *q = &S->it[places[k]];
    if (q->tj < x->ti && x->ti - q->tj <= 2 && sub_has(S->d->text, S->d->len, q->j + 1, x->i - 1, ","))
      return 1;
  }
  return 0;
}

static void parties_named(const sview *S, const target *it, int f, party *out) {
  int places[SENTENCE_ITEMS], np = 0, k, m, pass, best = -1;
  const item *fl = f >= 0 ? &S->it[f] : NULL;
  const char *reporter = NULL;
  lint limit = it->ti;
  int money_like;
  for (k = 0; k < S->np; k++)
    if (!S->it[S->places[k]].dateline) places[np++] = S->places[k];
  out->reporter = out->partner = NULL;
  out->explicit_ = 0;
  out->par_item = -1;
  out->pair = 0;
  /* "zwischen A und B", "between A and B", "между A и B" */
  TAGS(S, T_REL_BETWEEN, m) {
    const item *b = &S->it[m];
    int a1 = -1, a2 = -1;
    for (k = 0; k < np; k++) {
      const item *p = &S->it[places[k]];
      if (p->ti > b->tj && p->ti <= b->tj + REL_REACH + 2 && a1 < 0) a1 = places[k];
      else if (a1 >= 0 && a2 < 0 && p->ti > S->it[a1].tj && p->ti <= S->it[a1].tj + REL_REACH + 1)
        a2 = places[k];
    }
    if (a1 >= 0 && a2 >= 0 && S->it[a1].ti < it->ti) {
      out->reporter = S->it[a1].code; out->partner = S->it[a2].code;
      out->explicit_ = 1; out->par_item = a2; out->pair = 1;
      return;
    }
  }
  /* "Handel Russlands und Chinas", "trade of Russia and China", "торговля России и Белоруссии",
     "Belarus und Russland haben ihren Handelsumsatz": two places joined by "and" next to the flow word */
  TAGS(S, T_REL_AND, m) {
    const item *c = &S->it[m];
    int a1 = -1, a2 = -1;
    for (k = 0; k < np; k++) {
      const item *p = &S->it[places[k]];
      if (p->tj < c->ti && c->ti - p->tj <= 1) a1 = places[k];
      if (p->ti > c->tj && p->ti - c->tj <= 2 && a2 < 0) a2 = places[k];
    }
      /* "стали Россия, Китай и Казахстан": the end of a list of three or more is no pair */
    if (a1 >= 0 && listed_after(S, places, np, a1)) a1 = -1;
    if (a1 >= 0 && a2 >= 0 && S->it[a1].tag == T_PLACE && S->it[a2].tag == T_PLACE &&
        S->it[a2].tj <= it->ti && fl != NULL) {
      const item *x1 = &S->it[a1], *x2 = &S->it[a2];
      int near = (fl->ti > x2->tj && fl->ti - x2->tj <= 8) || (x1->ti > fl->tj && x1->ti - fl->tj <= 2);
      /* "der Umsatz lag darunter: 2024 kamen Belarus und das Gebiet Kemerowo auf $225 Mio.",
         "trade slowed, and Russia and China reached $240 billion": the pair as the subject of
         the amount's verb, after the word of trade */
      if (!near && fl->tag == T_FLOW_TURNOVER && x1->ti > fl->tj && x2->tj < it->ti &&
          it->ti - x2->tj <= AND_PAIR_REACH) {
        int listed = 0;    /* "der Austausch mit der EU, den USA und Japan": the end of a list */
        for (k = 0; k < np; k++)
          if (S->it[places[k]].ti > fl->tj && S->it[places[k]].tj < x1->ti) listed = 1;
        near = !listed;
      }
      /* "Handelsumsatz von Belarus und dem Gebiet Kemerowo", "trade of Russia and China": of
         two places, the turnover's pair */
      int of_pair = fl->tag == T_FLOW_TURNOVER && x1->ti > fl->tj && x1->ti - fl->tj <= 2 &&
                    rel_of(S, a1) == T_REL_FROM;
      if (near && (rel_of(S, a1) < 0 || of_pair)) {
        out->reporter = x1->code; out->partner = x2->code;
        out->explicit_ = 1; out->par_item = a2; out->pair = 1;
        return;
      }
    }
  }
  /* "Russia-China trade", "chinesisch-russischen Handels", "российско-китайский товарооборот" */
  for (k = 0; k + 1 < np; k++) {
    const item *a = &S->it[places[k]], *b = &S->it[places[k + 1]];
    if (b->ti <= a->tj + 2 && b->tj < limit && rel_of(S, places[k]) < 0 &&
        !listed_after(S, places, np, places[k])) {
      int near = 0;
      for (m = 0; m < S->nf; m++) {
        const item *g = &S->it[S->flows[m]];
        if (g->ti > b->tj && g->ti - b->tj <= PLACE_NEAR_FLOW) near = 1;
      }
      if (near) {
        out->reporter = a->code; out->partner = b->code;
        out->explicit_ = 1; out->par_item = places[k + 1]; out->pair = 1;
        return;
      }
    }
  }
  /* the reporter: a place next to the flow word ("Chinas Exporte", "China's exports",
     "товарооборот Могилевской области", "Exporte Deutschlands"), else the subject:
     the first place before the flow word that no preposition introduces */
  for (k = 0; k < np; k++) {
    const item *p = &S->it[places[k]];
    if (rel_reporter(S, places[k], f) && p->tj <= limit + REL_REACH) { reporter = p->code; break; }
  }
  /* "Основными торговыми партнерами Беларуси стали Россия, Китай и Казахстан", "Belarus' main
     trade partners were Russia, China and Kazakhstan": the place whose partners a list names */
  if (reporter == NULL) {
    TAGS(S, T_PARTNER_WORD, m) {
      const item *pw = &S->it[m];
      int whose = -1, listed = 0;
      for (k = 0; k < np; k++) {
        const item *p = &S->it[places[k]];
        if (p->tag != T_PLACE) continue;
        /* right after the word ("партнерами Беларуси") or after its "of" ("partners of
           Belarus", "Handelspartner von Belarus"), or a possessive before it; not a subject
           after a verb ("Крупнейшим покупателем стала Россия") */
        if (whose < 0 && ((p->ti == pw->tj + 1) ||
                          (p->ti == pw->tj + 2 && tag_between(S, pw->tj, p->ti, T_REL_FROM)) ||
                          (p->tj < pw->ti && pw->ti - p->tj <= PLACE_NEAR_FLOW)))
          whose = places[k];
        else if (p->ti > pw->tj) listed++;
      }
      if (whose >= 0 && listed >= 2) {
        reporter = S->it[whose].code;
        break;
      }
    }
  }
  /* "Handel von Belarus mit China", "trade of Belarus with China", "the foreign trade of east
     China's Zhejiang Province" (the country that only locates its region is gone): the "of"
     right after a word of turnover or export, and the next item a place */
  if (reporter == NULL && fl != NULL && (fl->tag == T_FLOW_TURNOVER || fl->tag == T_FLOW_EXPORT) &&
      f + 2 < S->first + S->n) {
    const item *of = &S->it[f + 1], *p = &S->it[f + 2];
    if (of->tag == T_REL_FROM && of->ti == fl->tj + 1 && p->tag == T_PLACE && p->ti - of->tj <= OF_REACH)
      reporter = p->code;
  }
  /* "Der Außenhandel der ostchinesischen Provinz Zhejiang": a genitive place the next item
     after the flow word, an article and a locating adjective between */
  if (reporter == NULL && fl != NULL) {
    /* past the scope words of the flow ("оборот товаров и услуг Беларуси") */
    int j = f + 1;
    const item *prev = fl;
    while (j < S->first + S->n && (S->it[j].tag == T_SCOPE_GOODS || S->it[j].tag == T_SCOPE_SERVICES ||
                                   S->it[j].tag == T_SCOPE_GOODS_SERVICES) && S->it[j].ti - prev->tj <= 2)
      prev = &S->it[j++];
    if (j < S->first + S->n) {
      const item *p = &S->it[j];
      if (p->tag == T_PLACE && p->ti > prev->tj && p->ti - prev->tj <= GENITIVE_REACH && !p->dateline &&
          rel_of(S, j) < 0 && p->tj < limit)
        reporter = p->code;
    }
  }
  /* "Im März wurden von Deutschland Waren ... exportiert", "aus dem Gebiet ... ausgeführt": the
     place a "from" introduces before a verb of export is the exporter */
  if (reporter == NULL && fl != NULL && fl->tag == T_FLOW_EXPORT && fl->code != NULL &&
      strcmp(fl->code, "verb") == 0) {
    for (k = 0; k < np; k++) {
      const item *p = &S->it[places[k]];
      if (p->tag == T_PLACE && p->tj < fl->ti && p->tj < limit && rel_of(S, places[k]) == T_REL_FROM) {
        reporter = p->code;
        break;
      }
    }
  }
  /* "Ausfuhren belarussischer Agrarprodukte", "экспорт белорусских товаров", "exports of
     Belarusian dairy": an adjective of origin right after the export word is the exporter */
  if (reporter == NULL && (k = adj_after_flow(S, places, np, fl, T_FLOW_EXPORT)) >= 0)
    reporter = S->it[k].code;
  /* "in Österreichs Außenhandel", "das US-Handelsdefizit", "EU-Exporte": glued to the flow word */
  if (reporter == NULL && fl != NULL) {
    for (k = 0; k < np; k++) {
      const item *p = &S->it[places[k]];
      /* right before a flow word; after a preposition only before a capitalised noun
         ("in Österreichs Außenhandel"), never before a verb ("nach China geliefert") */
      for (m = 0; m < S->nf; m++) {
        const item *g = &S->it[S->flows[m]];
        if (p->tj + 1 == g->ti && (S->flows[m] == f || g->tj < it->ti) && p->tag != T_ADJ) {
          int upper = g->i >= 1 && (size_t)g->i <= S->d->len && is_up(S->d->text[g->i - 1]);
          if (rel_of(S, places[k]) < 0 || upper) reporter = p->code;
        }
      }
      if (reporter != NULL) break;
    }
  }
  for (k = 0; k < np; k++) {
    const item *p = &S->it[places[k]];
    if (reporter != NULL) break;
    if (p->tj < limit || (fl != NULL && p->ti > fl->tj && p->ti - fl->tj <= 2) ||
        (fl != NULL && p->tj <= fl->ti && fl->ti - p->tj <= PLACE_NEAR_FLOW)) {
      int r = rel_of(S, places[k]);
      if (r < 0 && fl != NULL) {
        int before = p->tj <= fl->ti && fl->ti - p->tj <= PLACE_NEAR_FLOW;
        int after = 0;
        for (m = 0; m < S->nf; m++) {
          const item *g = &S->it[S->flows[m]];
          /* a genitive right after the flow word: "Außenhandel Chinas", "сальдо торговли Белоруссии" */
          if (p->ti >= g->tj && p->ti - g->tj <= 2 && p->tag != T_ADJ &&
              (S->flows[m] == f || g->ti > fl->tj - 4))
            after = 1;
        }
        if ((before || after) && p->tag != T_ADJPREFIX) { reporter = p->code; break; }
      }
    }
  }
  if (reporter == NULL && fl != NULL) {
    for (k = 0; k < np; k++) {
      const item *p = &S->it[places[k]];
      if (p->tj <= fl->ti && p->tj <= limit && p->tag != T_ADJPREFIX && rel_of(S, places[k]) < 0) {
        reporter = p->code;
        break;
      }
    }
  }
  /* the partner: introduced by a preposition, or the place nearest before the amount
     ("Usbekistan mit 9,9 Mrd. Dollar", "China (plus drei Prozent)") */
  money_like = it->idx >= 0 && (S->it[it->idx].a->kind == TF_KIND_MONEY ||
                                S->it[it->idx].a->kind == TF_KIND_NUMBER);
  /* a place a preposition introduces ("exports to the United States", "в Афганистан"),
     the nearest before the amount; else the nearest bare place ("Usbekistan mit 9,9 Mrd.") */
  for (pass = 1; pass <= 2; pass++) {
    for (k = 0; k < np; k++) {
      const item *p = &S->it[places[k]];
      if (p->tj <= it->ti && !same_str(p->code, reporter) && p->tag == T_PLACE &&
          !blocked(S, places, np, places[k], it, money_like) &&
          ((pass == 1) == (rel_of(S, places[k]) >= 0)) && !rel_reporter(S, places[k], f))
        best = places[k];
    }
    if (best >= 0) break;
  }
  /* "импорт китайских товаров", "Einfuhren chinesischer Waren", "imports of Chinese goods":
     an adjective of origin right after the import word is the partner */
  if (best < 0 && (k = adj_after_flow(S, places, np, fl, T_FLOW_IMPORT)) >= 0 &&
      !same_str(S->it[k].code, reporter))
    best = k;
  /* an adjective before "Markt"/"market"/"рынок" names the partner */
  if (best < 0) {
    for (k = 0; k < np; k++) {
      const item *p = &S->it[places[k]];
      if (p->tag == T_ADJ && p->tj <= it->ti) {
        TAGS(S, T_MARKET, m) {
          const item *mk = &S->it[m];
          if (mk->ti >= p->tj && mk->ti - p->tj <= 1 && !same_str(p->code, reporter)) best = places[k];
        }
      }
    }
  }
  /* "lieferte Waren für 62,54 Mrd. Dollar nach Russland": a preposition right after the amount */
  if (best < 0) {
    for (k = 0; k < np; k++) {
      const item *p = &S->it[places[k]];
      if (p->ti >= it->tj && p->ti - it->tj <= REL_REACH && p->tag == T_PLACE &&
          !same_str(p->code, reporter) && rel_of(S, places[k]) >= 0) {
        best = places[k];
        break;
      }
    }
  }
  /* "в 10 раз увеличила экспорт мясной продукции в Китай", "doubled its exports of beef to
     China": after an amount that comes first, the place the flow word's preposition names */
  if (best < 0 && fl != NULL && fl->ti >= it->tj) {
    for (k = 0; k < np; k++) {
      const item *p = &S->it[places[k]];
      if (p->ti > fl->tj && p->ti - fl->tj <= REL_REACH + 3 && p->tag == T_PLACE &&
          !same_str(p->code, reporter) && rel_of(S, places[k]) >= 0 && !rel_reporter(S, places[k], f)) {
        best = places[k];
        break;
      }
    }
  }
  out->reporter = reporter;
  out->explicit_ = reporter != NULL;
  out->par_item = best;
  if (best >= 0) out->partner = S->it[best].code;
  /* the pair is stated outright when the partner hangs on the flow word ("trade with China") */
  out->pair = best >= 0 && fl != NULL && rel_of(S, best) >= 0 && S->it[best].ti > fl->tj &&
              S->it[best].ti - fl->tj <= REL_REACH + 1;
}

/* }====================================================== */

/*
** {======================================================
** The assembler
** =======================================================
*/

static int nearest_flow(const sview *S, int idx) {
  /* the closest flow word before the item, else the closest after it */
  const item *it = &S->it[idx];
  int before = -1, after = -1, f, k, m;
  int change = IS_AMOUNT(it) && change_amount(it);
  for (k = 0; k < S->nf; k++) {
    const item *g = &S->it[S->flows[k]];
    /* "ein Minus von 0,4 % bei den Einfuhren", "Minus 0,4 %": a direction, not a flow; but
       "the deficit was 7.8% smaller", "das Defizit um 7,8 Prozent kleiner": a verb or a
       preposition of change between makes the word the subject, a flow */
    int direction = change && (g->tag == T_FLOW_DEFICIT || g->tag == T_FLOW_SURPLUS) &&
                    g->tj <= it->ti && it->ti - g->tj <= 2 &&
                    ((it->ti - g->tj == 1 && !it->a->cprep) || tag_between(S, g->tj, it->ti, T_REL_FROM));
    if (!direction) {
      if (g->tj <= it->ti) before = S->flows[k];
      else if (after < 0 && g->ti >= it->tj) after = S->flows[k];
    }
  }
  f = before >= 0 ? before : after;
  /* "ein Minus von 0,4 % bei den Einfuhren": the flow named right after the change */
  if (after >= 0 && S->it[after].ti - it->tj <= 3) {
    TAGS(S, T_REL_OF_FLOW, m) {
      const item *x = &S->it[m];
      if (x->tj < S->it[after].ti && S->it[after].ti - x->tj <= 1 && x->ti > it->tj) return after;
    }
  }
  /* "310 Millionen Dollar auf den Export und 210 Millionen Dollar auf den Import": after an
     "and", the flow named right after the amount is its own */
  if (before >= 0 && after >= 0 && S->it[after].ti - it->tj <= 3 &&
      !sub_has(S->d->text, S->d->len, it->j + 1, S->it[after].i - 1, ",;:(")) {
    TAGS(S, T_REL_AND, m) {
      const item *x = &S->it[m];
      if (x->ti > S->it[before].tj && x->tj < it->ti && it->ti - x->tj <= 1) return after;
    }
  }
  if (before >= 0 && after >= 0) {
    lint da = S->it[after].ti - it->tj, db = it->ti - S->it[before].tj;
    /* German puts the verb last: "für € 76,5 Milliarden importiert"; never across a comma */
    if (((da <= 1 && db > 1) || (double)da < (double)db / 3) &&
        !sub_has(S->d->text, S->d->len, it->j + 1, S->it[after].i - 1, ",;:("))
      f = after;
  }
  /* "die Lücke zwischen den Ausfuhren ... und den Einfuhren": a balance of the two; not when
     the flow word stands right before its own amount ("as exports fell 15.7% and imports 14.2%") */
  if (f >= 0 && (S->it[f].tag == T_FLOW_EXPORT || S->it[f].tag == T_FLOW_IMPORT) &&
      !(S->it[f].tj < it->ti && it->ti - S->it[f].tj <= 1)) {
    for (k = 0; k < S->nf; k++) {
      const item *g = &S->it[S->flows[k]];
      if (is_balance(g->tag) && g->tj < it->ti) {
        int ex = 0, im = 0;
        for (m = 0; m < S->nf; m++) {
          const item *h = &S->it[S->flows[m]];
          if (h->ti > g->tj && h->tj < it->ti) {
            if (h->tag == T_FLOW_EXPORT) ex = 1;
            else if (h->tag == T_FLOW_IMPORT) im = 1;
          }
        }
        if (ex && im) f = S->flows[k];
      }
    }
  }
  /* "сальдо внешней торговли", "Saldo im Außenhandel", "das Defizit der USA im Handel mit
     China": the balance word rules its trade word when no amount stands between */
  if (f >= 0 && S->it[f].tag == T_FLOW_TURNOVER) {
    for (k = 0; k < S->nf; k++) {
      const item *g = &S->it[S->flows[k]];
      if (S->flows[k] != f && g->tj <= S->it[f].ti && S->it[f].ti - g->tj <= BALANCE_REACH &&
          is_balance(g->tag)) {
        int between = 0;
        for (m = 0; m < S->na; m++) {
          const item *o = &S->it[S->amounts[m]];
          if (o->ti > g->tj && o->tj < S->it[f].ti) between = 1;
        }
        if (!between) f = S->flows[k];
      }
    }
  }
  return f;
}

static lint dist(const item *x, const item *it) {
  return (x->ti > it->tj) ? (x->ti - it->tj) : (it->ti - x->tj);
}

static int noise_between(const sview *S, int idx, int f) {
  const item *it = &S->it[idx];
  int k;
  TAGS(S, T_NOISE_ACCOUNT, k)
    if (S->it[k].ti < it->ti) return 1;
  /* an investment or project word closer to the amount than its flow word; a flow word after
     the amount and a comma belongs to the next clause ("Инвестиции ... составили $500 млн,
     а товарооборот достиг $8 млрд") */
  for (k = S->first; k < S->first + S->n; k++) {
    const item *x = &S->it[k];
    if (x->tag == T_NOISE_INVESTMENT || x->tag == T_NOISE_PROJECT || x->tag == T_NOISE_CREDIT ||
        x->tag == T_NOISE_TARIFF || x->tag == T_NOISE_VOLUME) {
      lint d = dist(x, it);
      lint df = f >= 0 ? dist(&S->it[f], it) : FAR;
      if (f >= 0 && S->it[f].ti > it->tj && sub_has(S->d->text, S->d->len, it->j + 1, S->it[f].i - 1, ",;"))
        df = FAR;
      /* a measure in volume qualifies what follows it only */
      if (d < df && d <= 8 && !(x->tag == T_NOISE_VOLUME && x->ti > it->tj)) return 1;
    }
  }
  return 0;
}

/* Is amount idx a "(74.4%)" in brackets right after a place of its sentence? */
static int bracket_after_place(const sview *S, int idx) {
  const item *it = &S->it[idx];
  int k;
  if (it->a->kind != TF_KIND_PERCENT || it->a->direction != 0) return 0;
  for (k = 0; k < S->np; k++) {
    const item *p = &S->it[S->places[k]];
    if (p->tj < it->ti && it->ti - p->tj <= 2 && open_bracket_gap(S->d->text, S->d->len, p->j + 1, it->i - 1))
      return 1;
  }
  return 0;
}

static int share_word_near(const sview *S, int idx);

/* Is amount idx a share of a total, not a change? */
static int share_near(const sview *S, int idx) {
  const item *it = &S->it[idx];
  int k;
  if (share_word_near(S, idx)) return 1;
  /* "пришлась на Россию (74.4%) и Казахстан (23.6%)": a list of shares in brackets */
  if (bracket_after_place(S, idx)) {
    for (k = 0; k < S->na; k++) {
      int o = S->amounts[k];
      if (S->it[o].tj < it->ti && bracket_after_place(S, o) && share_word_near(S, o)) return 1;
    }
  }
  return 0;
}

/* Does a word of share stand by amount idx? */
static int share_word_near(const sview *S, int idx) {
  const item *it = &S->it[idx];
  int k, m;
  /* "40% приходится на Россию", "30 Prozent entfielen auf Maschinen": the verb that names a
     product group after money names a share after a percentage */
  TAGS(S, T_SEGMENT_AFTER, k)
    if (dist(&S->it[k], it) <= 3) return 1;
  TAGS(S, T_NOISE_SHARE, k) {
    const item *x = &S->it[k];
    lint d = dist(x, it);
    int first;
    if (d <= 3) return 1;
    /* "ihr Anteil am Gesamthandel der Stadt betrug 36,2 Prozent";
       "Доля России в товарообороте ... выросла с 47,9% ... до 60%": a sentence about a share */
    /* the sentence's subject: nothing but places before it ("Russia's share in ...") */
    first = 1;
    for (m = S->first; m < k; m++)
      if (!is_place(S->it[m].tag)) first = 0;
    if (x->tj < it->ti && (d <= 6 || (first && d <= 14))) {
      int between = 0;
      for (m = 0; m < S->na; m++) {
        const item *o = &S->it[S->amounts[m]];
        /* another amount between, a year or a date aside ("... Беларуси в 2023 году составил") */
        if (S->amounts[m] != idx && o->ti > x->tj && o->tj < it->ti &&
            o->a->kind != TF_KIND_YEAR && o->a->kind != TF_KIND_DATE)
          between = 1;
      }
      if (!between) return 1;
    }
  }
  return 0;
}

static int index_after(const sview *S, int idx) {
  const item *it = &S->it[idx];
  int k;
  for (k = S->first; k < S->first + S->n; k++) {
    const item *x = &S->it[k];
    if ((x->tag == T_INDEX || x->tag == T_PERIOD_PREV_PERIOD) && x->ti >= it->tj && x->ti <= it->tj + 2)
      return x->tag == T_INDEX || ln_d(it->a->value) > 100;
  }
  /* "Экспорт услуг составил $2,5 млрд, или 110,5%": over 100 and restating the money before
     it after "or", the level against a year before */
  if (ln_d(it->a->value) > 100 && idx - 2 >= S->first && S->it[idx - 1].tag == T_REL_OR &&
      S->it[idx - 1].ti - S->it[idx - 2].tj <= 2 && IS_AMOUNT(&S->it[idx - 2]) &&
      money_amount(&S->it[idx - 2]))
    return 1;
  return 0;
}

static int change_of(const sview *S, int ai, int own_flow) {
  /* the nearest percentage or multiplier of the same clause: no flow word and
     no other money amount between them */
  const item *amount_item = &S->it[ai];
  int best = -1, k, m, start = amount_item->range_from;
  lint bestd = 0, ati = amount_item->ti;
  /* "rose 12% from $60 billion to $76 billion": the end of a range reaches back over its start */
  if (start >= 0 && in_view(S, start)) ati = S->it[start].ti;
  else start = -1;
  for (k = 0; k < S->na; k++) {
    int ci = S->amounts[k];
    const item *c = &S->it[ci];
    lint lo, hi;
    if (c->ti > amount_item->tj) { lo = amount_item->tj; hi = c->ti; }
    else if (c->tj < ati) { lo = c->tj; hi = ati; }
    else continue;                       /* inside the range */
    if (change_amount(c) && ci != ai && hi - lo <= CLAUSE_GAP && !share_near(S, ci)) {
      lint d = hi - lo;
      int blk = 0;
      for (m = 0; m < S->nf; m++) {
        const item *fl = &S->it[S->flows[m]];
        /* the amount's own verb may sit between ("für 11,4 Mrd. eingeführt, ein Plus von 20,4 %"),
           but not its own noun before it ("..., на 21,4 %, поэтому сальдо ... $100 млн") */
        if (fl->ti >= lo && fl->tj <= hi && (S->flows[m] != own_flow || c->ti < amount_item->ti)) blk = 1;
      }
      for (m = 0; m < S->na; m++) {
        const item *o = &S->it[S->amounts[m]];
        if (S->amounts[m] != ai && S->amounts[m] != ci && S->amounts[m] != start && o->ti >= lo &&
            o->tj <= hi && money_amount(o))
          blk = 1;
      }
      if (!blk && (best < 0 || d < bestd)) { best = ci; bestd = d; }
    }
  }
  return best;
}

typedef struct change {
  int kind;                /* TF_CHANGE_* */
  double v;
} change;

/* The end of the text before item x, white space skipped back (0: none). */
static size_t end_before(const doc *d, const item *x) {
  size_t b, e;
  sub_range(d->len, 1, x->i - 1, &b, &e);
  while (e > b && lspace((unsigned char)d->text[e - 1])) e--;
  return e > b ? e : 0;
}

/* Does an opening bracket stand right before the item ("тонн (120%")? */
static int bracket_before(const doc *d, const item *x) {
  size_t e = end_before(d, x);
  return e > 0 && d->text[e - 1] == '(';
}

/* Does a dash stand right before the item ("бахчевых - на 63,9%")? */
static int dash_before(const doc *d, const item *x) {
  size_t e = end_before(d, x);
  if (e > 0 && d->text[e - 1] == '-') return 1;
  /* "–" U+2013, "—" U+2014 */
  return e >= 3 && (unsigned char)d->text[e - 3] == 0xE2 && (unsigned char)d->text[e - 2] == 0x80 &&
         ((unsigned char)d->text[e - 1] == 0x93 || (unsigned char)d->text[e - 1] == 0x94);
}

/*
** The direction of change amount c: its own; but after a dash that stands for the verb of the
** clause before ("Поставки винограда выросли на 34,4%, бахчевых - на 63,9%", "упал на 11,3%,
** а импорт - на 7,7%"), the direction of the change before it in the sentence.
*/
static int direction_of(const sview *S, const item *c) {
  int k, dir = c->a->direction;
  lint best = -1;
  const item *at = c;
  TAGS(S, T_REL_BY, k)          /* "and imports from Russia - by 7.7%" */
    if (S->it[k].tj < c->ti && c->ti - S->it[k].tj == 1) at = &S->it[k];
  if (!dash_before(S->d, at)) {
    /* "verringerte sich die Lücke zwischen den Ausfuhren ... und den Einfuhren von dort 2019
       um 8,5 Prozent": the sentence's verb of change, too far for the scanner, when no
       other change stands between */
    if (dir == 0) {
      const item *v = NULL;
      TAGS(S, T_DIR_UP, k)
        if (S->it[k].tj < c->ti && (v == NULL || S->it[k].ti > v->ti)) v = &S->it[k];
      TAGS(S, T_DIR_DOWN, k)
        if (S->it[k].tj < c->ti && (v == NULL || S->it[k].ti > v->ti)) v = &S->it[k];
      if (v != NULL) {
        const item *prev = NULL;     /* the nearest change between the verb and c */
        for (k = 0; k < S->na; k++) {
          const item *o = &S->it[S->amounts[k]];
          if (o != c && o->ti > v->tj && o->tj < c->ti && change_amount(o) &&
              (prev == NULL || o->ti > prev->ti))
            prev = o;
        }
        /* "sanken um 11,3 Prozent auf ..., die Importe aus Russland um 7,7 Prozent": with no
           verb of its own after the change before, the elided verb is that change's */
        if (prev == NULL) dir = v->tag == T_DIR_UP ? 1 : -1;
        else if (prev->a->direction != 0 && !bracket_before(S->d, c))
          dir = prev->a->direction;   /* not "(120%)", a level of its own in brackets */
      }
    }
    return dir;
  }
  for (k = 0; k < S->na; k++) {
    const item *o = &S->it[S->amounts[k]];
    if (o->tj < c->ti && o->ti > best && change_amount(o) && o->a->direction != 0) {
      best = o->ti;
      dir = o->a->direction;
    }
  }
  return dir;
}

static change change_value(const sview *S, int ci) {
  const item *c = &S->it[ci];
  change ch;
  double v = ln_d(c->a->value);
  int dir;
  /* "темп роста - 104,2% к уровню": an index despite the word of growth, when no preposition
     of change ("вырос на 4,2% к уровню") makes it a change */
  if (c->a->kind == TF_KIND_PERCENT && index_after(S, ci) && v > 0 &&
      (c->a->direction == 0 || !c->a->cprep)) {
    ch.kind = TF_CHANGE_PCT;       /* "fast 113% des Vorjahresniveaus": an index */
    ch.v = floor((v - 100) * 1000 + 0.5) / 1000;
    return ch;
  }
  dir = direction_of(S, c);       /* an index was answered above */
  if (c->a->kind == TF_KIND_PERCENT) {
    ch.kind = TF_CHANGE_PCT;
    if (dir < 0 && v > 0) v = -v;
    ch.v = v;
  } else {
    ch.kind = TF_CHANGE_RATIO;
    if (dir < 0 && v > 0) v = floor(1 / v * 10000 + 0.5) / 10000;
    ch.v = v;
  }
  return ch;
}

typedef int (*kind_fn)(const item *);

static int amount_between(const sview *S, const item *it, int idx, kind_fn same, lint a, lint b) {
  int k;
  for (k = 0; k < S->na; k++) {
    const item *o = &S->it[S->amounts[k]];
    if (S->amounts[k] != idx && S->amounts[k] != it->conversion && o->ti >= a && o->tj <= b && same(o))
      return 1;
  }
  return 0;
}

static int owned(const sview *S, const item *it, int idx, kind_fn same, const per *p) {
  int k;
  for (k = 0; k < S->na; k++) {
    const item *o = &S->it[S->amounts[k]];
    if (S->amounts[k] != idx && same(o) && o->tj < p->ti && p->ti - o->tj <= 3 && o->tj < it->ti &&
        !sub_has(S->d->text, S->d->len, o->j + 1, p->i - 1, ",;"))
      return 1;
  }
  return 0;
}

/*
** The period of an amount: one written right after it ("$1 billion in 2017"),
** else the nearest one before it in the sentence, else one after it with no
** other amount of its kind in between. A period right after another amount
** belongs to that amount; a converted amount in brackets shares its period.
** Returns the index of the period or -1; *far receives the one after it that
** was too far (or -1).
*/
static int pick_period(const sview *S, const per *periods, int np, int idx, int *far) {
  const item *it = &S->it[idx];
  kind_fn same = money_amount(it) ? money_amount : change_amount;
  const item *last = it->list_tail >= 0 ? &S->it[it->list_tail] : it;
  lint tail = last->conversion >= 0 ? S->it[last->conversion].tj + 1 : last->tj;
  lint tail_j = last->conversion >= 0 ? S->it[last->conversion].j : last->j;
  int before = -1, after = -1, k;
  *far = -1;
  for (k = 0; k < np; k++) {
    const per *p = &periods[k];
    if (p->versus) continue;
    if (p->tj <= it->ti) {
      if (!owned(S, it, idx, same, p) && (!amount_between(S, it, idx, same, p->tj, it->ti) || before < 0))
        before = k;
    } else if (p->ti >= tail && after < 0 && !amount_between(S, it, idx, same, tail, p->ti)) {
      after = k;
    }
  }
  if (after >= 0 && periods[after].ti - tail <= 3 &&
      !sub_has(S->d->text, S->d->len, tail_j + 1, periods[after].i - 1, ",;")) {
    /* "€ 18,1 Milliarden, ein Jahr zuvor waren es € 16,9 Milliarden": it leads the next amount */
    int leads = 0;
    for (k = 0; k < S->na; k++) {
      const item *o = &S->it[S->amounts[k]];
      if (S->amounts[k] != idx && S->amounts[k] != it->conversion && same(o) &&
          o->ti > periods[after].tj && o->ti - periods[after].tj <= 4)
        leads = 1;
    }
    if (!leads) return after;
  }
  if (before >= 0) return before;
  if (after >= 0 && periods[after].ti - tail <= 6 &&
      !sub_has(S->d->text, S->d->len, tail_j + 1, periods[after].i - 1, ",;"))
    return after;
  *far = after;
  return -1;
}

static int status_near(const sview *S, int idx, int tag) {
  const item *it = &S->it[idx];
  int k, m;
  TAGS(S, tag, k) {
    const item *x = &S->it[k];
    if (x->tj <= it->ti || (x->ti >= it->tj && x->ti - it->tj <= 2)) {
      int between = 0;
      for (m = 0; m < S->na; m++) {
        int oi = S->amounts[m];
        const item *o = &S->it[oi];
        if (oi != idx && oi != it->conversion && oi != it->converts && money_amount(o) &&
            ((o->ti > x->tj && o->tj < it->ti) || (o->ti > it->tj && o->tj < x->ti)))
          between = 1;
      }
      /* "erwartet, nachdem der Überschuss ... gelegen hatte": another clause */
      TAGS(S, T_CLAUSE_BREAK, m) {
        const item *b = &S->it[m];
        if ((b->ti > x->tj && b->tj < it->ti) || (b->ti > it->tj && b->tj < x->ti)) between = 1;
      }
      if (!between) return 1;
    }
  }
  return 0;
}

/* Plans and goals are targets, expectations forecasts; a period still to come is a forecast. */
static const char *status_of(const sview *S, int idx, const fper *p, const doc *d) {
  char now[TF_PERIOD_SIZE];
  if (status_near(S, idx, T_STATUS_TARGET)) return "target";
  if (status_near(S, idx, T_STATUS_FORECAST)) return "forecast";
  if (status_near(S, idx, T_STATUS_TARGET_WEAK)) return "target";
  ym(now, d->year, d->month);
  if (p != NULL && strcmp(p->to, now) > 0) return "forecast";
  return "actual";
}

/* "Отрицательное сальдо", "negative balance", "сальдо оказалось отрицательным". */
static int sign_near(const sview *S, int idx, int f) {
  static const int tags[] = {T_SIGN_NEGATIVE, T_SIGN_POSITIVE, T_FLOW_DEFICIT, T_FLOW_SURPLUS};
  const item *it = &S->it[idx], *fl = f >= 0 ? &S->it[f] : NULL;
  lint lo = (fl != NULL && fl->ti < it->ti ? fl->ti : it->ti) - 3;
  lint hi = (fl != NULL && fl->tj > it->tj ? fl->tj : it->tj) + 3;
  size_t t;
  int k;
  for (t = 0; t < sizeof tags / sizeof tags[0]; t++) {
    lint reach = (tags[t] == T_FLOW_DEFICIT || tags[t] == T_FLOW_SURPLUS) ? 12 : 0;
    TAGS(S, tags[t], k) {
      const item *x = &S->it[k];
      if (x->ti >= lo && x->tj <= hi + reach)
        return (tags[t] == T_SIGN_NEGATIVE || tags[t] == T_FLOW_DEFICIT) ? -1 : 1;
    }
  }
  return 0;
}

static lint labs_(lint x) { return x < 0 ? -x : x; }

/*
** A product group or kind of trader next to the flow word or the amount
** ("Semiconductor exports", "экспорт овощей", "Exporte von Milchprodukten").
*/
/*
** Is segment x named after amount it, by a verb of share ("1 млрд 400 млн долларов приходится
** на сырую нефть", "3 Mrd. Euro entfielen auf Maschinen"), or by a dash or the verb's
** preposition standing for it when said once before ("..., 180 млн долларов - на
** нефтепродукты", "..., 300 Mio. Dollar auf Chemieprodukte")?
*/
static int segment_after(const sview *S, const item *it, const item *x) {
  int m;
  TAGS(S, T_SEGMENT_AFTER, m) {
    const item *y = &S->it[m];
    if (y->ti > it->tj && y->ti - it->tj <= 1 && x->ti > y->tj && x->ti - y->tj <= 2) return 1;
    if (y->tj < it->ti && x->ti > it->tj && x->ti - it->tj <= 3 &&
        (starts_with_set(S->d->text, S->d->len, it->j + 1, x->i - 1, "-\xE2", 2) ||
         tag_between(S, it->tj, x->ti, T_REL_BY) || tag_between(S, it->tj, x->ti, T_RANGE_TO) ||
         tag_between(S, it->tj, x->ti, T_REL_TO)))
      return 1;
  }
  return 0;
}

static int segment_of(const sview *S, int idx, int f, tf_span *out) {
  const item *it = &S->it[idx], *fl = f >= 0 ? &S->it[f] : NULL;
  int k, m, pass;
  /* first a segment named after the amount; then one by the flow word or the amount */
  for (pass = 0; pass < 2; pass++) {
    TAGS(S, T_SEGMENT, k) {
      const item *x = &S->it[k];
      int near = 0;
      if (pass == 0) {
        near = segment_after(S, it, x);
      } else {
        int near_flow = fl != NULL && ((x->tj <= fl->ti && fl->ti - x->tj <= 3) ||
                                       (x->ti >= fl->tj && x->ti - fl->tj <= 3));
        int near_amount = (x->ti >= it->tj && x->ti - it->tj <= 1) || (x->tj < it->ti && it->ti - x->tj <= 2);
        /* "300 Mio. - auf Chemieprodukte, 180 Mio.": a segment right after another amount is its */
        if (near_amount && x->tj < it->ti) {
          for (m = 0; m < S->na; m++) {
            const item *o = &S->it[S->amounts[m]];
            if (S->amounts[m] != idx && o->tj < x->ti && x->ti - o->tj <= 3 && segment_after(S, o, x))
              near_amount = 0;
          }
        }
        near = near_flow || near_amount;
      }
      if (near) {
        /* not when another flow word is closer to it */
        int other = 0;
        for (m = 0; m < S->nf; m++) {
          const item *g = &S->it[S->flows[m]];
          if (S->flows[m] != f && fl != NULL && labs_(g->ti - x->ti) < labs_(fl->ti - x->ti)) other = 1;
        }
        if (!other) {
          sub_range(S->d->len, x->i, x->j, &out->i, &out->j);
          return 1;
        }
      }
    }
  }
  return 0;
}

/* "^%s*[«„\"]?([%u\208\209][^%s,.;:»“\"]+)", the quotes as whole UTF-8 characters */
static int enterprise_name(const char *text, size_t len, lint i, lint j, tf_span *out) {
  static const char quote[] = "\xC2\xAB\xE2\x80\x9E\"";
  static const char stop[] = ",.;:\"";
  size_t b, e, s;
  unsigned char c;
  sub_range(len, i, j, &b, &e);
  while (b < e && lspace((unsigned char)text[b])) b++;
  /* an opening quote: '"', "«" (2 bytes), "„" (3 bytes) */
  if (b < e && text[b] == '"') b++;
  else if (b + 1 < e && memcmp(text + b, quote, 2) == 0) b += 2;
  else if (b + 2 < e && memcmp(text + b, quote + 2, 3) == 0) b += 3;
  if (b >= e) return 0;
  c = (unsigned char)text[b];
  if (!(is_up((char)c) || c == 0xD0 || c == 0xD1)) return 0;
  s = b++;
  /* up to a space, a punctuation mark or a closing quote ("»" and "“" as whole characters) */
  while (b < e && !lspace((unsigned char)text[b]) && memchr(stop, text[b], sizeof stop - 1) == NULL &&
         !(b + 1 < e && (unsigned char)text[b] == 0xC2 && (unsigned char)text[b + 1] == 0xBB) &&
         !(b + 2 < e && (unsigned char)text[b] == 0xE2 && (unsigned char)text[b + 1] == 0x80 &&
           (unsigned char)text[b + 2] == 0x9C))
    b++;
  if (b - s < 2) return 0;   /* the class and at least one more byte */
  out->i = s;
  out->j = b;
  return 1;
}

/*
** "Der Konzern Bellesbumprom hat seine Exporte ...", "холдинг «Белшина»": an enterprise
** named before the flow word is the figure's segment; sets its name.
*/
static int enterprise_of(const sview *S, int f, tf_span *out) {
  int k;
  TAGS(S, T_SEGMENT_ENTERPRISE, k) {
    const item *x = &S->it[k];
    if (f >= 0 && x->tj < S->it[f].ti) {
      tf_span nm;
      if (enterprise_name(S->d->text, S->d->len, x->j + 1, x->j + ENTERPRISE_WINDOW, &nm) &&
          nm.j - nm.i >= 3) {
        *out = nm;
        return 1;
      }
    }
  }
  return 0;
}

/*
** The scope of a figure: the scope word of its sentence; where the sentence names more than
** one ("The goods deficit narrowed to $72.2 billion, and the services surplus ..."), the one
** nearest the figure's flow word (else its amount).
*/
static const char *scope_of(const sview *S, const item *it, int f) {
  static const int tags[] = {T_SCOPE_GOODS_SERVICES, T_SCOPE_SERVICES, T_SCOPE_GOODS};
  static const char *const names[] = {"goods_services", "services", "goods"};
  const item *at = f >= 0 ? &S->it[f] : it;
  const char *best = NULL;
  lint bestd = 0;
  int t, k, kinds = 0, found = 0;
  /* "Warenumsatz", "Warenausfuhren": a flow word whose code is a scope says it */
  if (f >= 0 && S->it[f].code != NULL)
    for (t = 0; t < 3; t++)
      if (strcmp(S->it[f].code, names[t]) == 0) return names[t];
  for (t = 0; t < 3; t++)
    if (has_tag(S, tags[t])) {
      kinds++;
      if (best == NULL) best = names[t];
    }
  if (kinds < 2) return best;
  for (t = 0; t < 3; t++)
    TAGS(S, tags[t], k) {
      lint d = dist(&S->it[k], at);
      if (!found || d < bestd) { found = 1; bestd = d; best = names[t]; }
    }
  return best;
}

/*
** "Kasachstan und China mit $216 Mio. und $104,6 Mio. beziehungsweise": the n-th place
** before a list of amounts goes with the n-th amount.
*/
static int respectively(const sview *S, int idx) {
  int first = idx, x, nlist = 0, pos = 0, last, k, said = 0, np = 0;
  int places[SENTENCE_ITEMS];
  /* the list the amount belongs to */
  while (S->it[first].prev_in_list >= 0) first = S->it[first].prev_in_list;
  for (x = first, last = first; x >= 0; x = S->it[x].next_in_list) {
    nlist++;
    if (x == idx) pos = nlist;
    last = x;
  }
  if (nlist < 2) return -1;
  /* "respectively", "beziehungsweise", "соответственно" inside the list or right after it */
  TAGS(S, T_RESPECTIVELY, k) {
    const item *r = &S->it[k];
    if (r->ti > S->it[first].ti && r->ti <= S->it[last].tj + 3) said = 1;
  }
  if (!said) return -1;
  /* the n places named last before the list, in order */
  for (k = 0; k < S->np; k++) {
    const item *p = &S->it[S->places[k]];
    if (p->tj < S->it[first].ti && p->tag == T_PLACE) places[np++] = S->places[k];
  }
  if (np < nlist || pos == 0) return -1;
  return places[np - nlist + pos - 1];
}

static int is_upper_word(const char *w, size_t n) {
  size_t k;
  if (n < 4) return 0;
  for (k = 0; k < n; k++) {
    unsigned char c = (unsigned char)w[k];
    if (c >= 'a' && c <= 'z') return 0;
    /* Cyrillic small letters: U+0430..U+044F, U+0451 */
    if (k + 1 < n && c == 0xD0 && (unsigned char)w[k + 1] >= 0xB0 && (unsigned char)w[k + 1] <= 0xBF)
      return 0;
    if (k + 1 < n && c == 0xD1 && (unsigned char)w[k + 1] >= 0x80 && (unsigned char)w[k + 1] <= 0x91)
      return 0;
  }
  return 1;
}

/* Copy an ISO code ("USD") into an 8-byte field; "" for NULL. */
static void copy_code(char dst[8], const char *src) {
  size_t n = src != NULL ? strlen(src) : 0;
  if (n > 7) n = 7;
  if (n > 0) memcpy(dst, src, n);
  dst[n] = '\0';
}

/* A figure as the assembler makes it, before changes are attached and repeats merged. */
typedef struct rawfig {
  int flow_tag, sent, main;
  const char *reporter, *partner;
  int has_value;
  lnum value;
  char currency[8];        /* ISO 4217, "" when none: a copy, the annotation it came from is gone */
  int qualifier;
  int has_period;
  fper period;
  change ch;
  const char *status;
  int has_segment;
  tf_span segment;
  const char *scope;
  tf_span span;
  tf_span sentence;        /* the sentence of span, without surrounding space */
  int merged;              /* attached to another as its change */
  int into;                /* dedupe: the figure it repeats, or itself */
  size_t out;              /* its place in the output */
} rawfig;

typedef struct figs {
  rawfig *v;
  size_t n, cap;
} figs;

static int push_fig(figs *F, tf_err *err) {
  if (F->n == F->cap) {
    size_t nc = F->cap ? F->cap * 2 : 16;
    rawfig *nv = (rawfig *)realloc(F->v, nc * sizeof *nv);
    if (nv == NULL) return tf_err_set(err, TF_ENOMEM, 0, "not enough memory for figures");
    F->v = nv;
    F->cap = nc;
  }
  memset(&F->v[F->n], 0, sizeof F->v[0]);
  F->n++;
  return TF_OK;
}

/* The document's running context: what earlier sentences set the scene with. */
typedef struct context {
  const char *reporter, *partner;
  int has_period;
  fper period;
  char currency[8];        /* "" when none */
  int flow;                /* a tag, -1: none */
  lint flow_sent;
  int balance_sign;
  int has_segment;
  tf_span segment;
  int enterprise;
} context;

static int span_eq(const char *text, tf_span a, tf_span b) {
  return a.j - a.i == b.j - b.i && memcmp(text + a.i, text + b.i, a.j - a.i) == 0;
}

/* ctx.period.to:sub(1, 4) as a number */
static int year_of_to(const char *to, lint *y) {
  char buf[5];
  char *end;
  long long v;
  memcpy(buf, to, 4);
  buf[4] = '\0';
  if (buf[0] == '\0') return 0;
  v = strtoll(buf, &end, 10);
  if (end == buf || *end != '\0') return 0;
  *y = v;
  return 1;
}

/* "YYYY-MM" -> y, m ("^(%d+)%-(%d+)$") */
static int parse_ym(const char *s, lint *y, lint *m) {
  const char *p = s;
  lint a = 0, b = 0;
  if (*p < '0' || *p > '9') return 0;
  while (*p >= '0' && *p <= '9') a = wadd(wmul(a, 10), *p++ - '0');
  if (*p++ != '-') return 0;
  if (*p < '0' || *p > '9') return 0;
  while (*p >= '0' && *p <= '9') b = wadd(wmul(b, 10), *p++ - '0');
  if (*p != '\0') return 0;
  *y = a;
  *m = b;
  return 1;
}

/* One amount of sentence si: a figure, or nothing. */
/* "ein Zuwachs von 7 Prozent oder $1 Milliarde", "rose 7%, or $1 billion, to $15 billion",
   "на 7%, или на $1 млрд": the money restates the change before it, it is no level */
static int restated(const sview *S, int idx) {
  const item *it = &S->it[idx];
  int k, m;
  if (!money_amount(it)) return 0;
  TAGS(S, T_REL_OR, k) {
    const item *x = &S->it[k];
    if (!(x->tj < it->ti && it->ti - x->tj <= 2)) continue;
    for (m = 0; m < S->na; m++) {
      const item *o = &S->it[S->amounts[m]];
      if (change_amount(o) && o->tj < x->ti && x->ti - o->tj <= 2) return 1;
    }
  }
  return 0;
}

/*
** "grew 3.7 percent to 102.90 trillion yen, above 100 trillion yen for the first time", "to a
** record CNY10.3 trillion ..., the eighth quarter in a row above CNY10 trillion": a round mark
** just below a level the same sentence gives for the same flow restates that level; no figure.
*/
static int mark_of_level(const sview *S, int idx, int f) {
  const item *it = &S->it[idx];
  double v = fabs(ln_d(it->a->value));
  int k;
  double n = it->a->scale > 0 ? v / ln_d(it->a->scalev) : v;    /* the numeral as written */
  /* a mark is a round number ("100 trillion"), a comparison base is not ("776.40 billion") */
  if (it->a->qualifier != TF_QUAL_OVER || it->a->currency == NULL || v <= 0 || fabs(n - floor(n + 0.5)) > 1e-9)
    return 0;
  for (k = 0; k < S->na; k++) {
    const item *o = &S->it[S->amounts[k]];
    double w;
    if (S->amounts[k] == idx || o->tj >= it->ti || o->a->kind != TF_KIND_MONEY) continue;
    if (o->a->qualifier != TF_QUAL_EXACT || o->a->currency == NULL) continue;
    if (strcmp(o->a->currency, it->a->currency) != 0 || nearest_flow(S, S->amounts[k]) != f) continue;
    w = fabs(ln_d(o->a->value));
    if (w >= v && v >= 0.9 * w) return 1;
  }
  return 0;
}

/*
** "im Vorjahr ... von 8,4 auf 4,9 Mrd. Euro", "rose from $60 billion to $76 billion in 2022":
** the start of a range is the level of the period before its end's (the same months a year
** earlier), unless a period of its own stands between the two ("с $30 млн в 1992 году до
** $3 млрд в 2011 году"). end: the range's end, whose period is end_per (NULL: none).
*/
static void range_start_period(const sview *S, const item *end, const per *periods, int np,
                               const fper *end_per, figs *F) {
  const item *start = &S->d->it[end->range_from];
  rawfig *sf;
  lint y1, m1, y2, m2;
  int k;
  if (start->figure < 0) return;
  sf = &F->v[start->figure];
  for (k = 0; k < np; k++)
    if (periods[k].ti > start->tj && periods[k].ti < end->ti) return;
  if (end_per == NULL || !parse_ym(end_per->from, &y1, &m1) || !parse_ym(end_per->to, &y2, &m2)) {
    sf->has_period = 0;
    return;
  }
  sf->has_period = 1;
  sf->period = period(y1 - 1, m1, y2 - 1, m2);
}

static int figure_of(sview *S, lint si, int idx, const per *periods, int np, int has_sent_year,
                     lint sent_year, context *ctx, figs *F, tf_err *err) {
  const doc *d = S->d;
  item *it = &d->it[idx];
  const amt *a = it->a;
  int money = a->kind == TF_KIND_MONEY || (a->kind == TF_KIND_NUMBER && a->scale >= 6);
  int change_only = a->kind == TF_KIND_PERCENT || a->kind == TF_KIND_MULTIPLIER;
  int f, flow_tag, ok, k, m, rc;
  party pt;
  target tg;
  int base_of_prev = 0, resp, total = 0, best, far, explicit_, par_item, pair;
  const char *rep, *par;
  fper per_;
  int has_per = 0, mainf, comparison = 0, background = 0, per_from_ctx = 0;
  change ch;
  rawfig *fig;
  if (!(money || change_only)) return TF_OK;
  f = nearest_flow(S, idx);
  flow_tag = f >= 0 ? S->it[f].tag : -1;
  if (f < 0 && money && ctx->flow >= 0 && ctx->flow_sent == si - 1 && S->nf == 0)
    flow_tag = ctx->flow;          /* a list going on from the last sentence */
  /* "... составил $180 млн. По его словам, это на 15% больше, чем в 2022 году": a change in a
     sentence with no flow word and no money of its own is the last figure's */
  if (f < 0 && change_only && S->nf == 0 && ctx->flow_sent == si - 1 && F->n > 0) {
    rawfig *last = &F->v[F->n - 1];
    int own = 0;     /* money or a period of its own makes it another figure */
    for (k = 0; k < S->na; k++)
      if (money_amount(&S->it[S->amounts[k]])) own = 1;
    /* "С начала года экспорт вырос на 12%" */
    for (k = 0; k < np; k++)
      if (!periods[k].versus) own = 1;
    TAGS(S, T_PERIOD_YTD, k) own = 1;
    if (!own && last->has_value && last->ch.kind == TF_CHANGE_NONE && last->sent == (int)si - 1 &&
        !share_near(S, idx)) {
      change c = change_value(S, idx);
      if (c.kind != TF_CHANGE_NONE) last->ch = c;
      return TF_OK;
    }
  }
  ok = flow_tag >= 0;
  if (ok && money) {
    const char *cur = a->currency ? a->currency : ctx->currency[0] ? ctx->currency : NULL;
    if (cur == NULL || noise_between(S, idx, f) || ln_small(a->value) || restated(S, idx) ||
        mark_of_level(S, idx, f))
      ok = 0;
    /* "$13.6 billion more than in May", "a £900m rise": an increment, not a level */
    TAGS(S, T_NOISE_INCREMENT, k)
      if (S->it[k].ti > it->tj && S->it[k].ti - it->tj <= 1) ok = 0;
    TAGS(S, T_NOISE_INCREMENT_AFTER, k)
      if (S->it[k].ti > it->tj && S->it[k].ti - it->tj <= 1) ok = 0;
    TAGS(S, T_NOISE_AVERAGE, k)
      if (S->it[k].tj < it->ti && it->ti - S->it[k].tj <= 2) ok = 0;
    /* "снизился более чем на $2 млрд", "rose by $2 billion", "stieg um 300 Mio. Dollar" */
    {
      lint bys[SENTENCE_ITEMS][2];
      int nby = 0, b;
      if (a->by) {
        bys[0][0] = it->ti;
        bys[0][1] = it->ti - 1;
        nby = 1;
      } else {
        TAGS(S, T_REL_BY, k) {
          bys[nby][0] = S->it[k].ti;
          bys[nby][1] = S->it[k].tj;
          nby++;
        }
      }
      for (b = 0; b < nby; b++) {
        if (bys[b][1] < it->ti && it->ti - bys[b][1] <= 1) {
          TAGS(S, T_DIR_UP, k)
            if (S->it[k].tj <= bys[b][0] && bys[b][0] - S->it[k].tj <= 4) ok = 0;
          TAGS(S, T_DIR_DOWN, k)
            if (S->it[k].tj <= bys[b][0] && bys[b][0] - S->it[k].tj <= 4) ok = 0;
          /* "übertrifft den mit Japan um 16,6 Milliarden Euro": a verb of exceeding too */
          TAGS(S, T_QUALIFIER_OVER, k)
            if (S->it[k].tj <= bys[b][0] && bys[b][0] - S->it[k].tj <= 4) ok = 0;
        }
      }
    }
  }
  if (ok && change_only) {
    lint b0, b1;
    /* a change belongs to a money amount of the same clause when there is one */
    if (!S->claimed_done) {
      /* the changes the money amounts of this sentence take, worked out once */
      memset(S->claimed, 0, sizeof S->claimed);
      S->claimed_done = 1;
      for (k = 0; k < S->na; k++) {
        const item *o = &S->it[S->amounts[k]];
        if ((o->a->kind == TF_KIND_MONEY || (o->a->kind == TF_KIND_NUMBER && o->a->scale >= 6)) &&
            !restated(S, S->amounts[k]) && o->range_to < 0) {
          int c = change_of(S, S->amounts[k], nearest_flow(S, S->amounts[k]));
          if (c >= 0) S->claimed[c - S->first] = 1;
        }
      }
    }
    if (S->claimed[idx - S->first]) ok = 0;
    if (share_near(S, idx) || noise_between(S, idx, f)) ok = 0;
    /* "Доля России ... выросла с 47,9% в 2020 году до 60%": both ends of a range of shares */
    if ((it->range_from >= 0 && in_view(S, it->range_from) && share_near(S, it->range_from)) ||
        (it->range_to >= 0 && in_view(S, it->range_to) && share_near(S, it->range_to)))
      ok = 0;
    /* "24% экспорта", "37,5 Prozent der Einfuhren", "60% of exports": a share, not a change */
    for (k = 0; k < S->nf; k++) {
      const item *g = &S->it[S->flows[k]];
      if (g->ti > it->tj && g->ti - it->tj <= 2 && a->kind == TF_KIND_PERCENT) {
        int conj = 0;
        TAGS(S, T_REL_AND, m)
          if (S->it[m].ti > it->tj && S->it[m].tj < g->ti) conj = 1;
        if (!conj && !sub_has(d->text, d->len, it->j + 1, g->i - 1, ",;")) ok = 0;
      }
    }
    /* "489,6 тыс. тонн (106,5% к уровню ...)": the change of a quantity, not of a value */
    for (k = 0; k < S->na; k++) {
      const item *o = &S->it[S->amounts[k]];
      if (o->tj < it->ti && it->ti - o->tj <= 3 && o->a->kind == TF_KIND_QUANTITY) ok = 0;
    }
    /* "um 3,7 % zugelegt (real: +1,4 %)": another measure of the same change in brackets */
    b0 = it->i - BEFORE_WINDOW > 1 ? it->i - BEFORE_WINDOW : 1;
    b1 = it->i - 1;
    if (sub_has(d->text, d->len, b0, b1, "(")) {
      for (k = 0; k < S->na; k++) {
        const item *o = &S->it[S->amounts[k]];
        if (S->amounts[k] != idx && o->tj < it->ti && it->ti - o->tj <= 5 && change_amount(o)) {
          int place_between = 0;
          for (m = 0; m < S->np; m++) {
            const item *p = &S->it[S->places[m]];
            if (p->ti > o->tj && p->tj < it->ti) place_between = 1;
          }
          if (!place_between) ok = 0;
        }
      }
    }
  }
  if (!ok) return TF_OK;
  if (flow_of(flow_tag) == NULL) return TF_OK;   /* a "flow.*" tag of no known flow */
  /* "Der Volkswagen-Konzern steigerte seinen Umsatz um 15 Prozent": a company's turnover with
     no place named is its revenue, not trade ("bare": a word of turnover that says no "trade") */
  if (f >= 0 && S->it[f].code != NULL && strcmp(S->it[f].code, "bare") == 0 &&
      has_tag(S, T_SEGMENT_ENTERPRISE)) {
    int named = 0;
    for (k = 0; k < S->np; k++)
      if (!S->it[S->places[k]].dateline) named = 1;
    if (!named) return TF_OK;
  }
  tg.idx = idx;
  tg.ti = it->ti;
  tg.tj = it->tj;
  parties(S, &tg, f, &pt);
  rep = pt.reporter;
  par = pt.partner;
  explicit_ = pt.explicit_;
  par_item = pt.par_item;
  pair = pt.pair;
  /* "Georgien kam auf 2,4 Mrd. $ nach 2,5 Mrd. $ ein Jahr zuvor": a comparison base keeps the parties */
  TAGS(S, T_REL_VERSUS, k)
    if (S->it[k].tj < it->ti && it->ti - S->it[k].tj <= 1) base_of_prev = 1;
  TAGS(S, T_REL_BASE, k)
    if (S->it[k].tj < it->ti && it->ti - S->it[k].tj <= 1) base_of_prev = 1;
  if (base_of_prev && F->n > 0 && F->v[F->n - 1].sent == si) {
    rep = F->v[F->n - 1].reporter;
    par = F->v[F->n - 1].partner;
    explicit_ = 0;
    par_item = -1;
    pair = 0;
  }
  /* "Die Exporte nach China stiegen von 2,1 auf 2,5 Milliarden Dollar": a range is one
     statement, its end about the parties of its start */
  if (it->range_from >= 0 && d->it[it->range_from].figure >= 0) {
    const rawfig *sf = &F->v[d->it[it->range_from].figure];
    rep = sf->reporter;
    par = sf->partner;
  }
  resp = respectively(S, idx);
  if (resp >= 0) {
    par = S->it[resp].code;
    par_item = resp;
  }
  /* "the two countries intend to increase trade", "взаимный товарооборот", "der bilaterale
     Handel": the pair the text is about, when the sentence names no pair of its own */
  if (!pair && par_item < 0 && ctx->reporter != NULL && ctx->partner != NULL &&
      strcmp(ctx->partner, "WLD") != 0) {
    int both = 0;
    TAGS(S, T_REL_BOTH, k)
      if (S->it[k].ti < it->ti) both = 1;
    /* "the two countries", "two sides": the noun after the number two */
    TAGS(S, T_REL_BOTH_NOUN, k) {
      const item *n2 = k > S->first ? &S->it[k - 1] : NULL;
      if (S->it[k].ti < it->ti && n2 != NULL && IS_AMOUNT(n2) && n2->a->kind == TF_KIND_NUMBER &&
          n2->a->scale == 0 && ln_d(n2->a->value) == 2.0 && n2->tj + 1 == S->it[k].ti)
        both = 1;
    }
    if (both) {
      rep = ctx->reporter;
      par = ctx->partner;
      explicit_ = 0;
    }
  }
  TAGS(S, T_WORLD_TOTAL, k) {
    const item *t = &S->it[k];
    /* "снизившись всего на 1%": a total word right before a change says "only", not "with the world" */
    if (t->tj + 1 == it->ti && change_amount(it)) continue;
    if (t->ti < it->ti && (par_item < 0 || t->ti > S->it[par_item].tj)) total = 1;
  }
  if (total) par = NULL;
  if (rep == NULL) rep = ctx->reporter;
  /* "die Stadt im Südwesten Chinas": the country of the reporting region is not a new reporter */
  if (ctx->reporter != NULL && !same_str(rep, ctx->reporter) && same_str(parent_of(d, ctx->reporter), rep))
    rep = ctx->reporter;
  if (same_str(par, rep)) par = NULL;
  if (par != NULL && same_str(parent_of(d, rep), par)) par = NULL;
  if (par == NULL) {
    if (total || (explicit_ && !same_str(rep, ctx->reporter))) par = "WLD";
    else if (ctx->partner != NULL && !same_str(ctx->partner, rep)) par = ctx->partner;
    else par = "WLD";
  }
  if (rep == NULL) par = strcmp(par, "WLD") != 0 ? par : NULL;
  /* the period nearest to the amount, else the sentence's, else the document's */
  best = pick_period(S, periods, np, idx, &far);
  /* "nearly double the figure a year earlier, while imports ... totalled 300 billion": a
     comparison base in the clause before is not the period of an amount after the break */
  if (best >= 0 && periods[best].year_before && periods[best].tj < it->ti) {
    int broken = 0;
    TAGS(S, T_CLAUSE_BREAK, k)
      if (S->it[k].ti > periods[best].tj && S->it[k].tj < it->ti) broken = 1;
    if (broken) best = -1;
  }
  if (best < 0 && !ctx->has_period) best = far;
  /* "the goal of Dh4 trillion in non-oil trade by 2031": a plan's deadline */
  if ((status_near(S, idx, T_STATUS_TARGET) || status_near(S, idx, T_STATUS_TARGET_WEAK)) &&
      (best < 0 || periods[best].relative)) {
    for (k = 0; k < np; k++) {
      const per *p = &periods[k];
      if (p->deadline && p->ti > it->tj) {
        int between = 0;
        for (m = 0; m < S->na; m++) {
          const item *o = &S->it[S->amounts[m]];
          if (S->amounts[m] != idx && o->ti > it->tj && o->tj < p->ti && money_amount(o)) between = 1;
        }
        if (!between) best = k;
        break;
      }
    }
  }
  if (best >= 0 && periods[best].year_before) {
    int has_base = ctx->has_period;
    fper base;
    lint y1, m1, y2, m2;
    memset(&base, 0, sizeof base);
    if (has_base) base = ctx->period;
    else {
      for (k = 0; k < np; k++) {
        const per *p = &periods[k];
        if (k != best && !p->versus && !p->year_before && !p->full_year) {
          base = close_period(p, d, has_sent_year, sent_year);
          has_base = 1;
        }
      }
    }
    if (has_base && parse_ym(base.from, &y1, &m1) && parse_ym(base.to, &y2, &m2)) {
      per_ = period(y1 - 1, m1, y2 - 1, m2);
      has_per = 1;
    }
  } else if (best >= 0 && periods[best].full_year) {
    lint y;
    if (!(ctx->has_period && year_of_to(ctx->period.to, &y))) y = has_sent_year ? sent_year : d->year;
    per_ = period(y, 1, y, 12);
    has_per = 1;
  } else if (best >= 0 && periods[best].this_year && !status_near(S, idx, T_STATUS_TARGET) &&
             !status_near(S, idx, T_STATUS_FORECAST) && !status_near(S, idx, T_STATUS_TARGET_WEAK) &&
             d->month < 12) {
    /* "в этом году составляет уже $4 млрд", "this year exports have reached ...": so far this
       year, months unsaid; no period, and no forecast (the year is not over) */
    has_per = 0;
  } else if (best >= 0) {
    per_ = close_period(&periods[best], d, has_sent_year, sent_year);
    has_per = 1;
  } else if (ctx->has_period) {
    per_ = ctx->period;
    has_per = 1;
    per_from_ctx = 1;
  }
  /* "Year-to-date", "seit Jahresbeginn", "с начала года": January to the month the text is at */
  {
    int ytd = 0;
    lint y2, m2;
    TAGS(S, T_PERIOD_YTD, k)
      if (S->it[k].ti < it->ti) ytd = 1;
    if (ytd && ctx->has_period && parse_ym(ctx->period.to, &y2, &m2)) {
      per_ = period(y2, 1, y2, m2);
      has_per = 1;
      per_from_ctx = 0;
    }
  }
  if (it->converts >= 0 && F->n > 0) {
    const rawfig *last = &F->v[F->n - 1];
    const item *cv = &d->it[it->converts];
    tf_span s;
    sub_range(d->len, cv->i, cv->j, &s.i, &s.j);
    if (span_eq(d->text, last->span, s)) {
      has_per = last->has_period;
      if (has_per) per_ = last->period;
    }
  }
  /* "überschritt erstmals die Marke von 5 Milliarden Dollar", "topped the $5 billion mark",
     "превысил отметку в 5 млрд": a threshold crossed is no figure; a mark aimed at ("hatte
     auf die $500-Millionen-Marke gehofft") is a target and stays */
  if (money) {
    int threshold = 0;
    TAGS(S, T_NOISE_THRESHOLD, k) {
      const item *x = &S->it[k];
      if ((x->tj < it->ti && it->ti - x->tj <= 2) || (x->ti > it->tj && x->ti - it->tj <= 1)) threshold = 1;
    }
    if (threshold && strcmp(status_of(S, idx, has_per ? &per_ : NULL, d), "actual") == 0) return TF_OK;
  }
  if ((rc = push_fig(F, err)) != TF_OK) return rc;
  fig = &F->v[F->n - 1];
  ch.kind = TF_CHANGE_NONE;
  ch.v = 0;
  fig->qualifier = a->qualifier;
  /* "превысил 35,5 млрд долларов", "exceeded $8 billion", "überstieg 2 Mrd.": more than */
  if (fig->qualifier == TF_QUAL_EXACT) {
    TAGS(S, T_QUALIFIER_OVER, k)
      if (S->it[k].tj < it->ti && it->ti - S->it[k].tj == 1) fig->qualifier = TF_QUAL_OVER;
  }
  if (money) {
    int sign;
    lnum value = a->value;
    fig->has_value = 1;
    copy_code(fig->currency, a->currency ? a->currency : ctx->currency);
    sign = flow_tag == T_FLOW_DEFICIT ? -1 : flow_tag == T_FLOW_SURPLUS ? 1
         : flow_tag == T_FLOW_BALANCE ? sign_near(S, idx, f) : 0;
    /* "die Lücke summierte sich auf 4,9 Billionen Yen" after "Rekorddefizit": the article's sign */
    if (flow_tag == T_FLOW_BALANCE && sign == 0) sign = ctx->balance_sign;
    if (ln_gt0(value) && sign < 0) value = ln_neg(value);
    if (is_balance(flow_tag) && sign != 0) ctx->balance_sign = sign;
    fig->value = value;
    if (it->range_to < 0) {   /* the change of a range is its end's */
      int c = change_of(S, idx, f);
      if (c >= 0) ch = change_value(S, c);
    }
  } else {
    ch = change_value(S, idx);
  }
  mainf = it->converts >= 0 ? d->it[it->converts].figure : -1;
  if (mainf >= 0) {
    rawfig *mf = &F->v[mainf];
    flow_tag = mf->flow_tag;
    rep = mf->reporter;
    par = mf->partner;
    has_per = mf->has_period;
    if (has_per) per_ = mf->period;
    if (ch.kind == TF_CHANGE_NONE && mf->ch.kind != TF_CHANGE_NONE) ch = mf->ch;
    /* "3.26 trillion yuan (about 458 billion U.S. dollars) in 2023, up 1.7 percent": the change
       after the bracket is the main figure's too */
    else if (ch.kind != TF_CHANGE_NONE && mf->ch.kind == TF_CHANGE_NONE) mf->ch = ch;
  }
  fig->flow_tag = flow_tag;
  fig->sent = (int)si;
  fig->main = mainf;
  fig->reporter = rep;
  fig->partner = par;
  fig->has_period = has_per;
  if (has_per) fig->period = per_;
  fig->ch = ch;
  fig->status = status_of(S, idx, has_per ? &per_ : NULL, d);
  if (money && it->range_from >= 0) range_start_period(S, it, periods, np, has_per ? &per_ : NULL, F);
  /* "Ziel müsse ein Handelsumsatz von 500 Mio. sein", "Стороны рассчитывают в ближайшие годы
     довести торговлю до $500 млн": a plan with no period of its own, or one for "the coming
     years", is not about the past period the text was on (an expectation may be: "Analysten
     hatten 31,9 Milliarden erwartet" is about the month just reported) */
  if (per_from_ctx && mainf < 0 && strcmp(fig->status, "actual") != 0) {
    char now[TF_PERIOD_SIZE];
    int future = 0;
    TAGS(S, T_PERIOD_FUTURE, k) future = 1;
    ym(now, d->year, d->month);
    if (strcmp(per_.to, now) < 0 && (future || strcmp(fig->status, "target") == 0)) {
      has_per = 0;
      fig->has_period = 0;
    }
  }
  fig->has_segment = segment_of(S, idx, f, &fig->segment);
  if (!fig->has_segment) fig->has_segment = enterprise_of(S, f, &fig->segment);
  if (!fig->has_segment && (f < 0 || ctx->enterprise) && ctx->has_segment) {
    fig->has_segment = 1;
    fig->segment = ctx->segment;
  }
  fig->scope = scope_of(S, it, f);
  sub_range(d->len, it->i, it->j, &fig->span.i, &fig->span.j);
  fig->into = (int)(F->n - 1);
  it->figure = (int)(F->n - 1);
  if (money && a->currency != NULL && it->converts < 0) copy_code(ctx->currency, a->currency);
  if (total && !pair) ctx->partner = "WLD";
  if (explicit_) {
    /* a sentence that names both sides sets the scene for the next ones */
    if (pair || (par_item >= 0 && !total)) ctx->partner = par;
    else if (total || !same_str(rep, ctx->reporter)) ctx->partner = "WLD";
    ctx->reporter = rep;
  } else if (ctx->reporter == NULL) {
    ctx->reporter = rep;
  }
  TAGS(S, T_REL_VERSUS, k)
    if (S->it[k].tj < it->ti && it->ti - S->it[k].tj <= 2) comparison = 1;
  TAGS(S, T_CLAUSE_BREAK, k)
    if (S->it[k].tj < it->ti) background = 1;
  TAGS(S, T_PERIOD_ALONE, k)
    if (best >= 0 && S->it[k].ti > periods[best].tj && S->it[k].ti - periods[best].tj <= 2) background = 1;
  if (has_per && !comparison && !background && !(best >= 0 && periods[best].year_before) &&
      strcmp(fig->status, "actual") == 0) {
    ctx->has_period = 1;
    ctx->period = per_;
  }
  ctx->flow = flow_tag;
  ctx->has_segment = fig->has_segment;
  ctx->segment = fig->segment;
  /* an enterprise stays the subject until a place is */
  {
    tf_span dummy;
    if (enterprise_of(S, f, &dummy)) ctx->enterprise = 1;
    else if (explicit_) ctx->enterprise = 0;
  }
  return TF_OK;
}

/* Is p the period of a range's start ("с 47,9% в 2020 году до 60%"), the level before? */
static int in_range(const sview *S, const per *p) {
  int k;
  for (k = 0; k < S->na; k++) {
    const item *x = &S->it[S->amounts[k]];
    if (x->range_to >= 0 && p->ti > x->tj && p->ti < S->d->it[x->range_to].ti) return 1;
  }
  return 0;
}

/* A sentence without figures still sets the scene: "Belarus und Russland ..." */
static void scene(const sview *S, const per *periods, int np, int has_sent_year, lint sent_year,
                  context *ctx) {
  const doc *d = S->d;
  int k;
  if (S->nf > 0) {
    party pt;
    target probe;
    probe.idx = -1;
    probe.ti = probe.tj = PROBE_POS;
    parties(S, &probe, S->flows[0], &pt);
    if (pt.explicit_ && pt.reporter != NULL) {
      ctx->reporter = pt.reporter;
      if (pt.pair) ctx->partner = pt.partner;
    }
  }
  if (ctx->reporter == NULL) {
    for (k = 0; k < S->np; k++) {
      const item *p = &S->it[S->places[k]];
      int share = 0, m;
      /* "На долю Китая пришлось 12% экспорта", "Russia accounted for 49.2%": a share's holder
         sets no scene */
      TAGS(S, T_NOISE_SHARE, m)
        if (dist(&S->it[m], p) <= 2) share = 1;
      if (!p->dateline && p->tag != T_ADJPREFIX && rel_of(S, S->places[k]) < 0 && !share) {
        ctx->reporter = p->code;
        break;
      }
    }
  }
  if (!ctx->has_period) {
    for (k = 0; k < np; k++) {
      const per *p = &periods[k];
      if (!p->versus && !p->year_before && !p->full_year && !p->this_year && !in_range(S, p)) {
        ctx->period = close_period(p, d, has_sent_year, sent_year);
        ctx->has_period = 1;
        break;
      }
    }
  }
  for (k = 0; k < S->na; k++) {
    const item *a = &S->it[S->amounts[k]];
    if (a->a->kind == TF_KIND_MONEY && a->a->currency != NULL) copy_code(ctx->currency, a->a->currency);
  }
}

/*
** A change stated alone ("grew 18.2%") and the level of the same flow,
** parties and period stated nearby ("reached 6.71 trillion yuan") are one figure.
*/
static int same_fig(const doc *d, const rawfig *a, const rawfig *b) {
  return same_str(flow_of(a->flow_tag), flow_of(b->flow_tag)) && same_str(a->reporter, b->reporter) &&
         same_str(a->partner, b->partner) && strcmp(a->status, b->status) == 0 &&
         a->has_segment == b->has_segment && (!a->has_segment || span_eq(d->text, a->segment, b->segment)) &&
         a->has_period && b->has_period && strcmp(a->period.from, b->period.from) == 0 &&
         strcmp(a->period.to, b->period.to) == 0;
}

static void attach_changes(const doc *d, figs *F) {
  size_t k, j, h;
  for (k = 0; k < F->n; k++) {
    rawfig *f = &F->v[k];
    if (!f->has_value && f->ch.kind != TF_CHANGE_NONE) {
      size_t lo = k >= 3 ? k - 3 : 0, hi = k + 3 < F->n - 1 ? k + 3 : F->n - 1;
      for (j = lo; j <= hi; j++) {
        rawfig *g = &F->v[j];
        if (j != k && g->has_value && g->ch.kind == TF_CHANGE_NONE && same_fig(d, f, g)) {
          g->ch = f->ch;
          /* and its conversion in brackets */
          for (h = 0; h < F->n; h++)
            if (F->v[h].main == (int)j && F->v[h].ch.kind == TF_CHANGE_NONE) F->v[h].ch = f->ch;
          f->merged = 1;
          break;
        }
      }
    }
  }
}

/* The key of a figure for merging repeats, as the Lua code wrote it. */
static size_t key_of(const rawfig *f, char *buf, size_t size) {
  char val[64], chs[64];
  const char *p;
  int n;
  if (f->has_value) ln_str(f->value, val, sizeof val);
  else memcpy(val, "nil", 4);
  if (f->ch.kind == TF_CHANGE_NONE) memcpy(chs, "-", 2);
  else {
    chs[0] = f->ch.kind == TF_CHANGE_PCT ? 'p' : 'r';
    ln_str(ln_flt(f->ch.v), chs + 1, sizeof chs - 1);
  }
  p = f->has_period ? NULL : "-";
  {
    /* flow|reporter|partner|value|currency|from..to|status|change, cut at size - 1 */
    const char *part[] = { flow_of(f->flow_tag), "|", f->reporter ? f->reporter : "-", "|",
                           f->partner ? f->partner : "-", "|", val, "|",
                           f->currency[0] ? f->currency : "-", "|", p ? p : f->period.from,
                           p ? "" : "..", p ? "" : f->period.to, "|", f->status, "|",
                           f->has_value ? "" : chs };
    size_t k, at = 0, total = 0;
    for (k = 0; k < sizeof part / sizeof *part; k++) {
      size_t len = strlen(part[k]);
      if (at + 1 < size) {
        size_t room = size - 1 - at;
        memcpy(buf + at, part[k], len < room ? len : room);
        at += len < room ? len : room;
      }
      total += len;
    }
    if (size > 0) buf[at] = '\0';
    n = (int)(total < (size_t)INT_MAX ? total : (size_t)INT_MAX);
  }
  return (size_t)n;
}

static unsigned long hash_str(const char *s, size_t n) {
  unsigned long h = 2166136261u;
  size_t k;
  for (k = 0; k < n; k++) h = (h ^ (unsigned char)s[k]) * 16777619u;
  return h;
}

#define KEY_SIZE 256

/* Merge figures that state the same thing; keep every place they were stated. */
static int dedupe(figs *F, size_t *nout, tf_err *err) {
  size_t cap = 16, k, n = 0;
  int *slots = NULL;
  char *keys = NULL;
  size_t *klen = NULL;
  int rc = TF_OK;
  while (cap < F->n * 2) cap *= 2;
  slots = (int *)malloc(cap * sizeof *slots);
  keys = (char *)malloc((F->n ? F->n : 1) * KEY_SIZE);
  klen = (size_t *)malloc((F->n ? F->n : 1) * sizeof *klen);
  if (slots == NULL || keys == NULL || klen == NULL) {
    rc = tf_err_set(err, TF_ENOMEM, 0, "not enough memory for figures");
    goto done;
  }
  for (k = 0; k < cap; k++) slots[k] = -1;
  for (k = 0; k < F->n; k++) {
    rawfig *f = &F->v[k];
    char *key = keys + k * KEY_SIZE;
    size_t h;
    if (f->merged) continue;
    klen[k] = key_of(f, key, KEY_SIZE);
    if (klen[k] >= KEY_SIZE) klen[k] = KEY_SIZE - 1;
    h = hash_str(key, klen[k]) & (cap - 1);
    while (slots[h] >= 0) {
      size_t o = (size_t)slots[h];
      if (klen[o] == klen[k] && memcmp(keys + o * KEY_SIZE, key, klen[k]) == 0) break;
      h = (h + 1) & (cap - 1);
    }
    if (slots[h] >= 0) {
      rawfig *first = &F->v[slots[h]];
      f->into = slots[h];
      if (first->ch.kind == TF_CHANGE_NONE && f->ch.kind != TF_CHANGE_NONE) first->ch = f->ch;
    } else {
      slots[h] = (int)k;
      f->into = (int)k;
      f->out = n++;
    }
  }
  *nout = n;
done:
  free(slots);
  free(keys);
  free(klen);
  return rc;
}

/* The sentence holding byte pos (0-based), without surrounding space: a binary search. */
static tf_span sentence_of(const tf_annot *ann, const char *text, size_t len, size_t pos) {
  size_t lo = 0, hi = ann->nsent, si;
  tf_span s;
  /* the last start <= pos; the first sentence when none */
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (ann->sent[mid] <= pos) lo = mid; else hi = mid;
  }
  si = lo;
  s.i = ann->nsent > 0 ? ann->sent[si] : 0;
  s.j = si + 1 < ann->nsent ? ann->sent[si + 1] : len;
  if (s.j > len) s.j = len;
  while (s.i < s.j && lspace((unsigned char)text[s.i])) s.i++;
  while (s.j > s.i && lspace((unsigned char)text[s.j - 1])) s.j--;
  return s;
}

static void today(lint *y, lint *m) {
  time_t now = time(NULL);
  struct tm tm;
  if (localtime_r(&now, &tm) != NULL) {
    *y = tm.tm_year + 1900;
    *m = tm.tm_mon + 1;
  } else {
    *y = 1970;
    *m = 1;
  }
}

/*
** Where the piece of text[start..len) to read next ends: a text longer than
** CHUNK_BYTES is read in pieces of at most CHUNK_BYTES, so that its
** annotation stays small and in cache. A piece ends at a line break (which
** ends a sentence anyway) in its second half, else after a space, else at a
** character boundary.
*/
static size_t piece_end(const char *text, size_t len, size_t start) {
  size_t hi, lo, k;
  if (len - start <= CHUNK_BYTES) return len;
  hi = start + CHUNK_BYTES;
  lo = start + CHUNK_BYTES / 2;
  for (k = hi; k > lo; k--)
    if (text[k - 1] == '\n') return k;
  for (k = hi; k > lo; k--)
    if (text[k - 1] == ' ' || text[k - 1] == '\t') return k;
  for (k = hi; k > lo; k--)
    if (((unsigned char)text[k] & 0xC0) != 0x80) return k;
  return hi;
}

/* The tag maps of one annotation: as long as the tag indices it uses, all unresolved. */
static int tag_maps(const tf_annot *ann, tagmap maps[2], tf_err *err) {
  int top[2] = {-1, -1}, mx;
  size_t k, m;
  for (k = 0; k < ann->nm; k++) {
    const tf_mention *mt = &ann->m[k];
    int which = mt->lx == maps[0].lx ? 0 : 1;
    if (mt->e->cat == TF_LX_TAG && mt->e->ival > top[which]) top[which] = mt->e->ival;
  }
  for (mx = 0; mx < 2; mx++) {
    free(maps[mx].v);
    maps[mx].v = NULL;
    maps[mx].n = (size_t)(top[mx] + 1);
    if (top[mx] < 0) continue;
    maps[mx].v = (int *)malloc(maps[mx].n * sizeof *maps[mx].v);
    if (maps[mx].v == NULL) return tf_err_set(err, TF_ENOMEM, 0, "not enough memory");
    for (m = 0; m < maps[mx].n; m++) maps[mx].v[m] = T_UNRESOLVED;
  }
  return TF_OK;
}

/* Annotate one piece; the limits count over the whole text, errors name its bytes. */
static int annotate_piece(const tf_lexicon *lx, const tf_lexicon *gz, const char *text,
                          size_t start, size_t end, const tf_extract_opts *opts, size_t used_tokens,
                          size_t used_amounts, tf_annot *ann, tf_err *err) {
  tf_scan_opts so;
  size_t max_t = opts ? opts->max_tokens : 0, max_a = opts ? opts->max_amounts : 0;
  int rc;
  so.max_tokens = max_t ? (used_tokens < max_t ? max_t - used_tokens : 1) : 0;
  so.max_amounts = max_a ? (used_amounts < max_a ? max_a - used_amounts : 1) : 0;
  rc = tf_annotate(lx, gz, text + start, end - start, &so, ann, err);
  if (rc == TF_ELIMIT && start > 0) {
    /* say it as for the whole text: the user's limit, the byte in the text */
    size_t at = start + err->offset;
    if (max_t && strstr(err->msg, "tokens") != NULL)
      rc = tf_err_set(err, TF_ELIMIT, at, "more than %zu tokens in one text", max_t);
    else if (max_a && strstr(err->msg, "amounts") != NULL)
      rc = tf_err_set(err, TF_ELIMIT, at, "more than %zu amounts in one text", max_a);
    else
      err->offset = at;
  } else if (rc != TF_OK && start > 0) {
    err->offset += start;
  }
  return rc;
}

int tf_extract(const tf_lexicon *lx, const tf_lexicon *gz, const tf_parents *parents,
               const char *text, size_t len, const tf_extract_opts *opts, tf_figures *out,
               tf_err *err) {
  tf_annot ann;
  doc d;
  tagmap maps[2];
  int *sents = NULL;
  size_t nsent = 0, k, nfig = 0, m, ns, start = 0, end, used_tokens = 0, used_amounts = 0;
  lint sent_base = 0;
  figs F = {NULL, 0, 0};
  context ctx;
  sview *S = NULL;
  per *periods = NULL;
  int rc = TF_OK;
  memset(&ann, 0, sizeof ann);
  memset(&d, 0, sizeof d);
  memset(maps, 0, sizeof maps);
  memset(out, 0, sizeof *out);
  d.text = text;
  d.len = len;
  d.parents = parents;
  d.fiscal_start = FISCAL_START;
  if (opts != NULL && opts->has_date) {
    d.year = opts->year;
    d.month = opts->month;
  } else {
    today(&d.year, &d.month);
  }
  maps[0].lx = lx;
  maps[1].lx = gz;
  S = (sview *)malloc(sizeof *S);
  periods = (per *)malloc(SENTENCE_ITEMS * sizeof *periods);
  if (S == NULL || periods == NULL) { rc = tf_err_set(err, TF_ENOMEM, 0, "not enough memory"); goto done; }
  memset(&ctx, 0, sizeof ctx);
  ctx.flow = -1;
  ctx.flow_sent = -2;
  /* one piece for a text of up to CHUNK_BYTES; a longer one piece by piece, the context and
     the figures carried from each piece to the next */
  do {
    size_t nfig_before = F.n;
    end = piece_end(text, len, start);
    rc = annotate_piece(lx, gz, text, start, end, opts, used_tokens, used_amounts, &ann, err);
    if (rc != TF_OK) goto done;
    used_tokens += ann.ntokens;
    used_amounts += ann.amounts.n;
    if (ann.amounts.bad_utf8 > 0 && out->bad_utf8 == 0) out->first_bad = start + ann.amounts.first_bad;
    out->bad_utf8 += ann.amounts.bad_utf8;
    /* tag names resolve once per lexicon entry met */
    if ((rc = tag_maps(&ann, maps, err)) != TF_OK) goto done;
    d.base = (lint)start;
    rc = build(&d, &ann, maps, &sents, &nsent, err);
    if (rc != TF_OK) goto done;
    /* a dateline ("MINSK, 5. Dezember (BelTA) -") names where, not who */
    for (k = 0; k < d.n; k++) {
      item *p = &d.it[k];
      size_t b, e;
      if (!is_place(p->tag)) continue;
      sub_range(len, p->i, p->j, &b, &e);
      if ((p->ti <= 6 && is_upper_word(text + b, e - b) && memchr(text + b, '.', e - b) == NULL &&
           starts_with_set(text, len, p->j + 1, p->j + 3, ",/(", 3)) ||
          (p->ti == 1 && starts_with_set(text, len, p->j + 1, p->j + 3, ",.(/-\xE2\x80\x93", 8)))
        p->dateline = 1;
    }
    for (ns = 0; ns < nsent; ns++) {
      int first = sents[ns];
      int n = (ns + 1 < nsent ? sents[ns + 1] : (int)d.n) - first;
      int np = 0, a, produced = 0, has_sent_year = 0;
      lint si = sent_base + (lint)ns, sent_year = 0;
      view(S, &d, first, n);
      /* "FY24", "2023-24": the fiscal year of the sentence's first country that has its own,
         else of the reporter so far, else April-March (India, Japan, the UK) */
      {
        int fs = 0, q, named = 0;
        for (q = 0; q < S->np && fs == 0; q++) {
          const item *pl = &S->it[S->places[q]];
          if (pl->dateline || pl->code == NULL) continue;
          named = 1;
          fs = fiscal_start_of(parents, pl->code);
        }
        if (!named) fs = fiscal_start_of(parents, ctx.reporter);
        d.fiscal_start = fs ? fs : FISCAL_START;
      }
      /* periods matter where a figure may be, or while the document has no period yet */
      if (S->na > 0 || !ctx.has_period) np = sentence_periods(S, periods);
      for (a = 0; a < np; a++)
        if (periods[a].bare_year && !periods[a].versus && !has_sent_year) {
          has_sent_year = 1;
          sent_year = periods[a].y1;
        }
      for (a = 0; a < S->na; a++) {
        size_t before = F.n;
        rc = figure_of(S, si, S->amounts[a], periods, np, has_sent_year, sent_year, &ctx, &F, err);
        if (rc != TF_OK) goto done;
        if (F.n > before) produced = 1;
      }
      if (produced) ctx.flow_sent = si;
      else scene(S, periods, np, has_sent_year, sent_year, &ctx);
    }
    /* the sentences of this piece's figures, while its annotation is at hand */
    for (k = nfig_before; k < F.n; k++) {
      tf_span sp = sentence_of(&ann, text + start, end - start, F.v[k].span.i - start);
      F.v[k].sentence.i = sp.i + start;
      F.v[k].sentence.j = sp.j + start;
    }
    sent_base += (lint)nsent;
    d.tbase += (lint)ann.ntokens;
    free(sents);
    sents = NULL;
    free(d.it);
    free(d.am);
    d.it = NULL;
    d.am = NULL;
    d.n = 0;
    tf_annot_free(&ann);
    memset(&ann, 0, sizeof ann);
    start = end;
  } while (start < len);
  attach_changes(&d, &F);
  rc = dedupe(&F, &nfig, err);
  if (rc != TF_OK) goto done;
  out->v = (tf_figure *)calloc(nfig ? nfig : 1, sizeof *out->v);
  out->spans = (tf_span *)malloc((F.n ? F.n : 1) * sizeof *out->spans);
  if (out->v == NULL || out->spans == NULL) {
    rc = tf_err_set(err, TF_ENOMEM, 0, "not enough memory for figures");
    goto done;
  }
  out->n = nfig;
  /* count the spans of each, then lay them out in order */
  for (k = 0; k < F.n; k++)
    if (!F.v[k].merged) out->v[F.v[F.v[k].into].out].nspans++;
  for (k = 0, m = 0; k < nfig; k++) {
    out->v[k].spans = m;
    m += out->v[k].nspans;
    out->v[k].nspans = 0;
  }
  out->nspans = m;
  for (k = 0; k < F.n; k++) {
    const rawfig *f = &F.v[k];
    tf_figure *g;
    if (f->merged) continue;
    g = &out->v[F.v[f->into].out];
    out->spans[g->spans + g->nspans++] = f->span;
    if (f->into != (int)k) continue;
    g->flow = flow_of(f->flow_tag);
    g->reporter = f->reporter;
    g->partner = f->partner;
    g->has_value = f->has_value;
    if (f->has_value) {
      g->value_is_int = f->value.isint;
      g->ivalue = f->value.i;
      g->value = ln_d(f->value);
    }
    memcpy(g->currency, f->currency, sizeof g->currency);
    g->qualifier = f->qualifier;
    g->has_period = f->has_period;
    if (f->has_period) {
      memcpy(g->from, f->period.from, sizeof g->from);
      memcpy(g->to, f->period.to, sizeof g->to);
    }
    g->change = f->ch.kind;
    g->change_value = f->ch.v;
    g->status = f->status;
    g->has_segment = f->has_segment;
    g->segment = f->segment;
    g->scope = f->scope;
    g->span = f->span;
    g->sentence = f->sentence;
  }
  rc = TF_OK;
done:
  if (rc != TF_OK) tf_figures_free(out);
  free(periods);
  free(S);
  free(F.v);
  free(sents);
  free(d.it);
  free(d.am);
  free(d.scratch);
  free(maps[0].v);
  free(maps[1].v);
  tf_annot_free(&ann);
  return rc;
}

void tf_figures_free(tf_figures *f) {
  if (f == NULL) return;
  free(f->v);
  free(f->spans);
  f->v = NULL;
  f->spans = NULL;
  f->n = f->nspans = 0;
}

/* }====================================================== */
