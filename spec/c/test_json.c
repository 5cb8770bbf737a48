/*
** Unit tests of tf_json: the record array found in its envelope, one
** record at a time, and every malformed document ending cleanly with a
** place: truncation, wrong types, deep nesting, size limits, bad bytes.
*/
#include <stdlib.h>

#include "check.h"
#include "tf_json.h"

typedef struct recs {
  size_t n, nbad;
  int rc;
  tf_err err;
  int firstbad;
  tf_err why;
  char name[16];
  double v[8];            /* member "v" of the first records */
  char s[8][32];          /* member "s" */
  size_t nf[8];
} recs;

static void read_all(const char *s, size_t len, const tf_json_opts *o, recs *out) {
  tf_input *in = NULL;
  tf_json *j = NULL;
  tf_jrec rec;
  memset(out, 0, sizeof *out);
  if (tf_input_mem(s, len, &in, &out->err) != TF_OK) { out->rc = -100; return; }
  if (tf_json_new(in, o, &j, &out->err) != TF_OK) { tf_input_free(in); out->rc = -100; return; }
  while ((out->rc = tf_json_next(j, &rec, &out->err)) == 1) {
    size_t k;
    if (rec.bad) {
      if (out->nbad++ == 0) { out->firstbad = rec.bad; out->why = rec.why; }
    } else if (out->n < 8) {
      out->nf[out->n] = rec.n;
      for (k = 0; k < rec.n; k++) {
        if (strcmp(rec.f[k].key, "v") == 0 && rec.f[k].type == TF_JNUMBER) out->v[out->n] = rec.f[k].d;
        if (strcmp(rec.f[k].key, "s") == 0 && rec.f[k].type == TF_JSTRING)
          snprintf(out->s[out->n], 32, "%s", rec.f[k].s);
      }
    }
    if (!rec.bad) out->n++;
  }
  snprintf(out->name, sizeof out->name, "%s", tf_json_array_name(j));
  tf_json_free(j);
  tf_input_free(in);
}

#define READ(lit, o, out) read_all(lit, sizeof(lit) - 1, o, out)

static void test_envelopes(void) {
  recs x;
  READ("{\"elapsedTime\":\"0.2 secs\",\"count\":2,\"data\":[{\"v\":1,\"s\":\"a\"},{\"v\":2.5,\"s\":\"b\\\"c\"}],\"error\":\"\"}",
       NULL, &x);
  CHECK(x.rc == 0 && x.n == 2 && strcmp(x.name, "data") == 0, "API+ envelope: two records");
  CHECK(x.v[0] == 1 && x.v[1] == 2.5 && strcmp(x.s[1], "b\"c") == 0, "values and escapes");
  READ("{\"validation\":{\"status\":{\"name\":\"Ok\"},\"x\":[1,[2]]},\"dataset\":[{\"v\":7}]}", NULL, &x);
  CHECK(x.rc == 0 && x.n == 1 && x.v[0] == 7 && strcmp(x.name, "dataset") == 0,
        "legacy envelope: nested members before the array are skipped");
  READ("[{\"v\":1},{\"v\":2},{\"v\":3}]", NULL, &x);
  CHECK(x.rc == 0 && x.n == 3 && x.name[0] == '\0', "top-level array");
  READ("{\"data\":[]}", NULL, &x);
  CHECK(x.rc == 0 && x.n == 0, "empty data array");
  READ("\xEF\xBB\xBF [ {\"v\":1} ] \n", NULL, &x);
  CHECK(x.rc == 0 && x.n == 1, "BOM and whitespace");
  READ("{\"data\":[{\"v\":{\"nested\":[1,2]},\"s\":\"x\"}]}", NULL, &x);
  CHECK(x.rc == 0 && x.n == 1 && strcmp(x.s[0], "x") == 0, "nested member typed, not kept");
}

