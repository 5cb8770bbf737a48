/*
** fuzz_amount: the amount scanner (tf_amount_scan) with each shipped
** lexicon, and the numeral parser (tf_numeral_parse) under each style.
** Byte 0 picks the lexicon (mod 3) and the limits; the rest is the text.
** Checks the documented invariants: spans lie inside the text, in order,
** and never hold invalid UTF-8 or NUL bytes.
*/
#include <stdint.h>

#include "fuzz_util.h"
#include "tf_amount.h"
#include "tf_number.h"
#include "tf_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static tf_lexicon *lexica[FUZZ_NLANG];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  tf_scan_opts opts = {0, 0};
  tf_amounts out = {0};
  tf_err err;
  tf_num num;
  tf_numstyle style;
  int rc, ndec;
  size_t k, len;
  unsigned sel;
  char *text;
  const tf_lexicon *lx;
  if (lexica[0] == NULL)
    for (k = 0; k < FUZZ_NLANG; k++) lexica[k] = fuzz_lexicon(fuzz_langs[k]);
  if (size < 1) return 0;
  sel = data[0];
  lx = lexica[sel % FUZZ_NLANG];
  if (sel & 0x10) opts.max_amounts = 1 + (sel >> 6);
  if (sel & 0x20) opts.max_tokens = 1 + (sel >> 5);
  len = size - 1;
  text = fuzz_copy(data + 1, len);

  memset(&err, 0xAA, sizeof err);
  rc = tf_amount_scan(lx, text, len, &opts, &out, &err);
  fuzz_check_err(rc, &err);
  if (rc != TF_OK && rc != TF_ELIMIT && rc != TF_ENOMEM) abort();
  if (rc == TF_ELIMIT && opts.max_amounts == 0 && opts.max_tokens == 0) abort();
  if (opts.max_amounts && out.n > opts.max_amounts) abort();
  for (k = 0; k < out.n; k++) {
    const tf_amount *a = &out.v[k];
    if (!(a->i < a->j && a->j <= len && a->i <= a->ni && a->ni <= a->nj && a->nj <= a->j))
      abort();
    if (a->ti >= a->tj) abort();
    if (k > 0 && a->i < out.v[k - 1].j) abort();
    if (!tf_utf8_check(text + a->i, a->j - a->i, NULL)) abort();
    if (a->kind > TF_KIND_DATE || a->qualifier < TF_QUAL_EXACT || a->qualifier > TF_QUAL_NEARLY)
      abort();
    if (memchr(a->currency, '\0', sizeof a->currency) == NULL) abort();
    if (memchr(a->unit, '\0', sizeof a->unit) == NULL) abort();
  }
  tf_amounts_free(&out);

  /* The numeral parser alone, on the whole text, with all four styles. */
  style.dot3 = (unsigned char)(sel & 1);
  style.comma3 = (unsigned char)((sel >> 1) & 1);
  memset(&err, 0xAA, sizeof err);
  rc = tf_numeral_parse(text, len, style, &num, &ndec, &err);
  fuzz_check_err(rc, &err);
  if (rc == TF_OK && (ndec < 0 || (size_t)ndec > len)) abort();
  free(text);
  return 0;
}
