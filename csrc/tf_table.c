/*
** tf_table.c: layouts of trade-statistics files, column binding, code
** mapping and the conversion of rows into records.
*/
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "tf_csv.h"
#include "tf_input.h"
#include "tf_json.h"
#include "tf_table.h"

const char *const tf_layout_names[] = {
  "auto", "comtrade", "comtradr", "comtrade-legacy", "imf", "comext", "map", NULL
};

/* What a column means. */
enum {
  R_TYPE = 0, R_FREQ, R_PERIOD, R_YEAR, R_MONTH, R_REPORTER, R_REPORTER_ISO, R_PARTNER,
  R_PARTNER_ISO, R_PARTNER2, R_PARTNER2_ISO, R_FLOW, R_CLASS, R_CMD, R_LEVEL, R_CUSTOMS,
  R_MOS, R_MOT, R_QTY_UNIT, R_QTY_UNIT_ABBR, R_QTY, R_NETWGT, R_CIF, R_FOB, R_VALUE,
  R_CURRENCY, R_INDICATOR, R_ATTRIBUTE, R_N
};

static const char *const role_names[R_N] = {
  "type", "freq", "period", "year", "month", "reporter", "reporter_iso", "partner",
  "partner_iso", "partner2", "partner2_iso", "flow", "classification", "segment",
  "segment_level", "customs", "mos", "mot", "qty_unit_code", "qty_unit", "qty",
  "net_weight", "cif", "fob", "value", "currency", "indicator", "attribute"
};

typedef struct colname { int role; const char *name; } colname;

/* Comtrade API+ v1 (JSON and CSV) and the bulk "final" files: camelCase. */
static const colname names_comtrade[] = {
  {R_TYPE, "typeCode"}, {R_FREQ, "freqCode"}, {R_PERIOD, "period"}, {R_YEAR, "refYear"},
  {R_MONTH, "refMonth"}, {R_REPORTER, "reporterCode"}, {R_REPORTER_ISO, "reporterISO"},
  {R_PARTNER, "partnerCode"}, {R_PARTNER_ISO, "partnerISO"}, {R_PARTNER2, "partner2Code"},
  {R_PARTNER2_ISO, "partner2ISO"}, {R_FLOW, "flowCode"}, {R_CLASS, "classificationCode"},
  {R_CMD, "cmdCode"}, {R_LEVEL, "aggrLevel"}, {R_CUSTOMS, "customsCode"}, {R_MOS, "mosCode"},
  {R_MOT, "motCode"}, {R_QTY_UNIT, "qtyUnitCode"}, {R_QTY_UNIT_ABBR, "qtyUnitAbbr"},
  {R_QTY, "qty"}, {R_NETWGT, "netWgt"}, {R_CIF, "cifvalue"}, {R_FOB, "fobvalue"},
  {R_VALUE, "primaryValue"}, {-1, NULL}
};

/* comtradr's snake_case names of the same columns. */
static const colname names_comtradr[] = {
  {R_TYPE, "type_code"}, {R_FREQ, "freq_code"}, {R_PERIOD, "period"}, {R_YEAR, "ref_year"},
  {R_MONTH, "ref_month"}, {R_REPORTER, "reporter_code"}, {R_REPORTER_ISO, "reporter_iso"},
  {R_PARTNER, "partner_code"}, {R_PARTNER_ISO, "partner_iso"}, {R_PARTNER2, "partner2code"},
  {R_PARTNER2, "partner2_code"}, {R_PARTNER2_ISO, "partner2iso"}, {R_PARTNER2_ISO, "partner2_iso"},
  {R_FLOW, "flow_code"}, {R_CLASS, "classification_code"}, {R_CMD, "cmd_code"},
  {R_LEVEL, "aggr_level"}, {R_CUSTOMS, "customs_code"}, {R_MOS, "mos_code"},
  {R_MOT, "mot_code"}, {R_QTY_UNIT, "qty_unit_code"}, {R_QTY_UNIT_ABBR, "qty_unit_abbr"},
  {R_QTY, "qty"}, {R_NETWGT, "net_wgt"}, {R_CIF, "cifvalue"}, {R_FOB, "fobvalue"},
  {R_VALUE, "primary_value"}, {-1, NULL}
};

/* The legacy Comtrade API (JSON keys, then its CSV headings). */
static const colname names_legacy[] = {
  {R_CLASS, "pfCode"}, {R_YEAR, "yr"}, {R_PERIOD, "period"}, {R_FLOW, "rgCode"},
  {R_REPORTER, "rtCode"}, {R_REPORTER_ISO, "rt3ISO"}, {R_PARTNER, "ptCode"},
  {R_PARTNER_ISO, "pt3ISO"}, {R_PARTNER2, "ptCode2"}, {R_PARTNER2_ISO, "pt3ISO2"},
  {R_CMD, "cmdCode"}, {R_LEVEL, "aggrLevel"}, {R_CUSTOMS, "cstCode"}, {R_MOT, "motCode"},
  {R_QTY_UNIT, "qtCode"}, {R_QTY_UNIT_ABBR, "qtDesc"}, {R_QTY, "TradeQuantity"},
  {R_NETWGT, "NetWeight"}, {R_CIF, "CIFValue"}, {R_FOB, "FOBValue"}, {R_VALUE, "TradeValue"},
  {R_CLASS, "Classification"}, {R_YEAR, "Year"}, {R_PERIOD, "Period"},
  {R_FLOW, "Trade Flow Code"}, {R_REPORTER, "Reporter Code"}, {R_REPORTER_ISO, "Reporter ISO"},
  {R_PARTNER, "Partner Code"}, {R_PARTNER_ISO, "Partner ISO"},
  {R_PARTNER2, "2nd Partner Code"}, {R_PARTNER2_ISO, "2nd Partner ISO"},
  {R_CMD, "Commodity Code"}, {R_LEVEL, "Aggregate Level"}, {R_CUSTOMS, "Customs Proc. Code"},
  {R_MOT, "Mode of Transport Code"}, {R_QTY_UNIT, "Qty Unit Code"}, {R_QTY_UNIT_ABBR, "Qty Unit"},
  {R_QTY, "Qty"}, {R_NETWGT, "Netweight (kg)"}, {R_CIF, "CIF Trade Value (US$)"},
  {R_FOB, "FOB Trade Value (US$)"}, {R_VALUE, "Trade Value (US$)"}, {-1, NULL}
};

/* IMF IMTS / DOTS wide files; the period columns are found by their form. */
static const colname names_imf[] = {
  {R_REPORTER, "Country Code"}, {R_REPORTER, "COUNTRY"}, {R_REPORTER, "REF_AREA"},
  {R_PARTNER, "Counterpart Country Code"}, {R_PARTNER, "COUNTERPART_COUNTRY"},
  {R_PARTNER, "COUNTERPART_AREA"}, {R_INDICATOR, "Indicator Code"}, {R_INDICATOR, "INDICATOR"},
  {R_ATTRIBUTE, "Attribute"}, {-1, NULL}
};

