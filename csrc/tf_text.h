/*
** tf_text.h: UTF-8 scanning, case folding and tokens.
*/
#ifndef TF_TEXT_H
#define TF_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "tf.h"

#define TF_BADCP 0xFFFFFFFFu   /* returned for a byte that is not valid UTF-8 */

/*
** Decode the code point at s[i] (i < len) into *cp and return its length in
** bytes (1..4). Overlong forms, surrogates, values above U+10FFFF and
** truncated sequences give *cp = TF_BADCP and length 1, so a caller always
** makes progress.
*/
size_t tf_utf8_next(const char *s, size_t len, size_t i, uint32_t *cp);

/*
** Return 1 when s[0..len) is valid UTF-8 without NUL bytes, else 0 with the
** offset of the first bad byte in *bad (if not NULL).
*/
int tf_utf8_check(const char *s, size_t len, size_t *bad);

/* Case folding limited to mappings that keep the UTF-8 length (Latin, Cyrillic; Ё folds to е). */
uint32_t tf_fold_cp(uint32_t cp);

/*
** Fold s[0..len) into out[0..len) (same length, so byte offsets stay valid).
** Invalid bytes are copied unchanged.
*/
void tf_fold(const char *s, size_t len, char *out);

int tf_is_letter(uint32_t cp);
int tf_is_space(uint32_t cp);
int tf_is_dash(uint32_t cp);

/* Token types and flags. */
enum { TF_TOK_WORD = 1, TF_TOK_NUM = 2, TF_TOK_PUNCT = 3 };
enum {
  TF_TOKF_SPACE = 1,    /* white space precedes the token */
  TF_TOKF_BREAK = 2,    /* a line break precedes the token */
  TF_TOKF_DASH = 4,     /* PUNCT that is a hyphen, dash or minus sign */
  TF_TOKF_BAD = 8,      /* PUNCT made of one byte of invalid UTF-8 or NUL */
  TF_TOKF_STOP = 16     /* PUNCT that can end a sentence: . ! ? ; */
};

typedef struct tf_token {
  size_t i, j;            /* byte range [i, j) */
  unsigned short type;
  unsigned short flags;
} tf_token;

typedef struct tf_tokens {
  tf_token *v;
  size_t n, cap;
} tf_tokens;

/*
** Split s[0..len) into words, numerals and punctuation. A numeral is a digit
** run with inner "." or "," separators and group separators (space, U+00A0,
** U+202F, U+2009, apostrophe) that are followed by exactly three digits.
** Appends to toks (which the caller initialises to {0} and frees with
** tf_tokens_free). Returns TF_OK, TF_ENOMEM or TF_ELIMIT (more than max
** tokens; 0 means no limit).
*/
int tf_tokenize(const char *s, size_t len, tf_tokens *toks, size_t max, tf_err *err);

void tf_tokens_free(tf_tokens *toks);

#endif
