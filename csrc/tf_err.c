/*
** tf_err.c: status codes and error detail.
*/
#include <stdarg.h>
#include <stdio.h>

#include "tf.h"

const char *tf_errname(int code) {
  switch (code) {
    case TF_OK: return "OK";
    case TF_ENOMEM: return "ENOMEM";
    case TF_EPARSE: return "EPARSE";
    case TF_EIO: return "EIO";
    case TF_ERANGE: return "ERANGE";
    case TF_EINVAL: return "EINVAL";
    case TF_ELIMIT: return "ELIMIT";
    case TF_EUTF8: return "EUTF8";
    default: return "EUNKNOWN";
  }
}

int tf_err_set(tf_err *err, int code, size_t offset, const char *fmt, ...) {
  if (err != NULL) {
    va_list ap;
    err->code = code;
    err->offset = offset;
    err->line = 0;
    err->column = 0;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
  }
  return code;
}

/*
** Columns count characters (UTF-8 lead bytes), not bytes, so that an
** editor's column matches.
*/
void tf_err_locate(tf_err *err, const char *s, size_t len, size_t off) {
  long line = 1, col = 1;
  size_t k;
  if (err == NULL) return;
  if (off > len) off = len;
  for (k = 0; k < off; k++) {
    unsigned char c = (unsigned char)s[k];
    if (c == '\n') { line++; col = 1; }
    else if ((c & 0xC0) != 0x80) col++;
  }
  err->line = line;
  err->column = col;
}
