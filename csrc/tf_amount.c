/*
** tf_amount.c: find amounts, percentages and multipliers in text.
**
** One pass over the tokens. At each token the scanner tries to read
**
**   [qualifier] [sign] [change or times preposition] [currency]
**   number [scale [number scale]...] [percent | points | times | unit | currency | month]
**
** where number is a numeral or spelled-out words, and every word class
** comes from the lexicon. The first shape that fits is taken and the scan
** goes on after it.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tf_amount.h"
#include "tf_text.h"

#define PREFIX_MAX 5           /* prefix words read before a number */
#define DIRECTION_BACK 12      /* tokens searched before a change for its verb */
#define DIRECTION_AHEAD 8      /* and after it */
#define YEAR_MIN 1900
#define YEAR_MAX 2100
#define DAY_MAX 31

const char *const tf_kind_names[] = {"money", "number", "year", "percent", "points",
                                     "multiplier", "quantity", "date", NULL};

typedef struct scan {
  const tf_lexicon *lx;
  const tf_lxindex *ix;   /* every lexicon match of the document, found once */
  size_t base;            /* token index of tk->v[0] in the indexed document */
  const char *text;
  const char *folded;
  const tf_tokens *tk;    /* the document, or a view of it (direction_of) */
  tf_numstyle style;
} scan;

/* tf_lexicon_match at token t of the view, through the index. */
static const tf_lxentry *match(const scan *S, size_t t, unsigned mask, size_t *n) {
  if (!tf_lxindex_may(S->ix, S->base + t, mask)) return NULL;    /* the usual answer, inline */
  return tf_lxindex_match(S->ix, S->base + t, S->base + S->tk->n, mask, n);
}

static int in_range(const scan *S, size_t t) { return t < S->tk->n; }
static int is_num(const scan *S, size_t t) { return in_range(S, t) && S->tk->v[t].type == TF_TOK_NUM; }
static int has(const scan *S, size_t t, unsigned f) { return in_range(S, t) && (S->tk->v[t].flags & f); }
static int gap(const scan *S, size_t t) { return has(S, t, TF_TOKF_SPACE); }
static int is_dash(const scan *S, size_t t) { return has(S, t, TF_TOKF_DASH); }

static int is_punct(const scan *S, size_t t, char c) {
  const tf_token *tk;
  if (!in_range(S, t)) return 0;
  tk = &S->tk->v[t];
  return tk->type == TF_TOK_PUNCT && tk->j - tk->i == 1 && S->text[tk->i] == c;
}

/* Parse the numeral token t; TF_OK, TF_EPARSE or TF_ERANGE. */
static int numeral(const scan *S, size_t t, tf_num *out, int *ndec) {
  const tf_token *tk = &S->tk->v[t];
  return tf_numeral_parse(S->text + tk->i, tk->j - tk->i, S->style, out, ndec, NULL);
}

static const tf_lxentry *scale_at(const scan *S, size_t t, size_t *used);

