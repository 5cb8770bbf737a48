/*
** Unit tests of tf_table and tf_codes: every layout reads its fixture in
** spec/fixtures/stats/ into records whose values match the source; area
** codes; flows; breakdown flags; and bad files end with a place.
*/
#include <stdlib.h>

#include "check.h"
#include "tf_table.h"

#define MAXREC 64

typedef struct result {
  tf_record r[MAXREC];
  size_t n, rejected;
  int rc, layout;
  tf_err err, first_reject;
  tf_table_stats st;
} result;

static tf_codes *codes;

static result *read_file(const char *path, int layout, const char *map) {
  static result res;
  tf_table_opts o;
  tf_table *t = NULL;
  tf_record rec;
  tf_err err;
  memset(&res, 0, sizeof res);
  memset(&o, 0, sizeof o);
  o.layout = layout;
  o.map = map;
  o.map_len = map ? strlen(map) : 0;
  res.rc = tf_table_open(path, &o, codes, &t, &res.err);
  if (res.rc != TF_OK) return &res;
  while ((res.rc = tf_table_next(t, &rec, &err)) > 0) {
    if (res.rc == 2) {
      if (res.rejected++ == 0) res.first_reject = err;
      continue;
    }
    if (res.n < MAXREC) res.r[res.n] = rec;
    res.n++;
  }
  if (res.rc < 0) res.err = err;
  res.layout = tf_table_layout(t);
  tf_table_get_stats(t, &res.st);
  tf_table_free(t);
  return &res;
}

static long long ival(const tf_num *n) {
  long long v = -1;
  tf_num_to_int(n, &v);
  return v;
}

static void test_codes(void) {
  CHECK(codes != NULL && tf_codes_size(codes) > 800, "code tables load");
  CHECK(strcmp(tf_codes_get(codes, "comtrade", "842", 3), "USA") == 0, "842 is USA (not ISO 840)");
  CHECK(strcmp(tf_codes_get(codes, "comtrade", "251", 3), "FRA") == 0, "251 is FRA");
  CHECK(strcmp(tf_codes_get(codes, "comtrade", "757", 3), "CHE") == 0, "757 is CHE");
  CHECK(strcmp(tf_codes_get(codes, "comtrade", "699", 3), "IND") == 0, "699 is IND");
  CHECK(strcmp(tf_codes_get(codes, "comtrade", "579", 3), "NOR") == 0, "579 is NOR");
  CHECK(strcmp(tf_codes_get(codes, "comtrade", "0", 1), "WLD") == 0, "0 is WLD");
  CHECK(strcmp(tf_codes_get(codes, "comtrade", "490", 3), "S19") == 0, "490 Other Asia nes keeps S19");
  CHECK(strcmp(tf_codes_get(codes, "comtrade", "899", 3), "_X") == 0, "899 Areas nes: '_X ' trimmed");
  CHECK(strcmp(tf_codes_get(codes, "iso3", "W00", 3), "WLD") == 0, "W00 is WLD");
  CHECK(strcmp(tf_codes_get(codes, "m49", "840", 3), "USA") == 0, "M49 840 is USA");
  CHECK(strcmp(tf_codes_get(codes, "iso2", "EL", 2), "GRC") == 0, "Eurostat EL is GRC");
  CHECK(tf_codes_get(codes, "comtrade", "99999", 5) == NULL, "unknown code: NULL");
  {
    tf_codes *c = NULL;
    tf_err err;
    CHECK(tf_codes_load("{\"a\":{\"1\":2}}", 13, &c, &err) == TF_EPARSE && c == NULL, "bad table shape");
    CHECK(tf_codes_load("{\"a\":", 5, &c, &err) == TF_EPARSE && err.line == 1, "bad table syntax");
  }
}

static void test_apiplus(void) {
  result *x = read_file("spec/fixtures/stats/comtrade_apiplus_chn_2010.json", 0, NULL);
  CHECK(x->rc == 0 && x->n == 4 && x->rejected == 0, "API+ JSON: 4 records");
  CHECK(x->layout == TF_LAYOUT_COMTRADE, "API+ layout detected from the keys");
  CHECK(strcmp(x->r[0].flow, "import") == 0 && strcmp(x->r[0].reporter, "CHN") == 0 &&
        strcmp(x->r[0].partner, "ARG") == 0, "M, 156, 32 -> import CHN ARG");
  CHECK(ival(&x->r[0].value) == 6804128143LL, "primaryValue 6804128143.0 exact");
  CHECK(x->r[0].from_year == 2010 && x->r[0].from_month == 1 && x->r[0].to_month == 12, "year 2010");
  CHECK(strcmp(x->r[0].currency, "USD") == 0 && x->r[0].segment[0] == '\0' &&
        x->r[0].segment_level == 0 && strcmp(x->r[0].classification, "H3") == 0, "TOTAL, H3, USD");
  CHECK(x->r[0].has_cif && !x->r[0].has_fob && !x->r[0].has_qty && !x->r[0].has_net_weight,
        "CIF kept, null FOB/qty/weight absent");
  CHECK(x->r[0].breakdown == 0 && x->r[0].index == 1 && x->r[0].line == 5, "no breakdown; source place");
  CHECK(strcmp(x->r[2].flow, "export") == 0, "X -> export");
}

