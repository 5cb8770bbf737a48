/*
** tf_number.c: exact decimal numbers and numerals in every locale form.
**
** The separator rule (documented in the README):
**  - space-like separators (space, U+00A0, U+202F, U+2009, apostrophe)
**    always group thousands; the tokenizer only joins them before exactly
**    three digits;
**  - when both "." and "," occur, the one that occurs last is the decimal
**    separator and the other groups thousands ("1.234,5", "1,234.5");
**  - a separator that occurs more than once groups thousands ("1.234.567");
**  - a single separator followed by other than three digits is decimal
**    ("2,5", "190,27", "4,0403"), and so is one after a leading "0" or
**    after more than three digits ("0,123", "1279,400");
**  - a single separator followed by exactly three digits is decided by the
**    language (tf_numstyle, from the lexicon): "422.728" groups in German,
**    "1,234" groups in English, both are decimal in Russian.
*/
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tf_number.h"
#include "tf_text.h"

#define MAX_EXACT_DIGITS 19
#define POW10_EXACT 22   /* 10^22 is the largest power of ten a double holds exactly */

static double pow10i(int e) {
  static const double tab[POW10_EXACT + 1] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  if (e >= 0 && e <= POW10_EXACT) return tab[e];
  return pow(10.0, (double)e);
}

static void set_double(tf_num *a) {
  double d = (double)a->mant;
  if (a->exp10 >= 0) d *= pow10i(a->exp10);
  else if (a->exp10 >= -POW10_EXACT) d /= pow10i(-a->exp10);
  else d *= pow(10.0, (double)a->exp10);
  a->d = a->neg ? -d : d;
}

tf_num tf_num_int(uint64_t v) {
  tf_num a;
  a.mant = v;
  a.exp10 = 0;
  a.exact = 1;
  a.neg = 0;
  set_double(&a);
  return a;
}

/* Drop trailing zeros of the mantissa into the exponent (keeps mant small). */
static void normalise(tf_num *a) {
  if (!a->exact) return;
  if (a->mant == 0) { a->exp10 = 0; a->neg = 0; return; }
  while (a->mant % 10 == 0) { a->mant /= 10; a->exp10++; }
}

static tf_num inexact(double d) {
  tf_num a;
  a.mant = 0;
  a.exp10 = 0;
  a.exact = 0;
  a.neg = d < 0;
  a.d = d;
  return a;
}

tf_num tf_num_shift(tf_num a, int e) {
  if (!a.exact) return inexact(a.d * pow(10.0, (double)e));
  a.exp10 += e;
  set_double(&a);
  return a;
}

tf_num tf_num_neg(tf_num a) {
  if (a.exact && a.mant != 0) a.neg = !a.neg;
  a.d = -a.d;
  if (a.d == 0) a.d = 0.0;
  return a;
}

/* Multiply m by 10^k; 0 when it would overflow. */
static int scale_up(uint64_t *m, int k) {
  while (k-- > 0) {
    if (*m > UINT64_MAX / 10) return 0;
    *m *= 10;
  }
  return 1;
}

tf_num tf_num_add(tf_num a, tf_num b) {
  tf_num r;
  uint64_t ma, mb;
  int e;
  if (a.exact && b.exact) {
    ma = a.mant;
    mb = b.mant;
    e = a.exp10 < b.exp10 ? a.exp10 : b.exp10;
    if (scale_up(&ma, a.exp10 - e) && scale_up(&mb, b.exp10 - e)) {
      r.exact = 1;
      r.exp10 = e;
      if (a.neg == b.neg) {
        if (ma > UINT64_MAX - mb) goto fallback;
        r.mant = ma + mb;
        r.neg = a.neg;
      } else if (ma >= mb) {
        r.mant = ma - mb;
        r.neg = a.neg;
      } else {
        r.mant = mb - ma;
        r.neg = b.neg;
      }
      normalise(&r);
      set_double(&r);
      return r;
    }
  }
fallback:
  return inexact(a.d + b.d);
}

