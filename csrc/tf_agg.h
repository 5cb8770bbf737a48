/*
** tf_agg.h: group-by aggregation of trade records, with the trade rules.
**
** Records (from statistics files or from text) are grouped by a set of
** keys and summed in an open-addressing hash table whose memory grows with
** the number of groups only. Sums are exact: every value is rounded once
** to a millionth of its currency unit and added as a 128-bit integer, so
** the result does not depend on the order of the records, and partial
** states (tf_agg_dump) merge (tf_agg_load) into exactly the result of one
** pass.
**
** The trade rules (README "Aggregating"):
** - flows and currencies never add up: flow and currency are always keys
**   (added after the caller's keys when not asked for); with a target
**   currency and rates, values are converted first and the rates used kept;
** - World rows are never added to partner rows: when partner is not a key,
**   a group's value is its World row when present (the partner sum beside
**   it as a check), else the partner sum; group partners (EU, EAEU, ...)
**   are never added to countries;
** - commodity rows of different levels are never summed together: a group
**   takes the coarsest level present (TOTAL before chapters before
**   headings), the other levels count as alternatives;
** - breakdown rows (second partner, transport mode, customs procedure) are
**   skipped: their totals are published rows of their own;
** - figures that are not actual (forecasts, targets) are skipped unless
**   status is a key;
** - periods: with a year, half or quarter key, months and quarters roll up
**   only into the unit that holds them, records of different lengths (a
**   year against its months, a year-to-date total against monthly values)
**   are never summed together, and the months covered are kept: a year from
**   nine months is Jan-Sep, complete = 0. A month key takes one-month
**   records only; a record that does not fit the key's unit is skipped.
** - derived flows: turnover = exports + imports and balance = exports -
**   imports, added to the rows where both exist for the same keys and months.
*/
#ifndef TF_AGG_H
#define TF_AGG_H

#include <stddef.h>
#include <stdint.h>

#include "tf.h"
#include "tf_table.h"

/* Keys; tf_agg_key_names lines up (NULL-terminated). */
enum {
  TF_AGG_REPORTER = 0, TF_AGG_PARTNER, TF_AGG_FLOW, TF_AGG_YEAR, TF_AGG_HALF, TF_AGG_QUARTER,
  TF_AGG_MONTH, TF_AGG_PERIOD, TF_AGG_CURRENCY, TF_AGG_SEGMENT, TF_AGG_STATUS, TF_AGG_SOURCE,
  TF_AGG_NKEYS
};
extern const char *const tf_agg_key_names[];

/* Reasons a record is not summed; tf_agg_skip_names lines up. */
enum {
  TF_SKIP_NO_VALUE = 0, TF_SKIP_BREAKDOWN, TF_SKIP_STATUS, TF_SKIP_PERIOD, TF_SKIP_GROUP,
  TF_SKIP_WHERE, TF_SKIP_N
};
extern const char *const tf_agg_skip_names[];

/* Operators of a filter (tf_agg_where). */
enum { TF_OP_EQ = 0, TF_OP_NE, TF_OP_LT, TF_OP_LE, TF_OP_GT, TF_OP_GE };

#define TF_AGG_MAX_KEYS 16
#define TF_AGG_DEFAULT_MAX_GROUPS 10000000u
#define TF_AGG_FIELD_MAX 255        /* longest key value kept (bytes); longer ones are cut */

typedef struct tf_agg tf_agg;

/*
** One figure to add. Strings are borrowed, NUL-terminated; NULL or "" when
** absent. has_value = 0 for a figure stated only as a change. The value is
** is_int ? ivalue : dvalue.
*/
typedef struct tf_agg_item {
  const char *flow, *reporter, *partner, *currency, *segment, *status, *source;
  int segment_level;              /* -1: from the segment code */
  int from_year, from_month, to_year, to_month;
  int has_value, is_int;
  long long ivalue;
  double dvalue;
  unsigned breakdown;             /* TF_BRK_* */
} tf_agg_item;

/* A sum as it leaves the core: the double, and the int64 when integral and in range. */
typedef struct tf_agg_num {
  double d;
  long long i;
  int is_int;
  unsigned char exact[16];        /* internal: the exact sum in millionths */
} tf_agg_num;

/* Derived flows of a result row. */
enum { TF_AGG_REPORTED = 0, TF_AGG_TURNOVER, TF_AGG_BALANCE };

