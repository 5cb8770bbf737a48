/*
** fuzz_json: the streaming JSON record reader (tf_json) over memory.
** Byte 0 picks small nesting and record-size limits. Checks that every
** record's fields are well typed and strings NUL-terminated.
*/
#include <stdint.h>

#include "fuzz_util.h"
#include "tf_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  tf_json_opts opts = {0, 0};
  tf_input *in = NULL;
  tf_json *j = NULL;
  tf_jrec rec;
  tf_err err;
  size_t k, len, recs = 0;
  int rc;
  unsigned sel;
  char *text;
  if (size < 1) return 0;
  sel = data[0];
  if (sel & 1) opts.max_depth = 1 + (int)((sel >> 1) & 7);
  if (sel & 0x10) opts.max_record = 1 + (sel >> 5) * 32;
  len = size - 1;
  text = fuzz_copy(data + 1, len);
  memset(&err, 0xAA, sizeof err);
  if (tf_input_mem(text, len, &in, &err) != TF_OK) abort();
  if (tf_json_new(in, &opts, &j, &err) != TF_OK) abort();
  while ((rc = tf_json_next(j, &rec, &err)) == 1) {
    if (rec.index != ++recs) abort();
    if (rec.bad && rec.n != 0) abort();
    for (k = 0; k < rec.n; k++) {
      const tf_jfield *f = &rec.f[k];
      if (f->type < TF_JNULL || f->type > TF_JARRAY || f->key == NULL) abort();
      if (f->type == TF_JSTRING && (f->s == NULL || f->s[f->len] != '\0')) abort();
    }
    memset(&err, 0xAA, sizeof err);
  }
  fuzz_check_err(rc, &err);
  if (rc != 0 && rc != TF_EPARSE && rc != TF_ELIMIT && rc != TF_ENOMEM && rc != TF_EIO) abort();
  (void)tf_json_array_name(j);
  if (tf_json_next(j, &rec, &err) == 1) abort();
  tf_json_free(j);
  tf_input_free(in);
  free(text);
  return 0;
}