/*
** Spelled-out number at t ("zwei", "two and a half", "eine halbe",
** "half a", "двадцать пять"). Returns the tokens used, 0 if none. Words
** that are only articles ("ein", "a") and a lone fraction ("half") count
** only before a scale word.
*/
static size_t spelled(const scan *S, size_t t, tf_num *out) {
  size_t k = t, n;
  tf_num total = tf_num_int(0);
  int have = 0, weak_all = 1, connected = 0, last_fraction = 0;
  for (;;) {
    const tf_lxentry *e;
    if (have && has(S, k, TF_TOKF_BREAK)) break;
    e = match(S, k, TF_LXM(TF_LX_NUMBER) | TF_LXM(TF_LX_FRACTION), &n);
    if (e != NULL) {
      if (e->cat == TF_LX_NUMBER) {
        if (have && last_fraction) break;
        if ((e->flags & TF_LXF_MUL) && have) total = tf_num_mul(total, e->num);
        else total = tf_num_add(total, e->num);
        if (!(e->flags & TF_LXF_WEAK)) weak_all = 0;
        last_fraction = 0;
      } else {
        if (have && !connected) {
          /* "drei Viertel" multiplies only before a scale ("eine halbe Milliarde");
             "three quarters of 2021" is a count of quarters */
          size_t m, a = k + n;
          if (match(S, a, TF_LXM(TF_LX_ARTICLE), &m) != NULL) a += m;
          if (scale_at(S, a, &m) == NULL) break;
        }
        if (connected) total = tf_num_add(total, e->num);
        else if (have) total = tf_num_mul(total, e->num);
        else total = e->num;
        weak_all = 0;
        last_fraction = 1;
      }
      have = 1;
      connected = 0;
      k += n;
      /* "twenty-five" */
      if (is_dash(S, k) && !gap(S, k) && !gap(S, k + 1) &&
          match(S, k + 1, TF_LXM(TF_LX_NUMBER), &n) != NULL)
        k++;
      continue;
    }
    e = match(S, k, TF_LXM(TF_LX_ARTICLE), &n);
    if (e != NULL) {
      size_t m;
      if (match(S, k + n, TF_LXM(TF_LX_FRACTION), &m) != NULL && (!have || connected)) {
        k += n;                           /* "a half", "and a half" */
        continue;
      }
      if (match(S, k + n, TF_LXM(TF_LX_SCALE), &m) != NULL && (!have || last_fraction)) {
        if (!have) { total = tf_num_int(1); have = 1; }
        weak_all = 0;
        k += n;                           /* "a billion", "half a billion" */
      }
      break;
    }
    if (have && !connected && !last_fraction &&
        match(S, k, TF_LXM(TF_LX_CONNECT), &n) != NULL) {
      size_t m, a = k + n;
      if (match(S, a, TF_LXM(TF_LX_ARTICLE), &m) != NULL) a += m;
      if (match(S, a, TF_LXM(TF_LX_FRACTION), &m) != NULL) {
        connected = 1;
        k += n;
        continue;
      }
    }
    break;
  }
  if (!have) return 0;
  if (weak_all || (last_fraction && total.d < 1 && k - t == 1)) {
    size_t m;
    if (match(S, k, TF_LXM(TF_LX_SCALE), &m) == NULL) return 0;
  }
  *out = total;
  return k - t;
}

/* A number at t, numeral or words; returns tokens used or 0 (and *rc for numerals). */
static size_t number_at(const scan *S, size_t t, tf_num *out, int *rc, int *ndec) {
  *rc = TF_OK;
  *ndec = 0;
  if (is_num(S, t)) {
    *rc = numeral(S, t, out, ndec);
    return (*rc == TF_OK || *rc == TF_ERANGE) ? 1 : 0;
  }
  return spelled(S, t, out);
}

/* A scale word at t (after an optional hyphen: "500-Millionen"). */
static const tf_lxentry *scale_at(const scan *S, size_t t, size_t *used) {
  size_t k = t, n;
  const tf_lxentry *e;
  if (is_dash(S, k) && !gap(S, k) && !gap(S, k + 1)) k++;
  if (has(S, k, TF_TOKF_BREAK)) return NULL;
  e = match(S, k, TF_LXM(TF_LX_SCALE), &n);
  if (e == NULL) return NULL;
  if ((e->flags & TF_LXF_ATTACHED) && (k != t || gap(S, k))) return NULL;
  *used = k - t + n;
  return e;
}

static int is_sentence_end(const scan *S, size_t t) {
  return has(S, t, TF_TOKF_STOP) || has(S, t, TF_TOKF_BREAK);
}

/* The nearest up/down word around tokens [a, b) of S (already bounded to a sentence). */
static int direction_near(const scan *S, size_t a, size_t b) {
  size_t d, n;
  for (d = 1; d <= DIRECTION_BACK || d <= DIRECTION_AHEAD; d++) {
    const tf_lxentry *e;
    if (d <= DIRECTION_BACK && a >= d) {
      size_t t = a - d;
      if ((e = match(S, t, TF_LXM(TF_LX_UP) | TF_LXM(TF_LX_DOWN), &n)) != NULL)
        return e->cat == TF_LX_UP ? 1 : -1;
    }
    if (d <= DIRECTION_AHEAD && in_range(S, b + d - 1)) {
      size_t t = b + d - 1;
      if ((e = match(S, t, TF_LXM(TF_LX_UP) | TF_LXM(TF_LX_DOWN), &n)) != NULL)
        return e->cat == TF_LX_UP ? 1 : -1;
    }
  }
  return 0;
}

