/*
** nlcount: the raw limit. Counts newlines with memchr over 1 MiB reads; this
** is the least work any reader of the file must do.
** usage: nlcount FILE
*/
#include <stdio.h>
#include <string.h>

#define BUFSZ (1u << 20)

static char buf[BUFSZ];

int main(int argc, char **argv) {
  FILE *f;
  size_t n;
  unsigned long long lines = 0, bytes = 0;
  if (argc != 2 || (f = fopen(argv[1], "rb")) == NULL) {
    fprintf(stderr, "usage: nlcount FILE\n");
    return 2;
  }
  while ((n = fread(buf, 1, BUFSZ, f)) > 0) {
    const char *p = buf, *end = buf + n;
    bytes += n;
    while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) { lines++; p++; }
  }
  fclose(f);
  printf("%llu lines %llu bytes\n", lines, bytes);
  return 0;
}
