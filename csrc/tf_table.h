/*
** tf_table.h: statistics files as figure records.
**
** Opens a file (plain or gzip; CSV/TSV or JSON, told apart by the first
** byte), recognises its layout from the header or the first record's keys
** (or takes a forced one), and turns every row into records of the
** project's record model (DESIGN.md "One record model"): UN Comtrade API+
** v1 JSON and CSV, comtradr snake_case CSV, bulk "final" files, the legacy
** Comtrade API, IMF IMTS/DOTS wide CSV, Eurostat Comext bulk, and any CSV
** or JSON records described by a column map. Streams in constant memory.
*/
#ifndef TF_TABLE_H
#define TF_TABLE_H

#include <stddef.h>

#include "tf.h"
#include "tf_codes.h"
#include "tf_number.h"

enum {
  TF_LAYOUT_AUTO = 0, TF_LAYOUT_COMTRADE, TF_LAYOUT_COMTRADR, TF_LAYOUT_LEGACY,
  TF_LAYOUT_IMF, TF_LAYOUT_COMEXT, TF_LAYOUT_MAP
};
/* "auto", "comtrade", "comtradr", "comtrade-legacy", "imf", "comext", "map", NULL */
extern const char *const tf_layout_names[];

/* Breakdown flags: the row is a part of a total that is also published. */
enum { TF_BRK_PARTNER2 = 1, TF_BRK_MOT = 2, TF_BRK_CUSTOMS = 4, TF_BRK_MOS = 8 };

#define TF_SEG_MAX 31
#define TF_UNIT_MAX 23
#define TF_COLNAME_MAX 47

typedef struct tf_record {
  const char *flow;          /* export, import, balance, or a sub-flow code: RX, RM, DX, FM, MIP, MOP, XIP, XOP */
  char reporter[TF_CODE_MAX + 1];
  char partner[TF_CODE_MAX + 1];   /* "" when the file has none */
  char partner2[TF_CODE_MAX + 1];  /* "" when absent */
  int from_year, from_month, to_year, to_month;
  tf_num value;
  char currency[4];
  const char *scope;         /* "goods" or "services" */
  char segment[TF_SEG_MAX + 1];    /* commodity code; "" for all commodities */
  int segment_level;         /* digits or aggregation level; -1 when unknown */
  char classification[TF_UNIT_MAX + 1]; /* H3, CN8, ...; "" when unknown */
  int has_cif, has_fob, has_qty, has_net_weight;
  tf_num cif, fob, qty, net_weight;
  char qty_unit[TF_UNIT_MAX + 1];
  char mot[TF_UNIT_MAX + 1];       /* mode-of-transport code; "" when absent */
  char customs[TF_UNIT_MAX + 1];   /* customs procedure / statistical regime; "" when absent */
  unsigned breakdown;        /* TF_BRK_* */
  size_t index;              /* 1-based row (CSV, header included) or record (JSON) number */
  long line, column;         /* of the value's field */
  char column_name[TF_COLNAME_MAX + 1]; /* the value's column or key */
} tf_record;

typedef struct tf_table_opts {
  int layout;                /* TF_LAYOUT_*; AUTO detects */
  const char *map;           /* column map as JSON text (layout MAP), or NULL */
  size_t map_len;
  size_t max_record;         /* 0: default limits of the CSV and JSON readers */
  int max_depth;
} tf_table_opts;

typedef struct tf_table_stats {
  size_t rows;               /* data rows or records read */
  size_t records;            /* records returned */
  size_t rejected;           /* rows rejected */
  size_t skipped;            /* rows or cells deliberately passed over (empty IMF cells, status rows) */
} tf_table_stats;

typedef struct tf_table tf_table;

/*
** Open path ("-" is standard input) with codes (borrowed; may be NULL, then
** only ISO alpha-3 places are read). Returns TF_OK or TF_EIO, TF_ENOMEM,
** TF_EPARSE (a bad column map); free *out with tf_table_free.
*/
int tf_table_open(const char *path, const tf_table_opts *opts, const tf_codes *codes,
                  tf_table **out, tf_err *err);

/* The same over the memory block s[0..len), which must outlive the table. */
int tf_table_open_mem(const char *s, size_t len, const tf_table_opts *opts,
                      const tf_codes *codes, tf_table **out, tf_err *err);

/*
** Next record into *rec. Returns 1 (a record), 0 (the end), 2 (a row was
** rejected: err says why and where; call again to go on), or a negative
** TF_E* code after which the table is finished (unknown layout, truncated
** or malformed file, a limit, I/O). err has offset, line and column.
*/
int tf_table_next(tf_table *t, tf_record *rec, tf_err *err);

/* The layout in use (TF_LAYOUT_*, AUTO until known), and counters so far. */
int tf_table_layout(const tf_table *t);
void tf_table_get_stats(const tf_table *t, tf_table_stats *st);

/* Free; NULL-safe. */
void tf_table_free(tf_table *t);

#endif
