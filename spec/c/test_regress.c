/*
** Regression tests: inputs the fuzzers (fuzz/) found, kept as C tests, and
** the limits of every reader checked at the C level (error code and place).
** Runs under ASan/UBSan with LeakSanitizer, so every error path here is
** also checked for leaks. Crash inputs themselves live in fuzz/regress/
** and are re-run by `make fuzz-smoke`; the ones below are minimised.
*/
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "tf.h"
#include "tf_amount.h"
#include "tf_annotate.h"
#include "tf_csv.h"
#include "tf_input.h"
#include "tf_json.h"
#include "tf_lexicon.h"

#define DATA "lua/tradefig/data/"
#define NLANG 3

static const char *const langs[NLANG] = {"de", "en", "ru"};
static tf_lexicon *lexica[NLANG];

static void load_lexica(void) {
  size_t k, len;
  for (k = 0; k < NLANG; k++) {
    char path[128];
    char *json;
    tf_err err;
    snprintf(path, sizeof path, DATA "lexicon/%s.json", langs[k]);
    json = check_slurp(path, &len);
    CHECK(json != NULL && tf_lexicon_load(json, len, &lexica[k], &err) == TF_OK, path);
    free(json);
  }
}

/* The scanner's invariants, as fuzz/fuzz_amount.c checks them. */
static int amounts_ok(const tf_amounts *a, size_t len) {
  size_t k;
  for (k = 0; k < a->n; k++) {
    const tf_amount *x = &a->v[k];
    if (!(x->i < x->j && x->j <= len && x->i <= x->ni && x->ni <= x->nj && x->nj <= x->j))
      return 0;
    if (x->ti >= x->tj) return 0;
    if (k > 0 && x->i < a->v[k - 1].j) return 0;
  }
  return 1;
}

/*
** fuzz_amount, crash-c571...: a numeral beyond double range after prefix
** words ("более чем на 99…9") was reported once per prefix word, the same
** span two or three times, because the overflow branch of parse_at
** returned the tokens of the numeral instead of all tokens read
** (csrc/tf_amount.c).
*/
static void test_overflow_after_prefix(void) {
  static const struct { int lang; const char *prefix, *suffix; } cases[] = {
    {1, "more than ", " dollars"}, {0, "\xc3\xbc" "ber $", ""}, {2, "\xd0\xbd\xd0\xb0 ", ""},
    {2, "\xd0\xb1\xd0\xbe\xd0\xbb\xd0\xb5\xd0\xb5 \xd1\x87\xd0\xb5\xd0\xbc \xd0\xbd\xd0\xb0 ", ""},
    {1, "", ""}
  };
  size_t c;
  for (c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    char text[600];
    size_t plen = strlen(cases[c].prefix), len;
    tf_amounts out = {0};
    tf_err err;
    memcpy(text, cases[c].prefix, plen);
    memset(text + plen, '9', 400);
    strcpy(text + plen + 400, cases[c].suffix);
    len = strlen(text);
    CHECK(tf_amount_scan(lexica[cases[c].lang], text, len, NULL, &out, &err) == TF_OK,
          "overflow after a prefix: scans");
    CHECK(out.n == 1, "overflow after a prefix: one item, not one per prefix word");
    CHECK(out.n >= 1 && out.v[0].i == plen && out.v[0].j == plen + 400 && !out.v[0].value.exact &&
          out.v[0].value.d > 1e308, "overflow after a prefix: the numeral's span, value infinite");
    CHECK(amounts_ok(&out, len), "overflow after a prefix: spans in order");
    tf_amounts_free(&out);
  }
}

/* Every kept crash input of fuzz_amount, through the scanner with its lexicon. */
static void test_kept_amount_inputs(void) {
  DIR *d = opendir("fuzz/regress/amount");
  struct dirent *e;
  int n = 0;
  CHECK(d != NULL, "fuzz/regress/amount exists");
  if (d == NULL) return;
  while ((e = readdir(d)) != NULL) {
    char path[512];
    size_t len;
    char *data;
    tf_amounts out = {0};
    tf_err err;
    if (e->d_name[0] == '.') continue;
    snprintf(path, sizeof path, "fuzz/regress/amount/%s", e->d_name);
    data = check_slurp(path, &len);
    if (data == NULL || len == 0) { free(data); continue; }
    CHECK(tf_amount_scan(lexica[(unsigned char)data[0] % NLANG], data + 1, len - 1, NULL, &out,
                         &err) == TF_OK, path);
    CHECK(amounts_ok(&out, len - 1), path);
    tf_amounts_free(&out);
    free(data);
    n++;
  }
  closedir(d);
  CHECK(n >= 2, "kept crash inputs were read");
}