/* One row of the result. Key values are read with tf_agg_row_key. */
typedef struct tf_agg_row {
  size_t koff, klen;              /* internal: the encoded key */
  int derived;                    /* TF_AGG_* */
  tf_agg_num sum;
  uint64_t count;                 /* records summed into sum */
  double min, max;                /* of the records summed (derived rows: NaN) */
  int from_year, from_month, to_year, to_month;  /* months covered */
  int months;                     /* months covered */
  int complete;                   /* the key's period unit fully covered: 1, 0; -1 no period key */
  int level;                      /* commodity level of the records summed (0 all commodities) */
  int world;                      /* partner not a key: 1 the value is the World row */
  int has_check;                  /* the partner sum beside a World row (same months and level) */
  tf_agg_num check;
  uint64_t check_count;
  size_t alternatives;            /* entries of the group not used (other levels, lengths) */
} tf_agg_row;

/* Counters. */
typedef struct tf_agg_stats {
  uint64_t added;                 /* records summed */
  uint64_t skipped[TF_SKIP_N];
  uint64_t converted, unconverted;
  size_t groups;                  /* internal entries (the max_groups limit counts these) */
  size_t bytes;                   /* memory held */
} tf_agg_stats;

/*
** A new aggregator grouping by keys[0..nkeys) (TF_AGG_*, no repeats; at
** most one of year/half/quarter/month/period). flow and currency are added
** when missing. max_groups 0 means TF_AGG_DEFAULT_MAX_GROUPS. Returns
** TF_OK, TF_EINVAL or TF_ENOMEM; free *out with tf_agg_free.
*/
int tf_agg_new(const int *keys, int nkeys, size_t max_groups, tf_agg **out, tf_err *err);

/* The effective keys (with flow and currency): count, and the k-th. */
int tf_agg_nkeys(const tf_agg *a);
int tf_agg_key(const tf_agg *a, int k);

/*
** Convert every value into target (ISO 4217) with rates added by
** tf_agg_add_rate: 1 unit of currency = rate units of target over the
** months from..to (a year is YYYY-01..YYYY-12). A record takes the rate
** of the narrowest period holding its own; without one it stays in its
** currency (counted as unconverted). Call before adding. TF_EINVAL on a
** bad code, period or rate.
*/
int tf_agg_set_target(tf_agg *a, const char *target, tf_err *err);
int tf_agg_add_rate(tf_agg *a, const char *currency, int from_year, int from_month, int to_year,
                    int to_month, double rate, tf_err *err);
const char *tf_agg_target(const tf_agg *a);       /* "" when none */

/* The k-th rate (0-based) and how many records used it; returns 0 past the end. */
int tf_agg_rate(const tf_agg *a, size_t k, char currency[4], int *from_year, int *from_month,
                int *to_year, int *to_month, double *rate, uint64_t *used);

/*
** Keep only records whose key value compares to value by op (TF_OP_*):
** conditions on different calls all hold; for TF_OP_EQ, repeated calls on
** the same key accept any of the values. Values compare as strings (years
** and months are fixed-width, so ranges work). TF_EINVAL on a bad key.
*/
int tf_agg_where(tf_agg *a, int key, int op, const char *value, tf_err *err);

/*
** Add one figure. Returns 1 (summed), 0 (skipped by a rule or a filter:
** counted in the stats), or TF_ELIMIT (max_groups), TF_ERANGE (a value
** beyond 1e24 or not finite), TF_ENOMEM; err says which.
*/
int tf_agg_add(tf_agg *a, const tf_agg_item *it, tf_err *err);

/* The same for a statistics record; source (borrowed, may be NULL) is the file. */
int tf_agg_add_record(tf_agg *a, const tf_record *rec, const char *source, tf_err *err);

/*
** The result rows, the trade rules applied, ordered by key, derived
** turnover and balance rows included. *rows is malloc'd (free it); key
** values point into the aggregator and stay valid until its next change.
*/
int tf_agg_rows(tf_agg *a, tf_agg_row **rows, size_t *n, tf_err *err);

/* The value of the k-th effective key of a row, and its length; "" when absent. */
const char *tf_agg_row_key(const tf_agg *a, const tf_agg_row *r, int k, size_t *len);

void tf_agg_get_stats(const tf_agg *a, tf_agg_stats *st);

/*
** The partial state as JSON text: keys, target and rates, counters, and
** every entry with its exact sum. *out is malloc'd, NUL-terminated (free it).
*/
int tf_agg_dump(const tf_agg *a, char **out, size_t *len, tf_err *err);

/*
** Add a dump (json[0..len)) into a: the same keys and target are required
** (TF_EINVAL), TF_EPARSE (with line and column) on anything else than a
** dump, TF_ELIMIT past max_groups. Loading every part's dump gives the
** state of one pass over all the parts.
*/
int tf_agg_load(tf_agg *a, const char *json, size_t len, tf_err *err);

/* The keys a dump groups by, without loading it: fills keys (TF_AGG_MAX_KEYS) and *n. */
int tf_agg_dump_keys(const char *json, size_t len, int *keys, int *n, char target[4], tf_err *err);

/* Free; NULL-safe. */
void tf_agg_free(tf_agg *a);

#endif
