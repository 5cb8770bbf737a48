/*
** tf_csv.c: streaming RFC 4180 reader with delimiter detection.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tf_csv.h"
#include "tf_text.h"

#define IBUF 65536          /* input chunk */
#define C_EOF (-1)
#define C_ERR (-2)

struct tf_csv {
  tf_input *in;
  char ib[IBUF];
  size_t ipos, ilen;
  int ieof;
  int dead;                 /* a fatal error happened: every later call returns it */
  tf_err fatal;
  size_t off;               /* absolute offset of ib[ipos] */
  long line, col;           /* place of ib[ipos] */
  char delim;
  int started;
  size_t max_record, max_fields;
  char *rb;                 /* unescaped record, fields NUL-terminated */
  size_t rlen, rcap;
  tf_field *f;
  size_t *fstart;           /* field starts in rb (rb may move while a record grows) */
  size_t nf, fcap;
  size_t index;
};

int tf_csv_new(tf_input *in, const tf_csv_opts *opts, tf_csv **out, tf_err *err) {
  tf_csv *r = (tf_csv *)calloc(1, sizeof *r);
  *out = NULL;
  if (r == NULL) return tf_err_set(err, TF_ENOMEM, 0, "not enough memory");
  r->in = in;
  r->line = 1;
  r->col = 1;
  r->max_record = TF_CSV_MAX_RECORD;
  r->max_fields = TF_CSV_MAX_FIELDS;
  if (opts != NULL) {
    r->delim = opts->delim;
    if (opts->max_record) r->max_record = opts->max_record;
    if (opts->max_fields) r->max_fields = opts->max_fields;
  }
  *out = r;
  return TF_OK;
}

void tf_csv_free(tf_csv *r) {
  if (r == NULL) return;
  free(r->rb);
  free(r->f);
  free(r->fstart);
  free(r);
}

char tf_csv_delim(const tf_csv *r) {
  return r->delim ? r->delim : ',';
}

/* Stop the reader with a fatal error at a place. */
static int die(tf_csv *r, tf_err *err, int code, size_t off, long line, long col,
               const char *msg) {
  tf_err_set(&r->fatal, code, off, "%s", msg);
  r->fatal.line = line;
  r->fatal.column = col;
  r->dead = 1;
  if (err != NULL) *err = r->fatal;
  return code;
}

static int refill(tf_csv *r, tf_err *err) {
  long n;
  if (r->ieof) return 0;
  n = tf_input_read(r->in, r->ib, IBUF, &r->fatal);
  if (n < 0) {
    r->fatal.line = r->line;
    r->fatal.column = r->col;
    r->dead = 1;
    if (err != NULL) *err = r->fatal;
    return (int)n;
  }
  r->ipos = 0;
  r->ilen = (size_t)n;
  if (n == 0) r->ieof = 1;
  return n > 0;
}

/* Next byte (0..255), C_EOF, or C_ERR (r->fatal is set). */
static int peekc(tf_csv *r, tf_err *err) {
  if (r->ipos == r->ilen) {
    int rc = refill(r, err);
    if (rc < 0) return C_ERR;
    if (rc == 0) return C_EOF;
  }
  return (unsigned char)r->ib[r->ipos];
}

static void advance(tf_csv *r) {
  unsigned char c = (unsigned char)r->ib[r->ipos++];
  r->off++;
  if (c == '\n') { r->line++; r->col = 1; }
  else if ((c & 0xC0) != 0x80) r->col++;
}

