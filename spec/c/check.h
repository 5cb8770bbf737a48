/*
** check.h: a minimal harness for the C unit tests of the core.
** Each CHECK is one test; main() ends with CHECK_DONE, which prints
** "N passed, N failed" and returns non-zero when any failed.
*/
#ifndef TF_CHECK_H
#define TF_CHECK_H

#include <math.h>
#include <stdio.h>
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

#define CHECK_DONE(suite)                                                    \
  do {                                                                       \
    printf("%s: %d passed, %d failed\n", suite, check_st.passed, check_st.failed); \
    return check_st.failed ? 1 : 0;                                          \
  } while (0)

#endif