/* max_tokens and max_amounts stop the annotation pass with ELIMIT and the byte. */
static void test_annotate_limits(void) {
  static const char text[] = "Exports rose 5% to $3 billion, imports fell 2% to $1 billion.";
  tf_scan_opts o = {0, 0};
  tf_annot an = {0};
  tf_err err;
  memset(&err, 0, sizeof err);
  o.max_tokens = 4;
  CHECK(tf_annotate(lexica[1], NULL, text, sizeof text - 1, &o, &an, &err) == TF_ELIMIT,
        "annotate: max_tokens gives ELIMIT");
  CHECK(err.code == TF_ELIMIT && err.offset > 0 && err.offset < sizeof text, "annotate: ELIMIT has the byte");
  tf_annot_free(&an);
  memset(&an, 0, sizeof an);
  o.max_tokens = 0;
  o.max_amounts = 2;
  CHECK(tf_annotate(lexica[1], NULL, text, sizeof text - 1, &o, &an, &err) == TF_ELIMIT,
        "annotate: max_amounts gives ELIMIT");
  CHECK(strstr(err.msg, "2") != NULL && err.offset >= 19, "annotate: the limit and the place");
  tf_annot_free(&an);
}

typedef struct { int rc; size_t rows; tf_err err; } csv_run;

static csv_run run_csv(const char *s, size_t len, const tf_csv_opts *o) {
  csv_run x;
  tf_input *in = NULL;
  tf_csv *r = NULL;
  tf_row row;
  memset(&x, 0, sizeof x);
  if (tf_input_mem(s, len, &in, &x.err) != TF_OK || tf_csv_new(in, o, &r, &x.err) != TF_OK) {
    x.rc = -100;
  } else {
    while ((x.rc = tf_csv_next(r, &row, &x.err)) == 1) x.rows++;
  }
  tf_csv_free(r);
  tf_input_free(in);
  return x;
}

/* A long line and a long quoted field: ELIMIT at the record's line, no truncated row. */
static void test_csv_limits(void) {
  size_t n = 5000, len;
  char *s = (char *)malloc(n + 64);
  tf_csv_opts o = {0, 1000, 0};
  csv_run x;
  strcpy(s, "a,b\n1,2\n");
  len = strlen(s);
  s[len++] = '"';
  memset(s + len, 'x', n);
  len += n;
  memcpy(s + len, "\",3\n4,5\n", 8);
  len += 8;
  x = run_csv(s, len, &o);
  CHECK(x.rc == TF_ELIMIT && x.rows == 2 && x.err.line == 3, "csv: a long quoted field stops at line 3");
  CHECK(strstr(x.err.msg, "1000") != NULL, "csv: the limit is named");
  s[8] = 'y';                                   /* the same bytes unquoted: a long line */
  x = run_csv(s, len, &o);
  CHECK(x.rc == TF_ELIMIT && x.rows == 2 && x.err.line == 3, "csv: a long line stops at line 3");
  free(s);
}

typedef struct { int rc; size_t recs; tf_err err; } json_run;

static json_run run_json(const char *s, size_t len, const tf_json_opts *o) {
  json_run x;
  tf_input *in = NULL;
  tf_json *j = NULL;
  tf_jrec rec;
  memset(&x, 0, sizeof x);
  if (tf_input_mem(s, len, &in, &x.err) != TF_OK || tf_json_new(in, o, &j, &x.err) != TF_OK) {
    x.rc = -100;
  } else {
    while ((x.rc = tf_json_next(j, &rec, &x.err)) == 1) x.recs++;
  }
  tf_json_free(j);
  tf_input_free(in);
  return x;
}