/*
** Choose the delimiter: the most frequent of , ; TAB | outside quotes on
** the first line (as much of it as the first chunk holds); comma on a tie
** or when none occurs. Also skips a UTF-8 byte order mark.
*/
static int detect(tf_csv *r, tf_err *err) {
  static const char cand[] = {',', '\t', ';', '|'};
  size_t cnt[sizeof cand] = {0};
  size_t k, best = 0;
  int inq = 0;
  while (r->ilen < IBUF && !r->ieof) {
    long n = tf_input_read(r->in, r->ib + r->ilen, IBUF - r->ilen, &r->fatal);
    if (n < 0) {
      r->dead = 1;
      if (err != NULL) *err = r->fatal;
      return (int)n;
    }
    if (n == 0) r->ieof = 1;
    r->ilen += (size_t)n;
    if (memchr(r->ib, '\n', r->ilen) != NULL) break;
  }
  if (r->ilen >= 3 && memcmp(r->ib, "\xEF\xBB\xBF", 3) == 0) {
    r->ipos = 3;
    r->off = 3;
  }
  if (r->delim != 0) return TF_OK;
  for (k = r->ipos; k < r->ilen; k++) {
    char c = r->ib[k];
    size_t j;
    if (c == '"') inq = !inq;
    else if (!inq && (c == '\n' || c == '\r')) break;
    else if (!inq)
      for (j = 0; j < sizeof cand; j++)
        if (c == cand[j]) cnt[j]++;
  }
  for (k = 1; k < sizeof cand; k++)
    if (cnt[k] > cnt[best]) best = k;
  r->delim = cand[best];
  return TF_OK;
}

static int put(tf_csv *r, char c) {
  if (r->rlen == r->rcap) {
    size_t ncap = r->rcap ? r->rcap * 2 : 256;
    char *nb;
    if (ncap > r->max_record + 1) ncap = r->max_record + 1;
    if (ncap <= r->rlen) return TF_ELIMIT;
    nb = (char *)realloc(r->rb, ncap);
    if (nb == NULL) return TF_ENOMEM;
    r->rb = nb;
    r->rcap = ncap;
  }
  r->rb[r->rlen++] = c;
  return TF_OK;
}

static int begin_field(tf_csv *r) {
  tf_field *fl;
  if (r->nf == r->fcap) {
    size_t ncap = r->fcap ? r->fcap * 2 : 64;
    tf_field *nf;
    size_t *ns;
    if (r->nf >= r->max_fields) return TF_ELIMIT;
    nf = (tf_field *)realloc(r->f, ncap * sizeof *nf);
    if (nf == NULL) return TF_ENOMEM;
    r->f = nf;
    ns = (size_t *)realloc(r->fstart, ncap * sizeof *ns);
    if (ns == NULL) return TF_ENOMEM;
    r->fstart = ns;
    r->fcap = ncap;
  }
  if (r->nf >= r->max_fields) return TF_ELIMIT;
  fl = &r->f[r->nf];
  fl->offset = r->off;
  fl->line = r->line;
  fl->column = r->col;
  r->fstart[r->nf] = r->rlen;
  r->nf++;
  return TF_OK;
}

static void mark_bad(tf_row *row, int code, size_t off, long line, long col, const char *msg,
                     char found) {
  if (row->bad) return;
  row->bad = code;
  if (found)
    tf_err_set(&row->why, code, off, "%s, found '%c'", msg, found);
  else
    tf_err_set(&row->why, code, off, "%s", msg);
  row->why.line = line;
  row->why.column = col;
}

static int limit_error(tf_csv *r, tf_err *err, int rc, const tf_row *row, int fields) {
  char msg[TF_ERRMSG_SIZE];
  if (rc == TF_ENOMEM) return die(r, err, rc, row->offset, row->line, 1, "not enough memory");
  if (fields)
    snprintf(msg, sizeof msg, "record has more than %zu fields (the limit)", r->max_fields);
  else
    snprintf(msg, sizeof msg, "record longer than %zu bytes (the limit); unterminated quote?",
             r->max_record);
  return die(r, err, TF_ELIMIT, row->offset, row->line, 1, msg);
}

