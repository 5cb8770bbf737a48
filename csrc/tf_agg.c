/*
** tf_agg.c: group-by aggregation with the trade rules (see tf_agg.h).
**
** Each entry of the hash table is one group of the caller's keys plus a
** hidden part (commodity level, World or partner, the length class of the
** records' periods), so that what the rules keep apart is never summed;
** tf_agg_rows then picks, per group, which entry is the value. Sums are
** 128-bit integers of millionths. cJSON trees never leave this file (they
** read dumps back).
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "tf_agg.h"

__extension__ typedef __int128 i128;
__extension__ typedef unsigned __int128 u128;

const char *const tf_agg_key_names[] = {
  "reporter", "partner", "flow", "year", "half", "quarter", "month", "period", "currency",
  "segment", "status", "source", NULL
};

const char *const tf_agg_skip_names[] = {
  "no_value", "breakdown", "status", "period", "partner_group", "where", NULL
};

#define MICRO 1000000
#define HIDDEN 4                    /* level, world, span a, span b */
#define VALUE_MAX 1e24              /* largest |value| accepted, currency units */
#define MIN_SLOTS 64
#define DUMP_VERSION 1
#define NO_YM (-1)

typedef struct entry {
  i128 sum;
  uint64_t hash;
  uint64_t count;
  double min, max;
  uint32_t koff;
  uint16_t klen;                    /* user key bytes + HIDDEN */
  uint16_t mask;                    /* months of the year covered (bit m-1) */
  int32_t from_ym, to_ym;           /* year*12 + month-1; NO_YM when unknown */
} entry;

typedef struct filter {
  int key, op;
  char value[TF_AGG_FIELD_MAX + 1];
} filter;

typedef struct rate {
  char cur[4];
  int32_t from_ym, to_ym;
  double rate;
  uint64_t used;
} rate;

struct tf_agg {
  int keys[TF_AGG_MAX_KEYS];
  int nkeys;
  int period_key;                   /* TF_AGG_YEAR .. TF_AGG_PERIOD, or -1 */
  int has_key[TF_AGG_NKEYS];
  size_t max_groups;
  entry *e;
  size_t ne, cape;
  uint32_t *slots;                  /* entry index + 1; 0 is empty */
  size_t nslots;
  unsigned char *arena;
  size_t alen, acap;
  filter *f;
  size_t nf, capf;
  char target[4];
  rate *r;
  size_t nr, capr;
  tf_agg_stats st;
  unsigned char kbuf[TF_AGG_MAX_KEYS * (TF_AGG_FIELD_MAX + 1) + HIDDEN];
};

/* Partner codes that are groups of countries: never added to countries. */
static const char *const group_codes[] = {
  "AFRICA", "ASEAN", "ASIA", "BRICS", "CASIA", "CIS", "EAEU", "EFTA", "EU", "EUROPE",
  "FAR_ABROAD", "G20", "G7", "GCC", "LATAM", "MERCOSUR", "MIDEAST", "NEAR_ABROAD", "OPEC", "SCO",
  "SEASIA", "EU27", "EU28", "OECD", "APEC", "NAFTA", "USMCA", NULL
};

static int is_group(const char *p) {
  size_t k;
  for (k = 0; group_codes[k] != NULL; k++)
    if (strcmp(p, group_codes[k]) == 0) return 1;
  return 0;
}

static int is_world(const char *p) {
  return p == NULL || p[0] == '\0' || strcmp(p, "WLD") == 0;
}

static const char *nz(const char *s) {
  return s == NULL ? "" : s;
}

/*
** {======================================================
** Creation, rates and filters
** =======================================================
*/

static int is_period_key(int k) {
  return k >= TF_AGG_YEAR && k <= TF_AGG_PERIOD;
}

int tf_agg_new(const int *keys, int nkeys, size_t max_groups, tf_agg **out, tf_err *err) {
  tf_agg *a;
  int k;
  *out = NULL;
  if (nkeys < 0 || nkeys > TF_AGG_MAX_KEYS - 2)
    return tf_err_set(err, TF_EINVAL, 0, "at most %d keys", TF_AGG_MAX_KEYS - 2);
  a = (tf_agg *)calloc(1, sizeof *a);
  if (a == NULL) return tf_err_set(err, TF_ENOMEM, 0, "out of memory");
  a->period_key = -1;
  for (k = 0; k < nkeys; k++) {
    int key = keys[k];
    if (key < 0 || key >= TF_AGG_NKEYS) {
      free(a);
      return tf_err_set(err, TF_EINVAL, 0, "unknown key %d", key);
    }
    if (a->has_key[key]) {
      free(a);
      return tf_err_set(err, TF_EINVAL, 0, "key '%s' given twice", tf_agg_key_names[key]);
    }
    if (is_period_key(key)) {
      if (a->period_key >= 0) {
        int other = a->period_key;
        free(a);
        return tf_err_set(err, TF_EINVAL, 0, "keys '%s' and '%s': one period key at most",
                          tf_agg_key_names[other], tf_agg_key_names[key]);
      }
      a->period_key = key;
    }
    a->has_key[key] = 1;
    a->keys[a->nkeys++] = key;
  }
  if (!a->has_key[TF_AGG_FLOW]) { a->has_key[TF_AGG_FLOW] = 1; a->keys[a->nkeys++] = TF_AGG_FLOW; }
  if (!a->has_key[TF_AGG_CURRENCY]) {
    a->has_key[TF_AGG_CURRENCY] = 1;
    a->keys[a->nkeys++] = TF_AGG_CURRENCY;
  }
  a->max_groups = max_groups ? max_groups : TF_AGG_DEFAULT_MAX_GROUPS;
  *out = a;
  return TF_OK;
}

int tf_agg_nkeys(const tf_agg *a) {
  return a->nkeys;
}

int tf_agg_key(const tf_agg *a, int k) {
  return k >= 0 && k < a->nkeys ? a->keys[k] : -1;
}

static int is_code3(const char *s) {
  return s != NULL && strlen(s) == 3 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' &&
         s[1] <= 'Z' && s[2] >= 'A' && s[2] <= 'Z';
}

int tf_agg_set_target(tf_agg *a, const char *target, tf_err *err) {
  if (!is_code3(target))
    return tf_err_set(err, TF_EINVAL, 0, "target currency '%s' is not an ISO 4217 code", nz(target));
  if (a->ne > 0) return tf_err_set(err, TF_EINVAL, 0, "set the target currency before adding");
  memcpy(a->target, target, 4);
  return TF_OK;
}

const char *tf_agg_target(const tf_agg *a) {
  return a->target;
}

static int valid_ym(int y, int m) {
  return y >= 1 && y <= 9999 && m >= 1 && m <= 12;
}

static int grow(void **p, size_t *cap, size_t need, size_t size) {
  size_t c = *cap ? *cap : 8;
  void *np;
  if (need <= *cap) return 1;
  while (c < need) c *= 2;
  np = realloc(*p, c * size);
  if (np == NULL) return 0;
  *p = np;
  *cap = c;
  return 1;
}

