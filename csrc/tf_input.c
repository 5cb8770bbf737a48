/*
** tf_input.c: chunked reading of files and memory, with gzip inflated on
** the fly by zlib.
*/
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "tf_input.h"

#define RAW_CHUNK 65536       /* bytes of compressed input read at a time */
#define GZIP_WINDOW (15 + 16) /* zlib: 32 KiB window, gzip header only */

enum { ST_START = 0, ST_PLAIN, ST_GZIP, ST_GZEND, ST_DONE };

struct tf_input {
  FILE *fp;                 /* NULL for memory */
  int own_fp;
  const char *mem;          /* memory source */
  size_t mlen, mpos;
  unsigned char *raw;       /* compressed bytes (gzip) or peeked bytes */
  size_t rlen, rpos;
  size_t rbase;             /* offset in the input of raw[0] */
  int raw_eof;
  int state;
  int zinit;
  z_stream z;
  char pb[TF_INPUT_PEEK];   /* bytes looked at by tf_input_peek, not yet read */
  size_t pblen, pbpos;
};

static int new_input(tf_input **out, tf_err *err) {
  tf_input *in = (tf_input *)calloc(1, sizeof *in);
  *out = NULL;
  if (in == NULL) return tf_err_set(err, TF_ENOMEM, 0, "not enough memory");
  in->raw = (unsigned char *)malloc(RAW_CHUNK);
  if (in->raw == NULL) {
    free(in);
    return tf_err_set(err, TF_ENOMEM, 0, "not enough memory");
  }
  *out = in;
  return TF_OK;
}

int tf_input_open(const char *path, tf_input **out, tf_err *err) {
  tf_input *in;
  int rc = new_input(&in, err);
  if (rc != TF_OK) return rc;
  if (strcmp(path, "-") == 0) {
    in->fp = stdin;
  } else {
    in->fp = fopen(path, "rb");
    if (in->fp == NULL) {
      rc = tf_err_set(err, TF_EIO, 0, "cannot open: %s", strerror(errno));
      tf_input_free(in);
      return rc;
    }
    in->own_fp = 1;
  }
  *out = in;
  return TF_OK;
}

int tf_input_mem(const char *s, size_t len, tf_input **out, tf_err *err) {
  tf_input *in;
  int rc = new_input(&in, err);
  if (rc != TF_OK) return rc;
  in->mem = s;
  in->mlen = len;
  *out = in;
  return TF_OK;
}

/* Refill raw[] with the next chunk of the underlying source; 0 on EOF. */
static int fill_raw(tf_input *in, tf_err *err) {
  size_t n;
  in->rbase += in->rlen;
  in->rlen = in->rpos = 0;
  if (in->raw_eof) return 0;
  if (in->fp != NULL) {
    n = fread(in->raw, 1, RAW_CHUNK, in->fp);
    if (n < RAW_CHUNK) {
      if (ferror(in->fp))
        return tf_err_set(err, TF_EIO, in->rbase, "read failed: %s", strerror(errno));
      in->raw_eof = 1;
    }
  } else {
    n = in->mlen - in->mpos;
    if (n > RAW_CHUNK) n = RAW_CHUNK;
    memcpy(in->raw, in->mem + in->mpos, n);
    in->mpos += n;
    if (in->mpos == in->mlen) in->raw_eof = 1;
  }
  in->rlen = n;
  return n > 0;
}

/* Decide plain or gzip from the first two bytes. */
static int start(tf_input *in, tf_err *err) {
  int rc = fill_raw(in, err);
  if (rc < 0) return rc;
  /* a lone first byte cannot be a gzip header */
  if (in->rlen >= 2 && in->raw[0] == 0x1f && in->raw[1] == 0x8b) {
    memset(&in->z, 0, sizeof in->z);
    if (inflateInit2(&in->z, GZIP_WINDOW) != Z_OK)
      return tf_err_set(err, TF_ENOMEM, 0, "cannot start zlib");
    in->zinit = 1;
    in->state = ST_GZIP;
  } else {
    in->state = ST_PLAIN;
  }
  return TF_OK;
}

