/*
** tf_csv.h: a streaming CSV/TSV reader (RFC 4180).
**
** Quoted fields may hold delimiters, doubled quotes and line breaks; CRLF,
** LF and lone CR end lines; a UTF-8 byte order mark is skipped; blank lines
** are skipped; the delimiter (comma, semicolon, tab or bar) is detected
** from the first line unless given. Memory is bounded by the longest
** record, which is capped (TF_ELIMIT past max_record bytes or max_fields
** fields), so any file streams in constant memory.
*/
#ifndef TF_CSV_H
#define TF_CSV_H

#include <stddef.h>

#include "tf.h"
#include "tf_input.h"

#define TF_CSV_MAX_RECORD (1u << 20)   /* default limit of one record, bytes */
#define TF_CSV_MAX_FIELDS 4096         /* default limit of fields per record */

typedef struct tf_csv tf_csv;

typedef struct tf_csv_opts {
  char delim;          /* 0: detect from the first line */
  size_t max_record;   /* 0: TF_CSV_MAX_RECORD */
  size_t max_fields;   /* 0: TF_CSV_MAX_FIELDS */
} tf_csv_opts;

/* One field: unquoted, unescaped and NUL-terminated (len excludes the NUL). */
typedef struct tf_field {
  const char *s;
  size_t len;
  size_t offset;       /* 0-based byte offset of its first byte (the quote if quoted) */
  long line, column;   /* 1-based; the column counts characters */
} tf_field;

/*
** One record. A row that is malformed but does not stop the reader
** (invalid UTF-8, a NUL byte, text after a closing quote) has bad != 0 and
** the reason in why; its fields are still filled.
*/
typedef struct tf_row {
  size_t n;
  const tf_field *f;
  long line;
  size_t offset;
  size_t index;        /* 1-based record number, the header included */
  int bad;
  tf_err why;
} tf_row;

/*
** Make a reader over in (borrowed: free the reader first, then in).
** opts may be NULL. Returns TF_OK or TF_ENOMEM; free *out with tf_csv_free.
*/
int tf_csv_new(tf_input *in, const tf_csv_opts *opts, tf_csv **out, tf_err *err);

/*
** Read the next record into *row; its fields stay valid until the next
** call. Returns 1 (a record), 0 (end of input) or a negative TF_E* code
** after which the reader is finished: TF_EPARSE (unterminated quote, err at
** the opening quote), TF_ELIMIT (record or field count beyond the limit),
** TF_EIO, TF_ENOMEM, or an error of the input (truncated gzip).
** err gets offset, line and column.
*/
int tf_csv_next(tf_csv *r, tf_row *row, tf_err *err);

/* The delimiter in use (known after the first tf_csv_next). */
char tf_csv_delim(const tf_csv *r);

/* Free; NULL-safe. */
void tf_csv_free(tf_csv *r);

#endif