static int push_rate(tf_agg *a, const char *cur, int32_t fym, int32_t tym, double rt,
                     uint64_t used, tf_err *err) {
  rate *r;
  size_t k;
  for (k = 0; k < a->nr; k++) {
    r = &a->r[k];
    if (memcmp(r->cur, cur, 4) == 0 && r->from_ym == fym && r->to_ym == tym) {
      if (r->rate != rt)
        return tf_err_set(err, TF_EINVAL, 0, "two rates for %s over the same months: %.17g and %.17g",
                          cur, r->rate, rt);
      r->used += used;
      return TF_OK;
    }
  }
  if (!grow((void **)&a->r, &a->capr, a->nr + 1, sizeof *a->r))
    return tf_err_set(err, TF_ENOMEM, 0, "out of memory");
  r = &a->r[a->nr++];
  memcpy(r->cur, cur, 4);
  r->from_ym = fym;
  r->to_ym = tym;
  r->rate = rt;
  r->used = used;
  return TF_OK;
}

int tf_agg_add_rate(tf_agg *a, const char *currency, int from_year, int from_month, int to_year,
                    int to_month, double rt, tf_err *err) {
  int32_t fym, tym;
  if (a->target[0] == '\0') return tf_err_set(err, TF_EINVAL, 0, "no target currency set");
  if (!is_code3(currency))
    return tf_err_set(err, TF_EINVAL, 0, "currency '%s' is not an ISO 4217 code", nz(currency));
  if (!valid_ym(from_year, from_month) || !valid_ym(to_year, to_month))
    return tf_err_set(err, TF_EINVAL, 0, "rate for %s: invalid period", currency);
  fym = from_year * 12 + from_month - 1;
  tym = to_year * 12 + to_month - 1;
  if (fym > tym) return tf_err_set(err, TF_EINVAL, 0, "rate for %s: period ends before it starts", currency);
  if (!(rt > 0) || !isfinite(rt))
    return tf_err_set(err, TF_EINVAL, 0, "rate for %s must be a positive number", currency);
  return push_rate(a, currency, fym, tym, rt, 0, err);
}

int tf_agg_rate(const tf_agg *a, size_t k, char currency[4], int *from_year, int *from_month,
                int *to_year, int *to_month, double *rt, uint64_t *used) {
  const rate *r;
  if (k >= a->nr) return 0;
  r = &a->r[k];
  memcpy(currency, r->cur, 4);
  *from_year = r->from_ym / 12;
  *from_month = r->from_ym % 12 + 1;
  *to_year = r->to_ym / 12;
  *to_month = r->to_ym % 12 + 1;
  *rt = r->rate;
  *used = r->used;
  return 1;
}

int tf_agg_where(tf_agg *a, int key, int op, const char *value, tf_err *err) {
  filter *f;
  size_t len = strlen(nz(value));
  if (key < 0 || key >= TF_AGG_NKEYS) return tf_err_set(err, TF_EINVAL, 0, "unknown key %d", key);
  if (op < TF_OP_EQ || op > TF_OP_GE) return tf_err_set(err, TF_EINVAL, 0, "unknown operator %d", op);
  if (len > TF_AGG_FIELD_MAX) return tf_err_set(err, TF_EINVAL, 0, "filter value too long");
  if (!grow((void **)&a->f, &a->capf, a->nf + 1, sizeof *a->f))
    return tf_err_set(err, TF_ENOMEM, 0, "out of memory");
  f = &a->f[a->nf++];
  f->key = key;
  f->op = op;
  memcpy(f->value, nz(value), len + 1);
  return TF_OK;
}

/* }====================================================== */

/*
** {======================================================
** Adding
** =======================================================
*/

/* 64-bit hash of s[0..n): 8 bytes at a time, multiply and fold. */
static uint64_t hash_bytes(const unsigned char *s, size_t n) {
  uint64_t h = 0x9E3779B97F4A7C15u ^ (uint64_t)n;
  while (n >= 8) {
    uint64_t w;
    memcpy(&w, s, 8);
    h = (h ^ w) * 0xFF51AFD7ED558CCDu;
    h ^= h >> 32;
    s += 8;
    n -= 8;
  }
  if (n > 0) {
    uint64_t w = 0;
    memcpy(&w, s, n);
    h = (h ^ w) * 0xC4CEB9FE1A85EC53u;
  }
  h ^= h >> 29;
  h *= 0xBF58476D1CE4E5B9u;
  h ^= h >> 31;
  return h;
}

static void put4(char *b, int y) {
  b[0] = (char)('0' + y / 1000 % 10);
  b[1] = (char)('0' + y / 100 % 10);
  b[2] = (char)('0' + y / 10 % 10);
  b[3] = (char)('0' + y % 10);
}

static void put2(char *b, int m) {
  b[0] = (char)('0' + m / 10 % 10);
  b[1] = (char)('0' + m % 10);
}

/*
** The value of key for a figure, into (*s, *len); buf (at least 24 bytes)
** holds formatted periods. Returns 0 when the figure's period does not fit
** the key's unit (or it has none).
*/
static int field_of(const tf_agg *a, const tf_agg_item *it, int key, char *buf,
                    const char **s, size_t *len) {
  int fy = it->from_year, fm = it->from_month, ty = it->to_year, tm = it->to_month;
  int have = valid_ym(fy, fm) && valid_ym(ty, tm) && fy * 12 + fm <= ty * 12 + tm;
  *s = buf;
  switch (key) {
    case TF_AGG_REPORTER: *s = nz(it->reporter); break;
    case TF_AGG_PARTNER: *s = is_world(it->partner) ? "WLD" : it->partner; break;
    case TF_AGG_FLOW: *s = nz(it->flow); break;
    case TF_AGG_CURRENCY:
      *s = nz(it->currency);
      if (a->target[0] != '\0' && it->currency != NULL && (strcmp(it->currency, a->target) == 0))
        *s = a->target;
      break;
    case TF_AGG_SEGMENT: *s = nz(it->segment); break;
    case TF_AGG_STATUS: *s = it->status && it->status[0] ? it->status : "actual"; break;
    case TF_AGG_SOURCE: *s = nz(it->source); break;
    case TF_AGG_YEAR:
      if (!have || fy != ty) return 0;
      put4(buf, fy);
      *len = 4;
      return 1;
    case TF_AGG_HALF:
      if (!have || fy != ty || (fm - 1) / 6 != (tm - 1) / 6) return 0;
      put4(buf, fy);
      buf[4] = '-'; buf[5] = 'H'; buf[6] = (char)('1' + (fm - 1) / 6);
      *len = 7;
      return 1;
    case TF_AGG_QUARTER:
      if (!have || fy != ty || (fm - 1) / 3 != (tm - 1) / 3) return 0;
      put4(buf, fy);
      buf[4] = '-'; buf[5] = 'Q'; buf[6] = (char)('1' + (fm - 1) / 3);
      *len = 7;
      return 1;
    case TF_AGG_MONTH:
      if (!have || fy != ty || fm != tm) return 0;
      put4(buf, fy);
      buf[4] = '-';
      put2(buf + 5, fm);
      *len = 7;
      return 1;
    case TF_AGG_PERIOD:
      if (!have) return 0;
      put4(buf, fy);
      buf[4] = '-';
      put2(buf + 5, fm);
      buf[7] = '.'; buf[8] = '.';
      put4(buf + 9, ty);
      buf[13] = '-';
      put2(buf + 14, tm);
      *len = 16;
      return 1;
    default: return 0;
  }
  *len = strlen(*s);
  if (*len > TF_AGG_FIELD_MAX) *len = TF_AGG_FIELD_MAX;
  return 1;
}