static void test_comtradr(void) {
  result *x = read_file("spec/fixtures/stats/comtradr_usa_m_2018.csv", 0, NULL);
  CHECK(x->rc == 0 && x->n == 5 && x->layout == TF_LAYOUT_COMTRADR, "comtradr CSV: 5 records");
  CHECK(strcmp(x->r[0].reporter, "USA") == 0 && strcmp(x->r[0].partner, "FRA") == 0,
        "842 USA, 251 FRA");
  CHECK(ival(&x->r[0].value) == 53621601767LL && x->r[0].line == 2, "value and line");
  CHECK(strcmp(x->r[0].column_name, "primary_value") == 0 && x->r[0].column > 40, "value column");
  x = read_file("spec/fixtures/stats/comtradr_tha_shrimp.csv", 0, NULL);
  CHECK(x->rc == 0 && x->n == 12, "Thailand shrimp: 12 records");
  CHECK(strcmp(x->r[8].flow, "RM") == 0, "RM keeps its own flow");
  CHECK(strlen(x->r[0].segment) == 6 && x->r[0].segment_level == 6, "HS6 segment and level");
}

static void test_bulk(void) {
  result *x = read_file("spec/fixtures/stats/comtrade_bulk_arg_x_2000.tsv.gz", 0, NULL);
  CHECK(x->rc == 0 && x->n == 10 && x->layout == TF_LAYOUT_COMTRADE, "bulk TSV gzip: 10 records");
  CHECK(strcmp(x->r[0].reporter, "ARG") == 0 && strcmp(x->r[0].partner, "WLD") == 0 &&
        ival(&x->r[0].value) == 26341029193LL, "ARG to the world, 2000");
  CHECK(strcmp(x->r[1].partner, "DZA") == 0 && ival(&x->r[1].value) == 69888036, "partner 12 DZA");
  CHECK(x->r[1].has_fob && !x->r[1].has_cif && !x->r[1].has_qty, "empty fields absent");
  x = read_file("spec/fixtures/stats/comtradr_bulk_arg_x_2000.csv", 0, NULL);
  CHECK(x->rc == 0 && x->n == 10 && x->layout == TF_LAYOUT_COMTRADR, "bulk via comtradr CSV");
}

static void test_legacy(void) {
  result *x = read_file("spec/fixtures/stats/comtrade_legacy_chn_2010.json", 0, NULL);
  CHECK(x->rc == 0 && x->n == 4 && x->layout == TF_LAYOUT_LEGACY, "legacy JSON: 4 records");
  CHECK(strcmp(x->r[0].flow, "import") == 0 && strcmp(x->r[0].partner, "ARG") == 0 &&
        ival(&x->r[0].value) == 6804128143LL, "rgCode 1 import, TradeValue");
}

static void test_imf(void) {
  result *x = read_file("spec/fixtures/stats/imf_dots_chn_2010.csv", 0, NULL);
  CHECK(x->rc == 0 && x->layout == TF_LAYOUT_IMF && x->n == 6, "IMF wide: 6 records");
  CHECK(strcmp(x->r[0].reporter, "CHN") == 0 && strcmp(x->r[0].partner, "ARG") == 0 &&
        strcmp(x->r[0].flow, "import") == 0 && x->r[0].has_cif, "CN AR TMG_CIF_USD");
  CHECK(ival(&x->r[0].value) == 6804128143LL, "US$ millions times 10^6, exact");
  CHECK(strcmp(x->r[0].column_name, "2010") == 0 && x->r[0].from_month == 1, "year column");
  CHECK(strcmp(x->r[4].flow, "balance") == 0 && strcmp(x->r[4].partner, "WLD") == 0 &&
        ival(&x->r[4].value) == -1500000 && x->r[4].from_month == 7 && x->r[4].to_month == 9,
        "balance, W00, 2010Q3");
  CHECK(x->r[5].from_month == 9 && x->r[5].to_month == 9 && ival(&x->r[5].value) == 250000,
        "2010M9");
  CHECK(x->st.skipped > 0 && x->rejected == 0, "empty cells and Status rows skipped, not rejected");
}

