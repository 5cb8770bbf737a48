/*
** Unit tests of tf_number: numerals in every locale form, exact decimals.
*/
#include <float.h>
#include <stdlib.h>

#include "check.h"
#include "tf_number.h"

static const tf_numstyle DE = {TF_SEP_GROUP, TF_SEP_DECIMAL};
static const tf_numstyle EN = {TF_SEP_DECIMAL, TF_SEP_GROUP};
static const tf_numstyle RU = {TF_SEP_DECIMAL, TF_SEP_DECIMAL};

typedef struct ncase {
  const char *in;
  int style;          /* 0 de, 1 en, 2 ru */
  double want;
  int ndec;
} ncase;

static const ncase good[] = {
  {"2,5", 0, 2.5, 1},
  {"2.5", 0, 2.5, 1},          /* foreign decimal point in German text */
  {"2.5", 1, 2.5, 1},
  {"2,5", 1, 2.5, 1},          /* two digits after a comma are decimals even in English */
  {"1.234,5", 0, 1234.5, 1},
  {"1,234.5", 1, 1234.5, 1},
  {"1,234.5", 0, 1234.5, 1},   /* both separators: the last one is decimal, whatever the language */
  {"1.234.567", 0, 1234567, 0},
  {"1,234,567", 1, 1234567, 0},
  {"1,234,567.89", 1, 1234567.89, 2},
  {"422.728", 0, 422728, 0},   /* German: "." before three digits groups */
  {"422.728", 1, 422.728, 3},  /* English: decimal */
  {"1,234", 0, 1.234, 3},      /* German: decimal comma */
  {"1,234", 1, 1234, 0},       /* English: thousands */
  {"1,234", 2, 1.234, 3},      /* Russian: decimal comma */
  {"1.234", 2, 1.234, 3},      /* Russian: a lone point is decimal */
  {"0,123", 1, 0.123, 3},      /* no group starts with 0 */
  {"1279,400", 1, 1279.4, 3},  /* four digits before: not a group */
  {"190,27", 1, 190.27, 2},
  {"4,0403", 2, 4.0403, 4},
  {"3,083.4", 1, 3083.4, 1},
  {"22 596,4", 2, 22596.4, 1},
  {"1 897,9", 2, 1897.9, 1},
  {"22\xC2\xA0" "596", 0, 22596, 0},          /* U+00A0 no-break space */
  {"22\xE2\x80\xAF" "596,4", 0, 22596.4, 1},  /* U+202F narrow no-break space */
  {"1'234'567", 0, 1234567, 0},               /* Swiss apostrophe */
  {"7", 0, 7, 0},
  {"0", 1, 0, 0},
  {"2024", 0, 2024, 0},
  {"18446744073709551615", 1, 18446744073709551615.0, 0},   /* 20 digits: inexact but right */
  {"123456789012345678", 1, 123456789012345678.0, 0},
};

static const char *const bad[] = {"1.2.3", "1,234.567,8", "12.34.567", "1,2,3", "", "x1"};

static void test_good(void) {
  size_t k;
  for (k = 0; k < sizeof good / sizeof good[0]; k++) {
    const ncase *c = &good[k];
    tf_numstyle st = c->style == 0 ? DE : c->style == 1 ? EN : RU;
    tf_num n;
    int ndec = -1;
    tf_err err;
    int rc = tf_numeral_parse(c->in, strlen(c->in), st, &n, &ndec, &err);
    CHECK(rc == TF_OK, c->in);
    CHECK_NEAR(n.d, c->want, c->in);
    CHECK(ndec == c->ndec, c->in);
  }
}

static void test_bad(void) {
  size_t k;
  for (k = 0; k < sizeof bad / sizeof bad[0]; k++) {
    tf_num n;
    int ndec;
    tf_err err;
    int rc = tf_numeral_parse(bad[k], strlen(bad[k]), DE, &n, &ndec, &err);
    CHECK(rc == TF_EPARSE, bad[k]);
  }
}

static void test_huge(void) {
  char *big = (char *)malloc(5001);
  tf_num n;
  int ndec;
  tf_err err;
  long long iv;
  memset(big, '9', 400);
  CHECK(tf_numeral_parse(big, 400, EN, &n, &ndec, &err) == TF_ERANGE, "400 nines overflow a double");
  memset(big, '1', 300);
  CHECK(tf_numeral_parse(big, 300, EN, &n, &ndec, &err) == TF_OK, "300 digits fit a double");
  CHECK(!n.exact && n.d > 1e299, "300 digits are inexact");
  CHECK(!tf_num_to_int(&n, &iv), "300 digits are no int64");
  memset(big, '1', 5000);
  CHECK(tf_numeral_parse(big, 5000, EN, &n, &ndec, &err) == TF_ERANGE, "5000 digits are too long");
  CHECK(err.offset == 0, "error offset points at the numeral");
  free(big);
  CHECK(tf_numeral_parse("9223372036854775808", 19, EN, &n, &ndec, &err) == TF_OK, "2^63");
  CHECK(!tf_num_to_int(&n, &iv), "2^63 does not fit int64");
  CHECK(tf_numeral_parse("9223372036854775807", 19, EN, &n, &ndec, &err) == TF_OK, "2^63-1");
  CHECK(tf_num_to_int(&n, &iv) && iv == 9223372036854775807LL, "2^63-1 fits int64");
}

static void test_arith(void) {
  tf_num a, b, r;
  long long iv;
  CHECK(tf_num_from_string("2.5", &a) == TF_OK, "from_string 2.5");
  r = tf_num_shift(a, 9);
  CHECK(tf_num_to_int(&r, &iv) && iv == 2500000000LL, "2.5 * 10^9 is exactly 2500000000");
  CHECK(tf_num_from_string("1.25", &a) == TF_OK, "from_string 1.25");
  r = tf_num_shift(a, 9);
  CHECK(tf_num_to_int(&r, &iv) && iv == 1250000000LL, "1,25 млрд is an integer");
  CHECK(tf_num_from_string("148.1", &b) == TF_OK, "from_string 148.1");
  r = tf_num_add(tf_num_shift(tf_num_int(2), 9), tf_num_shift(b, 6));
  CHECK(tf_num_to_int(&r, &iv) && iv == 2148100000LL, "2 млрд 148,1 млн");
  r = tf_num_mul(tf_num_int(2), tf_num_int(100));
  CHECK(tf_num_to_int(&r, &iv) && iv == 200, "2 * 100");
  CHECK(tf_num_from_string("0.5", &a) == TF_OK, "from_string 0.5");
  r = tf_num_add(tf_num_int(2), a);
  CHECK_NEAR(r.d, 2.5, "2 + 0.5");
  CHECK(!tf_num_to_int(&r, &iv), "2.5 is not an integer");
  r = tf_num_neg(tf_num_shift(tf_num_int(105), 9));
  CHECK(tf_num_to_int(&r, &iv) && iv == -105000000000LL, "negation");
  r = tf_num_shift(tf_num_int(1), 30);
  CHECK(!tf_num_to_int(&r, &iv) && r.d == 1e30, "10^30 is a float");
  CHECK(tf_num_from_string("-3", &a) == TF_OK && a.d == -3, "negative strings");
  CHECK(tf_num_from_string("abc", &a) == TF_EPARSE, "malformed decimal string");
  r = tf_num_mul(tf_num_int(UINT64_MAX / 2), tf_num_int(10));
  CHECK(!r.exact && r.d > 9e19, "overflowing product falls back to double");
}

int main(void) {
  test_good();
  test_bad();
  test_huge();
  test_arith();
  CHECK_DONE("test_number");
}