static int cmp_field(const char *s, size_t n, const char *t) {
  size_t m = strlen(t);
  int c = memcmp(s, t, n < m ? n : m);
  if (c != 0) return c;
  return n < m ? -1 : n > m ? 1 : 0;
}

/* Do the filters hold? Equalities on one key are alternatives; the rest all hold. */
static int pass_filters(const tf_agg *a, const tf_agg_item *it) {
  size_t k, j;
  for (k = 0; k < a->nf; k++) {
    const filter *f = &a->f[k];
    char buf[24];
    const char *s;
    size_t len;
    int have = field_of(a, it, f->key, buf, &s, &len);
    if (f->op == TF_OP_EQ) {
      int any = 0, seen = 0;
      for (j = 0; j < a->nf; j++) {
        if (a->f[j].key != f->key || a->f[j].op != TF_OP_EQ) continue;
        if (j < k) { seen = 1; break; }
        if (have && cmp_field(s, len, a->f[j].value) == 0) any = 1;
      }
      if (seen) continue;
      if (!any) return 0;
    } else {
      int c;
      if (!have) return 0;
      c = cmp_field(s, len, f->value);
      switch (f->op) {
        case TF_OP_NE: if (c == 0) return 0; break;
        case TF_OP_LT: if (c >= 0) return 0; break;
        case TF_OP_LE: if (c > 0) return 0; break;
        case TF_OP_GT: if (c <= 0) return 0; break;
        default: if (c < 0) return 0; break;
      }
    }
  }
  return 1;
}

static int level_of(const tf_agg_item *it) {
  const char *s = nz(it->segment);
  size_t n = strlen(s), k;
  if (it->segment_level >= 0) return it->segment_level > 254 ? 254 : it->segment_level;
  if (n == 0) return 0;
  for (k = 0; k < n; k++)
    if (s[k] < '0' || s[k] > '9') return 255;     /* a named product group */
  return n > 254 ? 254 : (int)n;
}

static int add_slot(tf_agg *a, size_t idx) {
  size_t mask = a->nslots - 1, h = (size_t)a->e[idx].hash & mask;
  while (a->slots[h] != 0) h = (h + 1) & mask;
  a->slots[h] = (uint32_t)(idx + 1);
  return 1;
}

static int rehash(tf_agg *a) {
  size_t n = a->nslots ? a->nslots * 2 : MIN_SLOTS, k;
  uint32_t *s = (uint32_t *)calloc(n, sizeof *s);
  if (s == NULL) return 0;
  free(a->slots);
  a->slots = s;
  a->nslots = n;
  for (k = 0; k < a->ne; k++) add_slot(a, k);
  return 1;
}

/* The entry of key[0..klen), created when new. */
static int find_entry(tf_agg *a, const unsigned char *key, size_t klen, entry **out, tf_err *err) {
  uint64_t h = hash_bytes(key, klen);
  size_t mask, i;
  entry *e;
  if (a->nslots == 0 && !rehash(a)) return tf_err_set(err, TF_ENOMEM, 0, "out of memory");
  mask = a->nslots - 1;
  for (i = (size_t)h & mask; a->slots[i] != 0; i = (i + 1) & mask) {
    e = &a->e[a->slots[i] - 1];
    if (e->hash == h && e->klen == klen && memcmp(a->arena + e->koff, key, klen) == 0) {
      *out = e;
      return TF_OK;
    }
  }
  if (a->ne >= a->max_groups)
    return tf_err_set(err, TF_ELIMIT, 0, "more than %zu groups (raise max_groups, or group by fewer keys)",
                      a->max_groups);
  if (a->alen + klen > UINT32_MAX)
    return tf_err_set(err, TF_ELIMIT, 0, "group keys beyond 4 GiB");
  if (!grow((void **)&a->e, &a->cape, a->ne + 1, sizeof *a->e) ||
      !grow((void **)&a->arena, &a->acap, a->alen + klen, 1))
    return tf_err_set(err, TF_ENOMEM, 0, "out of memory");
  e = &a->e[a->ne];
  memset(e, 0, sizeof *e);
  e->hash = h;
  e->koff = (uint32_t)a->alen;
  e->klen = (uint16_t)klen;
  e->min = HUGE_VAL;
  e->max = -HUGE_VAL;
  e->from_ym = INT32_MAX;
  e->to_ym = NO_YM;
  memcpy(a->arena + a->alen, key, klen);
  a->alen += klen;
  a->ne++;
  if ((a->ne + 1) * 10 > a->nslots * 7) {
    if (!rehash(a)) { a->ne--; a->alen -= klen; return tf_err_set(err, TF_ENOMEM, 0, "out of memory"); }
  } else {
    add_slot(a, a->ne - 1);
  }
  *out = &a->e[a->ne - 1];
  return TF_OK;
}

static double micro_to_double(i128 v) {
  return (double)((long double)v / MICRO);
}

/* Micro-units of an exact decimal (mant * 10^exp10); 0 when it does not fit. */
static int num_micro(const tf_num *n, i128 *out) {
  int e = n->exp10 + 6;
  i128 v = (i128)n->mant;
  if (!n->exact) return 0;
  if (e >= 0) {
    if (e > 24) return 0;
    while (e-- > 0) v *= 10;
  } else {
    i128 p = 1, q, r;
    if (e < -30) return 0;
    while (e++ < 0) p *= 10;
    q = v / p;
    r = v % p;
    if (2 * r >= p) q++;
    v = q;
  }
  if ((long double)v > (long double)VALUE_MAX * MICRO) return 0;
  *out = n->neg ? -v : v;
  return 1;
}

static rate *find_rate(tf_agg *a, const char *cur, int32_t fym, int32_t tym) {
  rate *best = NULL;
  size_t k;
  for (k = 0; k < a->nr; k++) {
    rate *r = &a->r[k];
    if (memcmp(r->cur, cur, 4) != 0 || r->from_ym > fym || r->to_ym < tym) continue;
    if (best == NULL || r->to_ym - r->from_ym < best->to_ym - best->from_ym) best = r;
  }
  return best;
}

static uint16_t month_bits(int fm, int tm) {
  uint16_t m = 0;
  int k;
  for (k = fm; k <= tm; k++) m = (uint16_t)(m | (1u << (k - 1)));
  return m;
}