/* Eurostat Comext bulk files, the older and the newer column names (ISO columns first). */
static const colname names_comext[] = {
  {R_REPORTER, "DECLARANT_ISO"}, {R_PARTNER, "PARTNER_ISO"}, {R_REPORTER, "REPORTER"},
  {R_PARTNER, "PARTNER"}, {R_CMD, "PRODUCT_NC"}, {R_FLOW, "FLOW"}, {R_CUSTOMS, "STAT_REGIME"},
  {R_CUSTOMS, "STAT_PROCEDURE"}, {R_QTY_UNIT_ABBR, "SUPP_UNIT"}, {R_QTY_UNIT_ABBR, "SUPPL_UNIT"},
  {R_PERIOD, "PERIOD"}, {R_VALUE, "VALUE_IN_EUROS"}, {R_VALUE, "VALUE_EUR"},
  {R_NETWGT, "QUANTITY_IN_KG"}, {R_NETWGT, "QUANTITY_KG"}, {R_QTY, "SUP_QUANTITY"},
  {R_QTY, "QUANTITY_SUPPL_UNIT"}, {-1, NULL}
};

static const colname *const layout_cols[] = {
  NULL, names_comtrade, names_comtradr, names_legacy, names_imf, names_comext, NULL
};

/* How place columns are coded. */
enum { CS_COMTRADE = 0, CS_M49, CS_ISO2, CS_ISO3, CS_ISO, CS_RAW };
static const char *const cs_names[] = {"comtrade", "m49", "iso2", "iso3", "iso", "raw", NULL};

static const char *const subflows[] = {"RX", "RM", "DX", "FM", "MIP", "MOP", "XIP", "XOP", NULL};

#define MAX_WIDE 4096      /* period columns of a wide file */
#define NUMBUF 40
#define JCACHE 128         /* keys whose roles are remembered by position */

typedef struct cell {
  const char *s;
  size_t len;
  int present;             /* the column or key exists */
  int prio;                /* index of the name that bound it (lower wins) */
  int jtype;               /* JSON type, or -1 for CSV text */
  long line, col;
  const char *name;
} cell;

typedef struct widecol {
  size_t col;
  int fy, fm, ty, tm;
} widecol;

typedef struct mapspec {
  char col[R_N][TF_COLNAME_MAX + 1];     /* column name, or "" */
  int idx[R_N];                          /* 1-based column number, or 0 */
  char cst[R_N][TF_CODE_MAX + 1];        /* constant value, or "" */
  tf_num mult;
  int codes;
  char scope[16];
  cJSON *flows;                          /* value -> flow name; owned */
} mapspec;

struct tf_table {
  tf_input *in;
  tf_csv *csv;
  tf_json *json;
  const tf_codes *codes;
  int layout;
  int forced;
  int is_json;
  int started;
  int dead;
  tf_err fatal;
  tf_table_stats st;
  /* CSV binding */
  size_t ncols;
  int col[R_N];             /* column of each role, -1 when absent */
  int colprio[R_N];
  char *hdr;                /* header names, NUL-separated copies */
  size_t *hdroff;
  widecol *wide;
  size_t nwide;
  /* the current row (CSV rows stay valid until the next tf_csv_next) */
  tf_row row;
  int have_row;
  size_t wide_next;
  cell cells[R_N];
  char numbuf[R_N][NUMBUF];
  /* JSON key roles cached by position */
  char jkey[JCACHE][24];
  int jrole[JCACHE], jprio[JCACHE];
  mapspec *map;
  int place_cs;
  tf_num mult;
  const char *currency;
};

/* {======== small helpers */

static int ieq(const char *a, size_t alen, const char *b) {
  size_t k;
  for (k = 0; k < alen; k++, b++)
    if (*b == '\0' || tolower((unsigned char)a[k]) != tolower((unsigned char)*b)) return 0;
  return *b == '\0';
}

static void trim(const char **s, size_t *len) {
  while (*len > 0 && isspace((unsigned char)(*s)[0])) { (*s)++; (*len)--; }
  while (*len > 0 && isspace((unsigned char)(*s)[*len - 1])) (*len)--;
}

static int all_digits(const char *s, size_t len) {
  size_t k;
  if (len == 0) return 0;
  for (k = 0; k < len; k++)
    if (s[k] < '0' || s[k] > '9') return 0;
  return 1;
}

static int to_int(const char *s, size_t len, int *out) {
  long v = 0;
  size_t k;
  if (!all_digits(s, len) || len > 9) return 0;
  for (k = 0; k < len; k++) v = v * 10 + (s[k] - '0');
  *out = (int)v;
  return 1;
}

static void copy_str(char *dst, size_t size, const char *s, size_t len) {
  if (len >= size) len = size - 1;
  memcpy(dst, s, len);
  dst[len] = '\0';
}

/*
** A plain decimal number: [+-]digits[.digits][(e|E)[+-]digits], or
** .digits. Exact (mantissa and power of ten) up to 19 significant digits.
*/
static int parse_decimal(const char *s, size_t len, tf_num *out) {
  size_t k = 0;
  int neg = 0, ndig = 0, exp10 = 0, any = 0, sig = 0;
  uint64_t mant = 0;
  char buf[NUMBUF * 2];
  if (len == 0 || len >= sizeof buf) return 0;
  if (s[k] == '-' || s[k] == '+') { neg = s[k] == '-'; k++; }
  while (k < len && s[k] >= '0' && s[k] <= '9') {
    any = 1;
    if (mant == 0 && s[k] == '0') { k++; continue; }
    if (sig < 19) { mant = mant * 10 + (uint64_t)(s[k] - '0'); sig++; } else exp10++;
    k++;
    ndig++;
  }
  if (k < len && s[k] == '.') {
    k++;
    while (k < len && s[k] >= '0' && s[k] <= '9') {
      any = 1;
      if (!(mant == 0 && s[k] == '0') && sig < 19) {
        mant = mant * 10 + (uint64_t)(s[k] - '0');
        sig++;
        exp10--;
      } else if (mant == 0) {
        exp10--;
      }
      k++;
    }
  }
  if (!any) return 0;
  if (k < len && (s[k] == 'e' || s[k] == 'E')) {
    int eneg = 0, e = 0, edig = 0;
    k++;
    if (k < len && (s[k] == '-' || s[k] == '+')) { eneg = s[k] == '-'; k++; }
    while (k < len && s[k] >= '0' && s[k] <= '9') {
      if (e < 10000) e = e * 10 + (s[k] - '0');
      k++;
      edig++;
    }
    if (!edig) return 0;
    exp10 += eneg ? -e : e;
  }
  if (k != len) return 0;
  memcpy(buf, s, len);
  buf[len] = '\0';
  out->d = strtod(buf, NULL);
  out->neg = neg;
  out->mant = mant;
  out->exp10 = mant == 0 ? 0 : exp10;
  out->exact = sig <= 19 && exp10 > -30 && exp10 < 30;
  (void)ndig;
  return 1;
}

/* A double from JSON as the shortest text that reads back the same. */
static void format_double(double d, char *buf, size_t size) {
  int prec;
  for (prec = 15; prec <= 17; prec++) {
    snprintf(buf, size, "%.*g", prec, d);
    if (strtod(buf, NULL) == d) return;
  }
}

