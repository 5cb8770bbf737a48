/*
** Unit tests of tf_agg: grouping, the trade rules, exact sums, rates,
** filters, the group limit, and the merge property (dump parts, load them,
** get the rows of one pass).
*/
#include <stdlib.h>

#include "check.h"
#include "tf_agg.h"

static tf_agg_item item(const char *flow, const char *rep, const char *par, int fy, int fm, int ty,
                        int tm, long long v) {
  tf_agg_item it;
  memset(&it, 0, sizeof it);
  it.flow = flow;
  it.reporter = rep;
  it.partner = par;
  it.currency = "USD";
  it.segment_level = -1;
  it.from_year = fy;
  it.from_month = fm;
  it.to_year = ty;
  it.to_month = tm;
  it.has_value = 1;
  it.is_int = 1;
  it.ivalue = v;
  return it;
}

static tf_agg *make(const int *keys, int n) {
  tf_agg *a = NULL;
  tf_err err;
  CHECK(tf_agg_new(keys, n, 0, &a, &err) == TF_OK, "tf_agg_new");
  return a;
}

/* The row whose key k has value s (first match), or NULL. */
static const tf_agg_row *find(tf_agg *a, const tf_agg_row *rows, size_t n, int k, const char *s) {
  size_t i, len;
  for (i = 0; i < n; i++) {
    const char *v = tf_agg_row_key(a, &rows[i], k, &len);
    if (len == strlen(s) && memcmp(v, s, len) == 0) return &rows[i];
  }
  return NULL;
}

static void test_world_and_partners(void) {
  int keys[] = {TF_AGG_REPORTER, TF_AGG_YEAR};
  tf_agg *a = make(keys, 2);
  tf_agg_item it;
  tf_agg_row *rows;
  size_t n;
  tf_err err;
  it = item("export", "ARG", "WLD", 2000, 1, 2000, 12, 1000);
  CHECK(tf_agg_add(a, &it, &err) == 1, "World row added");
  it = item("export", "ARG", "BRA", 2000, 1, 2000, 12, 600);
  tf_agg_add(a, &it, &err);
  it = item("export", "ARG", "CHL", 2000, 1, 2000, 12, 300);
  tf_agg_add(a, &it, &err);
  it = item("export", "ARG", "EU", 2000, 1, 2000, 12, 50);
  CHECK(tf_agg_add(a, &it, &err) == 0, "a group partner is not added to countries");
  CHECK(tf_agg_rows(a, &rows, &n, &err) == TF_OK && n == 1, "one row");
  CHECK(rows[0].sum.i == 1000 && rows[0].world, "the total is the World row");
  CHECK(rows[0].has_check && rows[0].check.i == 900 && rows[0].check_count == 2, "partner sum beside it");
  free(rows);
  tf_agg_free(a);
  a = make(keys, 2);
  it = item("export", "ARG", "BRA", 2000, 1, 2000, 12, 600);
  tf_agg_add(a, &it, &err);
  it = item("export", "ARG", "CHL", 2000, 1, 2000, 12, 300);
  tf_agg_add(a, &it, &err);
  tf_agg_rows(a, &rows, &n, &err);
  CHECK(n == 1 && rows[0].sum.i == 900 && !rows[0].world, "no World row: the partner sum");
  free(rows);
  tf_agg_free(a);
}

static void test_flows_levels_breakdown(void) {
  int keys[] = {TF_AGG_REPORTER, TF_AGG_PARTNER, TF_AGG_YEAR};
  tf_agg *a = make(keys, 3);
  tf_agg_item it;
  tf_agg_row *rows;
  const tf_agg_row *r;
  size_t n;
  tf_err err;
  it = item("export", "THA", "AUS", 2007, 1, 2007, 12, 100);
  tf_agg_add(a, &it, &err);
  it = item("RX", "THA", "AUS", 2007, 1, 2007, 12, 7);
  tf_agg_add(a, &it, &err);
  it = item("import", "THA", "AUS", 2007, 1, 2007, 12, 40);
  tf_agg_add(a, &it, &err);
  it = item("export", "THA", "AUS", 2007, 1, 2007, 12, 60);
  it.segment = "0306";
  CHECK(tf_agg_add(a, &it, &err) == 1, "a heading is kept");
  it = item("export", "THA", "AUS", 2007, 1, 2007, 12, 100);
  it.breakdown = TF_BRK_MOT;
  CHECK(tf_agg_add(a, &it, &err) == 0, "breakdown rows are skipped");
  it = item("export", "THA", "AUS", 2007, 1, 2007, 12, 100);
  it.status = "forecast";
  CHECK(tf_agg_add(a, &it, &err) == 0, "forecasts are skipped without a status key");
  it = item("export", "THA", "AUS", 2007, 1, 2007, 12, 100);
  it.has_value = 0;
  CHECK(tf_agg_add(a, &it, &err) == 0, "figures without value are skipped");
  tf_agg_rows(a, &rows, &n, &err);
  CHECK(n == 5, "export, import, RX, turnover, balance");
  r = find(a, rows, n, 3, "export");
  CHECK(r != NULL && r->sum.i == 100 && r->level == 0 && r->alternatives == 1,
        "the TOTAL level, the heading not summed into it");
  r = find(a, rows, n, 3, "RX");
  CHECK(r != NULL && r->sum.i == 7, "re-exports stay apart");
  r = find(a, rows, n, 3, "turnover");
  CHECK(r != NULL && r->sum.i == 140 && r->derived == TF_AGG_TURNOVER, "turnover = X + M");
  r = find(a, rows, n, 3, "balance");
  CHECK(r != NULL && r->sum.i == 60 && r->derived == TF_AGG_BALANCE, "balance = X - M");
  free(rows);
  tf_agg_free(a);
}

