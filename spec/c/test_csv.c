/*
** Unit tests of tf_input and tf_csv: RFC 4180 quoting, line ends, BOM,
** delimiter detection, limits, bad bytes, gzip (whole, concatenated,
** truncated, corrupt).
*/
#include <stdint.h>
#include <stdlib.h>
#include <zlib.h>

#include "check.h"
#include "tf_csv.h"
#include "tf_input.h"

typedef struct rows {
  size_t n;               /* records read */
  char cell[16][8][64];   /* first records and fields, as read */
  size_t nf[16];
  int bad[16];
  long line[16];
  int rc;                 /* last return of tf_csv_next */
  tf_err err;
  char delim;
} rows;

static void read_all(const char *s, size_t len, const tf_csv_opts *o, rows *out) {
  tf_input *in = NULL;
  tf_csv *r = NULL;
  tf_row row;
  memset(out, 0, sizeof *out);
  if (tf_input_mem(s, len, &in, &out->err) != TF_OK) { out->rc = -100; return; }
  if (tf_csv_new(in, o, &r, &out->err) != TF_OK) { tf_input_free(in); out->rc = -100; return; }
  while ((out->rc = tf_csv_next(r, &row, &out->err)) == 1) {
    size_t k;
    if (out->n < 16) {
      out->nf[out->n] = row.n;
      out->bad[out->n] = row.bad;
      out->line[out->n] = row.line;
      for (k = 0; k < row.n && k < 8; k++)
        snprintf(out->cell[out->n][k], 64, "%s", row.f[k].s);
    }
    out->n++;
  }
  out->delim = tf_csv_delim(r);
  tf_csv_free(r);
  tf_input_free(in);
}

#define READ(lit, o, out) read_all(lit, sizeof(lit) - 1, o, out)

static void test_rfc4180(void) {
  rows x;
  READ("a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\r\n2,\"multi\nline\",3\r\n", NULL, &x);
  CHECK(x.rc == 0 && x.n == 3, "three records, CRLF");
  CHECK(strcmp(x.cell[1][1], "x, y") == 0, "quoted comma");
  CHECK(strcmp(x.cell[1][2], "say \"hi\"") == 0, "doubled quotes");
  CHECK(strcmp(x.cell[2][1], "multi\nline") == 0, "newline inside quotes");
  CHECK(x.line[2] == 3 && strcmp(x.cell[2][2], "3") == 0, "record after a quoted newline");
  READ("a,b\n1,2", NULL, &x);
  CHECK(x.n == 2 && strcmp(x.cell[1][1], "2") == 0, "last line without newline");
  READ("a,b\n\n\n1,2\n\n", NULL, &x);
  CHECK(x.n == 2 && x.line[1] == 4, "blank lines skipped, line numbers kept");
  READ("a,,c\n,,\n", NULL, &x);
  CHECK(x.nf[0] == 3 && x.cell[0][1][0] == '\0' && x.nf[1] == 3, "empty fields");
  READ("a,b\r1,2\r", NULL, &x);
  CHECK(x.n == 2 && strcmp(x.cell[1][0], "1") == 0, "lone CR ends lines");
  READ("\xEF\xBB\xBFid,val\n1,2\n", NULL, &x);
  CHECK(strcmp(x.cell[0][0], "id") == 0, "byte order mark skipped");
  READ("", NULL, &x);
  CHECK(x.rc == 0 && x.n == 0, "empty input: no records");
  READ("a,\"\"\n", NULL, &x);
  CHECK(x.nf[0] == 2 && x.cell[0][1][0] == '\0', "empty quoted field");
}

static void test_delim(void) {
  rows x;
  READ("a\tb\tc,d\n1\t2\t3,4\n", NULL, &x);
  CHECK(x.delim == '\t' && x.nf[0] == 3 && strcmp(x.cell[0][2], "c,d") == 0, "tab detected");
  READ("a;b;c\n1;2,5;3\n", NULL, &x);
  CHECK(x.delim == ';' && strcmp(x.cell[1][1], "2,5") == 0, "semicolon detected");
  READ("\"a;b\",c\n", NULL, &x);
  CHECK(x.delim == ',', "delimiters inside quotes are not counted");
  READ("a|b\n", NULL, &x);
  CHECK(x.delim == '|', "bar detected");
  {
    tf_csv_opts o = {';', 0, 0};
    READ("a,b;c\n", &o, &x);
    CHECK(x.nf[0] == 2 && strcmp(x.cell[0][0], "a,b") == 0, "given delimiter wins");
  }
}

