/*
** tf_json.c: record arrays streamed one object at a time. The byte scanner
** here only finds extents and checks structure; cJSON parses each record's
** slice, and its trees never leave this file.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "tf_json.h"
#include "tf_text.h"

#define IBUF 65536
#define KEY_KEEP 16          /* bytes of a top-level key kept to compare */
#define MAX_NEST 256         /* deepest nesting the scanner can track: max_depth is capped here */
#define C_EOF (-1)
#define C_ERR (-2)

enum { ST_INIT = 0, ST_FIRST, ST_ELEM, ST_TAIL, ST_DONE };

struct tf_json {
  tf_input *in;
  char ib[IBUF];
  size_t ipos, ilen;
  int ieof;
  int dead;
  tf_err fatal;
  size_t off;
  long line, col;
  int state;
  int top_object;           /* the array sits in a top-level object */
  char name[KEY_KEEP];
  size_t max_record;
  int max_depth;
  char *rb;                 /* the record's bytes, then the copied strings */
  size_t rlen, rcap;
  tf_jfield *f;
  size_t nf, fcap;
  size_t index;
};

int tf_json_new(tf_input *in, const tf_json_opts *opts, tf_json **out, tf_err *err) {
  tf_json *j = (tf_json *)calloc(1, sizeof *j);
  *out = NULL;
  if (j == NULL) return tf_err_set(err, TF_ENOMEM, 0, "not enough memory");
  j->in = in;
  j->line = 1;
  j->col = 1;
  j->max_record = TF_JSON_MAX_RECORD;
  j->max_depth = TF_JSON_MAX_DEPTH;
  if (opts != NULL) {
    if (opts->max_record) j->max_record = opts->max_record;
    if (opts->max_depth > 0) j->max_depth = opts->max_depth;
  }
  if (j->max_depth > MAX_NEST) j->max_depth = MAX_NEST;   /* so that errors state the real limit */
  *out = j;
  return TF_OK;
}

void tf_json_free(tf_json *j) {
  if (j == NULL) return;
  free(j->rb);
  free(j->f);
  free(j);
}

const char *tf_json_array_name(const tf_json *j) {
  return j->name;
}

/* Stop with a fatal error at the current place, or at (off, line, col) when line > 0. */
static int die_at(tf_json *j, tf_err *err, int code, size_t off, long line, long col,
                  const char *msg) {
  tf_err_set(&j->fatal, code, off, "%s", msg);
  j->fatal.line = line;
  j->fatal.column = col;
  j->dead = 1;
  if (err != NULL) *err = j->fatal;
  return code;
}

static int peekc(tf_json *j) {
  if (j->ipos == j->ilen) {
    long n;
    if (j->ieof) return C_EOF;
    n = tf_input_read(j->in, j->ib, IBUF, &j->fatal);
    if (n < 0) {
      j->fatal.line = j->line;
      j->fatal.column = j->col;
      j->dead = 1;
      return C_ERR;
    }
    j->ipos = 0;
    j->ilen = (size_t)n;
    if (n == 0) { j->ieof = 1; return C_EOF; }
  }
  return (unsigned char)j->ib[j->ipos];
}

static void advance(tf_json *j) {
  unsigned char c = (unsigned char)j->ib[j->ipos++];
  j->off++;
  if (c == '\n') { j->line++; j->col = 1; }
  else if ((c & 0xC0) != 0x80) j->col++;
}

static int skip_ws(tf_json *j) {
  for (;;) {
    int c = peekc(j);
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return c;
    advance(j);
  }
}

/* Describe a byte for "found ..." messages. */
static void describe(int c, char *buf, size_t size) {
  if (c == C_EOF) snprintf(buf, size, "the end of input (truncated JSON?)");
  else if (c >= 0x20 && c < 0x7f) snprintf(buf, size, "'%c'", c);
  else snprintf(buf, size, "byte 0x%02X", (unsigned)c);
}

/* "expected X, found Y" at the current place. */
static int expected(tf_json *j, tf_err *err, const char *what, int c) {
  char found[48], msg[TF_ERRMSG_SIZE];
  if (c == C_ERR) {
    if (err != NULL) *err = j->fatal;
    return j->fatal.code;
  }
  describe(c, found, sizeof found);
  snprintf(msg, sizeof msg, "expected %s, found %s", what, found);
  return die_at(j, err, TF_EPARSE, j->off, j->line, j->col, msg);
}

