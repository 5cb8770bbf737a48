/*
** core_bench.h: what the benchmarks of the C core share (annotate.c,
** extract.c): reading the data files and the text, the process CPU clock,
** an FNV-1a digest of results, and timing one function over every article
** of a file. Header-only, for the two programs of this folder.
**
** A program gives cb_run a function that handles one article; cb_run calls
** it once untimed with digest on (to count and digest the results), then
** ROUNDS times timed, and keeps the best round.
*/
#ifndef CORE_BENCH_H
#define CORE_BENCH_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tf_extract.h"

typedef struct cb_data {
  const char *prog, *lang, *file;
  char *lxjson, *places, *aliases, *text;
  size_t lxlen, plen, alen, len;
  tf_lexicon *lx, *gz;
  tf_parents *parents;
} cb_data;

/* One article: digest says whether to count (counts[0..2]) and digest (*h) the results. */
typedef int (*cb_article)(const cb_data *d, const char *text, size_t n, int digest, uint64_t *h,
                          size_t counts[3]);

static char *cb_slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  char *buf = NULL;
  long n;
  if (f == NULL) return NULL;
  if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
    buf = (char *)malloc((size_t)n + 1);
    if (buf != NULL && fread(buf, 1, (size_t)n, f) != (size_t)n) {
      free(buf);
      buf = NULL;
    } else if (buf != NULL) {
      buf[n] = '\0';
      *len = (size_t)n;
    }
  }
  fclose(f);
  return buf;
}

static double cb_cpu(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t cb_mix(uint64_t h, uint64_t v) {
  int k;
  for (k = 0; k < 8; k++) {
    h ^= (v >> (8 * k)) & 0xFF;
    h *= 1099511628211u;
  }
  return h;
}

static inline uint64_t cb_mix_str(uint64_t h, const char *s) {
  if (s == NULL) return cb_mix(h, 0);
  for (; *s; s++) h = cb_mix(h, (unsigned char)*s);
  return cb_mix(h, 1);
}

static void cb_free(cb_data *d) {
  tf_parents_free(d->parents);
  tf_lexicon_free(d->gz);
  tf_lexicon_free(d->lx);
  free(d->lxjson);
  free(d->places);
  free(d->aliases);
  free(d->text);
}

/* Read LANG's lexicon, the gazetteer, the parents table and FILE from DATA; 0 on success. */
static int cb_load(cb_data *d, const char *prog, const char *lang, const char *file, const char *data) {
  char path[1024];
  tf_err err;
  memset(d, 0, sizeof *d);
  memset(&err, 0, sizeof err);
  d->prog = prog;
  d->lang = lang;
  d->file = file;
  snprintf(path, sizeof path, "%s/lexicon/%s.json", data, lang);
  d->lxjson = cb_slurp(path, &d->lxlen);
  snprintf(path, sizeof path, "%s/gazetteer/places.json", data);
  d->places = cb_slurp(path, &d->plen);
  snprintf(path, sizeof path, "%s/gazetteer/aliases.json", data);
  d->aliases = cb_slurp(path, &d->alen);
  d->text = cb_slurp(file, &d->len);
  if (d->lxjson == NULL || d->places == NULL || d->aliases == NULL || d->text == NULL) {
    fprintf(stderr, "%s: cannot read the data files under %s or %s\n", prog, data, file);
    return 1;
  }
  if (tf_lexicon_load(d->lxjson, d->lxlen, &d->lx, &err) != TF_OK ||
      tf_gazetteer_load(d->places, d->plen, d->aliases, d->alen, lang, d->lx, &d->gz, &err) != TF_OK ||
      tf_parents_from_gazetteer(d->gz, &d->parents, &err) != TF_OK ||
      tf_parents_aliases(d->parents, d->aliases, d->alen, &err) != TF_OK) {
    fprintf(stderr, "%s: loading: %s\n", prog, err.msg);
    return 1;
  }
  return 0;
}

/*
** Run fn over every article of d->text (articles end at "\n\n\n"): one
** untimed round that counts and digests, then rounds timed ones. Prints the
** counts (named by what[0..2]), the digest and the best round in MB/s of CPU
** time. Rounds 0 makes one pass only, the counting one (for timing the
** whole program from outside, as make bench does). Returns 0, or 1 when fn
** fails.
*/
static int cb_run(const cb_data *d, int rounds, cb_article fn, const char *const what[3]) {
  double best = 1e30;
  int r;
  if (rounds < 0) rounds = 0;
  for (r = -1; r < rounds; r++) {
    size_t at = 0, ndoc = 0, counts[3] = {0, 0, 0};
    uint64_t h = 14695981039346656037u;
    double t0 = cb_cpu(), dt;
    while (at < d->len) {
      const char *end = strstr(d->text + at, "\n\n\n");
      size_t n = end != NULL ? (size_t)(end - (d->text + at)) : d->len - at;
      if (fn(d, d->text + at, n, r < 0, &h, counts) != 0) return 1;
      ndoc++;
      at += n + (end != NULL ? 3 : 0);
    }
    dt = cb_cpu() - t0;
    if (r < 0)
      printf("%s: %zu docs, %zu %s, %zu %s, %zu %s, digest %016llx\n", d->file, ndoc, counts[0], what[0],
             counts[1], what[1], counts[2], what[2], (unsigned long long)h);
    else if (dt < best)
      best = dt;
  }
  if (rounds > 0)
    printf("%s %s: %.1f MB/s (best of %d: %.3f s for %.1f MB)\n", d->lang, d->file,
           (double)d->len / 1e6 / best, rounds, best, (double)d->len / 1e6);
  return 0;
}

#endif