/*
** Periods: 2023 (the year), 202309 / 2023-09 / 2023M9 / 2023-M09 (a month),
** 2023Q3 / 2023-Q3 (a quarter), and Comext's 202352 (the year).
*/
static int parse_period(const char *s, size_t len, int *fy, int *fm, int *ty, int *tm) {
  int y, m;
  if (len < 4 || !to_int(s, 4, &y) || y < 1000) return 0;
  if (len == 4) { *fy = *ty = y; *fm = 1; *tm = 12; return 1; }
  s += 4;
  len -= 4;
  if (len >= 2 && s[0] == '-' && (s[1] == 'M' || s[1] == 'Q' || s[1] == 'm' || s[1] == 'q')) {
    s++;
    len--;
  }
  if (len == 2 && to_int(s, 2, &m)) {
    if (m == 52) { *fy = *ty = y; *fm = 1; *tm = 12; return 1; }
    if (m < 1 || m > 12) return 0;
    *fy = *ty = y; *fm = *tm = m;
    return 1;
  }
  if (len == 3 && s[0] == '-' && to_int(s + 1, 2, &m) && m >= 1 && m <= 12) {
    *fy = *ty = y; *fm = *tm = m;
    return 1;
  }
  if (len >= 2 && len <= 3 && (s[0] == 'M' || s[0] == 'm') && to_int(s + 1, len - 1, &m) &&
      m >= 1 && m <= 12) {
    *fy = *ty = y; *fm = *tm = m;
    return 1;
  }
  if (len == 2 && (s[0] == 'Q' || s[0] == 'q') && s[1] >= '1' && s[1] <= '4') {
    *fy = *ty = y;
    *fm = (s[1] - '1') * 3 + 1;
    *tm = *fm + 2;
    return 1;
  }
  return 0;
}

/* }======== */

/* {======== errors */

static int fatal(tf_table *t, tf_err *err, int code, long line, long col, const char *fmt,
                 const char *a) {
  tf_err_set(&t->fatal, code, 0, fmt, a);
  t->fatal.line = line;
  t->fatal.column = col;
  t->dead = 1;
  if (err != NULL) *err = t->fatal;
  return code;
}

/* Reject the row: "expected ..., found ..." at the cell (or the row). */
static int reject(tf_table *t, tf_err *err, const cell *c, const char *expected) {
  char found[48];
  const char *what = c != NULL && c->name != NULL ? c->name : "?";
  if (c == NULL || !c->present) snprintf(found, sizeof found, "no such column");
  else if (c->jtype == TF_JOBJECT || c->jtype == TF_JARRAY)
    snprintf(found, sizeof found, "%s", c->jtype == TF_JOBJECT ? "an object" : "an array");
  else if (c->len == 0) snprintf(found, sizeof found, "an empty field");
  else snprintf(found, sizeof found, "'%.*s'", (int)(c->len > 30 ? 30 : c->len), c->s);
  tf_err_set(err, TF_EPARSE, 0, "%s: expected %s, found %s", what, expected, found);
  if (err != NULL) {
    err->line = c != NULL && c->line ? c->line : t->row.line;
    err->column = c != NULL && c->line ? c->col : 1;
  }
  t->st.rejected++;
  return 2;
}

/* }======== */

/* {======== codes */

static int lookup_place(tf_table *t, int cs, const cell *c, const cell *iso, char *out,
                        tf_err *err) {
  const char *s = c->s, *v = NULL;
  size_t len = c->len;
  char up[TF_CODE_MAX + 1];
  size_t k;
  trim(&s, &len);
  if (len == 0 && iso != NULL && iso->present && iso->len > 0) {
    s = iso->s;
    len = iso->len;
    trim(&s, &len);
    cs = CS_ISO;
  }
  if (len == 0 || len > TF_CODE_MAX) return reject(t, err, c, "an area code");
  if (cs == CS_RAW) { copy_str(out, TF_CODE_MAX + 1, s, len); return 1; }
  if (all_digits(s, len)) {
    while (len > 1 && s[0] == '0') { s++; len--; }
    if (cs == CS_COMTRADE) v = tf_codes_get(t->codes, "comtrade", s, len);
    else if (cs == CS_M49) v = tf_codes_get(t->codes, "m49", s, len);
    if (v == NULL && cs == CS_COMTRADE && iso != NULL && iso->present && iso->len > 0)
      return lookup_place(t, CS_ISO, iso, NULL, out, err);
    if (v == NULL) {
      if (cs == CS_ISO || cs == CS_ISO2 || cs == CS_ISO3)
        return reject(t, err, c, "an ISO area code (numeric IMF or national codes have no table "
                                 "here: use a column map with codes = \"m49\" or \"comtrade\")");
      return reject(t, err, c, cs == CS_M49 ? "a known M49 area code" : "a known Comtrade area code");
    }
    copy_str(out, TF_CODE_MAX + 1, v, strlen(v));
    return 1;
  }
  for (k = 0; k < len; k++) up[k] = (char)toupper((unsigned char)s[k]);
  up[len] = '\0';
  if (len == 2) v = tf_codes_get(t->codes, "iso2", up, len);
  else v = tf_codes_get(t->codes, "iso3", up, len);
  if (ieq(s, len, "world")) v = "WLD";
  if (v == NULL) {
    if (cs == CS_ISO2 && len != 2) return reject(t, err, c, "an ISO alpha-2 code");
    if (cs == CS_ISO3 && len != 3) return reject(t, err, c, "an ISO alpha-3 code");
    if (cs == CS_COMTRADE || cs == CS_M49)
      return reject(t, err, c, "a numeric area code");
    /* special codes of the source (Comext QU, QV, ...) are kept as they are */
    for (k = 0; k < len; k++)
      if (!isalnum((unsigned char)up[k]) && up[k] != '_' && up[k] != '-')
        return reject(t, err, c, "an area code");
    v = up;
  }
  copy_str(out, TF_CODE_MAX + 1, v, strlen(v));
  return 1;
}

/* Is a partner code the world, or absent? */
static int is_world(const char *code) {
  return code[0] == '\0' || strcmp(code, "WLD") == 0;
}

/* }======== */

/* {======== the column map */

static void free_map(mapspec *m) {
  if (m == NULL) return;
  cJSON_Delete(m->flows);
  free(m);
}