static void test_periods(void) {
  int keys[] = {TF_AGG_REPORTER, TF_AGG_YEAR};
  int qkeys[] = {TF_AGG_REPORTER, TF_AGG_QUARTER};
  int mkeys[] = {TF_AGG_MONTH};
  tf_agg *a = make(keys, 2);
  tf_agg_item it;
  tf_agg_row *rows;
  size_t n;
  tf_err err;
  int m;
  for (m = 1; m <= 9; m++) {
    it = item("export", "BLR", "CHN", 2024, m, 2024, m, 100);
    tf_agg_add(a, &it, &err);
  }
  it = item("export", "BLR", "CHN", 2024, 1, 2024, 9, 850);   /* a year-to-date figure */
  tf_agg_add(a, &it, &err);
  tf_agg_rows(a, &rows, &n, &err);
  CHECK(n == 1 && rows[0].complete == 0 && rows[0].months == 9, "nine months are not a year");
  CHECK(rows[0].from_month == 1 && rows[0].to_month == 9, "labelled Jan-Sep");
  CHECK(rows[0].sum.i == 850 && rows[0].alternatives == 1,
        "YTD total and months never summed together: the published total first");
  free(rows);
  for (m = 10; m <= 12; m++) {
    it = item("export", "BLR", "CHN", 2024, m, 2024, m, 100);
    tf_agg_add(a, &it, &err);
  }
  it = item("export", "BLR", "CHN", 2024, 1, 2024, 12, 1250);
  tf_agg_add(a, &it, &err);
  tf_agg_rows(a, &rows, &n, &err);
  CHECK(n == 1 && rows[0].complete == 1 && rows[0].sum.i == 1250 && rows[0].count == 1,
        "a published year before the sum of its months");
  free(rows);
  tf_agg_free(a);
  a = make(qkeys, 2);
  for (m = 7; m <= 9; m++) {
    it = item("export", "BLR", "CHN", 2024, m, 2024, m, 10);
    tf_agg_add(a, &it, &err);
  }
  it = item("export", "BLR", "CHN", 2024, 10, 2024, 10, 10);
  tf_agg_add(a, &it, &err);
  it = item("export", "BLR", "CHN", 2024, 1, 2024, 12, 10);
  CHECK(tf_agg_add(a, &it, &err) == 0, "a year does not fit a quarter");
  tf_agg_rows(a, &rows, &n, &err);
  CHECK(n == 2 && rows[0].complete == 1 && rows[0].sum.i == 30, "Q3 complete");
  CHECK(rows[1].complete == 0 && rows[1].months == 1, "Q4 from October only");
  free(rows);
  tf_agg_free(a);
  a = make(mkeys, 1);
  it = item("export", "BLR", "CHN", 2024, 7, 2024, 9, 10);
  CHECK(tf_agg_add(a, &it, &err) == 0, "a quarter does not fit a month");
  tf_agg_free(a);
}

