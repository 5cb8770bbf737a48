/*
** fuzz_annotate: the extractor's annotation pass (tf_annotate) with a
** language lexicon and its gazetteer. Byte 0 picks the language (mod 3),
** whether the gazetteer is used, and the limits; the rest is the text.
** Checks that mentions and sentences lie inside the text and in order.
*/
#include <stdint.h>

#include "fuzz_util.h"
#include "tf_annotate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static tf_lexicon *lexica[FUZZ_NLANG], *gazetteers[FUZZ_NLANG];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  tf_scan_opts opts = {0, 0};
  tf_annot out = {0};
  tf_err err;
  int rc;
  size_t k, len;
  unsigned sel, li;
  char *text;
  if (lexica[0] == NULL)
    for (k = 0; k < FUZZ_NLANG; k++) {
      lexica[k] = fuzz_lexicon(fuzz_langs[k]);
      gazetteers[k] = fuzz_gazetteer(fuzz_langs[k], lexica[k]);
    }
  if (size < 1) return 0;
  sel = data[0];
  li = sel % FUZZ_NLANG;
  if (sel & 0x10) opts.max_amounts = 1 + (sel >> 6);
  if (sel & 0x20) opts.max_tokens = 1 + (sel >> 5);
  len = size - 1;
  text = fuzz_copy(data + 1, len);

  memset(&err, 0xAA, sizeof err);
  rc = tf_annotate(lexica[li], (sel & 0x08) ? NULL : gazetteers[li], text, len, &opts, &out, &err);
  fuzz_check_err(rc, &err);
  if (rc != TF_OK && rc != TF_ELIMIT && rc != TF_ENOMEM) abort();
  if (rc == TF_OK) {
    for (k = 0; k < out.nm; k++) {
      const tf_mention *m = &out.m[k];
      if (!(m->i < m->j && m->j <= len && m->ti < m->tj && m->tj <= out.ntokens)) abort();
      if (m->e == NULL || m->lx == NULL) abort();
    }
    for (k = 0; k < out.nsent; k++) {
      if (out.sent[k] > len) abort();
      if (k > 0 && out.sent[k] < out.sent[k - 1]) abort();
    }
    for (k = 0; k < out.amounts.n; k++)
      if (out.amounts.v[k].j > len || out.amounts.v[k].tj > out.ntokens) abort();
  }
  tf_annot_free(&out);
  free(text);
  return 0;
}
