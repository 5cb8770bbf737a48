/*
** tf.h: shared definitions of the tradefig core.
** The core is plain C11: it never includes Lua headers, never prints,
** never exits, and keeps no mutable global state.
*/
#ifndef TF_H
#define TF_H

#include <stddef.h>

/* Status codes: 0 is success, negative values are errors. */
enum {
  TF_OK = 0,
  TF_ENOMEM = -1,   /* allocation failed */
  TF_EPARSE = -2,   /* malformed input (text, JSON, numeral) */
  TF_EIO = -3,      /* read or write failed */
  TF_ERANGE = -4,   /* a number is out of the representable range */
  TF_EINVAL = -5,   /* a caller passed something that makes no sense */
  TF_ELIMIT = -6,   /* a configured resource limit was reached */
  TF_EUTF8 = -7     /* invalid UTF-8 where valid UTF-8 is required */
};

#define TF_ERRMSG_SIZE 200

/*
** Error detail, owned by the caller. offset is a 0-based byte offset into
** the input; line and column are 1-based (0 when not known).
*/
typedef struct tf_err {
  int code;
  size_t offset;
  long line;
  long column;
  char msg[TF_ERRMSG_SIZE];
} tf_err;

/* Name of a status code ("EPARSE", ...); a static string, never NULL. */
const char *tf_errname(int code);

/*
** Fill err (if not NULL) with code, offset and a printf-style message and
** return code, so that callers can write `return tf_err_set(...)`.
*/
int tf_err_set(tf_err *err, int code, size_t offset, const char *fmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 4, 5)))
#endif
  ;

/* Compute 1-based line and column of byte offset off in s[0..len). */
void tf_err_locate(tf_err *err, const char *s, size_t len, size_t off);

#endif