static void test_comext(void) {
  result *x = read_file("spec/fixtures/stats/comext_full_202309.csv", 0, NULL);
  CHECK(x->rc == 0 && x->n == 4 && x->layout == TF_LAYOUT_COMEXT, "Comext: 4 records");
  CHECK(strcmp(x->r[0].flow, "import") == 0 && strcmp(x->r[1].flow, "export") == 0, "FLOW 1/2");
  CHECK(strcmp(x->r[0].reporter, "DEU") == 0 && strcmp(x->r[0].partner, "CHN") == 0 &&
        strcmp(x->r[0].currency, "EUR") == 0, "DE CN EUR");
  CHECK(x->r[0].from_month == 9 && x->r[0].to_month == 9 && strcmp(x->r[0].segment, "03061792") == 0 &&
        x->r[0].segment_level == 8, "202309, CN8");
  CHECK(x->r[0].has_net_weight && ival(&x->r[0].net_weight) == 7890, "kg kept");
  CHECK(strcmp(x->r[2].reporter, "GRC") == 0 && strcmp(x->r[2].partner, "GBR") == 0 &&
        x->r[2].from_month == 1 && x->r[2].to_month == 12, "EL, GB, 202352 = the year");
  CHECK(x->r[2].value.d == 98765.5 && x->r[2].has_qty && strcmp(x->r[2].qty_unit, "l") == 0,
        "decimal value, supplementary quantity");
  CHECK(strcmp(x->r[3].partner, "QU") == 0, "Comext special partner kept as it is");
}

static void test_map(void) {
  static const char map[] =
    "{\"reporter\":\"reporter_iso\",\"partner\":\"partner_iso\",\"period\":\"year\","
    "\"value\":\"trade_value_usd_exp\",\"segment\":\"commodity_code\","
    "\"flow\":{\"const\":\"export\"},\"currency\":{\"const\":\"USD\"},\"codes\":\"iso3\"}";
  result *x = read_file("spec/fixtures/stats/tradestatistics_chl_arg_2002_fish.csv", 0, map);
  CHECK(x->rc == 0 && x->n == 5 && x->layout == TF_LAYOUT_MAP, "map: 5 records");
  CHECK(strcmp(x->r[0].reporter, "CHL") == 0 && strcmp(x->r[0].partner, "ARG") == 0 &&
        ival(&x->r[0].value) == 247904 && strcmp(x->r[0].segment, "030484") == 0, "chl arg 030484");
  x = read_file("spec/fixtures/stats/tradestatistics_chl_arg_2002_fish.csv", 0,
                "{\"reporter\":\"nope\",\"flow\":{\"const\":\"X\"},\"period\":1,\"value\":5,"
                "\"currency\":{\"const\":\"USD\"}}");
  CHECK(x->rc == TF_EPARSE && strstr(x->err.msg, "nope") != NULL, "map naming a missing column");
  x = read_file("spec/fixtures/stats/tradestatistics_chl_arg_2002_fish.csv", 0, "{\"value\":1}");
  CHECK(x->rc == TF_EPARSE && strstr(x->err.msg, "required") != NULL, "map without required keys");
  x = read_file("spec/fixtures/stats/tradestatistics_chl_arg_2002_fish.csv", 0,
                "{\"reporter\":2,\"partner\":3,\"period\":1,\"value\":5,\"flow\":{\"const\":\"export\"},"
                "\"currency\":{\"const\":\"USD\"},\"multiplier\":1000}");
  CHECK(x->rc == 0 && x->n == 5 && ival(&x->r[0].value) == 247904000, "columns by number, multiplier");
}

