/*
** fuzz_table: statistics files as records (tf_table): layout detection,
** every layout's row reader and the column-map parser. Byte 0 picks the
** layout (mod 7; 6 is "map"); for "map", bytes 1-2 give the length of the
** column map (JSON) that follows, and the rest is the file. Area codes
** come from the shipped areas.json.
*/
#include <stdint.h>

#include "fuzz_util.h"
#include "tf_codes.h"
#include "tf_table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static tf_codes *codes;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  tf_table_opts opts;
  tf_table *t = NULL;
  tf_record rec;
  tf_table_stats st;
  tf_err err;
  size_t flen, mlen = 0, steps = 0, nrec = 0;
  int rc;
  unsigned sel;
  char *file, *map = NULL;
  if (codes == NULL) {
    char path[512];
    size_t n;
    char *json;
    snprintf(path, sizeof path, "%s/codes/areas.json", TF_DATA);
    json = fuzz_slurp(path, &n);
    if (tf_codes_load(json, n, &codes, &err) != TF_OK) abort();
    free(json);
  }
  if (size < 1) return 0;
  sel = data[0];
  data++, size--;
  memset(&opts, 0, sizeof opts);
  opts.layout = (int)(sel % 7);
  if (sel & 0x80) opts.max_depth = 4;
  if (opts.layout == TF_LAYOUT_MAP) {
    if (size < 2) return 0;
    mlen = (size_t)data[0] << 8 | data[1];
    data += 2, size -= 2;
    if (mlen > size) mlen = size;
    map = fuzz_copy(data, mlen);
    opts.map = map;
    opts.map_len = mlen;
    data += mlen, size -= mlen;
  }
  flen = size;
  file = fuzz_copy(data, flen);
  memset(&err, 0xAA, sizeof err);
  rc = tf_table_open_mem(file, flen, &opts, codes, &t, &err);
  fuzz_check_err(rc, &err);
  if (rc == TF_OK) {
    while ((rc = tf_table_next(t, &rec, &err)) > 0) {
      if (rc == 1) {
        if (rec.flow == NULL || memchr(rec.reporter, 0, sizeof rec.reporter) == NULL ||
            memchr(rec.segment, 0, sizeof rec.segment) == NULL ||
            memchr(rec.column_name, 0, sizeof rec.column_name) == NULL)
          abort();
        nrec++;
      } else if (rc != 2) {
        abort();
      } else if (memchr(err.msg, 0, sizeof err.msg) == NULL) {
        abort();
      }
      if (++steps > 1000000) abort();   /* must end */
      memset(&err, 0xAA, sizeof err);
    }
    fuzz_check_err(rc, &err);
    tf_table_get_stats(t, &st);
    if (st.records != nrec) abort();
    (void)tf_table_layout(t);
  }
  tf_table_free(t);
  free(file);
  free(map);
  return 0;
}
