/*
** tf_annotate.c: sentences, amounts and tagged phrases of one document.
*/
#include <stdlib.h>
#include <string.h>

#include "tf_annotate.h"
#include "tf_text.h"

#define DAY_DIGITS 2
/* categories of the language lexicon that become mentions */
#define TAG_CATS (TF_LXM(TF_LX_TAG) | TF_LXM(TF_LX_MONTH) | TF_LXM(TF_LX_UP) | TF_LXM(TF_LX_DOWN))

static int grow(void **v, size_t *cap, size_t need, size_t size) {
  size_t ncap;
  void *nv;
  if (need <= *cap) return 1;
  ncap = *cap ? *cap * 2 : 32;
  while (ncap < need) ncap *= 2;
  nv = realloc(*v, ncap * size);
  if (nv == NULL) return 0;
  *v = nv;
  *cap = ncap;
  return 1;
}

/* Does the token start with an upper-case letter, a digit or an opening quote? */
static int starts_sentence(const char *text, const tf_token *tk) {
  uint32_t cp;
  unsigned char c = (unsigned char)text[tk->i];
  if (tk->type == TF_TOK_NUM) return 1;
  if (c == '"' || c == '(' || c == '\'') return 1;
  tf_utf8_next(text, tk->j, tk->i, &cp);
  if (cp == 0xAB || cp == 0x201E || cp == 0x201C) return 1;    /* « „ " */
  if (tk->type != TF_TOK_WORD) return 0;
  return tf_fold_cp(cp) != cp;
}

static int push_sent(tf_annot *a, size_t at, tf_err *err) {
  if (a->nsent > 0 && a->sent[a->nsent - 1] >= at) return TF_OK;
  if (!grow((void **)&a->sent, &a->scap, a->nsent + 1, sizeof *a->sent))
    return tf_err_set(err, TF_ENOMEM, at, "not enough memory for sentences");
  a->sent[a->nsent++] = at;
  return TF_OK;
}

static int sentences(const tf_lxindex *ix, const char *text, const tf_tokens *tk,
                     const char *in_amount, tf_annot *out, tf_err *err) {
  size_t k, n;
  int rc;
  if ((rc = push_sent(out, 0, err)) != TF_OK) return rc;
  for (k = 0; k < tk->n; k++) {
    const tf_token *t = &tk->v[k];
    if (k > 0 && (t->flags & TF_TOKF_BREAK)) {
      if ((rc = push_sent(out, t->i, err)) != TF_OK) return rc;
      continue;
    }
    if (!(t->flags & TF_TOKF_STOP) || text[t->i] == ';' || k + 1 >= tk->n) continue;
    if (in_amount[k] == 2) continue;                 /* a point inside "2 Mrd. Dollar" */
    if (tk->v[k + 1].flags & TF_TOKF_BREAK) continue; /* the break itself splits */
    if (!(tk->v[k + 1].flags & TF_TOKF_SPACE)) continue;
    if (!starts_sentence(text, &tk->v[k + 1])) continue;
    if (text[t->i] == '.' && k > 0) {
      /* "ca.", "Nr.", "Jan." */
      size_t back;
      int abbr = 0;
      for (back = 1; back <= 3 && back <= k && !abbr; back++) {
        const tf_lxentry *e = tf_lxindex_match(ix, k - back, tk->n, TF_LXM(TF_LX_ABBR), &n);
        if (e != NULL && k - back + n == k + 1) abbr = 1;
      }
      if (abbr) continue;
      /* "5. Dezember": a day number before a month name */
      if (tk->v[k - 1].type == TF_TOK_NUM && tk->v[k - 1].j - tk->v[k - 1].i <= DAY_DIGITS &&
          tf_lxindex_match(ix, k + 1, tk->n, TF_LXM(TF_LX_MONTH), &n) != NULL)
        continue;
    }
    if ((rc = push_sent(out, tk->v[k + 1].i, err)) != TF_OK) return rc;
  }
  return TF_OK;
}

/* Does a sentence start at byte at? (sent is ascending) */
static int sentence_at(const tf_annot *a, size_t at) {
  size_t lo = 0, hi = a->nsent;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (a->sent[mid] < at) lo = mid + 1;
    else hi = mid;
  }
  return lo < a->nsent && a->sent[lo] == at;
}

/*
** "экспорт составил $22,7 млрд, импорт - $13,9 млрд." : the point of an abbreviation that
** also ends the sentence is the sentence's, not the amount's ("$13,9 млрд"); inside a
** sentence it stays ("2 Mrd. Dollar", "$225 Mio., während").
*/
static void final_stops(const char *text, const tf_tokens *toks, tf_annot *out) {
  size_t k;
  for (k = 0; k < out->amounts.n; k++) {
    tf_amount *a = &out->amounts.v[k];
    size_t t = a->tj - 1;
    if (a->tj < a->ti + 2 || a->tj > toks->n || text[toks->v[t].i] != '.' ||
        !(toks->v[t].flags & TF_TOKF_STOP))
      continue;
    if (t + 1 == toks->n || sentence_at(out, toks->v[t + 1].i)) {
      a->tj = t;
      a->j = toks->v[t - 1].j;
    }
  }
}