static long read_plain(tf_input *in, char *buf, size_t n, tf_err *err) {
  size_t k;
  if (in->rpos == in->rlen) {
    int rc = fill_raw(in, err);
    if (rc <= 0) {
      if (rc == 0) in->state = ST_DONE;
      return rc;
    }
  }
  k = in->rlen - in->rpos;
  if (k > n) k = n;
  memcpy(buf, in->raw + in->rpos, k);
  in->rpos += k;
  return (long)k;
}

/*
** Inflate into buf. At the end of a member, another member may follow
** (concatenated gzip, as `cat a.gz b.gz` makes); anything but a member or
** the end after it is an error, and so is input that ends inside one.
*/
static long read_gzip(tf_input *in, char *buf, size_t n, tf_err *err) {
  if (n > UINT_MAX) n = UINT_MAX;
  for (;;) {
    int zrc;
    size_t got;
    if (in->rpos == in->rlen) {
      int rc = fill_raw(in, err);
      if (rc < 0) return rc;
      if (rc == 0) {
        if (in->state == ST_GZEND) { in->state = ST_DONE; return 0; }
        return tf_err_set(err, TF_EPARSE, in->rbase,
                          "truncated gzip data: the input ends inside a compressed stream");
      }
    }
    if (in->state == ST_GZEND) {
      if (in->raw[in->rpos] != 0x1f) {
        /* trailing zero padding (tar, some tools) is accepted; other bytes are not */
        size_t k;
        for (k = in->rpos; k < in->rlen && in->raw[k] == 0; k++) {}
        if (k < in->rlen)
          return tf_err_set(err, TF_EPARSE, in->rbase + k, "garbage after the gzip data");
        in->rpos = in->rlen;
        continue;
      }
      if (inflateReset(&in->z) != Z_OK)
        return tf_err_set(err, TF_EPARSE, in->rbase + in->rpos, "corrupt gzip data");
      in->state = ST_GZIP;
    }
    in->z.next_in = in->raw + in->rpos;
    in->z.avail_in = (uInt)(in->rlen - in->rpos);
    in->z.next_out = (Bytef *)buf;
    in->z.avail_out = (uInt)n;
    zrc = inflate(&in->z, Z_NO_FLUSH);
    in->rpos = in->rlen - in->z.avail_in;
    got = n - in->z.avail_out;
    if (zrc == Z_STREAM_END) {
      in->state = ST_GZEND;
    } else if (zrc == Z_DATA_ERROR || zrc == Z_NEED_DICT) {
      return tf_err_set(err, TF_EPARSE, in->rbase + in->rpos, "corrupt gzip data: %s",
                        in->z.msg ? in->z.msg : "invalid stream");
    } else if (zrc == Z_MEM_ERROR) {
      return tf_err_set(err, TF_ENOMEM, in->rbase + in->rpos, "not enough memory (zlib)");
    } else if (zrc != Z_OK && zrc != Z_BUF_ERROR) {
      return tf_err_set(err, TF_EPARSE, in->rbase + in->rpos, "gzip error %d", zrc);
    }
    if (got > 0) return (long)got;
  }
}

static long read_any(tf_input *in, char *buf, size_t n, tf_err *err);

long tf_input_read(tf_input *in, char *buf, size_t n, tf_err *err) {
  if (n == 0) return 0;
  if (in->pbpos < in->pblen) {
    size_t k = in->pblen - in->pbpos;
    if (k > n) k = n;
    memcpy(buf, in->pb + in->pbpos, k);
    in->pbpos += k;
    return (long)k;
  }
  return read_any(in, buf, n, err);
}

long tf_input_peek(tf_input *in, char *buf, size_t n, tf_err *err) {
  if (n > TF_INPUT_PEEK) n = TF_INPUT_PEEK;
  if (in->pbpos > 0) {
    memmove(in->pb, in->pb + in->pbpos, in->pblen - in->pbpos);
    in->pblen -= in->pbpos;
    in->pbpos = 0;
  }
  while (in->pblen < n) {
    long got = read_any(in, in->pb + in->pblen, n - in->pblen, err);
    if (got < 0) return got;
    if (got == 0) break;
    in->pblen += (size_t)got;
  }
  if (in->pblen < n) n = in->pblen;
  memcpy(buf, in->pb, n);
  return (long)n;
}