static int keep(tf_json *j, char c) {
  if (j->rlen == j->rcap) {
    size_t ncap = j->rcap ? j->rcap * 2 : 1024;
    char *nb;
    if (ncap > j->max_record) ncap = j->max_record;
    if (ncap <= j->rlen) return TF_ELIMIT;
    nb = (char *)realloc(j->rb, ncap);
    if (nb == NULL) return TF_ENOMEM;
    j->rb = nb;
    j->rcap = ncap;
  }
  j->rb[j->rlen++] = c;
  return TF_OK;
}

/*
** Scan one value starting at the current byte, checking that brackets
** balance and strings end, with nesting limited to depth0 + levels; when
** copy is set its bytes go to rb. Scalars are scanned up to the next
** structural byte and left to cJSON (copy) or accepted as they are.
*/
static int scan_value(tf_json *j, tf_err *err, int depth0, int copy) {
  char stack[MAX_NEST];
  int depth = 0, rc;
  int limit = j->max_depth - depth0;
  size_t soff = j->off;
  long sline = j->line, scol = j->col;
  if (limit > (int)sizeof stack) limit = (int)sizeof stack;
  for (;;) {
    int c = peekc(j);
    if (c == C_ERR) { if (err) *err = j->fatal; return j->fatal.code; }
    if (c == C_EOF) {
      char msg[TF_ERRMSG_SIZE];
      snprintf(msg, sizeof msg,
               "truncated JSON: expected the end of the value that starts at line %ld, column %ld, "
               "found the end of input", sline, scol);
      return die_at(j, err, TF_EPARSE, j->off, j->line, j->col, msg);
    }
    if (c == '"') {
      int esc = 0;
      if (copy && (rc = keep(j, '"')) != TF_OK) goto limit;
      advance(j);
      for (;;) {
        c = peekc(j);
        if (c == C_ERR) { if (err) *err = j->fatal; return j->fatal.code; }
        if (c == C_EOF) return expected(j, err, "'\"' closing a string", c);
        if (copy && (rc = keep(j, (char)c)) != TF_OK) goto limit;
        advance(j);
        if (esc) esc = 0;
        else if (c == '\\') esc = 1;
        else if (c == '"') break;
      }
      if (depth == 0) return TF_OK;
      continue;
    }
    if (c == '{' || c == '[') {
      if (depth >= limit) {
        char msg[TF_ERRMSG_SIZE];
        snprintf(msg, sizeof msg, "JSON nested deeper than %d levels (the limit)", j->max_depth);
        return die_at(j, err, TF_ELIMIT, j->off, j->line, j->col, msg);
      }
      stack[depth++] = c == '{' ? '}' : ']';
    } else if (c == '}' || c == ']') {
      if (depth == 0) return TF_OK;        /* a scalar ended by its container */
      if (c != stack[depth - 1]) {
        char what[32];
        snprintf(what, sizeof what, "'%c'", stack[depth - 1]);
        return expected(j, err, what, c);
      }
      depth--;
      if (copy && (rc = keep(j, (char)c)) != TF_OK) goto limit;
      advance(j);
      if (depth == 0) return TF_OK;
      continue;
    } else if (c == ',' && depth == 0) {
      return TF_OK;
    } else if (depth == 0 && (c == ' ' || c == '\n' || c == '\r' || c == '\t')) {
      return TF_OK;
    }
    if (copy && (rc = keep(j, (char)c)) != TF_OK) goto limit;
    advance(j);
  }
limit:
  if (rc == TF_ENOMEM) return die_at(j, err, rc, soff, sline, scol, "not enough memory");
  {
    char msg[TF_ERRMSG_SIZE];
    snprintf(msg, sizeof msg, "record longer than %zu bytes (the limit)", j->max_record);
    return die_at(j, err, TF_ELIMIT, soff, sline, scol, msg);
  }
}

/* Read a top-level key (current byte is '"'); its first KEY_KEEP-1 bytes go to key. */
static int read_key(tf_json *j, tf_err *err, char *key) {
  size_t n = 0;
  int esc = 0;
  advance(j);
  for (;;) {
    int c = peekc(j);
    if (c < 0) return expected(j, err, "'\"' closing a key", c);
    advance(j);
    if (esc) esc = 0;
    else if (c == '\\') esc = 1;
    else if (c == '"') break;
    if (n + 1 < KEY_KEEP) key[n++] = (char)c;
    else n = KEY_KEEP;                     /* too long to be a name we look for */
  }
  key[n < KEY_KEEP ? n : 0] = '\0';
  if (n == KEY_KEEP) key[0] = '\1';
  return TF_OK;
}

