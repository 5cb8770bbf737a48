/*
** fuzz_extract: the figure assembler (tf_extract) over the annotation, with a
** language lexicon, its gazetteer and the parents table. Byte 0 picks the
** language (mod 3), whether the gazetteer and the parents are used, and the
** limits; byte 1 the document date; the rest is the text. Checks that
** every figure's spans and sentence lie inside the text, that the first span
** is the figure's span and starts in its sentence, and the fields' shapes.
*/
#include <stdint.h>

#include "fuzz_util.h"
#include "tf_extract.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static tf_lexicon *lexica[FUZZ_NLANG], *gazetteers[FUZZ_NLANG];
static tf_parents *parents;

static int in_text(tf_span s, size_t len) { return s.i <= s.j && s.j <= len; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  tf_extract_opts opts;
  tf_figures out = {0};
  tf_err err;
  int rc;
  size_t k, m, len, total = 0;
  unsigned sel, li;
  char *text;
  if (lexica[0] == NULL) {
    char path[512];
    size_t plen;
    char *places;
    for (k = 0; k < FUZZ_NLANG; k++) {
      lexica[k] = fuzz_lexicon(fuzz_langs[k]);
      gazetteers[k] = fuzz_gazetteer(fuzz_langs[k], lexica[k]);
    }
    snprintf(path, sizeof path, "%s/gazetteer/places.json", TF_DATA);
    places = fuzz_slurp(path, &plen);
    if (tf_parents_load(places, plen, &parents, &err) != TF_OK) abort();
    free(places);
    snprintf(path, sizeof path, "%s/gazetteer/aliases.json", TF_DATA);
    places = fuzz_slurp(path, &plen);
    if (tf_parents_aliases(parents, places, plen, &err) != TF_OK) abort();
    free(places);
  }
  if (size < 2) return 0;
  memset(&opts, 0, sizeof opts);
  sel = data[0];
  li = sel % FUZZ_NLANG;
  if (sel & 0x10) opts.max_amounts = 1 + (sel >> 6);
  if (sel & 0x20) opts.max_tokens = 1 + (sel >> 5);
  if (data[1] != 0) {
    opts.has_date = 1;
    opts.year = 2000 + (data[1] & 0x1F);
    opts.month = 1 + (data[1] >> 5) * 2;
    opts.day = 1;
  }
  len = size - 2;
  text = fuzz_copy(data + 2, len);

  memset(&err, 0xAA, sizeof err);
  rc = tf_extract(lexica[li], (sel & 0x08) ? NULL : gazetteers[li], (sel & 0x04) ? NULL : parents,
                  text, len, &opts, &out, &err);
  fuzz_check_err(rc, &err);
  if (rc != TF_OK && rc != TF_ELIMIT && rc != TF_ENOMEM) abort();
  if (rc != TF_OK && (out.v != NULL || out.n != 0)) abort();
  for (k = 0; k < out.n; k++) {
    const tf_figure *f = &out.v[k];
    if (f->flow == NULL || f->status == NULL || f->nspans == 0) abort();
    if (f->spans + f->nspans > out.nspans) abort();
    if (!in_text(f->span, len) || f->span.i == f->span.j || !in_text(f->sentence, len)) abort();
    if (out.spans[f->spans].i != f->span.i || out.spans[f->spans].j != f->span.j) abort();
    if (f->sentence.i > f->span.i || f->sentence.j <= f->span.i) abort();   /* an amount may run over a line break */
    for (m = 0; m < f->nspans; m++)
      if (!in_text(out.spans[f->spans + m], len)) abort();
    if (f->has_segment && !in_text(f->segment, len)) abort();
    if (f->has_period && (strlen(f->from) < 7 || strlen(f->to) < 7)) abort();
    if (memchr(f->currency, '\0', sizeof f->currency) == NULL) abort();
    if (!f->has_value && f->change == TF_CHANGE_NONE) abort();
    total += f->nspans;
  }
  if (total != out.nspans) abort();
  tf_figures_free(&out);
  free(text);
  return 0;
}
