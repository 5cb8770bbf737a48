/*
** annotate: throughput of tf_annotate (the C annotation pass) alone.
**
** Loads the lexicon of LANG and the gazetteer from lua/tradefig/data (run
** from the repository root, or pass DATA), splits FILE into articles at
** "\n\n\n" and runs tf_annotate over each, ROUNDS times (default 3). Prints
** the best round in MB/s of process CPU time (CLOCK_PROCESS_CPUTIME_ID),
** and, from one more untimed round, a digest of the results (counts and an FNV hash of every amount,
** mention and sentence offset) so that two builds can be compared quickly.
**
** build: make build/bench/annotate
** usage: build/bench/annotate LANG FILE [ROUNDS [DATA]]
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tf_annotate.h"

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

/* A digest of one annotation: every offset, kind, tag and value that a caller sees. */
static uint64_t digest(uint64_t h, const tf_annot *a) {
  size_t k;
  for (k = 0; k < a->amounts.n; k++) {
    const tf_amount *m = &a->amounts.v[k];
    h = mix(h, m->i); h = mix(h, m->j); h = mix(h, m->ni); h = mix(h, m->nj);
    h = mix(h, m->ti); h = mix(h, m->tj); h = mix(h, (uint64_t)m->kind);
    h = mix(h, (uint64_t)(int64_t)m->direction); h = mix(h, (uint64_t)(int64_t)m->scale);
    h = mix(h, (uint64_t)(int64_t)(m->value.d * 1000.0));
  }
  for (k = 0; k < a->nm; k++) {
    const tf_mention *m = &a->m[k];
    h = mix(h, m->i); h = mix(h, m->j); h = mix(h, m->ti); h = mix(h, m->tj);
    h = mix(h, m->e->tok); h = mix(h, m->e->cat); h = mix(h, (uint64_t)(int64_t)m->e->ival);
  }
  for (k = 0; k < a->nsent; k++) h = mix(h, a->sent[k]);
  return mix(h, a->ntokens);
}

int main(int argc, char **argv) {
  const char *lang, *file, *data = "lua/tradefig/data";
  char path[1024];
  char *lxjson, *places, *aliases, *text;
  size_t lxlen = 0, plen = 0, alen = 0, len = 0;
  tf_lexicon *lx = NULL, *gz = NULL;
  tf_err err;
  int rounds = 3, r;
  double best = 1e30;
  if (argc < 3) {
    fprintf(stderr, "usage: annotate LANG FILE [ROUNDS [DATA]]\n");
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
    fprintf(stderr, "annotate: cannot read the data files or %s\n", file);
    return 1;
  }
  if (tf_lexicon_load(lxjson, lxlen, &lx, &err) != TF_OK ||
      tf_gazetteer_load(places, plen, aliases, alen, lang, lx, &gz, &err) != TF_OK) {
    fprintf(stderr, "annotate: loading: %s\n", err.msg);
    return 1;
  }
  /* round -1 digests the results and is not timed; rounds 0.. are timed */
  for (r = -1; r < rounds; r++) {
    size_t at = 0, ndoc = 0, nam = 0, nm = 0, ns = 0, ntok = 0;
    uint64_t h = 14695981039346656037u;
    double t0 = cpu_now(), dt;
    while (at < len) {
      const char *end = strstr(text + at, "\n\n\n");
      size_t n = end != NULL ? (size_t)(end - (text + at)) : len - at;
      tf_annot a;
      memset(&a, 0, sizeof a);
      if (tf_annotate(lx, gz, text + at, n, NULL, &a, &err) != TF_OK) {
        fprintf(stderr, "annotate: %s\n", err.msg);
        return 1;
      }
      if (r < 0) {
        ndoc++;
        nam += a.amounts.n;
        nm += a.nm;
        ns += a.nsent;
        ntok += a.ntokens;
        h = digest(h, &a);
      }
      tf_annot_free(&a);
      at += n + (end != NULL ? 3 : 0);
    }
    dt = cpu_now() - t0;
    if (r < 0)
      printf("%s: %zu docs, %zu tokens, %zu amounts, %zu mentions, %zu sentences, digest %016llx\n",
             file, ndoc, ntok, nam, nm, ns, (unsigned long long)h);
    else if (dt < best)
      best = dt;
  }
  printf("%s %s: %.1f MB/s (best of %d: %.3f s for %.1f MB)\n", lang, file, (double)len / 1e6 / best,
         rounds, best, (double)len / 1e6);
  tf_lexicon_free(gz);
  tf_lexicon_free(lx);
  free(lxjson);
  free(places);
  free(aliases);
  free(text);
  return 0;
}