tf_num tf_num_mul(tf_num a, tf_num b) {
  if (a.exact && b.exact) {
    tf_num r;
    if (a.mant == 0 || b.mant <= UINT64_MAX / a.mant) {
      r.mant = a.mant * b.mant;
      r.exp10 = a.exp10 + b.exp10;
      r.exact = 1;
      r.neg = a.neg != b.neg;
      normalise(&r);
      set_double(&r);
      return r;
    }
  }
  return inexact(a.d * b.d);
}

int tf_num_finite(const tf_num *a) {
  return isfinite(a->d);
}

int tf_num_to_int(const tf_num *a, long long *iv) {
  uint64_t m;
  int e;
  if (!a->exact) {
    /* a double that is integral and well inside int64 is still an integer */
    if (isfinite(a->d) && a->d == floor(a->d) && fabs(a->d) < 9.2e18) {
      *iv = (long long)a->d;
      return 1;
    }
    return 0;
  }
  m = a->mant;
  e = a->exp10;
  if (m == 0) { *iv = 0; return 1; }
  while (e < 0) {
    if (m % 10 != 0) return 0;
    m /= 10;
    e++;
  }
  if (!scale_up(&m, e)) return 0;
  if (a->neg) {
    if (m > (uint64_t)INT64_MAX + 1u) return 0;
    *iv = (m == (uint64_t)INT64_MAX + 1u) ? INT64_MIN : -(long long)m;
  } else {
    if (m > (uint64_t)INT64_MAX) return 0;
    *iv = (long long)m;
  }
  return 1;
}

int tf_num_from_string(const char *s, tf_num *out) {
  tf_numstyle st = {TF_SEP_DECIMAL, TF_SEP_DECIMAL};
  int neg = 0, ndec;
  size_t len;
  if (*s == '-') { neg = 1; s++; }
  len = strlen(s);
  if (len == 0 || s[0] < '0' || s[0] > '9') return TF_EPARSE;
  if (tf_numeral_parse(s, len, st, out, &ndec, NULL) != TF_OK) return TF_EPARSE;
  if (neg) *out = tf_num_neg(*out);
  return TF_OK;
}

/*
** Decide which separator is decimal. Returns the decimal character (or 0
** for none) and the group character (or 0), or -1 when the layout fits no
** locale.
*/
static int classify(const char *s, size_t len, tf_numstyle st, char *dec, char *grp) {
  size_t k, ndot = 0, ncomma = 0, lastpos = 0, first_group = 0, after;
  char last = 0;
  int seen = 0;
  for (k = 0; k < len; k++) {
    char c = s[k];
    if (c == '.' || c == ',') {
      if (!seen) first_group = k;
      seen = 1;
      if (c == '.') ndot++; else ncomma++;
      last = c;
      lastpos = k;
    }
  }
  *dec = 0;
  *grp = 0;
  if (!seen) return 0;
  after = 0;
  for (k = lastpos + 1; k < len && s[k] >= '0' && s[k] <= '9'; k++) after++;
  if (ndot > 0 && ncomma > 0) {
    char other = (last == '.') ? ',' : '.';
    size_t nlast = (last == '.') ? ndot : ncomma;
    if (nlast != 1) return -1;
    for (k = 0; k < lastpos; k++)
      if (s[k] == last) return -1;
    (void)other;
    *dec = last;
    *grp = other;
    return 0;
  }
  if (ndot + ncomma > 1) { *grp = last; return 0; }
  /* exactly one separator */
  if (after != 3 || first_group > 3 || (first_group == 1 && s[0] == '0')) { *dec = last; return 0; }
  if ((last == '.' ? st.dot3 : st.comma3) == TF_SEP_GROUP) *grp = last;
  else *dec = last;
  return 0;
}