static void test_errors(void) {
  rows x;
  READ("a,b\n1,\"open\n2,3\n", NULL, &x);
  CHECK(x.rc == TF_EPARSE && x.err.line == 2 && x.err.column == 3,
        "unterminated quote: error at the opening quote");
  CHECK(strstr(x.err.msg, "unterminated") != NULL, "unterminated quote named");
  READ("a,b\n\"x\"y,2\n3,4\n", NULL, &x);
  CHECK(x.rc == 0 && x.n == 3 && x.bad[1] == TF_EPARSE && x.bad[2] == 0,
        "text after a closing quote marks the row bad, reading goes on");
  READ("a,b\n1,\xFF\n3,4\n", NULL, &x);
  CHECK(x.n == 3 && x.bad[1] == TF_EUTF8, "invalid UTF-8 marks the row");
  {
    static const char nul[] = "a,b\n1,x\0y\n";
    read_all(nul, sizeof nul - 1, NULL, &x);
    CHECK(x.n == 2 && x.bad[1] == TF_EPARSE, "NUL byte marks the row");
  }
  {
    tf_csv_opts o = {0, 16, 0};
    READ("a,b\n1,\"0123456789012345678901234567\"\n", &o, &x);
    CHECK(x.rc == TF_ELIMIT && x.err.line == 2, "record limit: ELIMIT with the line");
  }
  {
    tf_csv_opts o = {0, 0, 3};
    READ("a,b,c,d\n", &o, &x);
    CHECK(x.rc == TF_ELIMIT && strstr(x.err.msg, "fields") != NULL, "field count limit");
  }
  {
    /* binary noise: no crash, every row accounted for */
    char noise[4096];
    size_t k;
    unsigned v = 12345;
    for (k = 0; k < sizeof noise; k++) { v = v * 1103515245u + 12345u; noise[k] = (char)(v >> 16); }
    read_all(noise, sizeof noise, NULL, &x);
    CHECK(x.rc == 0 || x.rc == TF_EPARSE, "binary input ends cleanly");
  }
}

/* gzip s into a malloc'd buffer. */
static unsigned char *gz(const char *s, size_t len, size_t *out_len) {
  z_stream z;
  size_t cap = len + 128;
  unsigned char *buf = (unsigned char *)malloc(cap);
  memset(&z, 0, sizeof z);
  deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  z.next_in = (Bytef *)(uintptr_t)s;
  z.avail_in = (uInt)len;
  z.next_out = buf;
  z.avail_out = (uInt)cap;
  deflate(&z, Z_FINISH);
  *out_len = cap - z.avail_out;
  deflateEnd(&z);
  return buf;
}

static void test_gzip(void) {
  static const char text[] = "reporter,value\nUSA,1\nFRA,2\n";
  size_t n, n2, k;
  unsigned char *a = gz(text, sizeof text - 1, &n);
  unsigned char *b = gz("DEU,3\n", 6, &n2);
  unsigned char *cat = (unsigned char *)malloc(n + n2);
  rows x;
  read_all((const char *)a, n, NULL, &x);
  CHECK(x.rc == 0 && x.n == 3 && strcmp(x.cell[2][0], "FRA") == 0, "gzip read directly");
  memcpy(cat, a, n);
  memcpy(cat + n, b, n2);
  read_all((const char *)cat, n + n2, NULL, &x);
  CHECK(x.rc == 0 && x.n == 4 && strcmp(x.cell[3][0], "DEU") == 0, "concatenated gzip members");
  read_all((const char *)a, n - 9, NULL, &x);
  CHECK(x.rc == TF_EPARSE && strstr(x.err.msg, "truncated") != NULL, "truncated gzip is an error");
  for (k = 12; k < n - 8; k++) a[k] ^= 0x55;
  read_all((const char *)a, n, NULL, &x);
  CHECK(x.rc == TF_EPARSE, "corrupt gzip is an error");
  free(a);
  free(b);
  free(cat);
}

static void test_file(void) {
  tf_input *in = NULL;
  tf_err err;
  CHECK(tf_input_open("/nonexistent/x.csv", &in, &err) == TF_EIO && in == NULL, "missing file: EIO");
  tf_input_free(NULL);
  tf_csv_free(NULL);
}

/* tf_textfile: a regular file mapped, a device read, errors named */
static void test_textfile(void) {
  tf_textfile f;
  tf_err err;
  char path[] = "/tmp/tf_textfile_XXXXXX";
  static const char body[] = "Handel\0mit China: 2,5 Mrd. $";
  FILE *fp;
  int fd = mkstemp(path);
  CHECK(fd >= 0, "temporary file");
  if (fd < 0) return;
  fp = fdopen(fd, "wb");
  fwrite(body, 1, sizeof body - 1, fp);
  fclose(fp);
  CHECK(tf_textfile_open(path, &f, &err) == TF_OK, "open a regular file");
  CHECK(f.mapped == 1 && f.len == sizeof body - 1, "mapped, its whole length");
  CHECK(memcmp(f.p, body, sizeof body - 1) == 0, "the bytes, NUL included");
  tf_textfile_close(&f);
  tf_textfile_close(&f);
  CHECK(f.len == 0 && f.p != NULL && f.p[0] == '\0', "closed twice: empty, no double free");
  fp = fopen(path, "wb");           /* emptied: nothing to map, read as "" */
  fclose(fp);
  CHECK(tf_textfile_open(path, &f, &err) == TF_OK && f.len == 0 && !f.mapped, "an empty file");
  tf_textfile_close(&f);
  remove(path);
  CHECK(tf_textfile_open("/dev/null", &f, &err) == TF_OK && f.len == 0 && !f.mapped, "a device is read");
  tf_textfile_close(&f);
  CHECK(tf_textfile_open("/nonexistent/x.txt", &f, &err) == TF_EIO &&
        strstr(err.msg, "/nonexistent/x.txt: No such file") != NULL, "missing file: EIO, named");
  CHECK(tf_textfile_open("/tmp", &f, &err) == TF_EIO && strstr(err.msg, "Is a directory") != NULL,
        "a directory: EIO");
}

int main(void) {
  test_textfile();
  test_rfc4180();
  test_delim();
  test_errors();
  test_gzip();
  test_file();
  CHECK_DONE("test_csv");
}