/* Bound the direction search: it must not cross a sentence end. */
static int direction_of(const scan *S, size_t a, size_t b) {
  size_t lo = a, hi = b, n = 0;
  scan bounded = *S;
  tf_tokens view;
  while (lo > 0 && n < DIRECTION_BACK && !is_sentence_end(S, lo - 1) &&
         !has(S, lo, TF_TOKF_BREAK)) { lo--; n++; }
  n = 0;
  while (hi < S->tk->n && n < DIRECTION_AHEAD && !is_sentence_end(S, hi) &&
         !has(S, hi, TF_TOKF_BREAK)) { hi++; n++; }
  view.v = S->tk->v + lo;
  view.n = hi - lo;
  view.cap = view.n;
  bounded.tk = &view;
  bounded.base = S->base + lo;
  return direction_near(&bounded, a - lo, b - lo);
}

/*
** The categories parse_at looks up at its first token. A token that is no
** numeral and starts no phrase of these cannot start an amount (parse_at
** would return 0), so the scan skips it without calling parse_at.
*/
#define PREFIX_CATS (TF_LXM(TF_LX_QUALIFIER) | TF_LXM(TF_LX_CURRENCY) | TF_LXM(TF_LX_SIGN) | \
                     TF_LXM(TF_LX_CHANGEPREP) | TF_LXM(TF_LX_TIMESPREP))
#define START_CATS (PREFIX_CATS | TF_LXM(TF_LX_MULTVERB) | TF_LXM(TF_LX_MONTH) | \
                    TF_LXM(TF_LX_NUMBER) | TF_LXM(TF_LX_FRACTION) | TF_LXM(TF_LX_ARTICLE))

/* Every category the scanner asks about (what it indexes). */
#define SCAN_CATS (START_CATS | TF_LXM(TF_LX_SCALE) | TF_LXM(TF_LX_CONNECT) | \
                   TF_LXM(TF_LX_PERCENT) | TF_LXM(TF_LX_POINTS) | TF_LXM(TF_LX_TIMES) | \
                   TF_LXM(TF_LX_UNIT) | TF_LXM(TF_LX_UP) | TF_LXM(TF_LX_DOWN))

typedef struct prefix {
  int qual, sign, cprep, tprep;
  size_t qual_t, sign_t, cprep_t, tprep_t, cur_t;
  const tf_lxentry *cur;
} prefix;

static void read_prefix(const scan *S, size_t t, prefix *p, size_t *k) {
  int guard;
  memset(p, 0, sizeof *p);
  p->qual = -1;
  *k = t;
  for (guard = 0; guard < PREFIX_MAX; guard++) {
    size_t n;
    const tf_lxentry *e = match(S, *k, PREFIX_CATS, &n);
    if (e == NULL) break;
    if (guard > 0 && has(S, *k, TF_TOKF_BREAK)) break;
    if (e->cat == TF_LX_QUALIFIER && p->qual < 0) { p->qual = e->ival; p->qual_t = *k; }
    else if (e->cat == TF_LX_CURRENCY && p->cur == NULL) { p->cur = e; p->cur_t = *k; }
    else if (e->cat == TF_LX_SIGN && p->sign == 0) {
      const tf_token *tk = &S->tk->v[*k];
      if (tk->type == TF_TOK_PUNCT) {
        /* "+27%", "-7,3%": a symbol sign sits right before a numeral, after a space */
        if (!is_num(S, *k + n) || gap(S, *k + n)) break;
        if (*k > 0 && !gap(S, *k) && !has(S, *k, TF_TOKF_BREAK)) break;
      }
      p->sign = e->ival;
      p->sign_t = *k;
    }
    else if (e->cat == TF_LX_CHANGEPREP && !p->cprep) { p->cprep = 1; p->cprep_t = *k; }
    else if (e->cat == TF_LX_TIMESPREP && !p->tprep) { p->tprep = 1; p->tprep_t = *k; }
    else break;
    *k += n;
  }
}

static void first_of(size_t *start, int used, size_t t) {
  if (used && t < *start) *start = t;
}

