/*
** check.h: a minimal harness for the C unit tests of the core.
** Each CHECK is one test; main() ends with CHECK_DONE, which prints
** "N passed, N failed" and returns non-zero when any failed.
*/
#ifndef TF_CHECK_H
#define TF_CHECK_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct check_state {
  int passed, failed;
} check_state;

static check_state check_st;

#define CHECK(cond, name)                                                    \
  do {                                                                       \
    if (cond) check_st.passed++;                                             \
    else {                                                                   \
      check_st.failed++;                                                     \
      fprintf(stderr, "FAIL %s:%d: %s (%s)\n", __FILE__, __LINE__, name, #cond); \
    }                                                                        \
  } while (0)

#define CHECK_NEAR(a, b, name) CHECK(fabs((double)(a) - (double)(b)) <= 1e-9 * fabs((double)(b)) + 1e-12, name)

/* A whole file read into a NUL-terminated buffer the caller frees; NULL when it
   cannot be read. */
static inline char *check_slurp(const char *path, size_t *len) {
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

#define CHECK_DONE(suite)                                                    \
  do {                                                                       \
    printf("%s: %d passed, %d failed\n", suite, check_st.passed, check_st.failed); \
    return check_st.failed ? 1 : 0;                                          \
  } while (0)

#endif