static int parse_map(tf_table *t, const char *json, size_t len, tf_err *err) {
  const char *end = NULL;
  cJSON *root = cJSON_ParseWithLengthOpts(json, len, &end, 0), *it;
  mapspec *m;
  int rc = TF_OK, r;
  if (root == NULL) {
    size_t at = end != NULL && end >= json ? (size_t)(end - json) : 0;
    rc = tf_err_set(err, TF_EPARSE, at, "column map: invalid JSON");
    tf_err_locate(err, json, len, at);
    return rc;
  }
  m = (mapspec *)calloc(1, sizeof *m);
  if (m == NULL) { cJSON_Delete(root); return tf_err_set(err, TF_ENOMEM, 0, "not enough memory"); }
  m->mult = tf_num_int(1);
  m->codes = CS_ISO;
  t->map = m;
  if (!cJSON_IsObject(root)) { rc = tf_err_set(err, TF_EPARSE, 0, "column map: expected an object"); goto done; }
  for (it = root->child; it != NULL; it = it->next) {
    const char *k = it->string;
    if (strcmp(k, "multiplier") == 0) {
      char buf[NUMBUF];
      if (!cJSON_IsNumber(it) || it->valuedouble <= 0) {
        rc = tf_err_set(err, TF_EPARSE, 0, "column map: multiplier: expected a positive number");
        goto done;
      }
      format_double(it->valuedouble, buf, sizeof buf);
      parse_decimal(buf, strlen(buf), &m->mult);
      continue;
    }
    if (strcmp(k, "codes") == 0) {
      int c;
      for (c = 0; cs_names[c] != NULL; c++)
        if (cJSON_IsString(it) && strcmp(it->valuestring, cs_names[c]) == 0) break;
      if (cs_names[c] == NULL) {
        rc = tf_err_set(err, TF_EPARSE, 0,
                        "column map: codes: expected comtrade, m49, iso2, iso3, iso or raw");
        goto done;
      }
      m->codes = c;
      continue;
    }
    if (strcmp(k, "flows") == 0) {
      if (!cJSON_IsObject(it)) {
        rc = tf_err_set(err, TF_EPARSE, 0, "column map: flows: expected an object of value to flow");
        goto done;
      }
      m->flows = cJSON_Duplicate(it, 1);
      if (m->flows == NULL) { rc = tf_err_set(err, TF_ENOMEM, 0, "not enough memory"); goto done; }
      continue;
    }
    if (strcmp(k, "scope") == 0 && cJSON_IsString(it) &&
        (strcmp(it->valuestring, "goods") == 0 || strcmp(it->valuestring, "services") == 0)) {
      copy_str(m->scope, sizeof m->scope, it->valuestring, strlen(it->valuestring));
      continue;
    }
    if (k[0] == '_') continue;                    /* comments */
    for (r = 0; r < R_N; r++)
      if (strcmp(k, role_names[r]) == 0) break;
    if (r == R_N) {
      rc = tf_err_set(err, TF_EPARSE, 0, "column map: unknown key \"%.40s\"", k);
      goto done;
    }
    if (cJSON_IsString(it) && strlen(it->valuestring) <= TF_COLNAME_MAX && it->valuestring[0]) {
      copy_str(m->col[r], sizeof m->col[r], it->valuestring, strlen(it->valuestring));
    } else if (cJSON_IsNumber(it) && it->valuedouble >= 1 && it->valuedouble <= TF_CSV_MAX_FIELDS &&
               it->valuedouble == (double)(int)it->valuedouble) {
      m->idx[r] = (int)it->valuedouble;
    } else if (cJSON_IsObject(it) && cJSON_IsString(cJSON_GetObjectItemCaseSensitive(it, "const")) &&
               strlen(cJSON_GetObjectItemCaseSensitive(it, "const")->valuestring) <= TF_CODE_MAX) {
      const char *v = cJSON_GetObjectItemCaseSensitive(it, "const")->valuestring;
      copy_str(m->cst[r], sizeof m->cst[r], v, strlen(v));
    } else {
      rc = tf_err_set(err, TF_EPARSE, 0,
                      "column map: %s: expected a column name, a column number or {\"const\": value}", k);
      goto done;
    }
  }
  {
    static const int need[] = {R_REPORTER, R_FLOW, R_PERIOD, R_VALUE, R_CURRENCY};
    size_t q;
    for (q = 0; q < sizeof need / sizeof need[0]; q++) {
      r = need[q];
      if (!m->col[r][0] && !m->idx[r] && !m->cst[r][0]) {
        rc = tf_err_set(err, TF_EPARSE, 0, "column map: \"%s\" is required", role_names[r]);
        goto done;
      }
    }
  }
done:
  cJSON_Delete(root);
  return rc;
}

/* }======== */

/* {======== layout detection and binding */

static int role_of(const colname *names, const char *s, size_t len, int *prio) {
  int k;
  for (k = 0; names[k].name != NULL; k++)
    if (ieq(s, len, names[k].name)) { *prio = k; return names[k].role; }
  return -1;
}

static int map_role_of(const mapspec *m, const char *s, size_t len, size_t colno) {
  int r;
  for (r = 0; r < R_N; r++)
    if ((m->col[r][0] && ieq(s, len, m->col[r])) || (m->idx[r] && (size_t)m->idx[r] == colno))
      return r;
  return -1;
}

static int is_period_col(const char *s, size_t len, widecol *w) {
  return parse_period(s, len, &w->fy, &w->fm, &w->ty, &w->tm);
}

/* Guess the layout from column names (CSV header or the first record's keys). */
static int detect_layout(const char *const *nm, const size_t *nl, size_t n) {
  int score[TF_LAYOUT_MAP + 1] = {0};
  int have_period_col = 0, best = TF_LAYOUT_AUTO, l;
  size_t k;
  for (k = 0; k < n; k++) {
    widecol w;
    for (l = TF_LAYOUT_COMTRADE; l <= TF_LAYOUT_COMEXT; l++) {
      int prio, r = role_of(layout_cols[l], nm[k], nl[k], &prio);
      if (r == R_VALUE || r == R_FLOW || r == R_REPORTER || r == R_PARTNER || r == R_INDICATOR)
        score[l]++;
    }
    if (is_period_col(nm[k], nl[k], &w)) have_period_col = 1;
  }
  if (!have_period_col) score[TF_LAYOUT_IMF] = 0;
  for (l = TF_LAYOUT_COMTRADE; l <= TF_LAYOUT_COMEXT; l++)
    if (score[l] >= 3 && (best == TF_LAYOUT_AUTO || score[l] > score[best])) best = l;
  return best;
}

static int bind_csv(tf_table *t, const tf_row *h, tf_err *err) {
  const char **nm = NULL;
  size_t *nl = NULL, k, total = 0;
  int rc = TF_OK, r;
  if (h->bad)
    return fatal(t, err, h->bad, h->why.line, h->why.column, "the header row is unreadable: %s",
                 h->why.msg);
  t->ncols = h->n;
  for (k = 0; k < h->n; k++) total += h->f[k].len + 1;
  t->hdr = (char *)malloc(total ? total : 1);
  t->hdroff = (size_t *)malloc(h->n * sizeof *t->hdroff);
  nm = (const char **)malloc(h->n * sizeof *nm);
  nl = (size_t *)malloc(h->n * sizeof *nl);
  if (t->hdr == NULL || t->hdroff == NULL || nm == NULL || nl == NULL) {
    rc = fatal(t, err, TF_ENOMEM, 0, 0, "%s", "not enough memory");
    goto done;
  }
  total = 0;
  for (k = 0; k < h->n; k++) {
    const char *s = h->f[k].s;
    size_t len = h->f[k].len;
    trim(&s, &len);
    memcpy(t->hdr + total, s, len);
    t->hdr[total + len] = '\0';
    t->hdroff[k] = total;
    nm[k] = t->hdr + total;
    nl[k] = len;
    total += len + 1;
  }
  if (t->layout == TF_LAYOUT_AUTO) t->layout = detect_layout(nm, nl, h->n);
  if (t->layout == TF_LAYOUT_AUTO) {
    rc = fatal(t, err, TF_EPARSE, h->line, 1,
               "unknown layout: expected the header of a Comtrade, comtradr, IMF or Comext file, "
               "found '%.60s...' (give a column map or --layout)", nm[0]);
    goto done;
  }
  for (r = 0; r < R_N; r++) { t->col[r] = -1; t->colprio[r] = 1 << 30; }
  for (k = 0; k < h->n; k++) {
    int prio = 0;
    widecol w;
    r = t->layout == TF_LAYOUT_MAP ? map_role_of(t->map, nm[k], nl[k], k + 1)
                                   : role_of(layout_cols[t->layout], nm[k], nl[k], &prio);
    if (r >= 0 && prio < t->colprio[r]) { t->col[r] = (int)k; t->colprio[r] = prio; }
    if (t->layout == TF_LAYOUT_IMF && r < 0 && is_period_col(nm[k], nl[k], &w)) {
      if (t->nwide == MAX_WIDE) {
        rc = fatal(t, err, TF_ELIMIT, h->line, h->f[k].column, "%s",
                   "more than 4096 period columns (the limit)");
        goto done;
      }
      if (t->wide == NULL) {
        t->wide = (widecol *)malloc(MAX_WIDE * sizeof *t->wide);
        if (t->wide == NULL) { rc = fatal(t, err, TF_ENOMEM, 0, 0, "%s", "not enough memory"); goto done; }
      }
      w.col = k;
      t->wide[t->nwide++] = w;
    }
  }
  /* the columns a layout cannot do without */
  {
    static const int need_std[] = {R_REPORTER, R_FLOW, R_VALUE, -1};
    static const int need_imf[] = {R_REPORTER, R_PARTNER, R_INDICATOR, -1};
    const int *need = t->layout == TF_LAYOUT_IMF ? need_imf : need_std;
    if (t->layout == TF_LAYOUT_MAP) {
      for (r = 0; r < R_N; r++)
        if ((t->map->col[r][0] || t->map->idx[r]) && t->col[r] < 0) {
          char msg[TF_ERRMSG_SIZE];
          if (t->map->col[r][0])
            snprintf(msg, sizeof msg, "column map: %s: no column \"%s\" in the header",
                     role_names[r], t->map->col[r]);
          else
            snprintf(msg, sizeof msg, "column map: %s: the header has no column %d",
                     role_names[r], t->map->idx[r]);
          rc = fatal(t, err, TF_EPARSE, h->line, 1, "%s", msg);
          goto done;
        }
    }
    for (k = 0; need[k] >= 0; k++) {
      r = need[k];
      if (t->col[r] < 0 && !(t->map && t->map->cst[r][0])) {
        char msg[TF_ERRMSG_SIZE];
        snprintf(msg, sizeof msg, "layout %s: expected a %s column in the header, found none",
                 tf_layout_names[t->layout], role_names[r]);
        rc = fatal(t, err, TF_EPARSE, h->line, 1, "%s", msg);
        goto done;
      }
    }
    if (t->layout == TF_LAYOUT_IMF && t->nwide == 0) {
      rc = fatal(t, err, TF_EPARSE, h->line, 1, "%s",
                 "layout imf: expected period columns (2023, 2023Q3, 2023M9), found none");
      goto done;
    }
    if (t->layout != TF_LAYOUT_IMF && t->layout != TF_LAYOUT_MAP && t->col[R_PERIOD] < 0 &&
        t->col[R_YEAR] < 0) {
      rc = fatal(t, err, TF_EPARSE, h->line, 1, "%s", "expected a period or year column, found none");
      goto done;
    }
  }
done:
  free(nm);
  free(nl);
  return rc;
}

