/*
** tf_json.h: a streaming reader of JSON record arrays.
**
** Finds the record array of a response (the "data" array of a UN Comtrade
** API+ response, the "dataset" array of the legacy API, or a top-level
** array), then returns one record object at a time: the scanner finds the
** extent of each object, cJSON parses that slice alone, and the values are
** copied out. Memory is bounded by the largest record, so a 1 GB response
** streams in constant memory. The rest of the document is checked for
** well-formedness without being kept.
*/
#ifndef TF_JSON_H
#define TF_JSON_H

#include <stddef.h>

#include "tf.h"
#include "tf_input.h"

#define TF_JSON_MAX_RECORD (1u << 20)  /* default limit of one record, bytes */
#define TF_JSON_MAX_DEPTH 32           /* default limit of nesting, the document counted */

typedef struct tf_json tf_json;

typedef struct tf_json_opts {
  size_t max_record;   /* 0: TF_JSON_MAX_RECORD */
  int max_depth;       /* 0: TF_JSON_MAX_DEPTH */
} tf_json_opts;

enum { TF_JNULL = 0, TF_JFALSE, TF_JTRUE, TF_JNUMBER, TF_JSTRING, TF_JOBJECT, TF_JARRAY };

/* One member of a record; nested objects and arrays are typed but not kept. */
typedef struct tf_jfield {
  const char *key;
  size_t klen;
  int type;            /* TF_J* */
  const char *s;       /* TF_JSTRING: NUL-terminated copy */
  size_t len;
  double d;            /* TF_JNUMBER */
} tf_jfield;

/*
** One record. A record that is malformed but does not stop the reader (not
** an object, invalid JSON inside it, invalid UTF-8) has bad != 0, the
** reason in why, and no fields.
*/
typedef struct tf_jrec {
  size_t n;
  const tf_jfield *f;
  size_t index;        /* 1-based position in the array */
  size_t offset;       /* of its first byte */
  long line, column;
  int bad;
  tf_err why;
} tf_jrec;

/* Make a reader over in (borrowed). opts may be NULL. Free with tf_json_free. */
int tf_json_new(tf_input *in, const tf_json_opts *opts, tf_json **out, tf_err *err);

/*
** Read the next record. Returns 1 (a record; fields valid until the next
** call), 0 (end of the array and of a well-formed document) or a negative
** TF_E* code after which the reader is finished: TF_EPARSE (truncated or
** malformed document, no record array), TF_ELIMIT (nesting or record size
** beyond the limit), TF_EIO, TF_ENOMEM. err gets offset, line and column.
*/
int tf_json_next(tf_json *j, tf_jrec *rec, tf_err *err);

/* Name of the record array: "data", "dataset", "" for a top-level array (after the first call). */
const char *tf_json_array_name(const tf_json *j);

/* Free; NULL-safe. */
void tf_json_free(tf_json *j);

#endif
