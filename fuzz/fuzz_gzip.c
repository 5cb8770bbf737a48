/*
** fuzz_gzip: the byte source (tf_input) over memory, plain or gzip.
** Byte 0: bit 0 compresses the payload here with zlib (so that valid gzip
** streams are common), bit 1 appends a second gzip member, bits 2-3
** truncate or corrupt the compressed stream, bits 4-7 choose the read size.
** Without bit 0 the payload is read as given (the seeds hold real .gz
** files). Checks that an intact compressed payload reads back exactly and
** that peeked bytes are the bytes read next.
*/
#include <stdint.h>

#include <zlib.h>

#include "fuzz_util.h"
#include "tf_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* gzip-compress src into a malloc'd buffer; returns its length. */
static size_t gzip(const unsigned char *src, size_t n, unsigned char **out) {
  z_stream z;
  size_t cap = n + n / 100 + 64;
  unsigned char *buf = (unsigned char *)malloc(cap);
  if (buf == NULL) abort();
  memset(&z, 0, sizeof z);
  if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) abort();
  z.next_in = (unsigned char *)(uintptr_t)src;
  z.avail_in = (uInt)n;
  z.next_out = buf;
  z.avail_out = (uInt)cap;
  if (deflate(&z, Z_FINISH) != Z_STREAM_END) abort();
  cap = z.total_out;
  deflateEnd(&z);
  *out = buf;
  return cap;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  unsigned sel;
  const unsigned char *payload;
  size_t plen, slen, got = 0, chunk;
  char *src, *buf, *all, peek[TF_INPUT_PEEK];
  unsigned char *z1 = NULL, *z2 = NULL;
  int intact = 0;
  tf_input *in = NULL;
  tf_err err;
  long n, p;
  if (size < 1) return 0;
  sel = data[0];
  payload = data + 1;
  plen = size - 1;
  if (sel & 1) {
    size_t l1 = gzip(payload, plen, &z1), l2 = 0;
    if (sel & 2) l2 = gzip(payload, plen / 2, &z2);
    slen = l1 + l2;
    src = (char *)malloc(slen);
    if (src == NULL) abort();
    memcpy(src, z1, l1);
    if (l2) memcpy(src + l1, z2, l2);
    switch ((sel >> 2) & 3) {
      case 0: intact = 1; break;
      case 1: slen = slen / 2; break;                           /* truncated */
      case 2: if (slen > 12) src[slen / 2] ^= 0x55; break;      /* corrupt */
      default: if (slen > 4) slen -= 4; break;                  /* trailer cut */
    }
  } else {
    slen = plen;
    src = fuzz_copy(payload, plen);
  }
  chunk = (size_t)1 << ((sel >> 4) & 15);
  if (chunk > 65536) chunk = 65536;
  buf = (char *)malloc(chunk);
  all = (char *)malloc(2 * plen + 1);
  if (buf == NULL || all == NULL) abort();

  memset(&err, 0xAA, sizeof err);
  if (tf_input_mem(src, slen, &in, &err) != TF_OK) abort();
  for (;;) {
    size_t want = chunk < TF_INPUT_PEEK ? chunk : TF_INPUT_PEEK;
    p = tf_input_peek(in, peek, want, &err);
    fuzz_check_err((int)p, &err);
    n = tf_input_read(in, buf, chunk, &err);
    fuzz_check_err((int)n, &err);
    if (n < 0) break;
    if (p >= 0 && (size_t)n < (size_t)p && n != 0) {
      /* a read may return fewer bytes than peeked, but never other bytes */
      if (memcmp(peek, buf, (size_t)n) != 0) abort();
    } else if (p > 0 && memcmp(peek, buf, (size_t)p) != 0) {
      abort();
    }
    if (n == 0) break;
    if (intact) {
      if (got + (size_t)n > 2 * plen) abort();
      memcpy(all + got, buf, (size_t)n);
    }
    got += (size_t)n;
    if (!(sel & 1) && got > 64 * 1024 * 1024) break;   /* a gzip bomb: enough */
  }
  if (intact) {
    size_t want = plen + ((sel & 2) ? plen / 2 : 0);
    if (n != 0 || got != want) abort();
    if (memcmp(all, payload, plen) != 0) abort();
    if ((sel & 2) && memcmp(all + plen, payload, plen / 2) != 0) abort();
  }
  (void)tf_input_gzipped(in);
  tf_input_free(in);
  free(src);
  free(buf);
  free(all);
  free(z1);
  free(z2);
  return 0;
}
