/*
** tf_number.h: exact decimal numbers and numerals in every locale form.
*/
#ifndef TF_NUMBER_H
#define TF_NUMBER_H

#include <stddef.h>
#include <stdint.h>

#include "tf.h"

/*
** A decimal number. When exact is set the value is mant * 10^exp10 with no
** rounding; otherwise (more than 19 significant digits, or a result that
** does not fit) only d is meaningful. d always holds the value as a double.
*/
typedef struct tf_num {
  uint64_t mant;
  int exp10;
  int exact;
  int neg;
  double d;
} tf_num;

/* How a language reads a lone "." or "," followed by exactly three digits. */
enum { TF_SEP_DECIMAL = 0, TF_SEP_GROUP = 1 };

typedef struct tf_numstyle {
  unsigned char dot3;     /* "1.234": TF_SEP_GROUP in de, TF_SEP_DECIMAL in en and ru */
  unsigned char comma3;   /* "1,234": TF_SEP_DECIMAL in de and ru, TF_SEP_GROUP in en */
} tf_numstyle;

#define TF_NUMERAL_MAX 4096   /* longest numeral read, in bytes */

/*
** Parse the numeral s[0..len) (digits with separators, as tokenised by
** tf_tokenize) under style. Returns TF_OK, TF_EPARSE (separators that fit
** no locale: "1.2.3", "1,234.567,8") or TF_ERANGE (longer than
** TF_NUMERAL_MAX or beyond double range); err gets the offset within s.
** *ndec receives the number of digits after the decimal separator.
*/
int tf_numeral_parse(const char *s, size_t len, tf_numstyle style, tf_num *out,
                     int *ndec, tf_err *err);

/* Make a number from an integer, or from a decimal string such as "1.5" (TF_EPARSE if malformed). */
tf_num tf_num_int(uint64_t v);
int tf_num_from_string(const char *s, tf_num *out);

/* a * 10^e; a + b; a * b. Exact while the result fits, else falls back to double. */
tf_num tf_num_shift(tf_num a, int e);
tf_num tf_num_add(tf_num a, tf_num b);
tf_num tf_num_mul(tf_num a, tf_num b);
tf_num tf_num_neg(tf_num a);

/*
** The value as an int64 in *iv when it is integral and fits (returns 1);
** else returns 0. The double is always a->d.
*/
int tf_num_to_int(const tf_num *a, long long *iv);

/* Is the value finite? (a numeral of 400 nines is not). */
int tf_num_finite(const tf_num *a);

#endif