/*
** Try to read an amount at token t. Returns the number of tokens read
** (0: nothing here) and fills *a.
*/
static size_t parse_at(const scan *S, size_t t, tf_amount *a) {
  prefix p;
  size_t k, n, nstart, start;
  tf_num num, value;
  int rc = TF_OK, ndec = 0, year_like = 0;
  const tf_lxentry *e, *suffix = NULL;
  memset(a, 0, sizeof *a);
  read_prefix(S, t, &p, &k);
  nstart = k;
  /* words that are a multiplier by themselves: "verfünffacht", "doubled" */
  if (k == t && (e = match(S, t, TF_LXM(TF_LX_MULTVERB), &n)) != NULL) {
    a->kind = TF_KIND_MULTIPLIER;
    a->value = a->number = e->num;
    a->direction = e->ival != 0 ? e->ival : direction_of(S, t, t + n);
    a->i = a->ni = S->tk->v[t].i;
    a->j = a->nj = S->tk->v[t + n - 1].j;
    return n;
  }
  /* "November 9" */
  if (k == t && (e = match(S, t, TF_LXM(TF_LX_MONTH), &n)) != NULL && is_num(S, t + n) &&
      !has(S, t + n, TF_TOKF_BREAK) && numeral(S, t + n, &num, &ndec) == TF_OK && ndec == 0 &&
      num.d >= 1 && num.d <= DAY_MAX && S->tk->v[t + n].j - S->tk->v[t + n].i <= 2) {
    a->kind = TF_KIND_DATE;
    a->value = a->number = num;
    a->month = e->ival;
    a->i = S->tk->v[t].i;
    a->ni = S->tk->v[t + n].i;
    a->j = a->nj = S->tk->v[t + n].j;
    return n + 1;
  }
  n = number_at(S, k, &num, &rc, &ndec);
  if (n == 0) return 0;
  a->ni = S->tk->v[k].i;
  a->nj = S->tk->v[k + n - 1].j;
  if (rc == TF_ERANGE) {
    a->kind = TF_KIND_NUMBER;
    a->value.exact = 0;
    a->value.d = HUGE_VAL;
    a->number = a->value;
    a->i = a->ni;
    a->j = a->nj;
    return k - t + n;           /* not n: the prefix was read too, else it repeats the item */
  }
  year_like = is_num(S, k) && ndec == 0 && S->tk->v[k].j - S->tk->v[k].i == 4 &&
              num.exact && num.d >= YEAR_MIN && num.d <= YEAR_MAX;
  k += n;
  value = num;
  /* scale words, and compound amounts: "2 млрд 688 млн 360 тыс 900 долларов" */
  if ((e = scale_at(S, k, &n)) != NULL) {
    int last = e->ival;
    a->scale = e->ival;
    value = tf_num_shift(num, e->ival);
    k += n;
    for (;;) {
      tf_num part;
      int prc, pdec;
      size_t pn, sn;
      const tf_lxentry *e2;
      if (has(S, k, TF_TOKF_BREAK) || !is_num(S, k)) break;
      pn = number_at(S, k, &part, &prc, &pdec);
      if (pn == 0 || prc != TF_OK) break;
      e2 = scale_at(S, k + pn, &sn);
      if (e2 != NULL && e2->ival < last && part.d < pow(10.0, (double)(last - e2->ival))) {
        value = tf_num_add(value, tf_num_shift(part, e2->ival));
        last = e2->ival;
        k += pn + sn;
        continue;
      }
      if (e2 == NULL && last >= 3 && pdec == 0 && part.d < pow(10.0, (double)last) &&
          match(S, k + pn, TF_LXM(TF_LX_CURRENCY), &sn) != NULL) {
        value = tf_num_add(value, part);
        k += pn;
      }
      break;
    }
    year_like = 0;
  }
  /* what the number counts */
  {
    size_t k2 = k;
    unsigned mask = TF_LXM(TF_LX_PERCENT) | TF_LXM(TF_LX_POINTS) | TF_LXM(TF_LX_TIMES) |
                    TF_LXM(TF_LX_UNIT) | TF_LXM(TF_LX_MONTH);
    if (p.cur == NULL) mask |= TF_LXM(TF_LX_CURRENCY);
    if (is_dash(S, k2) && !gap(S, k2) && !gap(S, k2 + 1)) k2++;       /* "132-fache" */
    else if (is_punct(S, k2, '.') && !gap(S, k2) && a->scale == 0) k2++;  /* "5. Dezember" */
    if (!has(S, k2, TF_TOKF_BREAK) && (e = match(S, k2, mask, &n)) != NULL) {
      int ok = 1;
      if (e->cat == TF_LX_MONTH)
        ok = a->scale == 0 && ndec == 0 && num.exact && num.d >= 1 && num.d <= DAY_MAX;
      else if (k2 != k && S->text[S->tk->v[k].i] == '.')
        ok = 0;                       /* "5." only before a month */
      else if (k2 != k && e->cat != TF_LX_TIMES && e->cat != TF_LX_CURRENCY)
        ok = 0;                       /* a hyphen only in "132-fache", "500-Dollar" */
      if (ok) {
        suffix = e;
        k = k2 + n;
      }
    }
  }
  start = S->tk->v[nstart].i;
  a->number = num;
  a->by = p.cprep;
  a->qualifier = p.qual < 0 ? TF_QUAL_EXACT : p.qual;
  first_of(&start, p.qual >= 0, S->tk->v[p.qual_t].i);
  first_of(&start, p.cur != NULL, S->tk->v[p.cur_t].i);
  first_of(&start, p.sign != 0, S->tk->v[p.sign_t].i);
  if (p.sign < 0) value = tf_num_neg(value);
  if (suffix != NULL && suffix->cat == TF_LX_MONTH) {
    a->kind = TF_KIND_DATE;
    a->month = suffix->ival;
    if (is_num(S, k) && !has(S, k, TF_TOKF_BREAK)) {
      tf_num y;
      int yd;
      if (numeral(S, k, &y, &yd) == TF_OK && yd == 0 && y.d >= YEAR_MIN && y.d <= YEAR_MAX &&
          S->tk->v[k].j - S->tk->v[k].i == 4) {
        a->year = (int)y.d;
        k++;
      }
    }
  } else if (p.cur != NULL || (suffix != NULL && suffix->cat == TF_LX_CURRENCY)) {
    const tf_lxentry *c = p.cur != NULL ? p.cur : suffix;
    a->kind = TF_KIND_MONEY;
    memcpy(a->currency, c->code, sizeof a->currency);
  } else if (suffix != NULL && (suffix->cat == TF_LX_PERCENT || suffix->cat == TF_LX_POINTS)) {
    a->kind = suffix->cat == TF_LX_PERCENT ? TF_KIND_PERCENT : TF_KIND_POINTS;
    first_of(&start, p.cprep, S->tk->v[p.cprep_t].i);
  } else if (suffix != NULL && suffix->cat == TF_LX_TIMES) {
    a->kind = TF_KIND_MULTIPLIER;
    first_of(&start, p.tprep, S->tk->v[p.tprep_t].i);
  } else if (suffix != NULL && suffix->cat == TF_LX_UNIT) {
    a->kind = TF_KIND_QUANTITY;
    memcpy(a->unit, suffix->code, sizeof a->unit);
  } else if (year_like && p.qual < 0 && p.sign == 0) {
    a->kind = TF_KIND_YEAR;
    a->year = (int)num.d;
  } else {
    a->kind = TF_KIND_NUMBER;
  }
  a->value = value;
  if (a->kind == TF_KIND_PERCENT || a->kind == TF_KIND_POINTS || a->kind == TF_KIND_MULTIPLIER) {
    a->value = p.sign < 0 ? tf_num_neg(num) : num;
    a->scale = 0;
    a->direction = p.sign != 0 ? p.sign : direction_of(S, t, k);
  }
  a->i = start;
  a->j = S->tk->v[k - 1].j;
  return k - t;
}