static int add_item(tf_agg *a, const tf_agg_item *it, const tf_num *num, tf_err *err) {
  unsigned char *kb = a->kbuf;
  size_t klen = 0;
  int k, world = 0, have, nm = 0, sa = 0, sb = 0;
  int32_t fym = NO_YM, tym = NO_YM;
  uint16_t mask = 0;
  i128 v;
  double d;
  entry *e;
  const char *cur = nz(it->currency);
  if (!it->has_value) { a->st.skipped[TF_SKIP_NO_VALUE]++; return 0; }
  if (it->breakdown != 0) { a->st.skipped[TF_SKIP_BREAKDOWN]++; return 0; }
  if (!a->has_key[TF_AGG_STATUS] && it->status != NULL && it->status[0] != '\0' &&
      strcmp(it->status, "actual") != 0) {
    a->st.skipped[TF_SKIP_STATUS]++;
    return 0;
  }
  if (!a->has_key[TF_AGG_PARTNER]) {
    if (!is_world(it->partner) && is_group(it->partner)) { a->st.skipped[TF_SKIP_GROUP]++; return 0; }
    world = is_world(it->partner);
  }
  if (a->nf > 0 && !pass_filters(a, it)) { a->st.skipped[TF_SKIP_WHERE]++; return 0; }
  /* the value, in millionths */
  if (it->is_int) {
    v = (i128)it->ivalue * MICRO;
  } else if (num == NULL || !num_micro(num, &v)) {
    d = num ? num->d : it->dvalue;
    if (!isfinite(d) || fabs(d) > VALUE_MAX)
      return tf_err_set(err, TF_ERANGE, 0, "value %g beyond the range summed (1e24)", d);
    v = (i128)nearbyint(d * MICRO);
  }
  have = valid_ym(it->from_year, it->from_month) && valid_ym(it->to_year, it->to_month);
  if (have) {
    fym = it->from_year * 12 + it->from_month - 1;
    tym = it->to_year * 12 + it->to_month - 1;
    if (fym > tym) have = 0, fym = tym = NO_YM;
  }
  if (a->target[0] != '\0' && strcmp(cur, a->target) != 0) {
    rate *r = have ? find_rate(a, cur, fym, tym) : NULL;
    if (r == NULL) {
      a->st.unconverted++;
    } else {
      long double c = nearbyintl((long double)v * (long double)r->rate);
      if (fabsl(c) > (long double)VALUE_MAX * MICRO)
        return tf_err_set(err, TF_ERANGE, 0, "converted value beyond the range summed (1e24)");
      v = (i128)c;
      r->used++;
      a->st.converted++;
      cur = a->target;
    }
  }
  /* the caller's keys */
  for (k = 0; k < a->nkeys; k++) {
    char buf[24];
    const char *s;
    size_t len;
    if (a->keys[k] == TF_AGG_CURRENCY) {
      s = cur;
      len = strlen(cur);
      if (len > TF_AGG_FIELD_MAX) len = TF_AGG_FIELD_MAX;
    } else if (!field_of(a, it, a->keys[k], buf, &s, &len)) {
      a->st.skipped[TF_SKIP_PERIOD]++;
      return 0;
    }
    kb[klen++] = (unsigned char)len;
    memcpy(kb + klen, s, len);
    klen += len;
  }
  /* the hidden part: what the rules keep apart */
  if (have) {
    nm = (int)(tym - fym + 1);
    if ((nm == 1 || nm == 3 || nm == 6 || nm == 12) && (fym % 12) % nm == 0) {
      sa = 0;
      sb = nm;
    } else {
      sa = it->from_month;
      sb = it->to_month + (nm > 12 ? 12 * (nm / 12) : 0);
      if (sb > 255) sb = 255;
    }
    if (it->from_year == it->to_year) mask = month_bits(it->from_month, it->to_month);
  }
  if (a->period_key == TF_AGG_PERIOD) sa = sb = 0;
  kb[klen++] = (unsigned char)level_of(it);
  kb[klen++] = (unsigned char)world;
  kb[klen++] = (unsigned char)sa;
  kb[klen++] = (unsigned char)sb;
  {
    int rc = find_entry(a, kb, klen, &e, err);
    if (rc != TF_OK) return rc;
  }
  d = micro_to_double(v);
  e->sum += v;
  e->count++;
  if (d < e->min) e->min = d;
  if (d > e->max) e->max = d;
  e->mask = (uint16_t)(e->mask | mask);
  if (have) {
    if (fym < e->from_ym) e->from_ym = fym;
    if (tym > e->to_ym) e->to_ym = tym;
  }
  a->st.added++;
  return 1;
}

int tf_agg_add(tf_agg *a, const tf_agg_item *it, tf_err *err) {
  return add_item(a, it, NULL, err);
}

int tf_agg_add_record(tf_agg *a, const tf_record *rec, const char *source, tf_err *err) {
  tf_agg_item it;
  long long iv;
  it.flow = rec->flow;
  it.reporter = rec->reporter;
  it.partner = rec->partner;
  it.currency = rec->currency;
  it.segment = rec->segment;
  it.status = "actual";
  it.source = source;
  it.segment_level = rec->segment_level;
  it.from_year = rec->from_year;
  it.from_month = rec->from_month;
  it.to_year = rec->to_year;
  it.to_month = rec->to_month;
  it.has_value = 1;
  it.breakdown = rec->breakdown;
  it.is_int = tf_num_to_int(&rec->value, &iv) && iv > -(1LL << 62) && iv < (1LL << 62);
  it.ivalue = it.is_int ? iv : 0;
  it.dvalue = rec->value.d;
  return add_item(a, &it, &rec->value, err);
}

void tf_agg_get_stats(const tf_agg *a, tf_agg_stats *st) {
  *st = a->st;
  st->groups = a->ne;
  st->bytes = sizeof *a + a->cape * sizeof *a->e + a->nslots * sizeof *a->slots + a->acap +
              a->capf * sizeof *a->f + a->capr * sizeof *a->r;
}

/* }====================================================== */

/*
** {======================================================
** Rows
** =======================================================
*/

/* Sort of size_t indices with a context: a merge sort (qsort has none). */
typedef int (*cmp_fn)(const void *ctx, size_t x, size_t y);

static void msort(size_t *v, size_t *tmp, size_t n, cmp_fn cmp, const void *ctx) {
  size_t h, i, j, k;
  if (n < 2) return;
  h = n / 2;
  msort(v, tmp, h, cmp, ctx);
  msort(v + h, tmp, n - h, cmp, ctx);
  for (i = 0, j = h, k = 0; i < h && j < n;) tmp[k++] = cmp(ctx, v[i], v[j]) <= 0 ? v[i++] : v[j++];
  while (i < h) tmp[k++] = v[i++];
  while (j < n) tmp[k++] = v[j++];
  memcpy(v, tmp, n * sizeof *v);
}

/* Compare encoded keys field by field (so "AB" < "ABC" < "B"). */
static int cmp_keys(const unsigned char *p, size_t pn, const unsigned char *q, size_t qn) {
  size_t i = 0, j = 0;
  while (i < pn && j < qn) {
    size_t a = p[i], b = q[j];
    int c = memcmp(p + i + 1, q + j + 1, a < b ? a : b);
    if (c != 0) return c;
    if (a != b) return a < b ? -1 : 1;
    i += a + 1;
    j += b + 1;
  }
  return (i < pn) - (j < qn);
}

static int cmp_entries(const void *ctx, size_t x, size_t y) {
  const tf_agg *a = (const tf_agg *)ctx;
  const entry *e = &a->e[x], *f = &a->e[y];
  int c = cmp_keys(a->arena + e->koff, e->klen - HIDDEN, a->arena + f->koff, f->klen - HIDDEN);
  if (c != 0) return c;
  return memcmp(a->arena + e->koff + e->klen - HIDDEN, a->arena + f->koff + f->klen - HIDDEN, HIDDEN);
}

