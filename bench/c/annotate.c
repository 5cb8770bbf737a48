/*
** annotate: throughput of tf_annotate (the C annotation pass) alone.
**
** Loads the lexicon of LANG and the gazetteer from lua/tradefig/data (run
** from the repository root, or pass DATA), splits FILE into articles at
** "\n\n\n" and runs tf_annotate over each, ROUNDS times (default 3). Prints
** the best round in MB/s of process CPU time (CLOCK_PROCESS_CPUTIME_ID),
** and, from one more untimed round, a digest of the results (counts and an
** FNV hash of every amount, mention and sentence offset) so that two builds
** can be compared quickly.
**
** build: make build/bench/annotate
** usage: build/bench/annotate LANG FILE [ROUNDS [DATA]]   (ROUNDS 0: one untimed pass)
*/
#include "core_bench.h"

/* A digest of one annotation: every offset, kind, tag and value that a caller sees. */
static uint64_t digest(uint64_t h, const tf_annot *a) {
  size_t k;
  for (k = 0; k < a->amounts.n; k++) {
    const tf_amount *m = &a->amounts.v[k];
    h = cb_mix(h, m->i); h = cb_mix(h, m->j); h = cb_mix(h, m->ni); h = cb_mix(h, m->nj);
    h = cb_mix(h, m->ti); h = cb_mix(h, m->tj); h = cb_mix(h, (uint64_t)m->kind);
    h = cb_mix(h, (uint64_t)(int64_t)m->direction); h = cb_mix(h, (uint64_t)(int64_t)m->scale);
    h = cb_mix(h, (uint64_t)(int64_t)(m->value.d * 1000.0));
  }
  for (k = 0; k < a->nm; k++) {
    const tf_mention *m = &a->m[k];
    h = cb_mix(h, m->i); h = cb_mix(h, m->j); h = cb_mix(h, m->ti); h = cb_mix(h, m->tj);
    h = cb_mix(h, m->e->tok); h = cb_mix(h, m->e->cat); h = cb_mix(h, (uint64_t)(int64_t)m->e->ival);
  }
  for (k = 0; k < a->nsent; k++) h = cb_mix(h, a->sent[k]);
  return cb_mix(h, a->ntokens);
}

static int article(const cb_data *d, const char *text, size_t n, int dig, uint64_t *h, size_t counts[3]) {
  tf_annot a;
  tf_err err;
  memset(&a, 0, sizeof a);
  if (tf_annotate(d->lx, d->gz, text, n, NULL, &a, &err) != TF_OK) {
    fprintf(stderr, "%s: %s\n", d->prog, err.msg);
    tf_annot_free(&a);
    return 1;
  }
  if (dig) {
    counts[0] += a.amounts.n;
    counts[1] += a.nm;
    counts[2] += a.nsent;
    *h = digest(*h, &a);
  }
  tf_annot_free(&a);
  return 0;
}

int main(int argc, char **argv) {
  static const char *const what[3] = {"amounts", "mentions", "sentences"};
  cb_data d;
  int rc;
  if (argc < 3) {
    fprintf(stderr, "usage: annotate LANG FILE [ROUNDS [DATA]]\n");
    return 2;
  }
  rc = cb_load(&d, "annotate", argv[1], argv[2], argc > 4 ? argv[4] : "lua/tradefig/data");
  if (rc == 0) rc = cb_run(&d, argc > 3 ? atoi(argv[3]) : 3, article, what);
  cb_free(&d);
  return rc;
}