static void test_currencies_and_rates(void) {
  int keys[] = {TF_AGG_REPORTER};
  tf_agg *a = make(keys, 1);
  tf_agg_item it;
  tf_agg_row *rows;
  size_t n;
  tf_err err;
  char cur[4];
  int fy, fm, ty, tm;
  double rt;
  uint64_t used;
  it = item("export", "DEU", "CHN", 2023, 9, 2023, 9, 100);
  tf_agg_add(a, &it, &err);
  it.currency = "EUR";
  tf_agg_add(a, &it, &err);
  tf_agg_rows(a, &rows, &n, &err);
  CHECK(n == 2, "currencies never summed across each other");
  free(rows);
  tf_agg_free(a);
  a = make(keys, 1);
  CHECK(tf_agg_set_target(a, "USD", &err) == TF_OK, "target");
  CHECK(tf_agg_add_rate(a, "EUR", 2023, 1, 2023, 12, 1.5, &err) == TF_OK, "yearly rate");
  CHECK(tf_agg_add_rate(a, "EUR", 2023, 9, 2023, 9, 1.25, &err) == TF_OK, "monthly rate");
  CHECK(tf_agg_add_rate(a, "EUR", 2023, 9, 2023, 9, -1, &err) == TF_EINVAL, "negative rate");
  it = item("export", "DEU", "CHN", 2023, 9, 2023, 9, 100);
  it.currency = "EUR";
  tf_agg_add(a, &it, &err);
  it.from_month = it.to_month = 3;
  tf_agg_add(a, &it, &err);
  it.from_year = it.to_year = 2022;
  tf_agg_add(a, &it, &err);
  tf_agg_rows(a, &rows, &n, &err);
  CHECK(n == 2, "converted, and one without a rate");
  CHECK(find(a, rows, n, 2, "USD") != NULL && find(a, rows, n, 2, "USD")->sum.i == 275,
        "the narrowest rate: 100*1.25 + 100*1.5");
  CHECK(find(a, rows, n, 2, "EUR") != NULL, "no rate: kept in its currency");
  CHECK(tf_agg_rate(a, 1, cur, &fy, &fm, &ty, &tm, &rt, &used) && used == 1 && rt == 1.25,
        "the rates used are recorded");
  free(rows);
  tf_agg_free(a);
}

static void test_exact_limit_where(void) {
  int keys[] = {TF_AGG_PARTNER};
  tf_agg *a = NULL;
  tf_agg_item it;
  tf_agg_row *rows;
  size_t n;
  tf_err err;
  int k;
  CHECK(tf_agg_new(keys, 1, 2, &a, &err) == TF_OK, "max_groups 2");
  it = item("export", "CHN", "ARG", 2010, 1, 2010, 12, 1);
  it.is_int = 0;
  for (k = 0; k < 10; k++) {
    it.dvalue = 0.1;
    tf_agg_add(a, &it, &err);
  }
  tf_agg_rows(a, &rows, &n, &err);
  CHECK(n == 1 && rows[0].sum.is_int && rows[0].sum.i == 1, "ten times 0.1 is exactly 1");
  free(rows);
  it.partner = "DEU";
  CHECK(tf_agg_add(a, &it, &err) == 1, "second group");
  it.partner = "FRA";
  CHECK(tf_agg_add(a, &it, &err) == TF_ELIMIT && strstr(err.msg, "max_groups") != NULL,
        "ELIMIT past max_groups, with a clear message");
  it.partner = "ARG";
  it.dvalue = HUGE_VAL;
  CHECK(tf_agg_add(a, &it, &err) == TF_ERANGE, "infinite value");
  tf_agg_free(a);
  a = make(keys, 1);
  CHECK(tf_agg_where(a, TF_AGG_FLOW, TF_OP_EQ, "export", &err) == TF_OK, "where flow=export");
  CHECK(tf_agg_where(a, TF_AGG_FLOW, TF_OP_EQ, "import", &err) == TF_OK, "or import");
  CHECK(tf_agg_where(a, TF_AGG_YEAR, TF_OP_GE, "2011", &err) == TF_OK, "and year>=2011");
  it = item("export", "CHN", "ARG", 2010, 1, 2010, 12, 1);
  CHECK(tf_agg_add(a, &it, &err) == 0, "2010 filtered out");
  it = item("import", "CHN", "ARG", 2011, 1, 2011, 12, 1);
  CHECK(tf_agg_add(a, &it, &err) == 1, "2011 import kept");
  it = item("RX", "CHN", "ARG", 2011, 1, 2011, 12, 1);
  CHECK(tf_agg_add(a, &it, &err) == 0, "RX filtered out");
  tf_agg_free(a);
  {
    int bad[] = {TF_AGG_YEAR, TF_AGG_MONTH};
    CHECK(tf_agg_new(bad, 2, 0, &a, &err) == TF_EINVAL && a == NULL, "two period keys");
  }
}