static int popcount16(unsigned m) {
  int n = 0;
  while (m) { n += (int)(m & 1u); m >>= 1; }
  return n;
}

/* The months of the key's unit that hold mask. */
static unsigned unit_mask(int key, unsigned mask) {
  int first = 0;
  while (first < 12 && !(mask & (1u << first))) first++;
  switch (key) {
    case TF_AGG_YEAR: return 0xFFFu;
    case TF_AGG_HALF: return 0x3Fu << (first / 6 * 6);
    case TF_AGG_QUARTER: return 0x7u << (first / 3 * 3);
    default: return mask;
  }
}

static int is_rollup(int key) {
  return key == TF_AGG_YEAR || key == TF_AGG_HALF || key == TF_AGG_QUARTER;
}

static int span_len(const entry *e, const unsigned char *hid) {
  if (hid[2] == 0) return hid[3];
  return (int)(e->to_ym - e->from_ym + 1);
}

/* Is e a better value for its group than f? Complete first, then coverage, then the coarser records. */
static int better(const tf_agg *a, const entry *e, const entry *f) {
  const unsigned char *he = a->arena + e->koff + e->klen - HIDDEN;
  const unsigned char *hf = a->arena + f->koff + f->klen - HIDDEN;
  int ce, cf, ve, vf;
  if (is_rollup(a->period_key)) {
    ce = e->mask == unit_mask(a->period_key, e->mask);
    cf = f->mask == unit_mask(a->period_key, f->mask);
    if (ce != cf) return ce > cf;
    ve = popcount16(e->mask);
    vf = popcount16(f->mask);
  } else {
    ve = e->to_ym == NO_YM ? 0 : (int)(e->to_ym - e->from_ym + 1);
    vf = f->to_ym == NO_YM ? 0 : (int)(f->to_ym - f->from_ym + 1);
  }
  if (ve != vf) return ve > vf;
  return span_len(e, he) > span_len(f, hf);
}

static tf_agg_num make_num(i128 v) {
  tf_agg_num n;
  memcpy(n.exact, &v, sizeof v);
  n.d = micro_to_double(v);
  n.is_int = v % MICRO == 0 && v / MICRO <= (i128)INT64_MAX && v / MICRO >= (i128)INT64_MIN;
  n.i = n.is_int ? (long long)(v / MICRO) : 0;
  return n;
}

static void fill_row(const tf_agg *a, tf_agg_row *r, const entry *e, int world, int level) {
  memset(r, 0, sizeof *r);
  r->koff = e->koff;
  r->klen = (size_t)e->klen - HIDDEN;
  r->sum = make_num(e->sum);
  r->count = e->count;
  r->min = e->min;
  r->max = e->max;
  if (e->to_ym != NO_YM) {
    r->from_year = e->from_ym / 12;
    r->from_month = e->from_ym % 12 + 1;
    r->to_year = e->to_ym / 12;
    r->to_month = e->to_ym % 12 + 1;
  }
  if (is_rollup(a->period_key)) {
    r->months = popcount16(e->mask);
    r->complete = e->mask == unit_mask(a->period_key, e->mask);
  } else {
    r->months = e->to_ym == NO_YM ? 0 : (int)(e->to_ym - e->from_ym + 1);
    r->complete = a->period_key == TF_AGG_MONTH ? 1 : -1;
  }
  r->level = level;
  r->world = world;
}

const char *tf_agg_row_key(const tf_agg *a, const tf_agg_row *r, int k, size_t *len) {
  const unsigned char *p = a->arena + r->koff;
  size_t i = 0;
  int j;
  if (k < 0 || k >= a->nkeys) { *len = 0; return ""; }
  if (r->derived != TF_AGG_REPORTED && a->keys[k] == TF_AGG_FLOW) {
    const char *s = r->derived == TF_AGG_TURNOVER ? "turnover" : "balance";
    *len = strlen(s);
    return s;
  }
  for (j = 0; j < k && i < r->klen; j++) i += (size_t)p[i] + 1;
  if (i >= r->klen) { *len = 0; return ""; }
  *len = p[i];
  return (const char *)p + i + 1;
}

typedef struct rowctx {
  const tf_agg *a;
  const tf_agg_row *rows;
  int flowk;                      /* index of the flow key */
  int skip_flow;
} rowctx;

static int cmp_rows(const void *ctx, size_t x, size_t y) {
  const rowctx *c = (const rowctx *)ctx;
  const tf_agg_row *r = &c->rows[x], *s = &c->rows[y];
  int k;
  if (!c->skip_flow && r->derived == TF_AGG_REPORTED && s->derived == TF_AGG_REPORTED)
    return cmp_keys(c->a->arena + r->koff, r->klen, c->a->arena + s->koff, s->klen);
  for (k = 0; k < c->a->nkeys; k++) {
    size_t ln, lm;
    const char *p, *q;
    int d;
    if (c->skip_flow && k == c->flowk) continue;
    p = tf_agg_row_key(c->a, r, k, &ln);
    q = tf_agg_row_key(c->a, s, k, &lm);
    d = memcmp(p, q, ln < lm ? ln : lm);
    if (d != 0) return d;
    if (ln != lm) return ln < lm ? -1 : 1;
  }
  if (c->skip_flow) {
    /* the same months, level and kind of total pair up */
    if (r->level != s->level) return r->level < s->level ? -1 : 1;
    if (r->world != s->world) return r->world < s->world ? -1 : 1;
  }
  return 0;
}

static int same_cover(const tf_agg_row *r, const tf_agg_row *s) {
  return r->from_year == s->from_year && r->from_month == s->from_month && r->to_year == s->to_year &&
         r->to_month == s->to_month && r->months == s->months;
}

static int flow_is(const tf_agg *a, const tf_agg_row *r, int flowk, const char *name) {
  size_t n;
  const char *s = tf_agg_row_key(a, r, flowk, &n);
  return cmp_field(s, n, name) == 0;
}

