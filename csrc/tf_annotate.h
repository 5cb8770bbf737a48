/*
** tf_annotate.h: one pass over a document for the extractor: sentences,
** amounts, and every tagged phrase of the lexicon and the gazetteer.
*/
#ifndef TF_ANNOTATE_H
#define TF_ANNOTATE_H

#include <stddef.h>

#include "tf.h"
#include "tf_amount.h"
#include "tf_lexicon.h"

typedef struct tf_mention {
  const tf_lexicon *lx;    /* which lexicon the entry belongs to */
  const tf_lxentry *e;     /* a TF_LX_TAG, TF_LX_MONTH, TF_LX_UP or TF_LX_DOWN entry */
  size_t i, j;             /* bytes [i, j) */
  size_t ti, tj;           /* tokens [ti, tj) */
} tf_mention;

typedef struct tf_annot {
  tf_amounts amounts;
  tf_mention *m;
  size_t nm, mcap;
  size_t *sent;            /* byte offset where each sentence starts */
  size_t nsent, scap;
  size_t ntokens;
} tf_annot;

/*
** Annotate text[0..len) with the language lexicon lx and the place lexicon
** gz (may be NULL). Tag matches never overlap an amount; the longest match
** wins, the lexicon before the gazetteer on ties. Sentences split at . ! ?
** before a capital, digit or quote, and at line breaks, but not after an
** abbreviation of the lexicon ("ca.", "Nr."), inside an amount ("2 Mrd.
** Dollar") or after a day number before a month ("5. Dezember").
** Initialise out to {0}; free with tf_annot_free. Returns TF_OK, TF_ENOMEM
** or TF_ELIMIT.
*/
int tf_annotate(const tf_lexicon *lx, const tf_lexicon *gz, const char *text, size_t len,
                const tf_scan_opts *opts, tf_annot *out, tf_err *err);

void tf_annot_free(tf_annot *a);

#endif