static long read_any(tf_input *in, char *buf, size_t n, tf_err *err) {
  if (n > LONG_MAX) n = LONG_MAX;
  if (in->state == ST_START) {
    int rc = start(in, err);
    if (rc != TF_OK) return rc;
  }
  switch (in->state) {
    case ST_PLAIN: return read_plain(in, buf, n, err);
    case ST_GZIP: case ST_GZEND: return read_gzip(in, buf, n, err);
    default: return 0;
  }
}

int tf_input_gzipped(const tf_input *in) {
  return in->zinit;
}

void tf_input_free(tf_input *in) {
  if (in == NULL) return;
  if (in->zinit) inflateEnd(&in->z);
  if (in->own_fp && in->fp != NULL) fclose(in->fp);
  free(in->raw);
  free(in);
}

/*
** {======================================================
** Whole text files: mapped, or read when they cannot be
** =======================================================
*/

#define TEXT_CHUNK 65536      /* bytes read at a time from what cannot be mapped */

/* Read the rest of fd into owned memory (a pipe, a device: the size is not known). */
static int read_all(int fd, const char *path, tf_textfile *out, tf_err *err) {
  char *buf = NULL, *nb;
  size_t len = 0, cap = 0;
  for (;;) {
    ssize_t n;
    if (cap - len < TEXT_CHUNK) {
      size_t ncap = cap ? cap * 2 : 4 * TEXT_CHUNK;
      if (ncap < cap || (nb = (char *)realloc(buf, ncap)) == NULL) {
        free(buf);
        return tf_err_set(err, TF_ENOMEM, len, "%s: not enough memory for the text", path);
      }
      buf = nb;
      cap = ncap;
    }
    n = read(fd, buf + len, cap - len);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int e = errno;
      free(buf);
      return tf_err_set(err, TF_EIO, len, "%s: %s", path, strerror(e));
    }
    if (n == 0) break;
    len += (size_t)n;
  }
  if (len == 0) {
    free(buf);
    out->p = "";
  } else {
    out->p = buf;
  }
  out->len = len;
  out->mapped = 0;
  return TF_OK;
}

int tf_textfile_open(const char *path, tf_textfile *out, tf_err *err) {
  struct stat st;
  int fd, rc;
  out->p = "";
  out->len = 0;
  out->mapped = 0;
  do fd = open(path, O_RDONLY); while (fd < 0 && errno == EINTR);
  if (fd < 0) return tf_err_set(err, TF_EIO, 0, "%s: %s", path, strerror(errno));
  if (fstat(fd, &st) != 0) {
    int e = errno;
    close(fd);
    return tf_err_set(err, TF_EIO, 0, "%s: %s", path, strerror(e));
  }
  if (S_ISDIR(st.st_mode)) {
    close(fd);
    return tf_err_set(err, TF_EIO, 0, "%s: %s", path, strerror(EISDIR));
  }
  if (S_ISREG(st.st_mode) && st.st_size > 0 && (uintmax_t)st.st_size <= (uintmax_t)SIZE_MAX) {
    void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (m != MAP_FAILED) {
      (void)posix_madvise(m, (size_t)st.st_size, POSIX_MADV_SEQUENTIAL);  /* a hint only */
      close(fd);
      out->p = (const char *)m;
      out->len = (size_t)st.st_size;
      out->mapped = 1;
      return TF_OK;
    }
  }
  rc = read_all(fd, path, out, err);   /* an empty or special file, or no mapping */
  close(fd);
  return rc;
}

void tf_textfile_close(tf_textfile *f) {
  if (f == NULL) return;
  if (f->mapped) munmap((void *)(uintptr_t)f->p, f->len);
  else if (f->len > 0) free((void *)(uintptr_t)f->p);
  f->p = "";
  f->len = 0;
  f->mapped = 0;
}

/* }====================================================== */