static void test_breakdown(void) {
  static const char csv[] =
    "reporterCode,partnerCode,partner2Code,flowCode,period,cmdCode,motCode,customsCode,primaryValue\n"
    "842,156,0,M,2022,TOTAL,0,C00,100\n"
    "842,156,344,M,2022,TOTAL,0,C00,10\n"
    "842,156,0,M,2022,TOTAL,2100,C00,20\n"
    "842,156,0,M,2022,TOTAL,0,C01,30\n"
    "842,156,0,RX,2022,TOTAL,0,C00,5\n";
  tf_table *t = NULL;
  tf_record r;
  tf_err err;
  unsigned flags[5] = {99, 99, 99, 99, 99};
  const char *flows[5] = {0};
  int k = 0;
  CHECK(tf_table_open_mem(csv, sizeof csv - 1, NULL, codes, &t, &err) == TF_OK, "open memory CSV");
  while (k < 5 && tf_table_next(t, &r, &err) == 1) { flags[k] = r.breakdown; flows[k] = r.flow; k++; }
  tf_table_free(t);
  CHECK(flags[0] == 0, "world partner2, total MOT and customs: a total");
  CHECK(flags[1] == TF_BRK_PARTNER2, "partner2 344: breakdown");
  CHECK(flags[2] == TF_BRK_MOT, "MOT 2100: breakdown");
  CHECK(flags[3] == TF_BRK_CUSTOMS, "customs C01: breakdown");
  CHECK(flows[4] != NULL && strcmp(flows[4], "RX") == 0, "RX never becomes export");
}

static void test_bad(void) {
  result *x;
  x = read_file("spec/fixtures/stats/bad_truncated.json", 0, NULL);
  CHECK(x->rc == TF_EPARSE && x->n == 1 && strstr(x->err.msg, "end of input") != NULL &&
        x->err.line > 50, "truncated JSON: records before, then EPARSE with the line");
  x = read_file("spec/fixtures/stats/bad_types.json", 0, NULL);
  CHECK(x->rc == 0 && x->n == 2 && x->rejected == 2, "wrong types: two rows rejected");
  CHECK(strstr(x->first_reject.msg, "primaryValue: expected a trade value") != NULL ||
        strstr(x->first_reject.msg, "expected a number") != NULL, "wrong type named");
  x = read_file("spec/fixtures/stats/bad_deep.json", 0, NULL);
  CHECK(x->rc == TF_ELIMIT && strstr(x->err.msg, "nested") != NULL, "deep nesting: ELIMIT");
  x = read_file("spec/fixtures/stats/bad_empty.csv", 0, NULL);
  CHECK(x->rc == TF_EPARSE && strstr(x->err.msg, "empty") != NULL, "empty file");
  x = read_file("spec/fixtures/stats/bad_ragged.csv", 0, NULL);
  CHECK(x->rc == 0 && x->n == 2 && x->rejected == 1 && x->first_reject.line == 3 &&
        strstr(x->first_reject.msg, "ragged") != NULL, "ragged row rejected at its line");
  x = read_file("spec/fixtures/stats/bad_unterminated.csv", 0, NULL);
  CHECK(x->rc == TF_EPARSE && x->err.line == 2 && strstr(x->err.msg, "unterminated") != NULL,
        "unterminated quote");
  x = read_file("spec/fixtures/stats/bad_utf8.csv", 0, NULL);
  CHECK(x->rc == 0 && x->rejected == 1 && x->first_reject.code == TF_EUTF8 && x->n == 1,
        "invalid UTF-8 row rejected");
  x = read_file("spec/fixtures/stats/bad_nul.csv", 0, NULL);
  CHECK(x->rc == 0 && x->rejected == 1 && strstr(x->first_reject.msg, "NUL") != NULL, "NUL byte");
  x = read_file("spec/fixtures/stats/bad_binary.bin", 0, NULL);
  CHECK(x->rc < 0 && x->n == 0, "binary input: an error, no records");
  x = read_file("spec/fixtures/stats/bad_truncated.csv.gz", 0, NULL);
  CHECK(x->rc == TF_EPARSE && strstr(x->err.msg, "truncated gzip") != NULL, "truncated gzip");
  x = read_file("spec/fixtures/stats/comtradr_usa_m_2018.csv", TF_LAYOUT_IMF, NULL);
  CHECK(x->rc == TF_EPARSE && strstr(x->err.msg, "imf") != NULL, "forced wrong layout");
  x = read_file("spec/fixtures/stats/none.csv", 0, NULL);
  CHECK(x->rc == TF_EIO, "missing file: EIO");
}

int main(void) {
  size_t len;
  char *json = check_slurp("lua/tradefig/data/codes/areas.json", &len);
  tf_err err;
  if (json == NULL || tf_codes_load(json, len, &codes, &err) != TF_OK) codes = NULL;
  free(json);
  test_codes();
  test_apiplus();
  test_comtradr();
  test_bulk();
  test_legacy();
  test_imf();
  test_comext();
  test_map();
  test_breakdown();
  test_bad();
  tf_codes_free(codes);
  CHECK_DONE("test_table");
}