/*
** In the top-level object: read members until the record array is
** entered (returns 1) or the object ends (returns 0).
*/
static int find_array(tf_json *j, tf_err *err, int first) {
  for (;;) {
    char key[KEY_KEEP];
    int c = skip_ws(j), rc;
    if (!first) {
      if (c == '}') { advance(j); return 0; }
      if (c != ',') return expected(j, err, "',' or '}' in the top-level object", c);
      advance(j);
      c = skip_ws(j);
    } else if (c == '}') {
      advance(j);
      return 0;
    }
    first = 0;
    if (c != '"') return expected(j, err, "a key in the top-level object", c);
    if ((rc = read_key(j, err, key)) != TF_OK) return rc;
    c = skip_ws(j);
    if (c != ':') return expected(j, err, "':' after a key", c);
    advance(j);
    c = skip_ws(j);
    if (c == '[' && j->name[0] == '\0' &&
        (strcmp(key, "data") == 0 || strcmp(key, "dataset") == 0)) {
      memcpy(j->name, key, strlen(key) + 1);
      advance(j);
      return 1;
    }
    j->rlen = 0;
    if ((rc = scan_value(j, err, 1, 0)) != TF_OK) return rc;
  }
}

static int finish(tf_json *j, tf_err *err) {
  int c;
  if (j->top_object) {
    int rc = find_array(j, err, 0);
    if (rc < 0) return rc;
    if (rc == 1) { j->state = ST_FIRST; return 1; }   /* never: the name is taken */
  }
  c = skip_ws(j);
  if (c != C_EOF) return expected(j, err, "the end of input after the JSON document", c);
  j->state = ST_DONE;
  return 0;
}

static int start(tf_json *j, tf_err *err) {
  int c = peekc(j), rc;
  if (c == 0xEF) {                          /* UTF-8 byte order mark */
    advance(j);
    if (peekc(j) != 0xBB) return expected(j, err, "a JSON document", 0xEF);
    advance(j);
    if (peekc(j) != 0xBF) return expected(j, err, "a JSON document", 0xEF);
    advance(j);
  }
  c = skip_ws(j);
  if (c == '[') {
    advance(j);
    j->state = ST_FIRST;
    return TF_OK;
  }
  if (c == C_EOF && j->off == 0)
    return die_at(j, err, TF_EPARSE, 0, 1, 1, "empty input: expected a JSON document");
  if (c != '{') return expected(j, err, "a JSON object or array", c);
  advance(j);
  j->top_object = 1;
  rc = find_array(j, err, 1);
  if (rc < 0) return rc;
  if (rc == 0)
    return die_at(j, err, TF_EPARSE, j->off, j->line, j->col,
                  "expected a \"data\" or \"dataset\" array of records, found none");
  j->state = ST_FIRST;
  return TF_OK;
}

static int set_bad(tf_jrec *rec, int code, const char *msg) {
  rec->bad = code;
  tf_err_set(&rec->why, code, rec->offset, "%s", msg);
  rec->why.line = rec->line;
  rec->why.column = rec->column;
  return 1;
}

/*
** Make room for n more bytes in rb. Decoded strings are never longer than
** the record text, so this at most doubles a record within the limit.
*/
static int reserve(tf_json *j, size_t n) {
  char *nb;
  if (j->rcap - j->rlen >= n) return TF_OK;
  nb = (char *)realloc(j->rb, j->rlen + n);
  if (nb == NULL) return TF_ENOMEM;
  j->rb = nb;
  j->rcap = j->rlen + n;
  return TF_OK;
}

/* Copy s[0..n) and a NUL into the reserved room of rb. */
static const char *stash(tf_json *j, const char *s, size_t n) {
  char *at = j->rb + j->rlen;
  memcpy(at, s, n);
  at[n] = '\0';
  j->rlen += n + 1;
  return at;
}

static int bad_json(tf_json *j, tf_jrec *rec, const char *end) {
  size_t at = end != NULL && end >= j->rb ? (size_t)(end - j->rb) : 0;
  tf_err loc;
  memset(&loc, 0, sizeof loc);
  tf_err_locate(&loc, j->rb, j->rlen, at);
  rec->bad = TF_EPARSE;
  /* rb is not NUL-terminated: bound the excerpt by the bytes left, not only by 12 */
  tf_err_set(&rec->why, TF_EPARSE, rec->offset + at,
             "invalid JSON in record %zu: expected a JSON value, found '%.*s'", rec->index,
             (int)(at < j->rlen ? (j->rlen - at < 12 ? j->rlen - at : 12) : 0),
             at < j->rlen ? j->rb + at : "");
  rec->why.line = rec->line + loc.line - 1;
  rec->why.column = loc.line > 1 ? loc.column : rec->column + loc.column - 1;
  return 1;
}

