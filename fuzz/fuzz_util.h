/*
** fuzz_util.h: helpers shared by the libFuzzer targets (not part of the
** core). TF_DATA is the data directory, set by the Makefile.
*/
#ifndef FUZZ_UTIL_H
#define FUZZ_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tf.h"
#include "tf_lexicon.h"

#ifndef TF_DATA
#define TF_DATA "lua/tradefig/data"
#endif

static const char *const fuzz_langs[] __attribute__((unused)) = {"de", "en", "ru"};
#define FUZZ_NLANG 3

/* Read a whole file into a malloc'd buffer; aborts on failure (set-up only). */
static inline char *fuzz_slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  char *buf;
  long n;
  if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
    fprintf(stderr, "fuzz: cannot read %s (set TF_DATA)\n", path);
    abort();
  }
  buf = (char *)malloc((size_t)n + 1);
  if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) abort();
  buf[n] = '\0';
  fclose(f);
  *len = (size_t)n;
  return buf;
}

static inline tf_lexicon *fuzz_lexicon(const char *lang) {
  char path[512];
  size_t len;
  char *json;
  tf_lexicon *lx = NULL;
  tf_err err;
  snprintf(path, sizeof path, "%s/lexicon/%s.json", TF_DATA, lang);
  json = fuzz_slurp(path, &len);
  if (tf_lexicon_load(json, len, &lx, &err) != TF_OK) {
    fprintf(stderr, "fuzz: %s: %s\n", path, err.msg);
    abort();
  }
  free(json);
  return lx;
}

static inline tf_lexicon *fuzz_gazetteer(const char *lang, const tf_lexicon *inflect) {
  char path[512];
  size_t plen, alen;
  char *places, *aliases;
  tf_lexicon *gz = NULL;
  tf_err err;
  snprintf(path, sizeof path, "%s/gazetteer/places.json", TF_DATA);
  places = fuzz_slurp(path, &plen);
  snprintf(path, sizeof path, "%s/gazetteer/aliases.json", TF_DATA);
  aliases = fuzz_slurp(path, &alen);
  if (tf_gazetteer_load(places, plen, aliases, alen, lang, inflect, &gz, &err) != TF_OK) {
    fprintf(stderr, "fuzz: gazetteer %s: %s\n", lang, err.msg);
    abort();
  }
  free(places);
  free(aliases);
  return gz;
}

/* A malloc'd copy of data, so that ASan catches reads past the end. */
static inline char *fuzz_copy(const unsigned char *data, size_t size) {
  char *s = (char *)malloc(size ? size : 1);
  if (s == NULL) abort();
  if (size) memcpy(s, data, size);
  return s;
}

/* An error must carry a known code and a NUL-terminated message. */
static inline void fuzz_check_err(int rc, const tf_err *err) {
  if (rc >= 0) return;
  if (strcmp(tf_errname(rc), "EUNKNOWN") == 0 || memchr(err->msg, '\0', sizeof err->msg) == NULL) abort();
}

#endif
