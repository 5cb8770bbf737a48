/*
** jsonl_sum: the agreement check of the convert job. Reads JSON Lines and
** prints the number of lines and the sum of the first number after "KEY":
** on each line (a quoted number counts too; null or a missing key adds 0).
** usage: jsonl_sum KEY < FILE
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  static char line[1 << 20];
  char pat[256];
  unsigned long long n = 0, found = 0;
  long double sum = 0;
  if (argc != 2 || strlen(argv[1]) > 200) { fprintf(stderr, "usage: jsonl_sum KEY < FILE\n"); return 2; }
  snprintf(pat, sizeof pat, "\"%s\":", argv[1]);
  while (fgets(line, sizeof line, stdin)) {
    char *p = strstr(line, pat);
    n++;
    if (p) {
      p += strlen(pat);
      while (*p == ' ' || *p == '"') p++;
      if ((*p >= '0' && *p <= '9') || *p == '-') { sum += strtold(p, NULL); found++; }
    }
  }
  printf("%llu records, %llu values, sum %.3Lf\n", n, found, sum);
  return 0;
}
