/*
** tf_amount.h: find amounts, percentages and multipliers in text.
*/
#ifndef TF_AMOUNT_H
#define TF_AMOUNT_H

#include <stddef.h>

#include "tf.h"
#include "tf_lexicon.h"
#include "tf_number.h"

typedef enum tf_kind {
  TF_KIND_MONEY = 0,    /* a number with a currency: "2,5 Milliarden Dollar" */
  TF_KIND_NUMBER,       /* a number without currency: "300 Millionen", "700" */
  TF_KIND_YEAR,         /* a bare four-digit year: "2023" */
  TF_KIND_PERCENT,      /* "um 5,8 Prozent", "+27%" */
  TF_KIND_POINTS,       /* "5,6 Prozentpunkte" */
  TF_KIND_MULTIPLIER,   /* "в 1,7 раза", "1.7 times", "verfünffacht" */
  TF_KIND_QUANTITY,     /* "186,5 Tsd. t", "400 Kilometer" */
  TF_KIND_DATE          /* "5. Dezember", "November 9", "17 января" */
} tf_kind;

/* Names line up with tf_kind. */
extern const char *const tf_kind_names[];

typedef struct tf_amount {
  tf_kind kind;
  tf_num value;          /* the number times its scale, signed */
  tf_num number;         /* the number as written, before the scale */
  int scale;             /* exponent of ten of the scale word(s), 0 if none */
  int qualifier;         /* TF_QUAL_* */
  int direction;         /* +1 up, -1 down, 0 not stated (percent, multiplier) */
  int month, year;       /* dates; 0 if not stated */
  int by;                /* a change preposition came first: "um 2 Mrd.", "на $2 млрд" (an increment?) */
  char currency[8];      /* ISO 4217, "" if none */
  char unit[8];          /* quantities */
  size_t i, j;           /* the whole span, bytes [i, j) */
  size_t ni, nj;         /* the numeral alone */
  size_t ti, tj;         /* tokens [ti, tj) of the span */
} tf_amount;

typedef struct tf_amounts {
  tf_amount *v;
  size_t n, cap;
  size_t bad_utf8;        /* invalid UTF-8 or NUL bytes met (skipped) */
  size_t first_bad;       /* offset of the first, if any */
} tf_amounts;

typedef struct tf_scan_opts {
  size_t max_amounts;     /* 0: no limit; else TF_ELIMIT past it */
  size_t max_tokens;      /* 0: no limit */
} tf_scan_opts;

/*
** Find every amount in text[0..len) with the words of lx. Appends to out
** (initialise to {0}; free with tf_amounts_free). Returns TF_OK,
** TF_ENOMEM or TF_ELIMIT. Invalid UTF-8 and NUL bytes never become part of
** an amount; they are counted in out->bad_utf8.
*/
int tf_amount_scan(const tf_lexicon *lx, const char *text, size_t len,
                   const tf_scan_opts *opts, tf_amounts *out, tf_err *err);

/*
** The same scan over a text the caller has already folded (tf_fold) and
** tokenised (tf_tokenize), so that several passes share the work.
*/
int tf_amount_scan_tokens(const tf_lexicon *lx, const char *text, const char *folded,
                          const tf_tokens *toks, const tf_scan_opts *opts, tf_amounts *out,
                          tf_err *err);

/*
** The same scan with the lexicon's matches already indexed over the tokens
** (tf_lxindex_build), for a caller that also uses the index. The index
** should hold every category but TF_LX_STOP, TF_LX_ABBR and TF_LX_TAG
** (more is fine); with fewer the scan builds its own.
*/
int tf_amount_scan_index(const tf_lxindex *ix, const char *text, const char *folded,
                         const tf_tokens *toks, const tf_scan_opts *opts, tf_amounts *out,
                         tf_err *err);

void tf_amounts_free(tf_amounts *a);

#endif