/* Settings that follow from the layout. */
static void layout_defaults(tf_table *t) {
  t->mult = tf_num_int(1);
  t->currency = "USD";
  switch (t->layout) {
    case TF_LAYOUT_IMF: t->place_cs = CS_ISO; t->mult = tf_num_int(1000000); break;
    case TF_LAYOUT_COMEXT: t->place_cs = CS_ISO2; t->currency = "EUR"; break;
    case TF_LAYOUT_MAP: t->place_cs = t->map->codes; t->mult = t->map->mult; t->currency = NULL; break;
    default: t->place_cs = CS_COMTRADE; break;
  }
}

/* }======== */

/* {======== rows to records */

static void set_cell(tf_table *t, int r, int prio, const char *s, size_t len, int jtype, long line,
                     long col, const char *name) {
  cell *c = &t->cells[r];
  if (c->present && c->prio <= prio) return;
  c->s = s;
  c->len = len;
  c->present = 1;
  c->prio = prio;
  c->jtype = jtype;
  c->line = line;
  c->col = col;
  c->name = name;
}

static void cells_from_csv(tf_table *t) {
  int r;
  memset(t->cells, 0, sizeof t->cells);
  for (r = 0; r < R_N; r++) {
    int k = t->col[r];
    cell *c = &t->cells[r];
    c->name = role_names[r];
    if (k < 0) {
      if (t->map && t->map->cst[r][0]) {
        c->s = t->map->cst[r];
        c->len = strlen(c->s);
        c->present = 1;
        c->jtype = -1;
      }
      continue;
    }
    c->name = t->hdr + t->hdroff[k];
    c->jtype = -1;
    c->present = 1;
    c->line = t->row.line;
    c->col = 1;
    if ((size_t)k < t->row.n) {
      c->s = t->row.f[k].s;
      c->len = t->row.f[k].len;
      c->line = t->row.f[k].line;
      c->col = t->row.f[k].column;
    } else {
      c->s = "";
      c->len = 0;
    }
  }
}

static int cells_from_json(tf_table *t, const tf_jrec *rec) {
  size_t k;
  int r;
  memset(t->cells, 0, sizeof t->cells);
  for (k = 0; k < rec->n; k++) {
    const tf_jfield *f = &rec->f[k];
    int prio = 0;
    if (k < JCACHE && strcmp(t->jkey[k], f->key) == 0) {
      r = t->jrole[k];
      prio = t->jprio[k];
    } else {
      r = t->layout == TF_LAYOUT_MAP ? map_role_of(t->map, f->key, f->klen, 0)
                                     : role_of(layout_cols[t->layout], f->key, f->klen, &prio);
      if (k < JCACHE && f->klen < sizeof t->jkey[k]) {
        memcpy(t->jkey[k], f->key, f->klen + 1);
        t->jrole[k] = r;
        t->jprio[k] = prio;
      }
    }
    if (r < 0) continue;
    switch (f->type) {
      case TF_JSTRING: set_cell(t, r, prio, f->s, f->len, f->type, rec->line, rec->column, f->key); break;
      case TF_JNUMBER:
        format_double(f->d, t->numbuf[r], NUMBUF);
        set_cell(t, r, prio, t->numbuf[r], strlen(t->numbuf[r]), f->type, rec->line, rec->column, f->key);
        break;
      case TF_JTRUE: set_cell(t, r, prio, "true", 4, f->type, rec->line, rec->column, f->key); break;
      case TF_JFALSE: set_cell(t, r, prio, "false", 5, f->type, rec->line, rec->column, f->key); break;
      case TF_JNULL: set_cell(t, r, prio, "", 0, f->type, rec->line, rec->column, f->key); break;
      default: set_cell(t, r, prio, "", 0, f->type, rec->line, rec->column, f->key); break;
    }
  }
  for (r = 0; r < R_N; r++) {
    cell *c = &t->cells[r];
    if (!c->present) {
      c->name = role_names[r];
      c->line = rec->line;
      c->col = rec->column;
      if (t->map && t->map->cst[r][0]) {
        c->s = t->map->cst[r];
        c->len = strlen(c->s);
        c->present = 1;
        c->jtype = TF_JSTRING;
      }
    }
  }
  return 1;
}

static int scalar_ok(const cell *c) {
  return c->jtype != TF_JOBJECT && c->jtype != TF_JARRAY;
}

/* An optional number: 0 absent, 1 read, 2 rejected. */
static int opt_num(tf_table *t, tf_err *err, int r, tf_num *out, const tf_num *mult) {
  const cell *c = &t->cells[r];
  const char *s = c->s;
  size_t len = c->len;
  if (!c->present) return 0;
  if (!scalar_ok(c)) return reject(t, err, c, "a number");
  trim(&s, &len);
  if (len == 0 || ieq(s, len, "NA") || ieq(s, len, "null")) return 0;
  if (!parse_decimal(s, len, out)) return reject(t, err, c, "a number");
  if (mult != NULL) *out = tf_num_mul(*out, *mult);
  return 1;
}