/* Parse the record in rb[0..rlen) with cJSON and copy its members out. */
static int convert(tf_json *j, tf_jrec *rec, tf_err *err) {
  const char *end = NULL;
  cJSON *root, *it;
  size_t need = 0, n = 0, k, bad;
  int rc = 1;
  root = cJSON_ParseWithLengthOpts(j->rb, j->rlen, &end, 0);
  if (root == NULL) return bad_json(j, rec, end);
  for (it = root->child; it != NULL; it = it->next) {
    n++;
    need += strlen(it->string) + 1;
    if (cJSON_IsString(it)) need += strlen(it->valuestring) + 1;
  }
  if (n > j->fcap) {
    tf_jfield *nf = (tf_jfield *)realloc(j->f, n * sizeof *nf);
    if (nf == NULL) goto nomem;
    j->f = nf;
    j->fcap = n;
  }
  if (reserve(j, need) != TF_OK) goto nomem;
  j->nf = 0;
  for (it = root->child; it != NULL; it = it->next) {
    tf_jfield *fl = &j->f[j->nf++];
    memset(fl, 0, sizeof *fl);
    fl->klen = strlen(it->string);
    fl->key = stash(j, it->string, fl->klen);
    if (cJSON_IsString(it)) {
      fl->type = TF_JSTRING;
      fl->len = strlen(it->valuestring);
      fl->s = stash(j, it->valuestring, fl->len);
    } else if (cJSON_IsNumber(it)) {
      fl->type = TF_JNUMBER;
      fl->d = it->valuedouble;
    } else if (cJSON_IsTrue(it)) fl->type = TF_JTRUE;
    else if (cJSON_IsFalse(it)) fl->type = TF_JFALSE;
    else if (cJSON_IsNull(it)) fl->type = TF_JNULL;
    else if (cJSON_IsArray(it)) fl->type = TF_JARRAY;
    else fl->type = TF_JOBJECT;
  }
  for (k = 0; k < j->nf; k++) {
    const tf_jfield *fl = &j->f[k];
    if (!tf_utf8_check(fl->key, fl->klen, &bad) ||
        (fl->type == TF_JSTRING && !tf_utf8_check(fl->s, fl->len, &bad))) {
      rec->bad = TF_EUTF8;
      tf_err_set(&rec->why, TF_EUTF8, rec->offset,
                 "invalid UTF-8 in member %zu of record %zu", k + 1, rec->index);
      rec->why.line = rec->line;
      rec->why.column = rec->column;
      goto done;
    }
  }
  rec->n = j->nf;
  rec->f = j->f;
  goto done;
nomem:
  rc = die_at(j, err, TF_ENOMEM, rec->offset, rec->line, rec->column, "not enough memory");
done:
  cJSON_Delete(root);
  return rc;
}

int tf_json_next(tf_json *j, tf_jrec *rec, tf_err *err) {
  int c, rc;
  memset(rec, 0, sizeof *rec);
  if (j->dead) {
    if (err != NULL) *err = j->fatal;
    return j->fatal.code;
  }
  if (j->state == ST_DONE) return 0;
  if (j->state == ST_INIT && (rc = start(j, err)) != TF_OK) return rc;
  c = skip_ws(j);
  if (j->state == ST_ELEM) {
    if (c == ',') {
      advance(j);
      c = skip_ws(j);
    } else if (c != ']') {
      return expected(j, err, "',' or ']' after a record", c);
    }
  }
  if (c == ']') {
    advance(j);
    j->state = ST_TAIL;
    rc = finish(j, err);
    return rc < 0 ? rc : 0;
  }
  if (c < 0) return expected(j, err, "a record or ']'", c);
  j->state = ST_ELEM;
  rec->index = ++j->index;
  rec->offset = j->off;
  rec->line = j->line;
  rec->column = j->col;
  j->rlen = 0;
  if (c != '{') {
    char found[48], msg[TF_ERRMSG_SIZE];
    describe(c, found, sizeof found);
    if ((rc = scan_value(j, err, 1, 0)) != TF_OK) return rc;
    snprintf(msg, sizeof msg, "expected a record object, found %s", found);
    return set_bad(rec, TF_EPARSE, msg);
  }
  if ((rc = scan_value(j, err, 1, 1)) != TF_OK) return rc;
  return convert(j, rec, err);
}