/* Is c (at s[k]) a group separator of any kind given grp? Returns its byte length or 0. */
static size_t group_len(const char *s, size_t len, size_t k, char grp) {
  unsigned char c = (unsigned char)s[k];
  if (grp != 0 && s[k] == grp) return 1;
  if (c == ' ' || c == '\'') return 1;
  if (c >= 0x80) {
    uint32_t cp;
    size_t n = tf_utf8_next(s, len, k, &cp);
    if (cp == 0xA0 || cp == 0x202F || cp == 0x2009 || cp == 0x2019) return n;
  }
  return 0;
}

int tf_numeral_parse(const char *s, size_t len, tf_numstyle style, tf_num *out,
                     int *ndec, tf_err *err) {
  char dec, grp;
  size_t k = 0, group = 0, ngroups = 0, digits = 0, first = 0;
  int in_frac = 0, nfrac = 0, sig = 0;
  uint64_t m = 0;
  int dropped = 0;   /* integer digits beyond what the mantissa holds */
  *ndec = 0;
  if (len == 0 || s[0] < '0' || s[0] > '9')
    return tf_err_set(err, TF_EPARSE, 0, "expected a digit");
  if (len > TF_NUMERAL_MAX)
    return tf_err_set(err, TF_ERANGE, 0, "numeral of %zu bytes is longer than %d", len,
                      TF_NUMERAL_MAX);
  if (classify(s, len, style, &dec, &grp) < 0)
    return tf_err_set(err, TF_EPARSE, 0, "separators fit no number format");
  while (k < len) {
    char c = s[k];
    size_t gl;
    if (c >= '0' && c <= '9') {
      int dv = c - '0';
      digits++;
      group++;
      if (sig > 0 || dv != 0) sig++;
      if (sig <= MAX_EXACT_DIGITS) {
        m = m * 10 + (uint64_t)dv;
        if (in_frac) nfrac++;
      } else if (!in_frac) {
        dropped++;
      }
      k++;
      continue;
    }
    if (dec != 0 && c == dec && !in_frac) {
      if (ngroups > 0 && group != 3)
        return tf_err_set(err, TF_EPARSE, k, "expected three digits before '%c'", c);
      in_frac = 1;
      *ndec = 0;
      group = 0;
      k++;
      continue;
    }
    gl = in_frac ? 0 : group_len(s, len, k, grp);
    if (gl == 0)
      return tf_err_set(err, TF_EPARSE, k, "unexpected character in numeral");
    if (ngroups == 0) {
      first = group;
      if (first == 0 || first > 3)
        return tf_err_set(err, TF_EPARSE, k, "expected one to three digits before a group separator");
    } else if (group != 3) {
      return tf_err_set(err, TF_EPARSE, k, "expected groups of three digits");
    }
    ngroups++;
    group = 0;
    k += gl;
  }
  if (in_frac) *ndec = (int)group;
  else if (ngroups > 0 && group != 3)
    return tf_err_set(err, TF_EPARSE, len, "expected groups of three digits");
  (void)digits;
  if (sig <= MAX_EXACT_DIGITS && dropped == 0) {
    out->mant = m;
    out->exp10 = -nfrac;
    out->exact = 1;
    out->neg = 0;
    normalise(out);
    set_double(out);
    return TF_OK;
  }
  {
    /* too many digits for an exact mantissa: let strtod round it */
    char *buf = (char *)malloc(len + 1), *end;
    size_t b = 0;
    double d;
    if (buf == NULL) return tf_err_set(err, TF_ENOMEM, 0, "not enough memory");
    for (k = 0; k < len; k++) {
      if (s[k] >= '0' && s[k] <= '9') buf[b++] = s[k];
      else if (dec != 0 && s[k] == dec) buf[b++] = '.';
    }
    buf[b] = '\0';
    d = strtod(buf, &end);
    free(buf);
    if (!isfinite(d) || d > DBL_MAX)
      return tf_err_set(err, TF_ERANGE, 0, "numeral beyond the range of a double");
    *out = inexact(d);
    return TF_OK;
  }
}