/* A long string and deep nesting: ELIMIT with the line, after the good records. */
static void test_json_limits(void) {
  size_t n = 3000, len;
  char *s = (char *)malloc(n + 64);
  tf_json_opts o = {1000, 0};
  json_run x;
  static const char deep[] = "[{\"a\":1},{\"b\":[[1]]}]";
  strcpy(s, "[{\"a\":1},\n{\"b\":\"");
  len = strlen(s);
  memset(s + len, 'x', n);
  len += n;
  memcpy(s + len, "\"}]", 3);
  len += 3;
  x = run_json(s, len, &o);
  CHECK(x.rc == TF_ELIMIT && x.recs == 1 && x.err.line == 2, "json: a long string stops at line 2");
  free(s);
  o.max_record = 0;
  o.max_depth = 3;
  x = run_json(deep, strlen(deep), &o);
  CHECK(x.rc == TF_ELIMIT && x.recs == 1 && strstr(x.err.msg, "3") != NULL, "json: nesting limit of 3");
  o.max_depth = 4;
  x = run_json(deep, strlen(deep), &o);
  CHECK(x.rc == 0 && x.recs == 2, "json: nesting at the limit is read");
  {
    /*
    ** A max_depth above the scanner's stack (256) was accepted but the
    ** scanner stopped at 256 while the message named the asked limit
    ** ("deeper than 1000 levels" at level 257; csrc/tf_json.c).
    */
    size_t d = 300, k;
    char *t = (char *)malloc(2 * d + 16);
    strcpy(t, "[{\"a\":");
    len = strlen(t);
    for (k = 0; k < d; k++) t[len++] = '[';
    t[len++] = '1';
    for (k = 0; k < d; k++) t[len++] = ']';
    memcpy(t + len, "}]", 2);
    len += 2;
    o.max_depth = 1000;
    x = run_json(t, len, &o);
    CHECK(x.rc == TF_ELIMIT && strstr(x.err.msg, "256") != NULL, "json: the message states the real limit");
    free(t);
  }
}

/*
** fuzz_json, crash-cec6...: a record cJSON rejects near its end was quoted
** in the message with '%.12s' on the record buffer, which is not
** NUL-terminated: a heap read past the buffer when the record filled it
** (max_record = its length). csrc/tf_json.c bad_json.
*/
static void test_json_bad_record_at_buffer_end(void) {
  static const char *const docs[] = {"[{\"a\":1,}]", "[{\"a\":tru}]", "[{\"a\":-}]", "[{\"\":1}x]"};
  size_t k;
  for (k = 0; k < sizeof docs / sizeof docs[0]; k++) {
    tf_json_opts o = {0, 0};
    tf_input *in = NULL;
    tf_json *j = NULL;
    tf_jrec rec;
    tf_err err;
    int rc, bad = 0;
    o.max_record = strlen(docs[k]) - 2;         /* the record exactly fills the buffer */
    CHECK(tf_input_mem(docs[k], strlen(docs[k]), &in, &err) == TF_OK, "json: open");
    CHECK(tf_json_new(in, &o, &j, &err) == TF_OK, "json: reader");
    while ((rc = tf_json_next(j, &rec, &err)) == 1)
      if (rec.bad) bad = strstr(rec.why.msg, "invalid JSON in record 1") != NULL;
    CHECK(bad || rc < 0, docs[k]);
    tf_json_free(j);
    tf_input_free(in);
  }
}

/* gzip cut short in memory: EPARSE with the compressed offset, never a silent end. */
static void test_truncated_gzip(void) {
  size_t len, k;
  char *gz = check_slurp("spec/fixtures/stats/comtrade_bulk_arg_x_2000.tsv.gz", &len);
  CHECK(gz != NULL, "gzip fixture");
  if (gz == NULL) return;
  for (k = 11; k < len - 1; k += 37) {
    tf_input *in = NULL;
    tf_err err;
    char buf[512];
    long r;
    memset(&err, 0, sizeof err);
    CHECK(tf_input_mem(gz, k, &in, &err) == TF_OK, "gzip: open");
    while ((r = tf_input_read(in, buf, sizeof buf, &err)) > 0) {}
    CHECK(r == TF_EPARSE && err.code == TF_EPARSE && err.offset <= k, "gzip: truncated is EPARSE");
    tf_input_free(in);
  }
  free(gz);
}

int main(void) {
  size_t k;
  load_lexica();
  test_overflow_after_prefix();
  test_kept_amount_inputs();
  test_annotate_limits();
  test_csv_limits();
  test_json_limits();
  test_json_bad_record_at_buffer_end();
  test_truncated_gzip();
  for (k = 0; k < NLANG; k++) tf_lexicon_free(lexica[k]);
  CHECK_DONE("test_regress");
}