static int push(tf_amounts *out, const tf_amount *a, const tf_scan_opts *o, tf_err *err) {
  if (o != NULL && o->max_amounts != 0 && out->n >= o->max_amounts)
    return tf_err_set(err, TF_ELIMIT, a->i, "more than %zu amounts in one text", o->max_amounts);
  if (out->n == out->cap) {
    size_t ncap = out->cap ? out->cap * 2 : 16;
    tf_amount *nv = (tf_amount *)realloc(out->v, ncap * sizeof *nv);
    if (nv == NULL) return tf_err_set(err, TF_ENOMEM, a->i, "not enough memory for amounts");
    out->v = nv;
    out->cap = ncap;
  }
  out->v[out->n++] = *a;
  return TF_OK;
}

int tf_amount_scan_index(const tf_lxindex *ix, const char *text, const char *folded,
                         const tf_tokens *toks, const tf_scan_opts *opts, tf_amounts *out,
                         tf_err *err) {
  scan S;
  size_t t, c, nc = 0, *cand;
  int rc = TF_OK;
  S.lx = ix->lx;
  S.ix = ix;
  S.base = 0;
  S.text = text;
  S.folded = folded;
  S.tk = toks;
  S.style = tf_lexicon_style(ix->lx);
  if ((ix->mask & SCAN_CATS) != SCAN_CATS)   /* the skips below need these indexed */
    return tf_amount_scan_tokens(ix->lx, text, folded, toks, opts, out, err);
  /*
  ** The tokens where an amount may start (a numeral, a word of START_CATS)
  ** or that are bad bytes, listed without a branch per token; the others
  ** are skipped as parse_at would return 0 there.
  */
  cand = (size_t *)malloc((toks->n ? toks->n : 1) * sizeof *cand);
  if (cand == NULL) return tf_err_set(err, TF_ENOMEM, 0, "not enough memory");
  for (t = 0; t < toks->n; t++) {
    const tf_token *tk = &toks->v[t];
    /* "Q3", "H1", "G20", "A320": digits glued to a word are part of a name; a currency
       glued to its number ("Rs100", "Br40") starts its amount itself, one token before */
    int named = tk->type == TF_TOK_NUM && t > 0 && !(tk->flags & TF_TOKF_SPACE) &&
                toks->v[t - 1].type == TF_TOK_WORD;
    cand[nc] = t;
    nc += (size_t)((tk->flags & TF_TOKF_BAD) != 0 || (tk->type == TF_TOK_NUM && !named) ||
                   (ix->cats[t] & START_CATS) != 0);
  }
  for (t = 0, c = 0; c < nc; c++) {
    tf_amount a;
    size_t used;
    if (cand[c] < t) continue;            /* inside the amount just read */
    t = cand[c];
    if (toks->v[t].flags & TF_TOKF_BAD) {
      if (out->bad_utf8++ == 0) out->first_bad = toks->v[t].i;
      t++;
      continue;
    }
    used = parse_at(&S, t, &a);
    if (used == 0) { t++; continue; }
    a.ti = t;
    a.tj = t + used;
    if ((rc = push(out, &a, opts, err)) != TF_OK) break;
    t += used;
  }
  free(cand);
  return rc;
}