/* Rows of a pass as text, to compare two results. */
static char *rows_text(tf_agg *a) {
  tf_agg_row *rows;
  size_t n, i, len, cap = 1 << 16, used = 0;
  char *out = (char *)malloc(cap);
  int k;
  tf_err err;
  tf_agg_rows(a, &rows, &n, &err);
  out[0] = '\0';
  for (i = 0; i < n; i++) {
    char line[512];
    int w = 0;
    for (k = 0; k < tf_agg_nkeys(a); k++) {
      const char *s = tf_agg_row_key(a, &rows[i], k, &len);
      w += snprintf(line + w, sizeof line - (size_t)w, "%.*s|", (int)len, s);
    }
    w += snprintf(line + w, sizeof line - (size_t)w, "%.17g|%llu|%d|%d\n", rows[i].sum.d,
                  (unsigned long long)rows[i].count, rows[i].months, rows[i].has_check);
    if (used + (size_t)w + 1 > cap) { cap *= 2; out = (char *)realloc(out, cap); }
    memcpy(out + used, line, (size_t)w + 1);
    used += (size_t)w;
  }
  free(rows);
  return out;
}

static void test_merge(void) {
  int keys[] = {TF_AGG_REPORTER, TF_AGG_YEAR};
  tf_agg *one = make(keys, 2), *p1 = make(keys, 2), *p2 = make(keys, 2), *m = make(keys, 2);
  static const char *const partners[] = {"WLD", "ARG", "BRA", "CHL", "DEU"};
  static const char *const flows[] = {"export", "import", "RX"};
  char *d1, *d2, *t1, *t2;
  size_t l1, l2;
  tf_err err;
  int k;
  for (k = 0; k < 600; k++) {
    tf_agg_item it = item(flows[k % 3], k % 7 ? "ARG" : "CHN", partners[k % 5], 2000 + k % 4,
                          1 + k % 12, 2000 + k % 4, 1 + k % 12, 0);
    it.is_int = 0;
    it.dvalue = (double)(k * 37 % 1000) + 0.123456 * k;
    tf_agg_add(one, &it, &err);
    tf_agg_add(k % 2 ? p1 : p2, &it, &err);
  }
  CHECK(tf_agg_dump(p1, &d1, &l1, &err) == TF_OK && tf_agg_dump(p2, &d2, &l2, &err) == TF_OK, "dumps");
  CHECK(tf_agg_load(m, d1, l1, &err) == TF_OK && tf_agg_load(m, d2, l2, &err) == TF_OK, "loads");
  t1 = rows_text(one);
  t2 = rows_text(m);
  CHECK(strcmp(t1, t2) == 0 && strlen(t1) > 100, "merged parts equal one pass");
  free(t1);
  free(t2);
  {
    int other[] = {TF_AGG_PARTNER};
    tf_agg *o = make(other, 1);
    CHECK(tf_agg_load(o, d1, l1, &err) == TF_EINVAL, "other keys refused");
    CHECK(tf_agg_load(o, "{\"x\":1}", 7, &err) == TF_EPARSE, "not a dump");
    CHECK(tf_agg_load(o, d1, l1 / 2, &err) == TF_EPARSE && err.line > 0, "truncated dump, with a place");
    tf_agg_free(o);
  }
  free(d1);
  free(d2);
  tf_agg_free(one);
  tf_agg_free(p1);
  tf_agg_free(p2);
  tf_agg_free(m);
}

static void test_many_groups(void) {
  int keys[] = {TF_AGG_REPORTER, TF_AGG_PARTNER};
  tf_agg *a = make(keys, 2);
  tf_agg_row *rows;
  tf_agg_stats st;
  size_t n;
  tf_err err;
  int k, ok = 1;
  for (k = 0; k < 20000; k++) {
    char rep[16], par[16];
    tf_agg_item it;
    snprintf(rep, sizeof rep, "R%d", k % 200);
    snprintf(par, sizeof par, "P%d", k / 200);
    it = item("export", rep, par, 2020, 1, 2020, 12, k);
    if (tf_agg_add(a, &it, &err) != 1) ok = 0;
    tf_agg_add(a, &it, &err);
  }
  tf_agg_get_stats(a, &st);
  CHECK(ok && st.groups == 20000 && st.added == 40000, "20000 groups, each added twice");
  tf_agg_rows(a, &rows, &n, &err);
  CHECK(n == 20000 && rows[0].count == 2, "rows of every group");
  free(rows);
  tf_agg_free(a);
}

int main(void) {
  test_world_and_partners();
  test_flows_levels_breakdown();
  test_periods();
  test_currencies_and_rates();
  test_exact_limit_where();
  test_merge();
  test_many_groups();
  CHECK_DONE("test_agg");
}