/* Add turnover and balance rows where exports and imports of the same keys and months exist. */
static int derive(tf_agg *a, tf_agg_row **rowsp, size_t *np, tf_err *err) {
  tf_agg_row *rows = *rowsp;
  size_t n = *np, *ix, *tmp, i, j, nadd = 0, cap = n;
  rowctx c;
  c.a = a;
  c.rows = rows;
  c.skip_flow = 1;
  for (c.flowk = 0; a->keys[c.flowk] != TF_AGG_FLOW; c.flowk++) {}
  if (n == 0) return TF_OK;
  ix = (size_t *)malloc(2 * n * sizeof *ix);
  if (ix == NULL) return tf_err_set(err, TF_ENOMEM, 0, "out of memory");
  tmp = ix + n;
  for (i = 0; i < n; i++) ix[i] = i;
  msort(ix, tmp, n, cmp_rows, &c);
  for (i = 0; i < n; i = j) {
    size_t x = (size_t)-1, m = (size_t)-1, k;
    int has_t = 0, has_b = 0;
    for (j = i + 1; j < n && cmp_rows(&c, ix[i], ix[j]) == 0; j++) {}
    for (k = i; k < j; k++) {
      const tf_agg_row *r = &rows[ix[k]];
      if (flow_is(a, r, c.flowk, "export")) x = ix[k];
      else if (flow_is(a, r, c.flowk, "import")) m = ix[k];
      else if (flow_is(a, r, c.flowk, "turnover")) has_t = 1;
      else if (flow_is(a, r, c.flowk, "balance")) has_b = 1;
    }
    if (x == (size_t)-1 || m == (size_t)-1 || !same_cover(&rows[x], &rows[m])) continue;
    if (n + nadd + 2 > cap) {
      tf_agg_row *nr;
      cap = (n + nadd + 2) * 2;
      nr = (tf_agg_row *)realloc(rows, cap * sizeof *rows);
      if (nr == NULL) { free(ix); *rowsp = rows; return tf_err_set(err, TF_ENOMEM, 0, "out of memory"); }
      rows = nr;
      c.rows = rows;
    }
    for (k = 0; k < 2; k++) {
      int kind = k == 0 ? TF_AGG_TURNOVER : TF_AGG_BALANCE;
      const tf_agg_row *ex = &rows[x], *im = &rows[m];
      tf_agg_row *r;
      i128 sx, sm;
      if ((kind == TF_AGG_TURNOVER && has_t) || (kind == TF_AGG_BALANCE && has_b)) continue;
      r = &rows[n + nadd++];
      *r = *ex;
      r->derived = kind;
      memcpy(&sx, ex->sum.exact, sizeof sx);
      memcpy(&sm, im->sum.exact, sizeof sm);
      r->sum = make_num(kind == TF_AGG_TURNOVER ? sx + sm : sx - sm);
      r->count = ex->count + im->count;
      r->min = r->max = NAN;
      r->has_check = 0;
      r->alternatives = 0;
    }
  }
  free(ix);
  *rowsp = rows;
  *np = n + nadd;
  return TF_OK;
}

int tf_agg_rows(tf_agg *a, tf_agg_row **rowsp, size_t *np, tf_err *err) {
  size_t *ix = NULL, *tmp, i, j, n = 0;
  tf_agg_row *rows = NULL;
  int rc;
  *rowsp = NULL;
  *np = 0;
  if (a->ne == 0) return TF_OK;
  ix = (size_t *)malloc(2 * a->ne * sizeof *ix);
  rows = (tf_agg_row *)malloc(a->ne * sizeof *rows);
  if (ix == NULL || rows == NULL) { rc = tf_err_set(err, TF_ENOMEM, 0, "out of memory"); goto fail; }
  tmp = ix + a->ne;
  for (i = 0; i < a->ne; i++) ix[i] = i;
  msort(ix, tmp, a->ne, cmp_entries, a);
  for (i = 0; i < a->ne; i = j) {
    const entry *e0 = &a->e[ix[i]], *best[2] = {NULL, NULL}, *v;
    int level = a->arena[e0->koff + e0->klen - HIDDEN], w;
    size_t group;
    for (j = i + 1; j < a->ne; j++) {
      const entry *e = &a->e[ix[j]];
      if (e->klen != e0->klen ||
          memcmp(a->arena + e->koff, a->arena + e0->koff, (size_t)e0->klen - HIDDEN) != 0)
        break;
    }
    group = j - i;
    /* entries are ordered by level first: the coarsest level comes first */
    {
      size_t k;
      for (k = i; k < j; k++) {
        const entry *e = &a->e[ix[k]];
        const unsigned char *h = a->arena + e->koff + e->klen - HIDDEN;
        if (h[0] != level) break;
        if (best[h[1]] == NULL || better(a, e, best[h[1]])) best[h[1]] = e;
      }
    }
    w = best[1] != NULL;
    v = best[w];
    fill_row(a, &rows[n], v, w, level);
    rows[n].alternatives = group - 1;
    if (w && best[0] != NULL && best[0]->mask == v->mask && best[0]->from_ym == v->from_ym &&
        best[0]->to_ym == v->to_ym) {
      rows[n].has_check = 1;
      rows[n].check = make_num(best[0]->sum);
      rows[n].check_count = best[0]->count;
      rows[n].alternatives--;
    }
    n++;
  }
  free(ix);
  ix = NULL;
  rc = derive(a, &rows, &n, err);
  if (rc != TF_OK) goto fail;
  /* everything in key order, derived rows among the others */
  ix = (size_t *)malloc(2 * n * sizeof *ix);
  if (ix == NULL) { rc = tf_err_set(err, TF_ENOMEM, 0, "out of memory"); goto fail; }
  {
    rowctx c;
    tf_agg_row *sorted = (tf_agg_row *)malloc(n * sizeof *sorted);
    if (sorted == NULL) { rc = tf_err_set(err, TF_ENOMEM, 0, "out of memory"); goto fail; }
    c.a = a;
    c.rows = rows;
    c.skip_flow = 0;
    c.flowk = -1;
    for (i = 0; i < n; i++) ix[i] = i;
    msort(ix, ix + n, n, cmp_rows, &c);
    for (i = 0; i < n; i++) sorted[i] = rows[ix[i]];
    free(rows);
    rows = sorted;
  }
  free(ix);
  *rowsp = rows;
  *np = n;
  return TF_OK;
fail:
  free(ix);
  free(rows);
  return rc;
}

/* }====================================================== */

/*
** {======================================================
** Partial state: dump and load
** =======================================================
*/

typedef struct sbuf {
  char *p;
  size_t n, cap;
  int oom;
} sbuf;

static void sb_add(sbuf *b, const char *s, size_t n) {
  if (b->oom) return;
  if (!grow((void **)&b->p, &b->cap, b->n + n + 1, 1)) { b->oom = 1; return; }
  memcpy(b->p + b->n, s, n);
  b->n += n;
  b->p[b->n] = '\0';
}

static void sb_str(sbuf *b, const char *s) {
  sb_add(b, s, strlen(s));
}

static void sb_fmt(sbuf *b, const char *fmt, double d) {
  char tmp[40];
  int n = snprintf(tmp, sizeof tmp, fmt, d);
  sb_add(b, tmp, (size_t)n);
}

static void sb_u64(sbuf *b, uint64_t v) {
  char tmp[24];
  int n = snprintf(tmp, sizeof tmp, "%llu", (unsigned long long)v);
  sb_add(b, tmp, (size_t)n);
}

static void sb_quoted(sbuf *b, const char *s, size_t n) {
  size_t k;
  sb_add(b, "\"", 1);
  for (k = 0; k < n; k++) {
    unsigned char c = (unsigned char)s[k];
    if (c == '"' || c == '\\') {
      char e[2] = {'\\', (char)c};
      sb_add(b, e, 2);
    } else if (c < 0x20) {
      char e[8];
      snprintf(e, sizeof e, "\\u%04x", c);
      sb_add(b, e, 6);
    } else {
      sb_add(b, s + k, 1);
    }
  }
  sb_add(b, "\"", 1);
}

static void sb_i128(sbuf *b, i128 v) {
  char tmp[48];
  int k = (int)sizeof tmp;
  int neg = v < 0;
  u128 u = neg ? (u128)(-(v + 1)) + 1 : (u128)v;
  tmp[--k] = '\0';
  do {
    tmp[--k] = (char)('0' + (int)(u % 10));
    u /= 10;
  } while (u != 0);
  if (neg) tmp[--k] = '-';
  sb_str(b, tmp + k);
}