static const char *flow_of(const tf_table *t, const char *s, size_t len) {
  size_t k;
  if (t->layout == TF_LAYOUT_LEGACY) {
    if (ieq(s, len, "1")) return "import";
    if (ieq(s, len, "2")) return "export";
    if (ieq(s, len, "3")) return "RX";
    if (ieq(s, len, "4")) return "RM";
  }
  if (t->layout == TF_LAYOUT_COMEXT) {
    if (ieq(s, len, "1")) return "import";
    if (ieq(s, len, "2")) return "export";
    return NULL;
  }
  if (t->layout == TF_LAYOUT_MAP && t->map->flows != NULL) {
    const cJSON *it;
    for (it = t->map->flows->child; it != NULL; it = it->next)
      if (cJSON_IsString(it) && ieq(s, len, it->string)) {
        s = it->valuestring;
        len = strlen(s);
        break;
      }
  }
  if (ieq(s, len, "X")) return "export";
  if (ieq(s, len, "M")) return "import";
  for (k = 0; subflows[k] != NULL; k++)
    if (ieq(s, len, subflows[k])) return subflows[k];
  if (t->layout == TF_LAYOUT_MAP || t->layout == TF_LAYOUT_LEGACY) {
    if (ieq(s, len, "export") || ieq(s, len, "exports")) return "export";
    if (ieq(s, len, "import") || ieq(s, len, "imports")) return "import";
    if (ieq(s, len, "re-export") || ieq(s, len, "re-exports")) return "RX";
    if (ieq(s, len, "re-import") || ieq(s, len, "re-imports")) return "RM";
    if (ieq(s, len, "turnover")) return "turnover";
    if (ieq(s, len, "balance")) return "balance";
  }
  return NULL;
}

static void str_field(const cell *c, char *out, size_t size) {
  const char *s = c->s;
  size_t len = c->len;
  out[0] = '\0';
  if (!c->present || !scalar_ok(c)) return;
  trim(&s, &len);
  copy_str(out, size, s, len);
}

/* The common part: reporter, partner, flow, period, value of a long-format row. */
static int fill_common(tf_table *t, tf_record *rec, tf_err *err) {
  cell *c;
  const char *s;
  size_t len;
  int rc;
  /* flow */
  c = &t->cells[R_FLOW];
  s = c->s;
  len = c->len;
  trim(&s, &len);
  if (!c->present || !scalar_ok(c) || (rec->flow = flow_of(t, s, len)) == NULL)
    return reject(t, err, c, t->layout == TF_LAYOUT_COMEXT ? "a flow 1 (import) or 2 (export)"
                             : t->layout == TF_LAYOUT_LEGACY ? "a trade flow code 1, 2, 3 or 4"
                             : "a flow code (X, M, RX, RM, DX, FM, MIP, MOP, XIP, XOP)");
  /* places */
  if (!scalar_ok(&t->cells[R_REPORTER])) return reject(t, err, &t->cells[R_REPORTER], "an area code");
  rc = lookup_place(t, t->place_cs, &t->cells[R_REPORTER], &t->cells[R_REPORTER_ISO], rec->reporter, err);
  if (rc != 1) return rc;
  c = &t->cells[R_PARTNER];
  if (c->present) {
    if (!scalar_ok(c)) return reject(t, err, c, "an area code");
    rc = lookup_place(t, t->place_cs, c, &t->cells[R_PARTNER_ISO], rec->partner, err);
    if (rc != 1) return rc;
  } else if (t->layout != TF_LAYOUT_MAP) {
    return reject(t, err, c, "a partner column");
  }
  c = &t->cells[R_PARTNER2];
  if (c->present && scalar_ok(c) && c->len > 0) {
    rc = lookup_place(t, t->place_cs, c, &t->cells[R_PARTNER2_ISO], rec->partner2, err);
    if (rc != 1) return rc;
    if (!is_world(rec->partner2)) rec->breakdown |= TF_BRK_PARTNER2;
  }
  /* period: the period column, else year and month */
  c = &t->cells[R_PERIOD];
  s = c->s;
  len = c->len;
  trim(&s, &len);
  if (!(c->present && scalar_ok(c) && len > 0 &&
        parse_period(s, len, &rec->from_year, &rec->from_month, &rec->to_year, &rec->to_month))) {
    int y, m = 0;
    cell *cy = &t->cells[R_YEAR], *cm = &t->cells[R_MONTH];
    const char *ys = cy->s, *ms = cm->s;
    size_t yl = cy->len, ml = cm->len;
    trim(&ys, &yl);
    trim(&ms, &ml);
    if (!cy->present || !to_int(ys, yl, &y) || y < 1000 || y > 9999)
      return reject(t, err, c->present ? c : cy, "a period (2023, 202309, 2023-09, 2023Q3, 2023M9)");
    if (cm->present && ml > 0 && (!to_int(ms, ml, &m) || !((m >= 1 && m <= 12) || m == 52)))
      return reject(t, err, cm, "a month 1..12 or 52 (the year)");
    rec->from_year = rec->to_year = y;
    if (m >= 1 && m <= 12) rec->from_month = rec->to_month = m;
    else { rec->from_month = 1; rec->to_month = 12; }
  }
  /* value */
  c = &t->cells[R_VALUE];
  rc = opt_num(t, err, R_VALUE, &rec->value, &t->mult);
  if (rc == 2) return 2;
  if (rc == 0) return reject(t, err, c, "a trade value");
  rec->line = c->line;
  rec->column = c->col;
  copy_str(rec->column_name, sizeof rec->column_name, c->name ? c->name : "", c->name ? strlen(c->name) : 0);
  /* currency */
  c = &t->cells[R_CURRENCY];
  if (t->currency != NULL) {
    copy_str(rec->currency, sizeof rec->currency, t->currency, 3);
  } else {
    size_t k;
    s = c->s;
    len = c->len;
    trim(&s, &len);
    if (!c->present || len != 3) return reject(t, err, c, "an ISO 4217 currency code");
    for (k = 0; k < 3; k++) {
      if (!isalpha((unsigned char)s[k])) return reject(t, err, c, "an ISO 4217 currency code");
      rec->currency[k] = (char)toupper((unsigned char)s[k]);
    }
    rec->currency[3] = '\0';
  }
  return 1;
}

/* Commodity code, level and classification. */
static void fill_segment(tf_table *t, tf_record *rec) {
  char lv[16];
  int level;
  str_field(&t->cells[R_CMD], rec->segment, sizeof rec->segment);
  if (ieq(rec->segment, strlen(rec->segment), "TOTAL") || strcmp(rec->segment, "AG0") == 0)
    rec->segment[0] = '\0';
  str_field(&t->cells[R_CLASS], rec->classification, sizeof rec->classification);
  str_field(&t->cells[R_LEVEL], lv, sizeof lv);
  rec->segment_level = -1;
  if (to_int(lv, strlen(lv), &level)) rec->segment_level = level;
  else if (rec->segment[0] != '\0' && all_digits(rec->segment, strlen(rec->segment)))
    rec->segment_level = (int)strlen(rec->segment);
  else if (rec->segment[0] == '\0' && t->cells[R_CMD].present)
    rec->segment_level = 0;
}