static void test_errors(void) {
  recs x;
  READ("{\"data\":[{\"v\":1},{\"v\":2,\"s\":\"abc", NULL, &x);
  CHECK(x.rc == TF_EPARSE && x.n == 1, "truncated JSON: records before it, then EPARSE");
  CHECK(strstr(x.err.msg, "end of input") != NULL && x.err.line == 1, "truncation named with a place");
  READ("{\"data\":[{\"v\":1}", NULL, &x);
  CHECK(x.rc == TF_EPARSE && x.n == 1, "truncated after a record");
  READ("{\"data\":[{\"v\":1}]", NULL, &x);
  CHECK(x.rc == TF_EPARSE, "truncated top-level object");
  READ("{\"data\":[{\"v\":1}]} x", NULL, &x);
  CHECK(x.rc == TF_EPARSE && strstr(x.err.msg, "end of input") != NULL, "trailing garbage");
  READ("", NULL, &x);
  CHECK(x.rc == TF_EPARSE && strstr(x.err.msg, "empty") != NULL, "empty input");
  READ("{\"count\":0,\"error\":\"rate limit\"}", NULL, &x);
  CHECK(x.rc == TF_EPARSE && strstr(x.err.msg, "\"data\"") != NULL, "no data array");
  READ("{\"data\":{\"v\":1}}", NULL, &x);
  CHECK(x.rc == TF_EPARSE, "data that is not an array");
  READ("{\"data\":[1,{\"v\":2},\"x\"]}", NULL, &x);
  CHECK(x.rc == 0 && x.n == 1 && x.nbad == 2 && x.firstbad == TF_EPARSE,
        "wrong element types are bad records, reading goes on");
  CHECK(strstr(x.why.msg, "expected a record object") != NULL, "wrong type named");
  READ("{\"data\":[{\"v\":tru},{\"v\":3}]}", NULL, &x);
  CHECK(x.rc == 0 && x.nbad == 1 && x.n == 1 && x.v[0] == 3, "invalid JSON inside one record");
  CHECK(x.why.line == 1 && x.why.column > 10, "its place points into the record");
  READ("{\"data\":[{\"v\":1}\n{\"v\":2}]}", NULL, &x);
  CHECK(x.rc == TF_EPARSE && x.err.line == 2 && strstr(x.err.msg, "','") != NULL, "missing comma");
  READ("{\"data\":[{\"s\":\"\xFF\"}]}", NULL, &x);
  CHECK(x.nbad == 1 && x.firstbad == TF_EUTF8, "invalid UTF-8 in a string");
  {
    char deep[4000];
    size_t k, n = 0;
    n += (size_t)snprintf(deep, sizeof deep, "{\"data\":[{\"v\":");
    for (k = 0; k < 1000; k++) deep[n++] = '[';
    read_all(deep, n, NULL, &x);
    CHECK(x.rc == TF_ELIMIT && strstr(x.err.msg, "nested") != NULL, "deep nesting: ELIMIT");
  }
  {
    tf_json_opts o = {32, 0};
    READ("{\"data\":[{\"s\":\"0123456789012345678901234567890123456789\"}]}", &o, &x);
    CHECK(x.rc == TF_ELIMIT, "record size limit");
  }
  {
    static const char nul[] = "{\"data\":[{\"v\":1}]\0}";
    read_all(nul, sizeof nul - 1, NULL, &x);
    CHECK(x.rc == TF_EPARSE, "NUL byte in the structure");
  }
  {
    char noise[4096];
    size_t k;
    unsigned v = 777;
    for (k = 0; k < sizeof noise; k++) { v = v * 1103515245u + 12345u; noise[k] = (char)(v >> 16); }
    noise[0] = '[';
    read_all(noise, sizeof noise, NULL, &x);
    CHECK(x.rc < 0 || x.rc == 0, "binary input ends cleanly");
  }
}

static void test_stream(void) {
  /* many records through a small record limit: memory is per record */
  size_t nrec = 20000, k, len = 0, cap = nrec * 24 + 32;
  char *big = (char *)malloc(cap);
  tf_json_opts o = {64, 0};
  recs x;
  len += (size_t)snprintf(big + len, cap - len, "{\"data\":[");
  for (k = 0; k < nrec; k++)
    len += (size_t)snprintf(big + len, cap - len, "%s{\"v\":%zu}", k ? "," : "", k);
  len += (size_t)snprintf(big + len, cap - len, "]}");
  read_all(big, len, &o, &x);
  CHECK(x.rc == 0 && x.n == nrec, "20000 records through a 64-byte record buffer");
  free(big);
}

int main(void) {
  test_envelopes();
  test_errors();
  test_stream();
  CHECK_DONE("test_json");
}