static void sb_ym(sbuf *b, int32_t ym) {
  char tmp[10];
  put4(tmp, ym / 12);
  tmp[4] = '-';
  put2(tmp + 5, ym % 12 + 1);
  sb_quoted(b, tmp, 7);
}

int tf_agg_dump(const tf_agg *a, char **out, size_t *len, tf_err *err) {
  sbuf b;
  size_t k;
  int j;
  memset(&b, 0, sizeof b);
  *out = NULL;
  *len = 0;
  sb_str(&b, "{\"tradefig_agg\":1,\"by\":[");
  for (j = 0; j < a->nkeys; j++) {
    if (j > 0) sb_str(&b, ",");
    sb_quoted(&b, tf_agg_key_names[a->keys[j]], strlen(tf_agg_key_names[a->keys[j]]));
  }
  sb_str(&b, "],\"target\":");
  sb_quoted(&b, a->target, strlen(a->target));
  sb_str(&b, ",\"rates\":[");
  for (k = 0; k < a->nr; k++) {
    const rate *r = &a->r[k];
    if (k > 0) sb_str(&b, ",");
    sb_str(&b, "[");
    sb_quoted(&b, r->cur, 3);
    sb_str(&b, ",");
    sb_ym(&b, r->from_ym);
    sb_str(&b, ",");
    sb_ym(&b, r->to_ym);
    sb_str(&b, ",");
    sb_fmt(&b, "%.17g", r->rate);
    sb_str(&b, ",");
    sb_u64(&b, r->used);
    sb_str(&b, "]");
  }
  sb_str(&b, "],\"stats\":{\"added\":");
  sb_u64(&b, a->st.added);
  for (j = 0; j < TF_SKIP_N; j++) {
    sb_str(&b, ",\"");
    sb_str(&b, tf_agg_skip_names[j]);
    sb_str(&b, "\":");
    sb_u64(&b, a->st.skipped[j]);
  }
  sb_str(&b, ",\"converted\":");
  sb_u64(&b, a->st.converted);
  sb_str(&b, ",\"unconverted\":");
  sb_u64(&b, a->st.unconverted);
  sb_str(&b, "},\n\"groups\":[");
  for (k = 0; k < a->ne; k++) {
    const entry *e = &a->e[k];
    const unsigned char *p = a->arena + e->koff;
    size_t i = 0, kl = (size_t)e->klen - HIDDEN;
    sb_str(&b, k > 0 ? ",\n[[" : "\n[[");
    for (j = 0; i < kl; j++) {
      if (j > 0) sb_str(&b, ",");
      sb_quoted(&b, (const char *)p + i + 1, p[i]);
      i += (size_t)p[i] + 1;
    }
    sb_str(&b, "],[");
    for (j = 0; j < HIDDEN; j++) {
      if (j > 0) sb_str(&b, ",");
      sb_u64(&b, p[kl + (size_t)j]);
    }
    sb_str(&b, "],");
    sb_u64(&b, e->count);
    sb_str(&b, ",\"");
    sb_i128(&b, e->sum);
    sb_str(&b, "\",");
    sb_fmt(&b, "%.17g", e->min);
    sb_str(&b, ",");
    sb_fmt(&b, "%.17g", e->max);
    sb_str(&b, ",");
    sb_u64(&b, e->mask);
    sb_str(&b, ",");
    sb_fmt(&b, "%.0f", (double)e->from_ym);
    sb_str(&b, ",");
    sb_fmt(&b, "%.0f", (double)e->to_ym);
    sb_str(&b, "]");
  }
  sb_str(&b, "]}\n");
  if (b.oom) {
    free(b.p);
    return tf_err_set(err, TF_ENOMEM, 0, "out of memory");
  }
  *out = b.p;
  *len = b.n;
  return TF_OK;
}

static int parse_i128(const char *s, i128 *out) {
  i128 v = 0;
  int neg = 0, nd = 0;
  if (*s == '-') { neg = 1; s++; }
  for (; *s; s++) {
    if (*s < '0' || *s > '9' || ++nd > 36) return 0;
    v = v * 10 + (*s - '0');
  }
  if (nd == 0) return 0;
  *out = neg ? -v : v;
  return 1;
}

static int parse_ym(const cJSON *j, int32_t *ym) {
  const char *s = cJSON_GetStringValue(j);
  int y, m;
  if (s == NULL || strlen(s) != 7 || s[4] != '-') return 0;
  if (sscanf(s, "%4d-%2d", &y, &m) != 2 || !valid_ym(y, m)) return 0;
  *ym = y * 12 + m - 1;
  return 1;
}

static int is_count(const cJSON *j) {
  return cJSON_IsNumber(j) && j->valuedouble >= 0 && j->valuedouble <= 9007199254740992.0 &&
         floor(j->valuedouble) == j->valuedouble;
}

static int bad_dump(tf_err *err, const char *what, long idx) {
  if (idx >= 0) return tf_err_set(err, TF_EPARSE, 0, "not a tradefig partial state: groups[%ld]: %s", idx, what);
  return tf_err_set(err, TF_EPARSE, 0, "not a tradefig partial state: %s", what);
}

static int parse_keys(const cJSON *root, int *keys, int *n, char target[4], tf_err *err) {
  const cJSON *by = cJSON_GetObjectItemCaseSensitive(root, "by"), *it;
  const cJSON *tg = cJSON_GetObjectItemCaseSensitive(root, "target");
  const cJSON *ver = cJSON_GetObjectItemCaseSensitive(root, "tradefig_agg");
  if (!cJSON_IsObject(root) || !cJSON_IsNumber(ver))
    return bad_dump(err, "expected an object with \"tradefig_agg\"", -1);
  if (ver->valuedouble != DUMP_VERSION)
    return tf_err_set(err, TF_EINVAL, 0, "partial state version %g, expected %d", ver->valuedouble,
                      DUMP_VERSION);
  if (!cJSON_IsArray(by)) return bad_dump(err, "\"by\": expected an array", -1);
  *n = 0;
  cJSON_ArrayForEach(it, by) {
    const char *s = cJSON_GetStringValue(it);
    int k;
    if (s == NULL || *n >= TF_AGG_MAX_KEYS) return bad_dump(err, "\"by\": expected key names", -1);
    for (k = 0; tf_agg_key_names[k] != NULL; k++)
      if (strcmp(tf_agg_key_names[k], s) == 0) break;
    if (tf_agg_key_names[k] == NULL) return tf_err_set(err, TF_EPARSE, 0, "unknown key '%s' in \"by\"", s);
    keys[(*n)++] = k;
  }
  if (!cJSON_IsString(tg) || strlen(tg->valuestring) > 3)
    return bad_dump(err, "\"target\": expected a currency code or \"\"", -1);
  memcpy(target, tg->valuestring, strlen(tg->valuestring) + 1);
  return TF_OK;
}

static int parse_doc(const char *json, size_t len, cJSON **root, tf_err *err) {
  const char *end = NULL;
  *root = cJSON_ParseWithLengthOpts(json, len, &end, 0);
  if (*root == NULL) {
    size_t off = end != NULL && end >= json ? (size_t)(end - json) : 0;
    tf_err_set(err, TF_EPARSE, off, "invalid JSON");
    tf_err_locate(err, json, len, off);
    return TF_EPARSE;
  }
  return TF_OK;
}

