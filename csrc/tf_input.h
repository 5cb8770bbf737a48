/*
** tf_input.h: a byte source for the statistics readers.
**
** Reads a file, standard input or a memory block in chunks. Input that
** starts with the gzip magic bytes is inflated on the fly with zlib
** (several concatenated members are read as one stream), so a .gz file is
** read directly and memory stays constant whatever its size.
*/
#ifndef TF_INPUT_H
#define TF_INPUT_H

#include <stddef.h>

#include "tf.h"

typedef struct tf_input tf_input;

/*
** Open path ("-" is standard input) into *out. Returns TF_OK, or TF_EIO
** (cannot open) or TF_ENOMEM; the caller frees *out with tf_input_free.
*/
int tf_input_open(const char *path, tf_input **out, tf_err *err);

/*
** Read from the memory block s[0..len), which is not copied: it must stay
** alive until tf_input_free. Returns TF_OK or TF_ENOMEM.
*/
int tf_input_mem(const char *s, size_t len, tf_input **out, tf_err *err);

/*
** Read up to n bytes of (inflated) data into buf. Returns the number read
** (> 0), 0 at the end, or a negative TF_E* code: TF_EIO for a failed read,
** TF_EPARSE for corrupt or truncated gzip data (err->offset is the byte of
** the compressed input where it was found).
*/
long tf_input_read(tf_input *in, char *buf, size_t n, tf_err *err);

#define TF_INPUT_PEEK 256   /* most bytes tf_input_peek looks ahead */

/*
** Look at the next n (<= TF_INPUT_PEEK) bytes without consuming them: the
** following reads return them again. Returns the number available (fewer
** than n only at the end) or a negative TF_E* code.
*/
long tf_input_peek(tf_input *in, char *buf, size_t n, tf_err *err);

/* Is the input gzip-compressed? (known after the first read) */
int tf_input_gzipped(const tf_input *in);

/* Close and free; NULL-safe. Standard input is not closed. */
void tf_input_free(tf_input *in);

/*
** A whole file as one block of bytes, for the text extractor: a regular
** file is mapped read-only (no copy, and pages the kernel already holds are
** shared), anything else (a pipe, a device) is read into memory. The block
** is not NUL-terminated. A mapped file that another program truncates while
** it is mapped ends the process with SIGBUS, as with any mapping.
*/
typedef struct tf_textfile {
  const char *p;            /* the bytes; never NULL */
  size_t len;
  int mapped;               /* 1: p is a mapping, else owned memory (or "") */
} tf_textfile;

/* Map or read path into *out. Returns TF_OK, TF_EIO (with the system's reason) or TF_ENOMEM. */
int tf_textfile_open(const char *path, tf_textfile *out, tf_err *err);

/* Unmap or free; safe to call twice. */
void tf_textfile_close(tf_textfile *f);

#endif