/* A row of the Comtrade family (API+, comtradr, bulk, legacy), Comext or a column map. */
static int fill_long(tf_table *t, tf_record *rec, tf_err *err) {
  char buf[TF_UNIT_MAX + 1];
  int rc = fill_common(t, rec, err);
  if (rc != 1) return rc;
  str_field(&t->cells[R_TYPE], buf, sizeof buf);
  rec->scope = strcmp(buf, "S") == 0 ? "services" : "goods";
  if (t->map && t->map->scope[0]) rec->scope = strcmp(t->map->scope, "services") == 0 ? "services" : "goods";
  fill_segment(t, rec);
  if (t->layout == TF_LAYOUT_COMEXT && rec->segment[0]) copy_str(rec->classification, sizeof rec->classification, "CN", 2);
  if ((rc = opt_num(t, err, R_CIF, &rec->cif, NULL)) == 2) return 2;
  rec->has_cif = rc;
  if ((rc = opt_num(t, err, R_FOB, &rec->fob, NULL)) == 2) return 2;
  rec->has_fob = rc;
  if ((rc = opt_num(t, err, R_NETWGT, &rec->net_weight, NULL)) == 2) return 2;
  rec->has_net_weight = rc;
  /* quantity, with its unit from the abbreviation or the unit code's table */
  str_field(&t->cells[R_QTY_UNIT_ABBR], rec->qty_unit, sizeof rec->qty_unit);
  str_field(&t->cells[R_QTY_UNIT], buf, sizeof buf);
  if (strcmp(rec->qty_unit, "N/A") == 0 || ieq(rec->qty_unit, strlen(rec->qty_unit), "No Quantity"))
    rec->qty_unit[0] = '\0';
  if (rec->qty_unit[0] == '\0' && buf[0] != '\0' && strcmp(buf, "-1") != 0 &&
      t->layout != TF_LAYOUT_LEGACY) {
    const char *u = tf_codes_get(t->codes, "qty_unit", buf, strlen(buf));
    if (u != NULL) copy_str(rec->qty_unit, sizeof rec->qty_unit, u, strlen(u));
  }
  if ((rc = opt_num(t, err, R_QTY, &rec->qty, NULL)) == 2) return 2;
  rec->has_qty = rc && (rec->qty_unit[0] != '\0' || t->layout == TF_LAYOUT_COMEXT);
  /* breakdowns of a published total */
  str_field(&t->cells[R_MOT], rec->mot, sizeof rec->mot);
  if (rec->mot[0] && strcmp(rec->mot, "0") != 0 && t->layout != TF_LAYOUT_COMEXT)
    rec->breakdown |= TF_BRK_MOT;
  str_field(&t->cells[R_CUSTOMS], rec->customs, sizeof rec->customs);
  if (rec->customs[0] && strcmp(rec->customs, "C00") != 0 && t->layout != TF_LAYOUT_COMEXT)
    rec->breakdown |= TF_BRK_CUSTOMS;
  str_field(&t->cells[R_MOS], buf, sizeof buf);
  if (buf[0] && strcmp(buf, "0") != 0) rec->breakdown |= TF_BRK_MOS;
  return 1;
}

/*
** IMF indicators: exports FOB, imports CIF or FOB, the balance; in US
** dollars (TXG_FOB_USD, TMG_CIF_USD, TMG_FOB_USD, TBG_USD, with or without
** the leading T).
*/
static int imf_indicator(const char *s, size_t len, const char **flow, int *cif) {
  const char *p = s;
  size_t n = len;
  if (n > 0 && (p[0] == 'T' || p[0] == 't')) { p++; n--; }
  if (n < 4 || !ieq(s + len - 4, 4, "_USD")) return 0;
  *cif = 0;
  if (n >= 6 && ieq(p, 6, "XG_FOB")) *flow = "export";
  else if (n >= 6 && ieq(p, 6, "MG_CIF")) { *flow = "import"; *cif = 1; }
  else if (n >= 6 && ieq(p, 6, "MG_FOB")) *flow = "import";
  else if (n >= 3 && ieq(p, 3, "BG_")) *flow = "balance";
  else return 0;
  return 1;
}

/* The next cell of a wide IMF row: 1 record, 0 the row is done, 2 rejected. */
static int fill_wide(tf_table *t, tf_record *rec, tf_err *err) {
  const char *flow = NULL, *s;
  size_t len;
  int cif = 0, rc;
  cell *c;
  if (t->wide_next == 0) {
    c = &t->cells[R_ATTRIBUTE];
    if (c->present && c->len > 0 && !ieq(c->s, c->len, "Value")) {
      t->st.skipped++;
      t->wide_next = t->nwide;
      return 0;
    }
  }
  c = &t->cells[R_INDICATOR];
  s = c->s;
  len = c->len;
  trim(&s, &len);
  if (!imf_indicator(s, len, &flow, &cif)) {
    t->wide_next = t->nwide;
    return reject(t, err, c, "an IMF trade indicator in US dollars (TXG_FOB_USD, TMG_CIF_USD, "
                             "TMG_FOB_USD, TBG_USD)");
  }
  while (t->wide_next < t->nwide) {
    const widecol *w = &t->wide[t->wide_next++];
    const tf_field *f = w->col < t->row.n ? &t->row.f[w->col] : NULL;
    cell v;
    if (f == NULL || f->len == 0) { t->st.skipped++; continue; }
    s = f->s;
    len = f->len;
    trim(&s, &len);
    if (len == 0 || ieq(s, len, "NA") || ieq(s, len, "n/a") || strcmp(s, "...") == 0 ||
        strcmp(s, "-") == 0) {
      t->st.skipped++;
      continue;
    }
    memset(&v, 0, sizeof v);
    v.s = f->s;
    v.len = f->len;
    v.present = 1;
    v.jtype = -1;
    v.line = f->line;
    v.col = f->column;
    v.name = t->hdr + t->hdroff[w->col];
    if (rec->reporter[0] == '\0') {
      rc = lookup_place(t, t->place_cs, &t->cells[R_REPORTER], NULL, rec->reporter, err);
      if (rc != 1) { t->wide_next = t->nwide; return rc; }
      rc = lookup_place(t, t->place_cs, &t->cells[R_PARTNER], NULL, rec->partner, err);
      if (rc != 1) { t->wide_next = t->nwide; return rc; }
    }
    if (!parse_decimal(s, len, &rec->value)) return reject(t, err, &v, "a number (US$ millions)");
    rec->value = tf_num_mul(rec->value, t->mult);
    rec->flow = flow;
    if (cif) { rec->has_cif = 1; rec->cif = rec->value; }
    else if (strcmp(flow, "balance") != 0) { rec->has_fob = 1; rec->fob = rec->value; }
    rec->from_year = w->fy;
    rec->from_month = w->fm;
    rec->to_year = w->ty;
    rec->to_month = w->tm;
    memcpy(rec->currency, "USD", 4);
    rec->scope = "goods";
    rec->segment_level = -1;
    rec->line = f->line;
    rec->column = f->column;
    copy_str(rec->column_name, sizeof rec->column_name, v.name, strlen(v.name));
    return 1;
  }
  return 0;
}

/* }======== */

/* {======== open, next, free */

