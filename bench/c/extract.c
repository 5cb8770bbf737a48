/*
** extract: throughput of tf_extract (annotation and figure assembly, the
** whole extraction without Lua).
**
** Loads the lexicon of LANG, the gazetteer and the parents table from
** lua/tradefig/data (run from the repository root, or pass DATA), splits
** FILE into articles at "\n\n\n" and runs tf_extract over each (document
** date 2024-12-05), ROUNDS times (default 3). Prints the best round in MB/s
** of process CPU time (CLOCK_PROCESS_CPUTIME_ID), and, from one more
** untimed round, a digest of the figures (counts and an FNV hash of every
** field and span) so that two builds can be compared.
**
** build: make build/bench/extract
** usage: build/bench/extract LANG FILE [ROUNDS [DATA]]   (ROUNDS 0: one untimed pass)
*/
#include "core_bench.h"

/* A digest of the figures of one document: every field and span a caller sees. */
static uint64_t digest(uint64_t h, const tf_figures *f) {
  size_t k;
  for (k = 0; k < f->n; k++) {
    const tf_figure *g = &f->v[k];
    h = cb_mix_str(h, g->flow); h = cb_mix_str(h, g->reporter); h = cb_mix_str(h, g->partner);
    h = cb_mix(h, (uint64_t)g->has_value);
    h = cb_mix(h, g->value_is_int ? (uint64_t)g->ivalue : (uint64_t)(int64_t)(g->value * 1000.0));
    h = cb_mix_str(h, g->currency); h = cb_mix(h, (uint64_t)g->qualifier);
    h = cb_mix(h, (uint64_t)g->has_period); h = cb_mix_str(h, g->from); h = cb_mix_str(h, g->to);
    h = cb_mix(h, (uint64_t)g->change); h = cb_mix(h, (uint64_t)(int64_t)(g->change_value * 1000.0));
    h = cb_mix_str(h, g->status); h = cb_mix_str(h, g->scope);
    h = cb_mix(h, g->has_segment ? g->segment.i : 0); h = cb_mix(h, g->span.i); h = cb_mix(h, g->span.j);
    h = cb_mix(h, g->nspans); h = cb_mix(h, g->sentence.i); h = cb_mix(h, g->sentence.j);
  }
  for (k = 0; k < f->nspans; k++) h = cb_mix(cb_mix(h, f->spans[k].i), f->spans[k].j);
  return cb_mix(h, f->n);
}

static int article(const cb_data *d, const char *text, size_t n, int dig, uint64_t *h, size_t counts[3]) {
  tf_figures f;
  tf_extract_opts o;
  tf_err err;
  memset(&f, 0, sizeof f);
  memset(&o, 0, sizeof o);
  o.has_date = 1;
  o.year = 2024;
  o.month = 12;
  o.day = 5;
  if (tf_extract(d->lx, d->gz, d->parents, text, n, &o, &f, &err) != TF_OK) {
    fprintf(stderr, "%s: %s\n", d->prog, err.msg);
    tf_figures_free(&f);
    return 1;
  }
  if (dig) {
    counts[0] += f.n;
    counts[1] += f.nspans;
    counts[2] += f.bad_utf8;
    *h = digest(*h, &f);
  }
  tf_figures_free(&f);
  return 0;
}

int main(int argc, char **argv) {
  static const char *const what[3] = {"figures", "spans", "invalid bytes"};
  cb_data d;
  int rc;
  if (argc < 3) {
    fprintf(stderr, "usage: extract LANG FILE [ROUNDS [DATA]]\n");
    return 2;
  }
  rc = cb_load(&d, "extract", argv[1], argv[2], argc > 4 ? argv[4] : "lua/tradefig/data");
  if (rc == 0) rc = cb_run(&d, argc > 3 ? atoi(argv[3]) : 3, article, what);
  cb_free(&d);
  return rc;
}
