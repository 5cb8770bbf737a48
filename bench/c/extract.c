/*
** extract: throughput of tf_extract (annotation and figure assembly, the
** whole extraction without Lua).
**
** Loads the lexicon of LANG, the gazetteer and the parents table from
** lua/tradefig/data (run from the repository root, or pass DATA), splits
** FILE into articles at "\n\n\n" and runs tf_extract over each (document
** date 2024-12-05), ROUNDS times (default 3). Prints
** the best round in MB/s of process CPU time (CLOCK_PROCESS_CPUTIME_ID),
** and, from one more untimed round, a digest of the figures (count and an
** FNV hash of every field and span) so that two builds can be compared.
**
** build: make build/bench/extract
** usage: build/bench/extract LANG FILE [ROUNDS [DATA]]
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tf_extract.h"

static char *slurp(const char *path, size_t *len) {
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

static double cpu_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t mix(uint64_t h, uint64_t v) {
  int k;
  for (k = 0; k < 8; k++) {
    h ^= (v >> (8 * k)) & 0xFF;
    h *= 1099511628211u;
  }
  return h;
}

static uint64_t mix_str(uint64_t h, const char *s) {
  if (s == NULL) return mix(h, 0);
  for (; *s; s++) h = mix(h, (unsigned char)*s);
  return mix(h, 1);
}

/* A digest of the figures of one document: every field and span a caller sees. */
static uint64_t digest(uint64_t h, const tf_figures *f) {
  size_t k;
  for (k = 0; k < f->n; k++) {
    const tf_figure *g = &f->v[k];
    h = mix_str(h, g->flow); h = mix_str(h, g->reporter); h = mix_str(h, g->partner);
    h = mix(h, (uint64_t)g->has_value);
    h = mix(h, g->value_is_int ? (uint64_t)g->ivalue : (uint64_t)(int64_t)(g->value * 1000.0));
    h = mix_str(h, g->currency); h = mix(h, (uint64_t)g->qualifier);
    h = mix(h, (uint64_t)g->has_period); h = mix_str(h, g->from); h = mix_str(h, g->to);
    h = mix(h, (uint64_t)g->change); h = mix(h, (uint64_t)(int64_t)(g->change_value * 1000.0));
    h = mix_str(h, g->status); h = mix_str(h, g->scope);
    h = mix(h, g->has_segment ? g->segment.i : 0); h = mix(h, g->span.i); h = mix(h, g->span.j);
    h = mix(h, g->nspans); h = mix(h, g->sentence.i); h = mix(h, g->sentence.j);
  }
  for (k = 0; k < f->nspans; k++) h = mix(mix(h, f->spans[k].i), f->spans[k].j);
  return mix(h, f->n);
}

int main(int argc, char **argv) {
  const char *lang, *file, *data = "lua/tradefig/data";
  char path[1024];
  char *lxjson, *places, *aliases, *text;
  tf_parents *parents = NULL;
  tf_extract_opts xo;
  size_t lxlen = 0, plen = 0, alen = 0, len = 0;
  tf_lexicon *lx = NULL, *gz = NULL;
  tf_err err;
  int rounds = 3, r;
  double best = 1e30;
  if (argc < 3) {
    fprintf(stderr, "usage: extract LANG FILE [ROUNDS [DATA]]\n");
    return 2;
  }
  lang = argv[1];
  file = argv[2];
  if (argc > 3) rounds = atoi(argv[3]);
  if (argc > 4) data = argv[4];
  if (rounds < 1) rounds = 1;
  memset(&err, 0, sizeof err);
  snprintf(path, sizeof path, "%s/lexicon/%s.json", data, lang);
  lxjson = slurp(path, &lxlen);
  snprintf(path, sizeof path, "%s/gazetteer/places.json", data);
  places = slurp(path, &plen);
  snprintf(path, sizeof path, "%s/gazetteer/aliases.json", data);
  aliases = slurp(path, &alen);
  text = slurp(file, &len);
  if (lxjson == NULL || places == NULL || aliases == NULL || text == NULL) {
    fprintf(stderr, "extract: cannot read the data files or %s\n", file);
    return 1;
  }
  if (tf_lexicon_load(lxjson, lxlen, &lx, &err) != TF_OK ||
      tf_gazetteer_load(places, plen, aliases, alen, lang, lx, &gz, &err) != TF_OK ||
      tf_parents_load(places, plen, &parents, &err) != TF_OK ||
      tf_parents_aliases(parents, aliases, alen, &err) != TF_OK) {
    fprintf(stderr, "extract: loading: %s\n", err.msg);
    return 1;
  }
  memset(&xo, 0, sizeof xo);
  xo.has_date = 1;
  xo.year = 2024;
  xo.month = 12;
  xo.day = 5;
  /* round -1 digests the results and is not timed; rounds 0.. are timed */
  for (r = -1; r < rounds; r++) {
    size_t at = 0, ndoc = 0, nfig = 0, nspan = 0;
    uint64_t h = 14695981039346656037u;
    double t0 = cpu_now(), dt;
    while (at < len) {
      const char *end = strstr(text + at, "\n\n\n");
      size_t n = end != NULL ? (size_t)(end - (text + at)) : len - at;
      tf_figures a;
      memset(&a, 0, sizeof a);
      if (tf_extract(lx, gz, parents, text + at, n, &xo, &a, &err) != TF_OK) {
        fprintf(stderr, "extract: %s\n", err.msg);
        return 1;
      }
      if (r < 0) {
        ndoc++;
        nfig += a.n;
        nspan += a.nspans;
        h = digest(h, &a);
      }
      tf_figures_free(&a);
      at += n + (end != NULL ? 3 : 0);
    }
    dt = cpu_now() - t0;
    if (r < 0)
      printf("%s: %zu docs, %zu figures, %zu spans, digest %016llx\n", file, ndoc, nfig, nspan,
             (unsigned long long)h);
    else if (dt < best)
      best = dt;
  }
  printf("%s %s: %.1f MB/s (best of %d: %.3f s for %.1f MB)\n", lang, file, (double)len / 1e6 / best,
         rounds, best, (double)len / 1e6);
  tf_parents_free(parents);
  tf_lexicon_free(gz);
  tf_lexicon_free(lx);
  free(lxjson);
  free(places);
  free(aliases);
  free(text);
  return 0;
}