static int open_common(tf_table *t, const tf_table_opts *opts, tf_err *err) {
  char head[TF_INPUT_PEEK];
  long n;
  size_t k = 0;
  int rc;
  if (opts != NULL) {
    t->layout = opts->layout;
    t->forced = opts->layout != TF_LAYOUT_AUTO;
    if (opts->map != NULL) {
      rc = parse_map(t, opts->map, opts->map_len, err);
      if (rc != TF_OK) return rc;
      t->layout = TF_LAYOUT_MAP;
      t->forced = 1;
    } else if (t->layout == TF_LAYOUT_MAP) {
      return tf_err_set(err, TF_EINVAL, 0, "layout map needs a column map");
    }
  }
  n = tf_input_peek(t->in, head, sizeof head, err);
  if (n < 0) return (int)n;
  if (n >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0) k = 3;
  while (k < (size_t)n && isspace((unsigned char)head[k])) k++;
  t->is_json = k < (size_t)n && (head[k] == '{' || head[k] == '[');
  if (t->is_json) {
    tf_json_opts jo = {0, 0};
    if (opts != NULL) { jo.max_record = opts->max_record; jo.max_depth = opts->max_depth; }
    return tf_json_new(t->in, &jo, &t->json, err);
  } else {
    tf_csv_opts co = {0, 0, 0};
    if (opts != NULL) co.max_record = opts->max_record;
    return tf_csv_new(t->in, &co, &t->csv, err);
  }
}

static int finish_open(tf_table *t, const tf_table_opts *opts, tf_table **out, tf_err *err) {
  int rc = open_common(t, opts, err);
  if (rc != TF_OK) {
    tf_table_free(t);
    return rc;
  }
  *out = t;
  return TF_OK;
}

int tf_table_open(const char *path, const tf_table_opts *opts, const tf_codes *codes,
                  tf_table **out, tf_err *err) {
  tf_table *t = (tf_table *)calloc(1, sizeof *t);
  int rc;
  *out = NULL;
  if (t == NULL) return tf_err_set(err, TF_ENOMEM, 0, "not enough memory");
  t->codes = codes;
  rc = tf_input_open(path, &t->in, err);
  if (rc != TF_OK) { free(t); return rc; }
  return finish_open(t, opts, out, err);
}

int tf_table_open_mem(const char *s, size_t len, const tf_table_opts *opts,
                      const tf_codes *codes, tf_table **out, tf_err *err) {
  tf_table *t = (tf_table *)calloc(1, sizeof *t);
  int rc;
  *out = NULL;
  if (t == NULL) return tf_err_set(err, TF_ENOMEM, 0, "not enough memory");
  t->codes = codes;
  rc = tf_input_mem(s, len, &t->in, err);
  if (rc != TF_OK) { free(t); return rc; }
  return finish_open(t, opts, out, err);
}

/* The first JSON record decides the layout from its keys. */
static int json_detect(tf_table *t, const tf_jrec *rec, tf_err *err) {
  const char *nm[64] = {NULL};
  size_t nl[64] = {0}, k, n = rec->n < 64 ? rec->n : 64;
  for (k = 0; k < n; k++) { nm[k] = rec->f[k].key; nl[k] = rec->f[k].klen; }
  t->layout = detect_layout(nm, nl, n);
  if (t->layout == TF_LAYOUT_AUTO || t->layout == TF_LAYOUT_IMF || t->layout == TF_LAYOUT_COMEXT)
    return fatal(t, err, TF_EPARSE, rec->line, rec->column,
                 "unknown JSON layout: expected the keys of a Comtrade API+ or legacy record "
                 "(reporterCode, flowCode, primaryValue / rtCode, rgCode, TradeValue), found \"%.40s\", ...",
                 n > 0 ? nm[0] : "");
  return TF_OK;
}

static void new_record(tf_record *rec) {
  memset(rec, 0, sizeof *rec);
  rec->segment_level = -1;
  rec->scope = "goods";
}

int tf_table_next(tf_table *t, tf_record *rec, tf_err *err) {
  tf_err dummy;
  int rc;
  if (err == NULL) err = &dummy;
  new_record(rec);
  if (t->dead) {
    if (err != NULL) *err = t->fatal;
    return t->fatal.code;
  }
  if (t->csv != NULL && !t->started) {
    tf_row h;
    t->started = 1;
    rc = tf_csv_next(t->csv, &h, err);
    if (rc < 0) { t->fatal = *err; t->dead = 1; return rc; }
    if (rc == 0) return fatal(t, err, TF_EPARSE, 1, 1, "%s", "empty input: expected a header row");
    if ((rc = bind_csv(t, &h, err)) != TF_OK) return rc;
    layout_defaults(t);
  }
  for (;;) {
    if (t->csv != NULL) {
      if (t->have_row && t->layout == TF_LAYOUT_IMF && t->wide_next < t->nwide) {
        rc = fill_wide(t, rec, err);
        if (rc == 1) { rec->index = t->row.index; t->st.records++; return 1; }
        if (rc == 2) return 2;
        continue;
      }
      rc = tf_csv_next(t->csv, &t->row, err);
      if (rc < 0) { t->fatal = *err; t->dead = 1; return rc; }
      if (rc == 0) { t->have_row = 0; return 0; }
      t->have_row = 1;
      t->st.rows++;
      if (t->row.bad) {
        if (err != NULL) *err = t->row.why;
        t->st.rejected++;
        t->wide_next = t->nwide;
        return 2;
      }
      if (t->row.n != t->ncols) {
        cell c;
        char want[64];
        memset(&c, 0, sizeof c);
        c.line = t->row.line;
        c.col = t->row.n > 0 ? t->row.f[t->row.n - 1].column : 1;
        c.name = "row";
        c.present = 1;
        snprintf(want, sizeof want, "%zu fields as in the header, found %zu", t->ncols, t->row.n);
        tf_err_set(err, TF_EPARSE, t->row.offset, "ragged row: expected %s", want);
        if (err != NULL) { err->line = c.line; err->column = c.col; }
        t->st.rejected++;
        t->wide_next = t->nwide;
        return 2;
      }
      cells_from_csv(t);
      if (t->layout == TF_LAYOUT_IMF) {
        t->wide_next = 0;
        rc = fill_wide(t, rec, err);
        if (rc == 1) { rec->index = t->row.index; t->st.records++; return 1; }
        if (rc == 2) return 2;
        continue;
      }
      rc = fill_long(t, rec, err);
      if (rc == 1) { rec->index = t->row.index; t->st.records++; }
      return rc;
    } else {
      tf_jrec jr;
      rc = tf_json_next(t->json, &jr, err);
      if (rc < 0) { t->fatal = *err; t->dead = 1; return rc; }
      if (rc == 0) return 0;
      t->st.rows++;
      if (jr.bad) {
        if (err != NULL) *err = jr.why;
        t->st.rejected++;
        return 2;
      }
      if (!t->started) {
        t->started = 1;
        if (t->layout == TF_LAYOUT_AUTO && (rc = json_detect(t, &jr, err)) != TF_OK) return rc;
        if (t->layout == TF_LAYOUT_IMF || t->layout == TF_LAYOUT_COMEXT)
          return fatal(t, err, TF_EINVAL, jr.line, jr.column, "layout %s is read from CSV, not JSON",
                       tf_layout_names[t->layout]);
        layout_defaults(t);
      }
      cells_from_json(t, &jr);
      rc = fill_long(t, rec, err);
      if (rc == 1) {
        rec->index = jr.index;
        rec->line = jr.line;
        rec->column = jr.column;
        t->st.records++;
      }
      return rc;
    }
  }
}

int tf_table_layout(const tf_table *t) {
  return t->layout;
}

void tf_table_get_stats(const tf_table *t, tf_table_stats *st) {
  *st = t->st;
}

void tf_table_free(tf_table *t) {
  if (t == NULL) return;
  tf_csv_free(t->csv);
  tf_json_free(t->json);
  tf_input_free(t->in);
  free(t->hdr);
  free(t->hdroff);
  free(t->wide);
  free_map(t->map);
  free(t);
}

/* }======== */
