/*
** fuzz_csv: the CSV/TSV reader (tf_csv) over memory (plain or gzip, as
** tf_input detects). Byte 0 picks the delimiter (detected, , ; tab |) and
** small record and field limits. Checks that fields are NUL-terminated,
** inside the limits, with positions inside the input.
*/
#include <stdint.h>

#include "fuzz_util.h"
#include "tf_csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char delims[] = {0, ',', ';', '\t', '|', 0, 0, 0};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  tf_csv_opts opts = {0, 0, 0};
  tf_input *in = NULL;
  tf_csv *r = NULL;
  tf_row row;
  tf_err err;
  size_t k, len, rows = 0;
  int rc;
  unsigned sel;
  char *text;
  if (size < 1) return 0;
  sel = data[0];
  opts.delim = delims[sel & 7];
  if (sel & 0x08) opts.max_record = 1 + (sel >> 4) * 16;
  if (sel & 0x80) opts.max_fields = 1 + ((sel >> 4) & 7);
  len = size - 1;
  text = fuzz_copy(data + 1, len);
  memset(&err, 0xAA, sizeof err);
  if (tf_input_mem(text, len, &in, &err) != TF_OK) abort();
  if (tf_csv_new(in, &opts, &r, &err) != TF_OK) abort();
  while ((rc = tf_csv_next(r, &row, &err)) == 1) {
    size_t maxf = opts.max_fields ? opts.max_fields : TF_CSV_MAX_FIELDS;
    if (row.n == 0 || row.n > maxf || row.line < 1 || row.index != ++rows) abort();
    for (k = 0; k < row.n; k++) {
      const tf_field *f = &row.f[k];
      if (f->s[f->len] != '\0' || f->line < 1 || f->column < 1) abort();
      if (opts.max_record && f->len > opts.max_record) abort();
    }
    if (row.bad && memchr(row.why.msg, '\0', sizeof row.why.msg) == NULL) abort();
    memset(&err, 0xAA, sizeof err);
  }
  fuzz_check_err(rc, &err);
  if (rc != 0 && rc != TF_EPARSE && rc != TF_ELIMIT && rc != TF_ENOMEM && rc != TF_EIO) abort();
  (void)tf_csv_delim(r);
  /* after the end or an error the reader stays finished */
  if (tf_csv_next(r, &row, &err) == 1) abort();
  tf_csv_free(r);
  tf_input_free(in);
  free(text);
  return 0;
}
