/*
** tf_extract.h: trade figures from news text, the figure assembler.
**
** tf_extract annotates a document (tf_annotate: sentences, amounts and the
** tagged phrases of the language lexicon and the place gazetteer) and turns
** the annotations into figure records (../shared/spec/figure-schema.md):
** which flow, between whom, which period, how much, how sure. Every word it
** reacts to comes from the lexicon's "tags" ("flow.export", "rel.with",
** "status.target", ...); the rules are language-neutral.
*/
#ifndef TF_EXTRACT_H
#define TF_EXTRACT_H

#include <stddef.h>

#include "tf.h"
#include "tf_annotate.h"
#include "tf_lexicon.h"

/*
** The country of a subdivision: "CN-GD" -> "CHN", by the alpha-2 code of
** the countries of the gazetteer's places.json.
*/
typedef struct tf_parents tf_parents;

/*
** Read the alpha-2 -> alpha-3 table from the text of places.json
** (json[0..len)). On success *out owns a new table (free with
** tf_parents_free). Returns TF_OK, TF_EPARSE (not JSON, or no "places"
** array) or TF_ENOMEM.
*/
int tf_parents_load(const char *json, size_t len, tf_parents **out, tf_err *err);

/*
** Read what the extractor takes from the gazetteer's aliases.json
** (json[0..len)): "capitals", the regions that are their country's capital
** ("RU-MOW", "CN-BJ"; two capitals named as the parties of a figure stand
** for their countries), and "fiscal_year_start", the month a country's
** fiscal year begins in where it is not April ({"BGD": 7, "USA": 10}; "FY24"
** in a sentence about Bangladesh is July 2023-June 2024). Returns TF_OK
** (also when the file has neither), or TF_EPARSE naming the bad entry; the
** table keeps its countries either way.
*/
int tf_parents_aliases(tf_parents *p, const char *json, size_t len, tf_err *err);

/*
** The same table from a gazetteer already loaded (tf_gazetteer_load keeps
** its countries), without reading places.json again. *out owns a new table.
** Returns TF_OK or TF_ENOMEM.
*/
int tf_parents_from_gazetteer(const tf_lexicon *gz, tf_parents **out, tf_err *err);

void tf_parents_free(tf_parents *p);

/* The alpha-3 code of the country of code ("XX-..."), or NULL. */
const char *tf_parents_of(const tf_parents *p, const char *code);

#define TF_PERIOD_SIZE 48

enum { TF_CHANGE_NONE = 0, TF_CHANGE_PCT, TF_CHANGE_RATIO };

/* A byte span [i, j) of the text. */
typedef struct tf_span {
  size_t i, j;
} tf_span;

/*
** One figure. Strings are static, or point into the gazetteer (reporter,
** partner), so a figure stays valid while gz lives. Offsets are 0-based
** bytes [i, j) of the text.
*/
typedef struct tf_figure {
  const char *flow;          /* "turnover", "export", "import", "balance" */
  const char *reporter;      /* ISO code, NULL when unknown */
  const char *partner;       /* ISO code, "WLD" for the world, NULL when unknown */
  int has_value;             /* 0 for a change stated alone */
  int value_is_int;          /* the value is an integer (else a double) */
  long long ivalue;
  double value;
  char currency[8];          /* ISO 4217, "" when none */
  int qualifier;             /* TF_QUAL_* */
  int has_period;
  char from[TF_PERIOD_SIZE]; /* "YYYY-MM" */
  char to[TF_PERIOD_SIZE];
  int change;                /* TF_CHANGE_* */
  double change_value;       /* percent (+9.7) or ratio (1/2.8) */
  const char *status;        /* "actual", "forecast", "target" */
  int has_segment;
  tf_span segment;           /* the product group or enterprise, in the text */
  const char *scope;         /* "goods", "services", "goods_services" or NULL */
  tf_span span;              /* where it is stated first (= spans[0]) */
  size_t spans, nspans;      /* every place it is stated: tf_figures.spans[spans..spans+nspans) */
  tf_span sentence;          /* the sentence of the first span, without surrounding space */
} tf_figure;

typedef struct tf_figures {
  tf_figure *v;
  size_t n;
  tf_span *spans;
  size_t nspans;
  size_t bad_utf8;           /* invalid UTF-8 or NUL bytes met (skipped) */
  size_t first_bad;          /* offset of the first, if any */
} tf_figures;

typedef struct tf_extract_opts {
  int has_date;              /* 0: the document date is today (local time) */
  int year, month, day;      /* the document date, which resolves "last year" */
  size_t max_amounts;        /* as tf_scan_opts; 0: no limit */
  size_t max_tokens;
} tf_extract_opts;

/*
** The figures of text[0..len), language lexicon lx, place lexicon gz (may
** be NULL: no places) and parents (may be NULL: no subdivision rules).
** Initialise out to {0}; free with tf_figures_free (also after an error).
** Returns TF_OK, TF_ENOMEM or TF_ELIMIT (the limits of opts, or more than
** INT_MAX amounts and tags).
*/
int tf_extract(const tf_lexicon *lx, const tf_lexicon *gz, const tf_parents *parents,
               const char *text, size_t len, const tf_extract_opts *opts, tf_figures *out,
               tf_err *err);

void tf_figures_free(tf_figures *f);

#endif