int tf_agg_dump_keys(const char *json, size_t len, int *keys, int *n, char target[4], tf_err *err) {
  cJSON *root;
  int rc = parse_doc(json, len, &root, err);
  if (rc != TF_OK) return rc;
  rc = parse_keys(root, keys, n, target, err);
  cJSON_Delete(root);
  return rc;
}

static int load_group(tf_agg *a, const cJSON *g, long idx, tf_err *err) {
  const cJSON *key = cJSON_GetArrayItem(g, 0), *hid = cJSON_GetArrayItem(g, 1), *it;
  unsigned char *kb = a->kbuf;
  size_t klen = 0;
  int nk = 0, rc;
  i128 sum;
  entry *e;
  int32_t fym, tym;
  if (!cJSON_IsArray(g) || cJSON_GetArraySize(g) != 9 || !cJSON_IsArray(key) || !cJSON_IsArray(hid) ||
      cJSON_GetArraySize(hid) != HIDDEN)
    return bad_dump(err, "expected [keys, hidden, count, sum, min, max, mask, from, to]", idx);
  cJSON_ArrayForEach(it, key) {
    const char *s = cJSON_GetStringValue(it);
    size_t n;
    if (s == NULL || (n = strlen(s)) > TF_AGG_FIELD_MAX || nk >= a->nkeys)
      return bad_dump(err, "keys: expected strings, one per key", idx);
    kb[klen++] = (unsigned char)n;
    memcpy(kb + klen, s, n);
    klen += n;
    nk++;
  }
  if (nk != a->nkeys) return bad_dump(err, "keys: expected one string per key", idx);
  cJSON_ArrayForEach(it, hid) {
    if (!is_count(it) || it->valuedouble > 255) return bad_dump(err, "hidden: expected bytes", idx);
    kb[klen++] = (unsigned char)it->valuedouble;
  }
  if (!is_count(cJSON_GetArrayItem(g, 2)) || !cJSON_IsString(cJSON_GetArrayItem(g, 3)) ||
      !parse_i128(cJSON_GetArrayItem(g, 3)->valuestring, &sum) ||
      !cJSON_IsNumber(cJSON_GetArrayItem(g, 4)) || !cJSON_IsNumber(cJSON_GetArrayItem(g, 5)) ||
      !is_count(cJSON_GetArrayItem(g, 6)) || cJSON_GetArrayItem(g, 6)->valuedouble > 0xFFF ||
      !cJSON_IsNumber(cJSON_GetArrayItem(g, 7)) || !cJSON_IsNumber(cJSON_GetArrayItem(g, 8)))
    return bad_dump(err, "expected count, \"sum\", min, max, mask, from, to", idx);
  fym = (int32_t)cJSON_GetArrayItem(g, 7)->valuedouble;
  tym = (int32_t)cJSON_GetArrayItem(g, 8)->valuedouble;
  rc = find_entry(a, kb, klen, &e, err);
  if (rc != TF_OK) return rc;
  e->sum += sum;
  e->count += (uint64_t)cJSON_GetArrayItem(g, 2)->valuedouble;
  if (cJSON_GetArrayItem(g, 4)->valuedouble < e->min) e->min = cJSON_GetArrayItem(g, 4)->valuedouble;
  if (cJSON_GetArrayItem(g, 5)->valuedouble > e->max) e->max = cJSON_GetArrayItem(g, 5)->valuedouble;
  e->mask = (uint16_t)(e->mask | (unsigned)cJSON_GetArrayItem(g, 6)->valuedouble);
  if (tym != NO_YM) {
    if (fym < e->from_ym) e->from_ym = fym;
    if (tym > e->to_ym) e->to_ym = tym;
  }
  return TF_OK;
}

int tf_agg_load(tf_agg *a, const char *json, size_t len, tf_err *err) {
  cJSON *root;
  const cJSON *it, *stats, *rates, *groups;
  int keys[TF_AGG_MAX_KEYS], n = 0, rc, k;
  char target[4];
  long idx = 0;
  rc = parse_doc(json, len, &root, err);
  if (rc != TF_OK) return rc;
  rc = parse_keys(root, keys, &n, target, err);
  if (rc != TF_OK) goto done;
  if (n != a->nkeys || memcmp(keys, a->keys, (size_t)n * sizeof *keys) != 0) {
    rc = tf_err_set(err, TF_EINVAL, 0, "the partial state groups by other keys");
    goto done;
  }
  if (strcmp(target, a->target) != 0) {
    rc = tf_err_set(err, TF_EINVAL, 0, "the partial state converts into '%s', not '%s'", target, a->target);
    goto done;
  }
  rates = cJSON_GetObjectItemCaseSensitive(root, "rates");
  stats = cJSON_GetObjectItemCaseSensitive(root, "stats");
  groups = cJSON_GetObjectItemCaseSensitive(root, "groups");
  if (!cJSON_IsArray(rates) || !cJSON_IsObject(stats) || !cJSON_IsArray(groups)) {
    rc = bad_dump(err, "expected \"rates\", \"stats\" and \"groups\"", -1);
    goto done;
  }
  cJSON_ArrayForEach(it, rates) {
    const char *cur = cJSON_GetStringValue(cJSON_GetArrayItem(it, 0));
    int32_t fym, tym;
    if (cur == NULL || !is_code3(cur) || !parse_ym(cJSON_GetArrayItem(it, 1), &fym) ||
        !parse_ym(cJSON_GetArrayItem(it, 2), &tym) || !cJSON_IsNumber(cJSON_GetArrayItem(it, 3)) ||
        !(cJSON_GetArrayItem(it, 3)->valuedouble > 0) || !is_count(cJSON_GetArrayItem(it, 4))) {
      rc = bad_dump(err, "\"rates\": expected [currency, from, to, rate, used]", -1);
      goto done;
    }
    rc = push_rate(a, cur, fym, tym, cJSON_GetArrayItem(it, 3)->valuedouble,
                   (uint64_t)cJSON_GetArrayItem(it, 4)->valuedouble, err);
    if (rc != TF_OK) goto done;
  }
  cJSON_ArrayForEach(it, groups) {
    rc = load_group(a, it, idx++, err);
    if (rc != TF_OK) goto done;
  }
  {
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(stats, "added");
    if (is_count(s)) a->st.added += (uint64_t)s->valuedouble;
    for (k = 0; k < TF_SKIP_N; k++) {
      s = cJSON_GetObjectItemCaseSensitive(stats, tf_agg_skip_names[k]);
      if (is_count(s)) a->st.skipped[k] += (uint64_t)s->valuedouble;
    }
    s = cJSON_GetObjectItemCaseSensitive(stats, "converted");
    if (is_count(s)) a->st.converted += (uint64_t)s->valuedouble;
    s = cJSON_GetObjectItemCaseSensitive(stats, "unconverted");
    if (is_count(s)) a->st.unconverted += (uint64_t)s->valuedouble;
  }
  rc = TF_OK;
done:
  cJSON_Delete(root);
  return rc;
}

/* }====================================================== */

void tf_agg_free(tf_agg *a) {
  if (a == NULL) return;
  free(a->e);
  free(a->slots);
  free(a->arena);
  free(a->f);
  free(a->r);
  free(a);
}