/* Check the finished fields for invalid UTF-8 and NUL bytes. */
static void check_text(tf_row *row) {
  size_t k, bad;
  for (k = 0; k < row->n && !row->bad; k++) {
    const tf_field *fl = &row->f[k];
    if (!tf_utf8_check(fl->s, fl->len, &bad)) {
      char msg[80];
      int nul = fl->s[bad] == '\0';
      snprintf(msg, sizeof msg, "%s in field %zu (byte %zu of the field)",
               nul ? "NUL byte" : "invalid UTF-8", k + 1, bad + 1);
      mark_bad(row, nul ? TF_EPARSE : TF_EUTF8, fl->offset, fl->line, fl->column, msg, 0);
    }
  }
}

int tf_csv_next(tf_csv *r, tf_row *row, tf_err *err) {
  int c, rc;
  char d;
  memset(row, 0, sizeof *row);
  if (r->dead) {
    if (err != NULL) *err = r->fatal;
    return r->fatal.code;
  }
  if (!r->started) {
    r->started = 1;
    rc = detect(r, err);
    if (rc < 0) return rc;
  }
  d = r->delim;
  /* skip blank lines */
  for (;;) {
    c = peekc(r, err);
    if (c == C_ERR) return r->fatal.code;
    if (c == C_EOF) return 0;
    if (c != '\n' && c != '\r') break;
    advance(r);
  }
  r->rlen = 0;
  r->nf = 0;
  row->line = r->line;
  row->offset = r->off;
  for (;;) {                          /* one field per turn */
    int end_of_record = 0;
    if ((rc = begin_field(r)) != TF_OK) return limit_error(r, err, rc, row, 1);
    c = peekc(r, err);
    if (c == C_ERR) return r->fatal.code;
    if (c == '"') {
      size_t qoff = r->off;
      long qline = r->line, qcol = r->col;
      advance(r);
      for (;;) {
        c = peekc(r, err);
        if (c == C_ERR) return r->fatal.code;
        if (c == C_EOF)
          return die(r, err, TF_EPARSE, qoff, qline, qcol,
                     "unterminated quoted field: expected a closing '\"', found the end of input");
        advance(r);
        if (c == '"') {
          c = peekc(r, err);
          if (c == '"') { advance(r); if ((rc = put(r, '"')) != TF_OK) return limit_error(r, err, rc, row, 0); continue; }
          break;
        }
        if (c == '\0') mark_bad(row, TF_EPARSE, r->off - 1, r->line, r->col - 1, "NUL byte in a field", 0);
        if ((rc = put(r, (char)c)) != TF_OK) return limit_error(r, err, rc, row, 0);
      }
      if (c == C_ERR) return r->fatal.code;
      if (c != C_EOF && c != d && c != '\n' && c != '\r')
        mark_bad(row, TF_EPARSE, r->off, r->line, r->col,
                 "expected a delimiter or the end of the line after a closing quote", (char)c);
    }
    for (;;) {                        /* unquoted part (or what follows a closing quote) */
      c = peekc(r, err);
      if (c == C_ERR) return r->fatal.code;
      if (c == C_EOF) { end_of_record = 1; break; }
      if (c == d) { advance(r); break; }
      if (c == '\n') { advance(r); end_of_record = 1; break; }
      if (c == '\r') {
        advance(r);
        c = peekc(r, err);
        if (c == C_ERR) return r->fatal.code;
        if (c == '\n') advance(r);
        end_of_record = 1;
        break;
      }
      advance(r);
      if ((rc = put(r, (char)c)) != TF_OK) return limit_error(r, err, rc, row, 0);
    }
    if ((rc = put(r, '\0')) != TF_OK) return limit_error(r, err, rc, row, 0);
    if (end_of_record) break;
  }
  {
    size_t k;
    for (k = 0; k < r->nf; k++) {
      size_t end = k + 1 < r->nf ? r->fstart[k + 1] : r->rlen;
      r->f[k].s = r->rb + r->fstart[k];
      r->f[k].len = end - r->fstart[k] - 1;
    }
  }
  row->n = r->nf;
  row->f = r->f;
  row->index = ++r->index;
  check_text(row);
  return 1;
}