int tf_annotate(const tf_lexicon *lx, const tf_lexicon *gz, const char *text, size_t len,
                const tf_scan_opts *opts, tf_annot *out, tf_err *err) {
  tf_tokens toks = {0};
  tf_lxindex lix, gix;      /* the matches of lx and gz, found once for every use below */
  tf_tokhash *hash = NULL;
  char *folded = NULL, *in_amount = NULL;
  size_t k, t, n, c, nc = 0, *cand = NULL;
  int rc;
  memset(&lix, 0, sizeof lix);
  memset(&gix, 0, sizeof gix);
  folded = (char *)malloc(len ? len : 1);
  if (folded == NULL) return tf_err_set(err, TF_ENOMEM, 0, "not enough memory for the text");
  tf_fold(text, len, folded);
  rc = tf_tokenize(text, len, &toks, opts ? opts->max_tokens : 0, err);
  if (rc != TF_OK) goto done;
  out->ntokens = toks.n;
  /* each token is hashed once for both lexicons */
  hash = (tf_tokhash *)malloc((toks.n ? toks.n : 1) * sizeof *hash);
  if (hash == NULL) { rc = tf_err_set(err, TF_ENOMEM, 0, "not enough memory"); goto done; }
  tf_lexicon_hash_tokens(folded, &toks, hash);
  /* every category but the stop words (language detection only) */
  rc = tf_lxindex_build(&lix, lx, folded, &toks, hash,
                        TF_LXM(TF_LX_NCAT) - 1u - TF_LXM(TF_LX_STOP), err);
  if (rc != TF_OK) goto done;
  if (gz != NULL && (rc = tf_lxindex_build(&gix, gz, folded, &toks, hash, TF_LXM(TF_LX_TAG), err)) != TF_OK)
    goto done;
  rc = tf_amount_scan_index(&lix, text, folded, &toks, opts, &out->amounts, err);
  if (rc != TF_OK) goto done;
  /* 1 marks a token inside an amount, 2 one before its last token */
  in_amount = (char *)calloc(toks.n ? toks.n : 1, 1);
  if (in_amount == NULL) { rc = tf_err_set(err, TF_ENOMEM, 0, "not enough memory"); goto done; }
  for (k = 0; k < out->amounts.n; k++) {
    const tf_amount *a = &out->amounts.v[k];
    for (t = a->ti; t < a->tj && t < toks.n; t++) in_amount[t] = (t + 1 < a->tj) ? 2 : 1;
  }
  if ((rc = sentences(&lix, text, &toks, in_amount, out, err)) != TF_OK) goto done;
  final_stops(text, &toks, out);
  /*
  ** The tokens that may start a mention: outside amounts, no numeral, and
  ** the start of a tag, month or verb of change, listed without a branch per
  ** token (most tokens are none of these, unpredictably).
  */
  cand = (size_t *)malloc((toks.n ? toks.n : 1) * sizeof *cand);
  if (cand == NULL) { rc = tf_err_set(err, TF_ENOMEM, 0, "not enough memory"); goto done; }
  for (t = 0; t < toks.n; t++) {
    unsigned any = (lix.cats[t] & TAG_CATS) | (gz != NULL ? gix.cats[t] & TF_LXM(TF_LX_TAG) : 0u);
    cand[nc] = t;
    nc += (size_t)(!in_amount[t] && toks.v[t].type != TF_TOK_NUM && any != 0);
  }
  for (t = 0, c = 0; c < nc; c++) {
    size_t n1 = 0, n2 = 0;
    const tf_lxentry *e1 = NULL, *e2 = NULL, *best;
    const tf_lexicon *which;
    size_t end;
    if (cand[c] < t) continue;            /* inside the mention just made */
    t = cand[c];
    e1 = tf_lxindex_match(&lix, t, toks.n, TF_LXM(TF_LX_TAG) | TF_LXM(TF_LX_MONTH), &n1);
    if (e1 != NULL && !tf_lexicon_case_ok(lx, e1, text, &toks, t)) e1 = NULL;   /* "waren", not "Waren" */
    if (e1 == NULL)   /* verbs of change ("stieg", "fell", "сократился") when no tag claims the word */
      e1 = tf_lxindex_match(&lix, t, toks.n, TF_LXM(TF_LX_UP) | TF_LXM(TF_LX_DOWN), &n1);
    if (gz != NULL) {
      e2 = tf_lxindex_match(&gix, t, toks.n, TF_LXM(TF_LX_TAG), &n2);
      if (e2 != NULL && !tf_lexicon_case_ok(gz, e2, text, &toks, t)) e2 = NULL;
    }
    if (e1 == NULL && e2 == NULL) { t++; continue; }
    if (e1 != NULL && (e2 == NULL || n1 >= n2)) { best = e1; which = lx; n = n1; }
    else { best = e2; which = gz; n = n2; }
    /* a tag never swallows part of an amount */
    for (end = t; end < t + n; end++)
      if (in_amount[end]) break;
    if (end < t + n) { t++; continue; }
    if (!grow((void **)&out->m, &out->mcap, out->nm + 1, sizeof *out->m)) {
      rc = tf_err_set(err, TF_ENOMEM, toks.v[t].i, "not enough memory for mentions");
      goto done;
    }
    out->m[out->nm].lx = which;
    out->m[out->nm].e = best;
    out->m[out->nm].i = toks.v[t].i;
    out->m[out->nm].j = toks.v[t + n - 1].j;
    out->m[out->nm].ti = t;
    out->m[out->nm].tj = t + n;
    out->nm++;
    t += n;
  }
  rc = TF_OK;
done:
  free(cand);
  tf_lxindex_free(&gix);
  tf_lxindex_free(&lix);
  free(hash);
  free(in_amount);
  tf_tokens_free(&toks);
  free(folded);
  return rc;
}

void tf_annot_free(tf_annot *a) {
  if (a == NULL) return;
  tf_amounts_free(&a->amounts);
  free(a->m);
  free(a->sent);
  a->m = NULL;
  a->sent = NULL;
  a->nm = a->mcap = a->nsent = a->scap = 0;
}