int tf_amount_scan_tokens(const tf_lexicon *lx, const char *text, const char *folded,
                          const tf_tokens *toks, const tf_scan_opts *opts, tf_amounts *out,
                          tf_err *err) {
  tf_lxindex ix;
  int rc;
  memset(&ix, 0, sizeof ix);
  rc = tf_lxindex_build(&ix, lx, folded, toks, NULL, SCAN_CATS, err);
  if (rc == TF_OK) rc = tf_amount_scan_index(&ix, text, folded, toks, opts, out, err);
  tf_lxindex_free(&ix);
  return rc;
}

int tf_amount_scan(const tf_lexicon *lx, const char *text, size_t len,
                   const tf_scan_opts *opts, tf_amounts *out, tf_err *err) {
  tf_tokens toks = {0};
  char *folded;
  int rc;
  folded = (char *)malloc(len ? len : 1);
  if (folded == NULL) return tf_err_set(err, TF_ENOMEM, 0, "not enough memory for the text");
  tf_fold(text, len, folded);
  rc = tf_tokenize(text, len, &toks, opts ? opts->max_tokens : 0, err);
  if (rc == TF_OK) rc = tf_amount_scan_tokens(lx, text, folded, &toks, opts, out, err);
  tf_tokens_free(&toks);
  free(folded);
  return rc;
}

void tf_amounts_free(tf_amounts *a) {
  if (a == NULL) return;
  free(a->v);
  a->v = NULL;
  a->n = a->cap = 0;
}
